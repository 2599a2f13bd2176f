// Resolution of mapping-kit directives with the reference's run-time semantics and errors.
#include "mapping/transform.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "json/build.hpp"
#include "json/number.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"
#include "mapping/liquid.hpp"
#include "mapping/path.hpp"
#include "mapping/template.hpp"
#include "mapping/validate.hpp"
#include "text/unicode.hpp"

namespace mapcheck::mapping {

using json::Kind;
using json::Object;
using json::Value;

namespace {

constexpr const char* kRootKey = "__segment_internal_directive";

// JavaScript `target[key] = value` on a fresh plain object: "__proto__" sets the prototype
// instead of creating a member, so it never shows up in the result.
void assign(Object& target, const std::string& key, Value value) {
  if (key == "__proto__") return;
  target.set(key, std::move(value));
}

// Object.keys(value) for the value kinds a mapping can hold; nullopt for null and undefined,
// where Object.keys throws.
std::optional<std::vector<std::string>> object_keys(const Value& v) {
  std::vector<std::string> keys;
  switch (v.kind()) {
    case Kind::undefined:
    case Kind::null: return std::nullopt;
    case Kind::object:
      for (const auto& [key, member] : v.as_object()) keys.push_back(key);
      break;
    case Kind::array:
      for (std::size_t i = 0; i < v.as_array().size(); ++i) keys.push_back(std::to_string(i));
      break;
    case Kind::string: {
      const std::size_t n = text::utf16_length(v.as_string());
      for (std::size_t i = 0; i < n; ++i) keys.push_back(std::to_string(i));
      break;
    }
    default: break;
  }
  return keys;
}

// `{...value}`: an object with the value's own enumerable members (strings and arrays spread
// into index keys, other primitives into nothing).
Value spread(const Value& v) {
  if (v.is_object()) return v;
  Object out;
  if (v.is_array()) {
    const json::Array& items = v.as_array();
    for (std::size_t i = 0; i < items.size(); ++i) out.set(std::to_string(i), items[i]);
  } else if (v.is_string()) {
    const std::u16string units = text::to_utf16(v.as_string());
    for (std::size_t i = 0; i < units.size(); ++i)
      out.set(std::to_string(i), Value::string(text::from_utf16(units.substr(i, 1))));
  }
  return Value::object(std::move(out));
}

// The reference's realTypeOf, which knows the built-ins a path can reach.
const char* type_name(const Value& v) { return js_type_name(v); }

// Object.assign's treatment of one source: its own enumerable members, in order (a function
// has none).
void assign_all(Object& target, const Value& source) {
  if (is_builtin_value(source)) return;
  switch (source.kind()) {
    case Kind::object:
      for (const auto& [key, member] : source.as_object()) assign(target, key, member);
      break;
    case Kind::array: {
      const json::Array& items = source.as_array();
      for (std::size_t i = 0; i < items.size(); ++i) target.set(std::to_string(i), items[i]);
      break;
    }
    case Kind::string: {
      const std::u16string units = text::to_utf16(source.as_string());
      for (std::size_t i = 0; i < units.size(); ++i)
        target.set(std::to_string(i), Value::string(text::from_utf16(units.substr(i, 1))));
      break;
    }
    default: break;
  }
}

// Loose `value == ""` for a resolved value that is neither undefined nor null.
bool loosely_equals_empty_string(const Value& v) {
  if (const Value* primitive = wrapped_primitive(v)) return loosely_equals_empty_string(*primitive);
  switch (v.kind()) {
    case Kind::string: return v.as_string().empty();
    case Kind::number: return v.as_number() == 0;
    case Kind::boolean: return !v.as_boolean();
    case Kind::array: return json::to_js_string(v).empty();
    default: return false;
  }
}

const Value* option(const Value& opts, std::string_view key) { return opts.as_object().find(key); }

bool option_truthy(const Value& opts, std::string_view key) {
  const Value* v = option(opts, key);
  return v != nullptr && v->truthy();
}

Value option_or_undefined(const Value& opts, std::string_view key) {
  const Value* v = option(opts, key);
  return v ? *v : Value();
}

// JS `typeof` of a value, for the one message that reports it.
const char* type_of(const Value& v) {
  switch (v.kind()) {
    case Kind::undefined: return "undefined";
    case Kind::boolean: return "boolean";
    case Kind::number: return "number";
    case Kind::string: return "string";
    default: return "object";
  }
}

// String.prototype.replace with a literal pattern (a RegExp built from the escaped pattern),
// JavaScript's non-Unicode ignore-case folding and $-expansion of the replacement. Stops and
// returns nullopt as soon as the result passes `max_units` UTF-16 units (`$'` and `` $` `` copy
// a part of the value for every match, so the result can grow quadratically).
std::optional<std::u16string> replace_literal(const std::u16string& value,
                                              const std::u16string& pattern,
                                              const std::u16string& replacement, bool global,
                                              bool ignorecase, std::size_t max_units) {
  if (pattern.empty()) return value;  // unreachable: an empty pattern is falsy and rejected
  auto matches_at = [&](std::size_t at) {
    for (std::size_t k = 0; k < pattern.size(); ++k) {
      const char16_t a = value[at + k], b = pattern[k];
      if (a == b) continue;
      if (!ignorecase || text::canonicalize_unit(a) != text::canonicalize_unit(b)) return false;
    }
    return true;
  };
  std::u16string out;
  std::size_t copied = 0;
  std::size_t at = 0;
  while (pattern.size() <= value.size() && at + pattern.size() <= value.size()) {
    if (!matches_at(at)) {
      ++at;
      continue;
    }
    out.append(value, copied, at - copied);
    for (std::size_t r = 0; r < replacement.size(); ++r) {
      const char16_t c = replacement[r];
      if (c == u'$' && r + 1 < replacement.size()) {
        const char16_t next = replacement[r + 1];
        if (next == u'$') { out.push_back(u'$'); ++r; continue; }
        if (next == u'&') { out.append(value, at, pattern.size()); ++r; continue; }
        if (next == u'`') { out.append(value, 0, at); ++r; continue; }
        if (next == u'\'') { out.append(value, at + pattern.size(), std::u16string::npos); ++r; continue; }
      }
      out.push_back(c);
    }
    if (out.size() > max_units) return std::nullopt;
    at += pattern.size();
    copied = at;
    if (!global) break;
  }
  out.append(value, copied, std::u16string::npos);
  if (out.size() > max_units) return std::nullopt;
  return out;
}

}  // namespace

// A prepared mapping made ready for many payloads, when it is a plain object whose keys need no
// special treatment on assignment: its fields in order, @path fields with their keys split
// ahead of time. The plan holds the mapping it was made from, so the field pointers into it
// stay valid (copy on write never changes a shared node in place).
struct PreparedPlan {
  struct Field {
    std::string key;
    const Value* member = nullptr;  // the field's mapping
    bool is_path = false;           // {"@path": "<literal>"}
    std::vector<std::string> keys;  // the path's keys (none: the path is the payload itself)
  };
  using Fields = std::vector<Field>;
  Value mapping;
  Fields fields;
};

namespace {

class Resolver {
 public:
  explicit Resolver(const TransformOptions& options)
      : options_(options),
        paths_(options.paths ? options.paths : &own_paths_),
        work_(options.work_used ? *options.work_used : 0) {}
  ~Resolver() {
    if (options_.work_used) *options_.work_used = work_;
  }
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  std::optional<Error> error;

