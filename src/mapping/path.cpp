// mapping-kit path splitting and lookup with JavaScript member-access semantics, including the
// members every JavaScript value inherits from its prototype (`constructor`, `toString`,
// `__proto__`, ...), which a path can reach just like payload data.
#include "mapping/path.hpp"

#include <cstring>

#include "json/builtins.hpp"
#include "json/write.hpp"
#include "text/unicode.hpp"

namespace mapcheck::mapping {

using json::Value;

namespace {
bool is_quote_or_digit(char c) {
  return c == '"' || c == '\'' || (c >= '0' && c <= '9');
}

std::size_t parse_index(std::string_view key) {
  std::size_t n = 0;
  for (char c : key) n = n * 10 + static_cast<std::size_t>(c - '0');
  return n;
}

// ---- JavaScript's built-in prototypes, as far as a property path can see them ----------------

// The built-in objects a lookup can reach besides payload data.
enum class Builtin : std::uint8_t {
  none,            // plain payload data
  object_proto,    // Object.prototype
  array_proto,     // Array.prototype (an empty array)
  string_proto,    // String.prototype (a String wrapper of "")
  number_proto,    // Number.prototype (a Number wrapper of 0)
  boolean_proto,   // Boolean.prototype (a Boolean wrapper of false)
  function_proto,  // Function.prototype (a function named "")
  function,        // any other built-in function
};

using json::builtins::Method;
using json::builtins::find_method;
using json::builtins::kArrayProto;
using json::builtins::kBooleanProto;
using json::builtins::kFunctionProto;
using json::builtins::kNumberProto;
using json::builtins::kObjectProto;
using json::builtins::kStringProto;

// Static methods of the constructors.
constexpr Method kObjectStatics[] = {{"assign", "assign", 2},
                                     {"create", "create", 2},
                                     {"defineProperties", "defineProperties", 2},
                                     {"defineProperty", "defineProperty", 3},
                                     {"entries", "entries", 1},
                                     {"freeze", "freeze", 1},
                                     {"fromEntries", "fromEntries", 1},
                                     {"getOwnPropertyDescriptor", "getOwnPropertyDescriptor", 2},
                                     {"getOwnPropertyDescriptors", "getOwnPropertyDescriptors", 1},
                                     {"getOwnPropertyNames", "getOwnPropertyNames", 1},
                                     {"getOwnPropertySymbols", "getOwnPropertySymbols", 1},
                                     {"getPrototypeOf", "getPrototypeOf", 1},
                                     {"hasOwn", "hasOwn", 2},
                                     {"is", "is", 2},
                                     {"isExtensible", "isExtensible", 1},
                                     {"isFrozen", "isFrozen", 1},
                                     {"isSealed", "isSealed", 1},
                                     {"keys", "keys", 1},
                                     {"preventExtensions", "preventExtensions", 1},
                                     {"seal", "seal", 1},
                                     {"setPrototypeOf", "setPrototypeOf", 2},
                                     {"values", "values", 1}};
constexpr Method kArrayStatics[] = {
    {"from", "from", 1}, {"isArray", "isArray", 1}, {"of", "of", 0}};
constexpr Method kStringStatics[] = {
    {"fromCharCode", "fromCharCode", 1}, {"fromCodePoint", "fromCodePoint", 1}, {"raw", "raw", 1}};
constexpr Method kNumberStatics[] = {
    {"isFinite", "isFinite", 1},     {"isInteger", "isInteger", 1},
    {"isNaN", "isNaN", 1},           {"isSafeInteger", "isSafeInteger", 1},
    {"parseFloat", "parseFloat", 1}, {"parseInt", "parseInt", 2}};

// The value a lookup reached: payload data or one of JavaScript's built-ins.
constexpr const char* kFunctionKey = "\xFF";
constexpr const char* kWrapperKey = "\xFE";

struct Ref {
  Builtin builtin = Builtin::none;
  Value value;       // the data, when builtin == none
  std::string name;  // functions: `name`
  int length = 0;    // functions: `length`