  // The full transform(): payload check, root directive, validation, resolution, cleaning.
  Value transform(const Value& mapping, const Value& given_payload) {
    Value payload = given_payload.is_undefined() ? Value::object() : given_payload;
    const PayloadScope scope(payloads_, &payload);
    if (!payload.is_object() || is_builtin_value(payload))  // an @transform may apply a function
      return fail(std::string("data must be an object, got ") + type_name(payload));
    PreparedMapping prepared = prepare_mapping(mapping);
    if (prepared.error) {
      error = std::move(prepared.error);
      return {};
    }
    return resolve_and_clean(prepared.mapping, payload);
  }

  // The payload-independent part of transform(): root directive and validation.
  PreparedMapping prepare_mapping(const Value& mapping) {
    PreparedMapping prepared;
    prepared.mapping = mapping_to_process(mapping);
    if (failed()) {
      prepared.error = std::move(error);
      error.reset();
      return prepared;
    }
    prepared.error = validate_mapping(prepared.mapping);
    return prepared;
  }

  Value resolve_and_clean(const Value& mapping, const Value& payload) {
    Value resolved = resolve(mapping, payload);
    if (failed()) return {};
    return remove_undefined(resolved);
  }

  // resolve_and_clean(mapping, payload) for a prepared mapping, as transform() runs it after
  // preparing: the payload is the one directives see (and @liquid's counters write into). With
  // a plan, plain objects it knows are resolved field by field without looking up directives or
  // paths again; the steps counted and the values built are the same.
  Value resolve_prepared(const Value& mapping, const PreparedPlan* plan, Value payload) {
    const PayloadScope scope(payloads_, &payload);
    return plan ? resolve_root_and_clean(plan->fields, payload) : resolve_and_clean(mapping, payload);
  }

  // resolve_and_clean(prepared mapping, payload) for a mapping whose root object is in the plan:
  // the root's members are built without the undefined ones, as removeUndefined would leave it.
  Value resolve_root_and_clean(const PreparedPlan::Fields& fields, const Value& payload) {
    if (failed() || !step()) return {};
    Object out;
    out.reserve(fields.size());
    for (const PreparedPlan::Field& field : fields) {
      const At at(*this, field.key);
      Value v = resolve_planned(field, payload);
      if (failed()) return {};
      if (v.is_undefined()) continue;
      if (!field.is_path) v = remove_undefined(v);
      json::detail::ObjectAccess::append_plain(out, field.key, std::move(v));
    }
    return bounded(Value::object(std::move(out)));
  }

  // The result as the caller sees it: functions become what JSON.stringify makes of them.
  Value finish(Value output) const {
    return made_builtin_ ? json_form(output) : output;
  }

  Value resolve(const Value& mapping, const Value& payload) {
    return bounded(resolve_unchecked(mapping, payload));
  }

  // `v`, or the output limit's error when it is larger than max_output_bytes of JSON.
  Value bounded(Value v) {
    if ((v.is_array() || v.is_object()) && v.weight() > options_.max_output_bytes)
      return limit("The mapping built a value of more than " +
                   std::to_string(options_.max_output_bytes) +
                   " bytes of JSON; mapcheck stopped it");
    return v;
  }

  Value resolve_unchecked(const Value& mapping, const Value& payload) {
    if (failed()) return {};
    if (!step()) return {};
    if (!mapping.is_object() && !mapping.is_array()) return mapping;
    if (is_directive(mapping)) return run_directive(mapping, payload);
    if (mapping.is_array()) {
      json::Array out;
      out.reserve(mapping.as_array().size());
      for (const Value& item : mapping.as_array()) {
        const At at(*this, out.size());
        out.push_back(resolve(item, payload));
        if (failed()) return {};
      }
      return Value::array(std::move(out));
    }
    Object out;
    out.reserve(mapping.as_object().size());
    for (const auto& [key, member] : mapping.as_object()) {
      const At at(*this, key);
      Value v = resolve_field(key, member, payload);
      if (failed()) return {};
      assign(out, key, std::move(v));
    }
    return Value::object(std::move(out));
  }

  // One field of a planned object: resolve(member, payload), with a literal @path's steps
  // (the directive, then its path string) counted and its keys already split.
  Value resolve_planned(const PreparedPlan::Field& field, const Value& payload) {
    if (!field.is_path) return resolve(*field.member, payload);
    if (failed() || !step() || !step()) return {};
    return take(lookup_keys(payload, field.keys));  // no keys when the path is the payload
  }

 private:
  bool failed() const { return error.has_value(); }

  // Counts one resolution step against the work budget; false (with the error set) when over.
  bool step() {
    if (++work_ <= options_.max_work) return true;
    limit("The mapping needed more than " + std::to_string(options_.max_work) +
          " steps; mapcheck stopped it");
    return false;
  }

  // get(payload, path minus its first "$.") for a path string taken from the mapping.
  Value lookup_dollar(const Value& payload, const std::string& raw) {
    return lookup(payload, strip_dollar_dot(raw));
  }

  // What a lookup gives resolution: its data, or a built-in's stand-in (and a TypeError where
  // JavaScript throws one).
  Value take(Lookup found) {
    if (found.type_error) return fail(std::move(*found.type_error), "TypeError");
    if (found.is_builtin) {
      made_builtin_ = true;
      return std::move(found.builtin);
    }
    return std::move(found.value);
  }

  Value fail(std::string message, const char* name = "Error") {
    if (!error) error = Error{name, std::move(message), {}, {}, where()};
    return {};
  }

  // ---- where resolution is in the mapping, for the pointer of an error ----------------------
  // Pointer tokens of the mapping value being resolved: keys (views of the mapping's own keys
  // or of literals) or array indices. Turned into a pointer only when something fails.
  struct Token {
    std::string_view key;
    std::size_t index = 0;
    bool is_index = false;
  };
  std::vector<Token> where_;
  struct At {
    At(Resolver& r, std::string_view key) : r_(r) { r_.where_.push_back({key, 0, false}); }
    At(Resolver& r, std::size_t index) : r_(r) { r_.where_.push_back({{}, index, true}); }
    ~At() { r_.where_.pop_back(); }
    Resolver& r_;
  };
  std::string where() const {
    std::string pointer;
    for (const Token& t : where_) {
      if (t.is_index) pointer += "/" + std::to_string(t.index);
      else json::append_pointer_token(pointer, t.key);
    }
    return pointer;
  }
  // resolve() of a directive's option, with the option's key in the error pointer.
  Value resolve_option(std::string_view key, const Value& mapping, const Value& payload) {
    const At at(*this, key);
    return resolve(mapping, payload);
  }

  Value limit(std::string message) { return fail(std::move(message), "LimitError"); }

  bool over_budget(std::size_t bytes) {
    if (bytes <= kMaxStringBytes) return false;
    limit("A directive produced a string of more than " + std::to_string(kMaxStringBytes) +
          " bytes; mapcheck stopped it");
    return true;
  }