  static Ref data(Value v) {
    if (is_function_value(v)) {  // a function that resolution handed on as a value
      const json::Array& f = v.as_object().find(kFunctionKey)->as_array();
      return function(f[0].as_string(), static_cast<int>(f[1].as_number()));
    }
    if (const Value* primitive = wrapped_primitive(v)) {
      if (primitive->is_string()) return proto(Builtin::string_proto);
      if (primitive->is_number()) return proto(Builtin::number_proto);
      return proto(Builtin::boolean_proto);
    }
    return Ref{Builtin::none, std::move(v), {}, 0};
  }
  static Ref proto(Builtin b) { return Ref{b, Value(), {}, 0}; }
  static Ref function(std::string_view name, int length) {
    // Function.prototype is itself a function, the only built-in one named "".
    return Ref{name.empty() ? Builtin::function_proto : Builtin::function, Value(),
               std::string(name), length};
  }
  static Ref method(const Method& m) { return function(m.name, m.length); }
  // JavaScript truthiness: every built-in object and function is truthy.
  bool truthy() const { return builtin != Builtin::none || value.truthy(); }
};

// The prototype a JavaScript value of this kind inherits from (its `__proto__`).
Ref prototype_of(const Ref& r) {
  switch (r.builtin) {
    case Builtin::object_proto:
      return Ref::data(Value::null());
    case Builtin::function:
      return Ref::proto(Builtin::function_proto);
    case Builtin::none:
      switch (r.value.kind()) {
        case json::Kind::array:
          return Ref::proto(Builtin::array_proto);
        case json::Kind::string:
          return Ref::proto(Builtin::string_proto);
        case json::Kind::number:
          return Ref::proto(Builtin::number_proto);
        case json::Kind::boolean:
          return Ref::proto(Builtin::boolean_proto);
        default:
          return Ref::proto(Builtin::object_proto);
      }
    default:
      return Ref::proto(Builtin::object_proto);
  }
}

// Members found on a prototype chain starting at `proto` (own data already checked).
Ref inherited(Builtin proto, std::string_view key) {
  const Method* m = nullptr;
  switch (proto) {
    case Builtin::array_proto:
      if (key == "constructor") return Ref::function("Array", 1);
      m = find_method(kArrayProto, key);
      break;
    case Builtin::string_proto:
      if (key == "constructor") return Ref::function("String", 1);
      m = find_method(kStringProto, key);
      break;
    case Builtin::number_proto:
      if (key == "constructor") return Ref::function("Number", 1);
      m = find_method(kNumberProto, key);
      break;
    case Builtin::boolean_proto:
      if (key == "constructor") return Ref::function("Boolean", 1);
      m = find_method(kBooleanProto, key);
      break;
    case Builtin::function_proto:
      if (key == "constructor") return Ref::function("Function", 1);
      m = find_method(kFunctionProto, key);
      break;
    default:
      break;
  }
  if (m) return Ref::method(*m);
  if (key == "constructor") return Ref::function("Object", 1);
  if ((m = find_method(kObjectProto, key))) return Ref::method(*m);
  return Ref::data(Value());
}

// Own members of the built-in functions: name, length, a constructor's prototype and statics.
Ref function_member(const Ref& fn, std::string_view key, std::optional<std::string>& type_error) {
  if (key == "name") return Ref::data(Value::string(std::string(fn.name)));
  if (key == "length") return Ref::data(Value::number(fn.length));
  if (key == "caller" || key == "arguments") {
    type_error =
        "'caller', 'callee', and 'arguments' properties may not be accessed on strict mode "
        "functions or the arguments objects for calls to them";
    return Ref::data(Value());
  }
  if (fn.builtin == Builtin::function) {
    const std::string_view n = fn.name;
    const bool ctor = n == "Object" || n == "Array" || n == "String" || n == "Number" ||
                      n == "Boolean" || n == "Function";
    if (ctor && key == "prototype") {
      if (n == "Object") return Ref::proto(Builtin::object_proto);
      if (n == "Array") return Ref::proto(Builtin::array_proto);
      if (n == "String") return Ref::proto(Builtin::string_proto);
      if (n == "Number") return Ref::proto(Builtin::number_proto);
      if (n == "Boolean") return Ref::proto(Builtin::boolean_proto);
      return Ref::proto(Builtin::function_proto);
    }
    const Method* m = nullptr;
    if (n == "Object")
      m = find_method(kObjectStatics, key);
    else if (n == "Array")
      m = find_method(kArrayStatics, key);
    else if (n == "String")
      m = find_method(kStringStatics, key);
    else if (n == "Number") {
      m = find_method(kNumberStatics, key);
      const double inf = 1.0 / 0.0;
      if (key == "EPSILON") return Ref::data(Value::number(2.220446049250313e-16));
      if (key == "MAX_SAFE_INTEGER") return Ref::data(Value::number(9007199254740991.0));
      if (key == "MIN_SAFE_INTEGER") return Ref::data(Value::number(-9007199254740991.0));
      if (key == "MAX_VALUE") return Ref::data(Value::number(1.7976931348623157e308));
      if (key == "MIN_VALUE") return Ref::data(Value::number(5e-324));
      if (key == "NaN") return Ref::data(Value::number(inf - inf));
      if (key == "POSITIVE_INFINITY") return Ref::data(Value::number(inf));
      if (key == "NEGATIVE_INFINITY") return Ref::data(Value::number(-inf));
    }
    if (m) return Ref::method(*m);
  }
  if (key == "__proto__") return prototype_of(fn);
  return inherited(Builtin::function_proto, key);
}

// `ref[key]` for a truthy `ref`.
Ref member(const Ref& ref, std::string_view key, std::optional<std::string>& type_error) {
  switch (ref.builtin) {
    case Builtin::function:
    case Builtin::function_proto:
      return function_member(ref, key, type_error);
    case Builtin::array_proto:
    case Builtin::string_proto:
      if (key == "length") return Ref::data(Value::number(0));
      [[fallthrough]];
    case Builtin::object_proto:
    case Builtin::number_proto:
    case Builtin::boolean_proto:
      if (key == "__proto__") return prototype_of(ref);
      return inherited(ref.builtin, key);
    case Builtin::none:
      break;
  }
  const Value& value = ref.value;
  switch (value.kind()) {
    case json::Kind::object:
      if (const Value* own = value.as_object().find(key)) return Ref::data(*own);
      break;
    case json::Kind::array: {
      const json::Array& items = value.as_array();
      if (key == "length") return Ref::data(Value::number(static_cast<double>(items.size())));
      if (json::is_array_index(key)) {
        const std::size_t i = parse_index(key);
        return Ref::data(i < items.size() ? items[i] : Value());
      }
      break;
    }
    case json::Kind::string: {
      const std::string& s = value.as_string();
      if (key == "length")
        return Ref::data(Value::number(static_cast<double>(text::utf16_length(s))));
      if (json::is_array_index(key))
        return Ref::data([&] {
          std::string unit = text::utf16_unit_at(s, parse_index(key));
          return unit.empty() ? Value() : Value::string(std::move(unit));
        }());
      break;
    }
    case json::Kind::number:
    case json::Kind::boolean:
      break;
    default:
      return Ref::data(Value());
  }
  const Ref proto = prototype_of(ref);
  if (key == "__proto__") return proto;
  return inherited(proto.builtin, key);
}

// The JSON-visible value of a lookup result: built-in prototypes become the data they serialize
// as ({}, []); the wrapper prototypes and functions become their stand-ins (wrapper_value,
// function_value) so that resolution can tell them from data.
Value to_value(const Ref& r) {
  switch (r.builtin) {
    case Builtin::none:
      return r.value;
    case Builtin::object_proto:
      return Value::object();
    case Builtin::array_proto:
      return Value::array();
    case Builtin::string_proto:
      return wrapper_value(Value::string(""));
    case Builtin::number_proto:
      return wrapper_value(Value::number(0));
    case Builtin::boolean_proto:
      return wrapper_value(Value::boolean(false));
    default:
      return Value();
  }
}

Lookup walk(const Value& root, const std::vector<std::string>& keys) {
  Lookup out;
  const Value* current = &root;  // plain data: no copy until the end (the common case)
  Ref ref;                       // set once the walk leaves plain object members
  bool in_ref = false;
  for (const std::string& key : keys) {
    if (!in_ref) {
      if (!current->truthy()) break;
      if (current->is_object() && !is_builtin_value(*current)) {
        if (const Value* own = current->as_object().find(key)) {
          current = own;
          continue;
        }
      }
      ref = Ref::data(*current);
      in_ref = true;
    } else if (!ref.truthy()) {
      break;
    }
    ref = member(ref, key, out.type_error);
    if (out.type_error) return out;
  }
  if (!in_ref) ref = Ref::data(*current);
  if (ref.builtin == Builtin::function || ref.builtin == Builtin::function_proto) {
    out.is_builtin = true;
    out.builtin = function_value(ref.name, ref.length);
  } else {
    out.value = to_value(ref);
    if (is_builtin_value(out.value)) {
      out.is_builtin = true;
      out.builtin = out.value;
      out.value = *wrapped_primitive(out.builtin);
    }
  }
  return out;
}
}  // namespace

std::vector<std::string> split_path(std::string_view p) {
  std::vector<std::string> pieces;
  auto emit = [&](std::size_t begin, std::size_t end) {
    if (end <= begin) return;  // empty pieces are dropped before quotes are removed
    std::string piece;
    for (std::size_t k = begin; k < end; ++k)
      if (p[k] != '"' && p[k] != '\'') piece.push_back(p[k]);
    text::join_surrogate_pairs(piece);  // removing a quote can join two halves
    pieces.push_back(std::move(piece));
  };
  std::size_t start = 0, i = 0;
  const std::size_t n = p.size();
  while (i < n) {
    const char c = p[i];
    if (c == '[' && i + 1 < n && is_quote_or_digit(p[i + 1])) {
      emit(start, i);
      start = ++i;
    } else if (c == '.') {
      emit(start, i);
      start = ++i;
    } else if (c == ']' && i > 0 && is_quote_or_digit(p[i - 1])) {
      emit(start, i);
      while (i < n && p[i] == ']') ++i;
      start = i;
    } else {
      ++i;
    }
  }
  emit(start, n);
  return pieces;
}

Value get_property(const Value& value, std::string_view key) {
  std::optional<std::string> type_error;
  return json_form(to_value(member(Ref::data(value), key, type_error)));
}

Lookup lookup_keys(const Value& root, const std::vector<std::string>& keys) {
  return walk(root, keys);
}

bool may_reach_builtin(std::string_view key) {
  return key == "constructor" || key == "__proto__" || find_method(kObjectProto, key) ||
         find_method(kArrayProto, key) || find_method(kStringProto, key) ||
         find_method(kNumberProto, key) || find_method(kBooleanProto, key) ||
         find_method(kFunctionProto, key);
}

Lookup lookup_path(const Value& root, std::string_view path, PathCache* cache) {
  if (path.empty() || path == ".") return walk(root, {});
  return walk(root, cache ? cache->split(path) : split_path(path));
}

Value function_value(std::string_view name, int length) {
  return Value::object(
      json::Object{{kFunctionKey, Value::array({Value::string(name), Value::number(length)})}});
}

Value wrapper_value(const Value& primitive) {
  return Value::object(json::Object{{kWrapperKey, primitive}});
}

bool is_builtin_value(const Value& value) {
  if (!value.is_object() || value.as_object().size() != 1) return false;
  const std::string& key = value.as_object().at(0).first;
  return key == kFunctionKey || key == kWrapperKey;
}

bool is_function_value(const Value& value) {
  return is_builtin_value(value) && value.as_object().at(0).first == kFunctionKey;
}

const Value* wrapped_primitive(const Value& value) {
  if (!is_builtin_value(value) || value.as_object().at(0).first != kWrapperKey) return nullptr;
  return &value.as_object().at(0).second;
}

const char* js_type_name(const Value& value) {
  if (is_function_value(value)) return "function";
  if (const Value* primitive = wrapped_primitive(value)) return json::real_type_of(*primitive);
  return json::real_type_of(value);
}

std::string builtin_text(const Value& value) {
  if (const Value* primitive = wrapped_primitive(value)) return json::to_js_string(*primitive);
  return "function " + value.as_object().find(kFunctionKey)->as_array()[0].as_string() +
         "() { [native code] }";
}

Value json_form(const Value& value) {
  if (is_function_value(value)) return {};
  if (const Value* primitive = wrapped_primitive(value)) return *primitive;
  if (value.is_array()) {
    json::Array out;
    out.reserve(value.as_array().size());
    for (const Value& item : value.as_array())
      out.push_back(is_function_value(item) ? Value::null() : json_form(item));
    return Value::array(std::move(out));
  }
  if (value.is_object()) {
    json::Object out;
    for (const auto& [key, member] : value.as_object())
      if (!is_function_value(member)) out.set(key, json_form(member));
    return Value::object(std::move(out));
  }
  return value;
}

Value get_path(const Value& root, const std::vector<std::string>& keys) {
  return walk(root, keys).value;
}

Value get_path(const Value& root, std::string_view path) {
  return lookup_path(root, path, nullptr).value;
}

Value get_path(const Value& root, std::string_view path, PathCache* cache) {
  return lookup_path(root, path, cache).value;
}

const std::vector<std::string>& PathCache::split(std::string_view path) {
  auto it = pieces_.find(path);
  if (it != pieces_.end()) return it->second;
  if (pieces_.size() > 4096) pieces_.clear();
  return pieces_.emplace(std::string(path), split_path(path)).first->second;
}


std::string strip_dollar_dot(std::string_view path) {
  std::string out(path);
  const std::size_t at = out.find("$.");
  if (at != std::string::npos) out.erase(at, 2);
  text::join_surrogate_pairs(out);  // "\ud83d$.\ude00" becomes "😀"
  return out;
}

}  // namespace mapcheck::mapping