  // One member of a plain object in the mapping, recorded for provenance when asked.
  Value resolve_field(const std::string& key, const Value& member, const Value& payload) {
    if (options_.provenance == nullptr || item_depth_ > 0) return resolve(member, payload);
    const std::size_t pointer_size = pointer_.size();
    json::append_pointer_token(pointer_, key);
    const std::size_t index = options_.provenance->size();
    options_.provenance->push_back({pointer_, {}, {}, false});
    if (const std::string* name = directive_name(member); name && is_directive(member))
      (*options_.provenance)[index].directive = *name;
    reads_.push_back(index);
    Value v = resolve(member, payload);
    reads_.pop_back();
    (*options_.provenance)[index].resolved_empty = v.is_undefined();
    pointer_.resize(pointer_size);
    return v;
  }

  void note_read(const std::string& path) {
    if (options_.provenance == nullptr) return;
    for (std::size_t index : reads_) {
      auto& reads = (*options_.provenance)[index].reads;
      if (std::find(reads.begin(), reads.end(), path) == reads.end()) reads.push_back(path);
    }
  }

  Value lookup(const Value& payload, const std::string& path) {
    note_read(path);
    return take(lookup_path(payload, path, paths_));
  }

  Value mapping_to_process(const Value& mapping) {
    Value to_process = spread(mapping);
    const std::optional<std::vector<std::string>> keys = object_keys(mapping);
    if (!keys) return fail("Cannot convert undefined or null to object", "TypeError");
    if (std::find(keys->begin(), keys->end(), kRootKey) == keys->end()) return to_process;

    Object customer;
    for (const auto& [key, member] : mapping.as_object())
      if (key != kRootKey) assign(customer, key, member);
    Value root = *mapping.as_object().find(kRootKey);
    const std::optional<std::vector<std::string>> root_keys = object_keys(root);
    if (!root_keys) return fail("Cannot convert undefined or null to object", "TypeError");
    if (root_keys->size() > 1) return fail("The root mapping must only have a single directive object");
    Value directive = root_keys->empty() ? Value() : get_property(root, root_keys->front());
    if (!directive.truthy() || !(directive.is_object() || directive.is_array()))
      return fail("The root directive must be an object");
    if (directive.is_object()) {
      directive.object_mut().set("mapping", Value::object(std::move(customer)));
      if (root.is_object()) root.object_mut().set(root_keys->front(), directive);
      else root.array_mut()[0] = directive;
    }
    return root;
  }

  Value run_directive(const Value& obj, const Value& payload) {
    // The first "@" key in property order names the directive (directive_name), and its value
    // holds the options.
    const std::string* name_ptr = nullptr;
    const Value* opts_ptr = nullptr;
    for (const auto& [key, member] : obj.as_object()) {
      if (!key.empty() && key[0] == '@') {
        name_ptr = &key;
        opts_ptr = &member;
        break;
      }
    }
    const std::string& name = *name_ptr;
    const Value& opts = *opts_ptr;
    const At at(*this, name);
    if (name == "@path") return run_path(opts, payload);
    if (name == "@template") return run_template(opts, payload);
    if (name == "@literal") return resolve(opts, payload);
    if (name == "@if") return run_if(opts, payload);
    if (name == "@case") return run_case(opts, payload);
    if (name == "@replace") return run_replace(opts, payload);
    if (name == "@arrayPath") return run_array_path(opts, payload);
    if (name == "@merge") return run_merge(opts, payload);
    if (name == "@transform") return run_transform(opts, payload);
    if (name == "@flatten") return run_flatten(opts, payload);
    if (name == "@json") return run_json(opts, payload);
    if (name == "@excludeWhenNull") return run_exclude_when_null(opts, payload);
    if (name == "@liquid") return run_liquid(opts, payload);
    return fail(name + " is not a valid directive, got undefined");
  }

  // @path and @template resolve their value first and require a string.
  std::optional<std::string> string_argument(const char* name, const Value& opts, const Value& payload) {
    Value v = resolve(opts, payload);
    if (failed()) return std::nullopt;
    if (!v.is_string()) {
      fail(std::string(name) + ": expected string, got " + type_name(v));
      return std::nullopt;
    }
    return v.as_string();
  }

  Value run_path(const Value& opts, const Value& payload) {
    if (opts.is_string()) {  // resolve(opts) is opts itself: one step, no copy
      if (failed() || !step()) return {};
      return lookup_dollar(payload, opts.as_string());
    }
    std::optional<std::string> path = string_argument("@path", opts, payload);
    if (!path) return {};
    return lookup(payload, strip_dollar_dot(*path));
  }

  Value run_template(const Value& opts, const Value& payload) {
    std::optional<std::string> argument;
    const std::string* tpl = nullptr;
    if (opts.is_string()) {  // resolve(opts) is opts itself: one step, no copy
      if (failed() || !step()) return {};
      tpl = &opts.as_string();
    } else {
      argument = string_argument("@template", opts, payload);
      if (!argument) return {};
      tpl = &*argument;
    }
    const Value data = payload.is_undefined() ? Value::object() : payload;
    std::string out;
    std::optional<std::string> type_error;
    std::function<void(const std::string&)> on_read;
    if (options_.provenance) on_read = [this](const std::string& path) { note_read(path); };
    if (!render_template(*tpl, data, out, kMaxStringBytes, on_read, paths_, &type_error))
      return limit("@template output is larger than " + std::to_string(kMaxStringBytes) +
                   " bytes; mapcheck stopped it");
    if (type_error) return fail(std::move(*type_error), "TypeError");
    return Value::string(std::move(out));
  }

  Value run_if(const Value& opts, const Value& payload) {
    if (!opts.is_object()) return fail("@if requires an object with an \"exists\" key");
    if (!option_truthy(opts, "exists") && !option_truthy(opts, "blank"))
      return fail("@if requires an \"exists\" key or a \"blank\" key");
    bool condition = false;
    if (const Value* exists = option(opts, "exists"); exists && !exists->is_undefined()) {
      Value v = resolve_option("exists", *exists, payload);
      if (failed()) return {};
      condition = !v.is_nullish();
    } else if (const Value* blank = option(opts, "blank"); blank && !blank->is_undefined()) {
      Value v = resolve_option("blank", *blank, payload);
      if (failed()) return {};
      if (js_string_throws(v)) return fail(kNoPrimitiveMessage, "TypeError");
      condition = !v.is_nullish() && !loosely_equals_empty_string(v);
    }
    const Value* then_value = option(opts, "then");
    if (condition && then_value && !then_value->is_undefined())
      return resolve_option("then", *then_value, payload);
    if (!condition && option_truthy(opts, "else"))
      return resolve_option("else", *option(opts, "else"), payload);
    return {};
  }

  Value run_case(const Value& opts, const Value& payload) {
    if (!opts.is_object()) return fail("@case requires an object with a \"operator\" key");
    if (!option_truthy(opts, "operator")) return fail("@case requires a \"operator\" key");
    if (!option_truthy(opts, "value")) return {};
    Value v = resolve_option("value", *option(opts, "value"), payload);
    if (failed() || !v.is_string()) return v;
    const Value& op = *option(opts, "operator");
    const bool lower = op.is_string() && op.as_string() == "lower";
    if (lower || (op.is_string() && op.as_string() == "upper")) {
      // Case mapping can lengthen text ("ß" → "SS"), past the string limit.
      std::string cased = lower ? text::to_lower(v.as_string()) : text::to_upper(v.as_string());
      if (over_budget(cased.size())) return {};
      return Value::string(std::move(cased));
    }
    return fail("operator key should have a value of \"lower\" or \"upper\"");
  }

  std::optional<std::u16string> replace_pass(const std::u16string& value, const std::string& pattern,
                                             const std::string& replacement, bool global,
                                             bool ignorecase) {
    const std::u16string p = text::to_utf16(pattern);
    const std::u16string r = text::to_utf16(replacement);
    if (p.size() > 10) {
      fail("@replace requires a \"pattern\" less than 10 characters");
      return std::nullopt;
    }
    if (r.size() > 10) {
      fail("@replace requires a \"replacement\" less than 10 characters");
      return std::nullopt;
    }
    // A UTF-16 unit takes at least one byte in UTF-8, so a result of more units than the
    // string limit has bytes is over it too.
    std::optional<std::u16string> out =
        replace_literal(value, p, r, global, ignorecase, kMaxStringBytes);
    if (!out) over_budget(kMaxStringBytes + 1);
    return out;
  }

  Value run_replace(const Value& opts, const Value& payload) {
    if (!opts.is_object()) return fail("@replace requires an object with a \"pattern\" key");
    if (!option_truthy(opts, "pattern")) return fail("@replace requires a \"pattern\" key");
    const Value pattern = option_or_undefined(opts, "pattern");
    Value replacement = option_or_undefined(opts, "replacement");
    if (replacement.is_nullish()) replacement = Value::string("");
    const bool has_pattern2 = option_truthy(opts, "pattern2");
    Value replacement2 = option_or_undefined(opts, "replacement2");
    if (has_pattern2 && replacement2.is_nullish()) replacement2 = Value::string("");
    Value ignorecase = option_or_undefined(opts, "ignorecase");
    if (ignorecase.is_nullish()) ignorecase = Value::boolean(false);
    Value global = option_or_undefined(opts, "global");
    if (global.is_nullish()) global = Value::boolean(true);
    if (!option_truthy(opts, "value")) return {};

    Value v = resolve_option("value", *option(opts, "value"), payload);
    if (failed()) return {};
    if (v.is_boolean() || v.is_number()) v = Value::string(json::to_js_string(v));
    if (!(v.is_string() && pattern.is_string() && replacement.is_string() &&
          ignorecase.is_boolean() && global.is_boolean()))
      return Value::string("");
    std::optional<std::u16string> out =
        replace_pass(text::to_utf16(v.as_string()), pattern.as_string(), replacement.as_string(),
                     global.as_boolean(), ignorecase.as_boolean());
    if (!out) return {};
    const Value pattern2 = option_or_undefined(opts, "pattern2");
    if (has_pattern2 && pattern2.is_string() && replacement2.is_string()) {
      out = replace_pass(*out, pattern2.as_string(), replacement2.as_string(), global.as_boolean(),
                         ignorecase.as_boolean());
      if (!out) return {};
    }
    std::string result = text::from_utf16(*out);
    if (over_budget(result.size())) return {};
    return Value::string(std::move(result));
  }

  Value run_array_path(const Value& opts, const Value& payload) {
    if (!opts.is_array())
      return fail(std::string("@arrayPath expected array, got ") + json::real_type_of(opts));
    const json::Array& items = opts.as_array();
    const Value path = items.empty() ? Value() : items[0];
    const Value shape = items.size() > 1 ? items[1] : Value();
    Value root = path.is_string() ? lookup_dollar(payload, path.as_string())
                                  : resolve_option("0", path, payload);
    if (failed()) return {};
    if (((root.is_object() && !is_builtin_value(root)) || root.is_array()) && shape.is_object() &&
        !shape.as_object().empty()) {
      const json::Array single{root};
      const json::Array& list = root.is_array() ? root.as_array() : single;
      json::Array out;
      out.reserve(list.size());
      ++item_depth_;
      const At at(*this, "1");
      for (const Value& item : list) {
        out.push_back(resolve(shape, item));
        if (failed()) break;
      }
      --item_depth_;
      if (failed()) return {};
      return Value::array(std::move(out));
    }
    return root;
  }

  Value run_merge(const Value& opts, const Value& payload) {
    if (!opts.is_object())
      return fail("@merge requires an object with an \"objects\" key and a \"direction\" key");
    if (!option_truthy(opts, "direction")) return fail("@merge requires a \"direction\" key");
    Value direction = resolve_option("direction", *option(opts, "direction"), payload);
    if (failed()) return {};
    if (!option_truthy(opts, "objects")) return fail("@merge requires a \"objects\" key");
    const Value& objects = *option(opts, "objects");
    if (!objects.is_array())
      return fail(std::string("@merge: expected opts.array, got ") + type_of(objects));
    json::Array resolved;
    const At in_objects(*this, "objects");
    for (const Value& o : objects.as_array()) {
      const At at(*this, resolved.size());
      resolved.push_back(resolve(o, payload));
      if (failed()) return {};
    }
    if (direction.is_string() && direction.as_string() == "left")
      std::reverse(resolved.begin(), resolved.end());
    Object out;
    for (const Value& source : resolved) {
      if (source.is_string() && over_budget(source.as_string().size() * 48)) return {};
      assign_all(out, source);
    }
    work_ += out.size();
    return Value::object(std::move(out));
  }

  Value run_transform(const Value& opts, const Value& payload) {
    if (!opts.is_object())
      return fail("@transform requires an object with an \"apply\" key and a \"mapping\" key");
    if (!option_truthy(opts, "mapping")) return fail("@transform requires a \"mapping\" key");
    if (!option_truthy(opts, "apply")) return fail("@transform requires a \"apply\" key");
    const Value& apply = *option(opts, "apply");
    if (!apply.is_object()) return fail("@transform \"apply\" key should be an object");
    Value new_payload;
    {
      const At at(*this, "apply");
      new_payload = transform(apply, payload);
    }
    if (failed()) return {};
    // The new payload nests at most as deep as `apply` plus the deepest value it can read: the
    // payload, or a document @json decoded. Only past the limit is it measured.
    if (payload_depth_ == kUnknownDepth) {  // the event's own depth, measured once
      payload_depth_ = measured_depth(*payloads_.front());
      if (failed()) return {};
    }
    const std::size_t outer_depth = payload_depth_;
    std::size_t bound = mapping_depth(apply) + std::max(outer_depth, kDecodedDepth);
    if (bound > options_.max_payload_depth) {
      const At at(*this, "apply");
      bound = measured_depth(new_payload);
      if (failed()) return {};
      if (bound > options_.max_payload_depth)
        return limit("@transform built a payload nested more than " +
                     std::to_string(options_.max_payload_depth) + " levels deep; mapcheck stopped it");
    }
    const PayloadScope scope(payloads_, &new_payload);
    payload_depth_ = bound;
    Value out = resolve_option("mapping", *option(opts, "mapping"), new_payload);
    payload_depth_ = outer_depth;
    return out;
  }

  // The nesting depth of a value, up to just past the payload limit; the values it looks at
  // count as work, so measuring cannot be repeated without bound.
  std::size_t measured_depth(const Value& v) {
    const std::size_t depth = json::nesting_depth(v, options_.max_payload_depth, &work_);
    if (work_ > options_.max_work)
      limit("The mapping needed more than " + std::to_string(options_.max_work) +
            " steps; mapcheck stopped it");
    return depth;
  }

  // The nesting depth of a mapping value, remembered by address (mappings do not change
  // while they are resolved).
  std::size_t mapping_depth(const Value& mapping) {
    auto [it, inserted] = mapping_depths_.emplace(&mapping, 0);
    if (inserted) it->second = json::nesting_depth(mapping);
    return it->second;
  }

  void flatten_into(Object& out, const Value& input, const std::string& prefix,
                    const std::string& separator, bool omit_arrays) {
    if (failed()) return;
    if ((input.is_object() && !is_builtin_value(input)) || (!omit_arrays && input.is_array())) {
      auto visit = [&](const std::string& key, const Value& member) {
        std::string next = prefix.empty() ? key : prefix + separator + key;
        text::join_surrogate_pairs(next);
        if (over_budget(next.size())) return;
        Object sub;
        flatten_into(sub, member, next, separator, omit_arrays);
        for (const auto& [k, v] : sub) out.set(k, v);
        work_ += sub.size();
      };
      if (input.is_object()) {
        for (const auto& [key, member] : input.as_object()) visit(key, member);
      } else {
        const json::Array& items = input.as_array();
        for (std::size_t i = 0; i < items.size(); ++i) visit(std::to_string(i), items[i]);
      }
      return;
    }
    out.set(prefix, input);
  }

  Value run_flatten(const Value& opts, const Value& payload) {
    if (!opts.is_object()) return fail("@flatten requires an object with a \"separator\" key");
    if (!option_truthy(opts, "separator")) return fail("@flatten requires a \"separator\" key");
    Value separator = resolve_option("separator", *option(opts, "separator"), payload);
    if (failed()) return {};
    if (!separator.is_string()) return fail("@flatten requires a string separator");
    Value value = resolve_option("value", option_or_undefined(opts, "value"), payload);
    if (failed()) return {};
    Object out;
    flatten_into(out, value, "", separator.as_string(), option_truthy(opts, "omitArrays"));
    if (failed()) return {};
    if (work_ > options_.max_work) return limit("@flatten created too many keys; mapcheck stopped it");
    return Value::object(std::move(out));
  }

  Value run_json(const Value& opts, const Value& payload) {
    if (!opts.is_object()) return fail("@json requires an object with a \"value\" key");
    if (!option_truthy(opts, "mode")) return fail("@json requires a \"mode\" key");
    if (!option_truthy(opts, "value")) return fail("@json requires a \"value\" key");
    Value v = resolve_option("value", *option(opts, "value"), payload);
    if (failed()) return {};
    const Value& mode = *option(opts, "mode");
    if (mode.is_string() && mode.as_string() == "encode") {
      if (v.weight() > kMaxStringBytes) {  // the text would be at least this long
        over_budget(kMaxStringBytes + 1);
        return {};
      }
      std::optional<std::string> text =
          json::stringify(made_builtin_ ? json_form(v) : v);
      if (!text) return {};
      if (over_budget(text->size())) return {};
      return Value::string(std::move(*text));
    }
    if (mode.is_string() && mode.as_string() == "decode") {
      if (!v.is_string()) return v;
      json::ParseOptions parse_options;
      parse_options.allow_surrogates = true;
      json::ParseResult parsed = json::parse(v.as_string(), parse_options);
      if (parsed.ok()) return parsed.value;
      if (parsed.error->kind != json::ParseErrorKind::syntax &&
          parsed.error->kind != json::ParseErrorKind::invalid_utf8)
        return limit("@json decode: " + parsed.error->message);
      return v;
    }
    return {};
  }

  static Value clean_nulls(const Value& value) {
    if (!value.is_object() || is_builtin_value(value)) return value;
    Object cleaned;
    for (const auto& [key, member] : value.as_object()) {
      if (member.is_null()) assign(cleaned, key, Value());
      else if (member.is_object()) assign(cleaned, key, clean_nulls(member));
      else assign(cleaned, key, member);
    }
    return Value::object(std::move(cleaned));
  }

  Value run_exclude_when_null(const Value& opts, const Value& payload) {
    Value v = resolve(opts, payload);
    if (failed() || v.is_null()) return {};
    return clean_nulls(v);
  }

  Value run_liquid(const Value& opts, const Value& payload) {
    if (!opts.is_string()) return fail("liquid template value must be a string");
    if (opts.as_string().empty()) return Value::string("");
    if (text::utf16_length(opts.as_string()) > 1000)
      return fail("liquid template values are limited to 1000 characters");
    LiquidResult r = render_liquid(opts.as_string(), payload);
    if (r.error) {
      if (!error) {
        error = std::move(r.error);
        error->pointer = where();
      }
      return {};
    }
    // liquidjs's {% increment %} / {% decrement %} write into the payload object itself, so
    // the directives resolved after this one see the counters.
    if (r.payload)
      for (Value* owner : payloads_)
        if (owner == &payload) *owner = std::move(*r.payload);
    return Value::string(std::move(r.output));
  }

  static constexpr std::size_t kMaxStringBytes = 16u << 20;

  // The payload objects directives currently resolve against (the event, then @transform's
  // intermediate results), so that @liquid can write its counters back into the right one.
  struct PayloadScope {
    PayloadScope(std::vector<Value*>& stack, Value* payload) : stack_(stack) {
      stack_.push_back(payload);
    }
    ~PayloadScope() { stack_.pop_back(); }
    std::vector<Value*>& stack_;
  };
  std::vector<Value*> payloads_;

  // Nesting depth bound of the payload being resolved against (kUnknownDepth until an
  // @transform needs it), and the depth a document decoded by @json can have.
  static constexpr std::size_t kUnknownDepth = SIZE_MAX;
  static constexpr std::size_t kDecodedDepth = json::Limits{}.max_depth;
  std::size_t payload_depth_ = kUnknownDepth;
  std::unordered_map<const Value*, std::size_t> mapping_depths_;

  const TransformOptions& options_;
  bool made_builtin_ = false;  // a lookup returned a function_value or wrapper_value
  PathCache own_paths_;
  PathCache* paths_;
  std::size_t work_ = 0;
  std::size_t item_depth_ = 0;
  std::string pointer_;
  std::vector<std::size_t> reads_;
};

}  // namespace

namespace {

// Whether removeUndefined would change `value`: an object member somewhere is undefined.
bool holds_undefined(const Value& value) {
  if (value.is_array()) {
    for (const Value& item : value.as_array())
      if (holds_undefined(item)) return true;
  } else if (value.is_object()) {
    for (const auto& [key, member] : value.as_object())
      if (member.is_undefined() || holds_undefined(member)) return true;
  }
  return false;
}

}  // namespace

// Subtrees that hold no undefined member are shared, not copied.
Value remove_undefined(const Value& value) {
  if (!holds_undefined(value)) return value;
  if (value.is_array()) {
    json::Array out;
    out.reserve(value.as_array().size());
    for (const Value& item : value.as_array()) out.push_back(remove_undefined(item));
    return Value::array(std::move(out));
  }
  if (value.is_object()) {
    Object out;
    out.reserve(value.as_object().size());
    for (const auto& [key, member] : value.as_object())
      if (!member.is_undefined()) assign(out, key, remove_undefined(member));
    return Value::object(std::move(out));
  }
  return value;
}

namespace {

// The plan for a prepared mapping that is a plain object whose keys need no special treatment
// on assignment: no "__proto__" (which sets the prototype) and no array-index keys (which
// JavaScript reorders); null otherwise.
std::shared_ptr<const PreparedPlan> make_plan(const Value& mapping) {
  if (!mapping.is_object() || is_directive(mapping)) return nullptr;
  auto plan = std::make_shared<PreparedPlan>();
  plan->mapping = mapping;
  for (const auto& [key, member] : plan->mapping.as_object()) {
    if (key == "__proto__" || json::is_array_index(key)) return nullptr;
    PreparedPlan::Field field;
    field.key = key;
    field.member = &member;
    if (is_directive(member) && *directive_name(member) == "@path") {
      const Value& path = *member.as_object().find("@path");
      if (path.is_string()) {
        field.is_path = true;
        const std::string stripped = strip_dollar_dot(path.as_string());
        if (!stripped.empty() && stripped != ".") field.keys = split_path(stripped);
      }
    }
    plan->fields.push_back(std::move(field));
  }
  return plan;
}

}  // namespace

PreparedMapping prepare(const Value& mapping) {
  TransformOptions options;
  Resolver resolver(options);
  PreparedMapping prepared = resolver.prepare_mapping(mapping);
  if (!prepared.error) prepared.plan = make_plan(prepared.mapping);
  return prepared;
}

TransformResult run_prepared(const PreparedMapping& prepared, const Value& given_payload,
                             const TransformOptions& options) {
  TransformResult result;
  const Value payload = given_payload.is_undefined() ? Value::object() : given_payload;
  if (!payload.is_object()) {
    result.error = Error{"Error", std::string("data must be an object, got ") + json::real_type_of(payload), {}, {}, {}};
    return result;
  }
  if (prepared.error) {
    result.error = prepared.error;
    return result;
  }
  Resolver resolver(options);
  // The plan applies to the mapping it was made from (a PreparedMapping's mapping may have been
  // replaced since) and is not used when provenance is recorded.
  const PreparedPlan* plan = prepared.plan.get();
  if (plan != nullptr &&
      (options.provenance != nullptr || !prepared.mapping.is_object() ||
       !plan->mapping.is_object() || &prepared.mapping.as_object() != &plan->mapping.as_object()))
    plan = nullptr;
  Value output = resolver.resolve_prepared(prepared.mapping, plan, payload);
  if (resolver.error) result.error = std::move(resolver.error);
  else result.output = resolver.finish(std::move(output));
  return result;
}

TransformResult transform(const Value& mapping, const Value& payload,
                          const TransformOptions& options) {
  Resolver resolver(options);
  TransformResult result;
  Value output = resolver.transform(mapping, payload);
  if (resolver.error) result.error = std::move(resolver.error);
  else result.output = resolver.finish(std::move(output));
  return result;
}

}  // namespace mapcheck::mapping
