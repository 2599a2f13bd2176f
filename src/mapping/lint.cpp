// Mapping lints: a walk over the mapping that records every payload path it reads and every
// directive option that behaves differently at run time than validation suggests.
#include "mapping/lint.hpp"

#include "json/parse.hpp"
#include "json/write.hpp"
#include "mapping/path.hpp"
#include "mapping/transform.hpp"
#include "mapping/validate.hpp"
#include "text/unicode.hpp"

namespace mapcheck::mapping {

using json::Value;

namespace {

constexpr std::size_t kMaxMappings = 50;  // Segment: at most 50 mappings per destination

enum class EventKind { identify, track, other };

// Which part of the payload a path reads that Engage does not fill for this event type.
enum class Wrong { none, email_on_track, traits_on_track, properties_on_identify };

struct Read {
  PathRead at;
  std::vector<std::string> pieces;
  Wrong wrong = Wrong::none;
  bool suppressed = false;  // a fallback inside an @if that can get its value elsewhere
};

std::string literal(const Value& v) {
  return json::stringify(v).value_or("undefined");
}

std::string child(const std::string& ptr, std::string_view key) {
  std::string p = ptr;
  json::append_pointer_token(p, key);
  return p;
}

std::string child(const std::string& ptr, std::size_t index) {
  std::string p = ptr;
  p.push_back('/');
  p += std::to_string(index);
  return p;
}

bool has_prefix(const std::string& pointer, const std::string& prefix) {
  return pointer.compare(0, prefix.size(), prefix) == 0 &&
         (pointer.size() == prefix.size() || pointer[prefix.size()] == '/');
}

std::string join(const std::vector<std::string>& pieces, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < pieces.size(); ++i) out += (i > from ? "." : "") + pieces[i];
  return out;
}

// The trimmed inner text of each placeholder of an @template, as the two passes find them
// (text that pass 1 inserts cannot be known statically and is left out).
std::vector<std::string> template_placeholders(std::string_view tpl) {
  std::vector<std::string> found;
  std::string rest;
  auto scan = [&found](std::string_view text, std::size_t braces, std::string* remainder) {
    const std::string open(braces, '{'), close(braces, '}');
    std::size_t copied = 0;
    std::size_t at = text.find(open);
    while (at != std::string_view::npos) {
      std::size_t end = at + braces;
      while (end < text.size() && text[end] != '}') ++end;
      if (end > at + braces && text.compare(end, braces, close) == 0) {
        found.emplace_back(text::js_trim(text.substr(at + braces, end - at - braces)));
        if (remainder) remainder->append(text, copied, at - copied);
        copied = end + braces;
        at = text.find(open, copied);
      } else if (end == at + braces) {
        at = text.find(open, at + 1);
      } else {
        at = end >= text.size() ? std::string_view::npos : text.find(open, end + 1);
      }
    }
    if (remainder) remainder->append(text, copied, std::string_view::npos);
  };
  scan(tpl, 3, &rest);
  scan(rest, 2, nullptr);
  return found;
}

// The last "@name" token of a pointer, for naming the directive a validation message concerns.
std::string last_directive(const std::string& pointer) {
  std::size_t end = pointer.size();
  while (end > 0) {
    const std::size_t slash = pointer.rfind('/', end - 1);
    if (slash == std::string::npos) break;
    if (slash + 1 < end && pointer[slash + 1] == '@')
      return pointer.substr(slash + 1, end - slash - 1);
    end = slash;
  }
  return "A directive";
}

// What Linter::collect finds depends only on the mapping and the event's kind, and callers
// lint the same mapping for event after event (transform() in a test suite, once per event);
// the last few results are kept. An entry holds its mapping, so the node it is found by cannot
// be freed and reused while it is kept (shared nodes are never changed in place).
struct Collected {
  Value mapping;
  EventKind kind;
  std::vector<Read> reads;
  std::vector<Diagnostic> found;
};
thread_local std::vector<Collected> recently_collected;  // most recent first

const void* node_of(const Value& v) {
  if (v.is_object()) return &v.as_object();
  if (v.is_array()) return &v.as_array();
  return nullptr;
}

const Collected* collected(const Value& mapping, EventKind kind) {
  const void* node = node_of(mapping);
  if (node == nullptr) return nullptr;
  for (const Collected& c : recently_collected)
    if (c.kind == kind && node_of(c.mapping) == node) return &c;
  return nullptr;
}

void remember(const Value& mapping, EventKind kind, const std::vector<Read>& reads,
              const std::vector<Diagnostic>& found) {
  if (node_of(mapping) == nullptr) return;
  recently_collected.insert(recently_collected.begin(), Collected{mapping, kind, reads, found});
  if (recently_collected.size() > 8) recently_collected.pop_back();
}

class Linter {
 public:
  explicit Linter(const LintContext& context) : ctx_(context) {
    if (ctx_.event && ctx_.event->is_object()) {
      const Value* type = ctx_.event->find("type");
      if (type && type->is_string() && type->as_string() == "identify") kind_ = EventKind::identify;
      if (type && type->is_string() && type->as_string() == "track") kind_ = EventKind::track;
    }
  }

  std::vector<Diagnostic> run(const Value& mapping) {
    if (const Collected* c = collected(mapping, kind_)) {
      out_ = c->found;
      found_reads_ = &c->reads;
    } else {
      collect(mapping);
      remember(mapping, kind_, reads_, out_);
      found_reads_ = &reads_;
    }
    for (const Read& r : *found_reads_) {
      if (r.at.relative || !ctx_.event) continue;
      if (!r.suppressed) report_wrong_part(r);
      check_dotted_key(r);
    }
    check_required(mapping);
    return std::move(out_);
  }

  // Walks the whole mapping: a root array is validated like an object (transform spreads it).
  void collect(const Value& mapping) {
    if (mapping.is_array()) {
      const json::Array& items = mapping.as_array();
      for (std::size_t i = 0; i < items.size(); ++i) walk(items[i], child("", i), true, false);
    } else {
      walk(mapping, "", true, false);
    }
  }

  std::vector<Read>& reads() { return reads_; }

 private:
  void add(const char* code, std::string ptr, const Args& args) {
    out_.push_back(make_diagnostic(code, "mapping", std::move(ptr), args));
  }

  void record(std::string ptr, std::string path, bool relative) {
    Read r;
    r.at = PathRead{std::move(ptr), std::move(path), relative};
    r.pieces = split_path(r.at.path);
    if (!r.pieces.empty()) {
      if (kind_ == EventKind::track && r.pieces[0] == "traits")
        r.wrong = r.pieces.size() > 1 && r.pieces[1] == "email" ? Wrong::email_on_track
                                                                : Wrong::traits_on_track;
      if (kind_ == EventKind::identify && r.pieces[0] == "properties")
        r.wrong = Wrong::properties_on_identify;
    }
    reads_.push_back(std::move(r));
  }

  // `validated`: Segment's validation reaches this value; `relative`: paths here read from
  // something other than the event.
  void walk(const Value& v, const std::string& ptr, bool validated, bool relative) {
    if (v.is_array()) {
      const json::Array& items = v.as_array();
      for (std::size_t i = 0; i < items.size(); ++i) walk(items[i], child(ptr, i), false, relative);
      return;
    }
    if (!v.is_object()) return;
    if (!validated) {
      report_unvalidated(v, ptr);
      validated = true;  // from here on, what validation would reach has been checked
    }
    if (is_directive(v)) {
      const std::string& name = *directive_name(v);
      directive(name, *v.as_object().find(name), child(ptr, name), validated, relative);
      return;
    }
    for (const auto& [key, member] : v.as_object())
      walk(member, child(ptr, key), validated, relative);
  }

  // MK-09: a directive (or an object holding directives) where Segment skips validation.
  void report_unvalidated(const Value& v, const std::string& ptr) {
    std::optional<Error> e = validate_mapping(v);
    if (!e) return;
    for (std::size_t i = 0; i < e->errors.size(); ++i) {
      const std::string relative = i < e->pointers.size() ? e->pointers[i] : "";
      const std::string at = ptr + relative;
      std::string name = last_directive(at);
      if (name == "A directive" && relative.empty() && directive_name(v)) name = *directive_name(v);
      add("MK-09", at, {{"directive", name}, {"problem", validation_text(e->errors[i], relative)}});
    }
  }

  // "validation would say it should be ..." from "/a/@path should be ...": the stack prefix of
  // the reference's message is dropped, since the diagnostic's pointer already says where.
  static std::string validation_text(const std::string& message, const std::string& pointer) {
    std::string prefix = "/";
    std::string stack;
    std::size_t start = pointer.empty() ? std::string::npos : 1;
    while (start != std::string::npos && start <= pointer.size()) {
      const std::size_t slash = pointer.find('/', start);
      std::string token = pointer.substr(start, slash == std::string::npos ? slash : slash - start);
      std::string key;
      for (std::size_t k = 0; k < token.size(); ++k) {
        if (token[k] == '~' && k + 1 < token.size())
          key.push_back(token[++k] == '1' ? '/' : '~');
        else
          key.push_back(token[k]);
      }
      stack += (stack.empty() ? "" : "/") + key;
      start = slash == std::string::npos ? slash : slash + 1;
    }
    prefix += stack + " ";
    if (message.compare(0, prefix.size(), prefix) == 0)
      return "Segment's validation would say it " + message.substr(prefix.size());
    return "Segment's validation would report \"" + message + "\"";
  }

  void walk_members(const Value& options, const std::string& ptr, bool validated, bool relative) {
    for (const auto& [key, member] : options.as_object())
      walk(member, child(ptr, key), validated, relative);
  }

  // `ptr` points at the directive's value ("/field/@if").
  void directive(const std::string& name, const Value& value, const std::string& ptr,
                 bool validated, bool relative) {
    if (name == "@path") {
      if (value.is_string())
        record(ptr, strip_dollar_dot(value.as_string()), relative);
      else
        walk(value, ptr, validated, relative);
    } else if (name == "@template") {
      if (value.is_string())
        template_reads(value.as_string(), ptr, relative);
      else
        walk(value, ptr, validated, relative);
    } else if (name == "@arrayPath") {
      if (!value.is_array()) return;
      const json::Array& items = value.as_array();
      if (!items.empty()) {
        if (items[0].is_string())
          record(ptr + "/0", strip_dollar_dot(items[0].as_string()), relative);
        else
          walk(items[0], ptr + "/0", validated, relative);
      }
      if (items.size() > 1) walk(items[1], ptr + "/1", validated, true);
    } else if (name == "@literal" || name == "@excludeWhenNull") {
      if (name == "@literal") report_literal_directives(value, ptr);
      walk(value, ptr, validated && (is_directive(value) || !value.is_object()), relative);
    } else if (name == "@transform") {
      if (!value.is_object()) return;
      for (const auto& [key, member] : value.as_object())
        walk(member, child(ptr, key), validated, relative || key == "mapping");
    } else if (value.is_object()) {
      const std::size_t first_read = reads_.size();
      if (name == "@if")
        lint_if(value, ptr);
      else if (name == "@case")
        lint_case(value, ptr);
      else if (name == "@replace")
        lint_replace(value, ptr);
      else if (name == "@merge")
        lint_merge(value, ptr);
      else if (name == "@json")
        lint_json(value, ptr);
      else if (name == "@flatten")
        lint_flatten(value, ptr);
      walk_members(value, ptr, validated, relative);
      if (name == "@if") suppress_fallbacks(value, ptr, first_read);
    }
  }

  void template_reads(const std::string& tpl, const std::string& ptr, bool relative) {
    for (const std::string& inner : template_placeholders(tpl)) {
      if (inner.find("$.") != std::string::npos)
        add("MK-08", ptr, {{"placeholder", "{{" + inner + "}}"}});
      record(ptr, inner, relative);
    }
  }

  // MK-07: @literal resolves the directives inside it.
  void report_literal_directives(const Value& v, const std::string& ptr) {
    if (is_directive(v)) {
      add("MK-07", ptr, {{"directive", *directive_name(v)}});
    } else if (v.is_object()) {
      for (const auto& [key, member] : v.as_object())
        report_literal_directives(member, child(ptr, key));
    } else if (v.is_array()) {
      const json::Array& items = v.as_array();
      for (std::size_t i = 0; i < items.size(); ++i)
        report_literal_directives(items[i], child(ptr, i));
    }
  }

  static bool is_literal(const Value* v) { return v != nullptr && !is_directive(*v); }

  void lint_if(const Value& options, const std::string& ptr) {
    const Value* exists = options.find("exists");
    const Value* blank = options.find("blank");
    const Value* otherwise = options.find("else");
    const bool blank_usable = blank && (is_directive(*blank) || blank->truthy());
    if (is_literal(exists)) {
      std::string effect;
      if (exists->truthy())
        effect = "it always exists, so \"then\" is always used";
      else if (!blank_usable)
        effect =
            "Segment treats a falsy literal as missing, so every event fails with: @if "
            "requires an \"exists\" key or a \"blank\" key";
      else
        effect = "it is used instead of \"blank\" and never exists, so \"then\" is never used";
      add("MK-05", child(ptr, "exists"), {{"value", literal(*exists)}, {"effect", effect}});
    } else if (exists == nullptr && !blank_usable) {
      add("MK-11", ptr,
          {{"directive", "@if"},
           {"option", blank
                          ? "\"exists\", and its \"blank\" is the falsy literal " + literal(*blank)
                          : "\"exists\" or \"blank\" key"},
           {"error", "@if requires an \"exists\" key or a \"blank\" key"}});
    }
    if (is_literal(otherwise) && !otherwise->truthy())
      add("MK-04", child(ptr, "else"), {{"value", literal(*otherwise)}});
  }

  // Wrong-part reads inside an @if whose "then" or "else" can supply the value from a correct
  // location (the coalescing defaults Segment ships) are fallbacks, not errors.
  void suppress_fallbacks(const Value& options, const std::string& ptr, std::size_t first_read) {
    bool alternative = false;
    for (const char* branch : {"then", "else"}) {
      const Value* v = options.find(branch);
      if (v == nullptr) continue;
      if (!v->is_object() && !v->is_array() && v->truthy()) alternative = true;
      const std::string prefix = child(ptr, branch);
      for (std::size_t i = first_read; i < reads_.size(); ++i)
        if (reads_[i].wrong == Wrong::none && !reads_[i].at.relative &&
            has_prefix(reads_[i].at.pointer, prefix))
          alternative = true;
    }
    if (!alternative) return;
    for (std::size_t i = first_read; i < reads_.size(); ++i)
      if (reads_[i].wrong != Wrong::none) reads_[i].suppressed = true;
  }

  void lint_case(const Value& options, const std::string& ptr) {
    const Value* op = options.find("operator");
    if (op == nullptr || (op->is_string() && op->as_string().empty()))
      add("MK-11", ptr,
          {{"directive", "@case"},
           {"option", op ? "usable \"operator\" (it is empty)" : "\"operator\""},
           {"error", "@case requires a \"operator\" key"}});
    else if (op->is_string() && op->as_string() != "lower" && op->as_string() != "upper")
      add("MK-13", child(ptr, "operator"), {{"value", op->as_string()}});
  }

  void dollar_patterns(const Value* replacement, const std::string& ptr) {
    if (replacement == nullptr || !replacement->is_string()) return;
    const std::string& s = replacement->as_string();
    std::string found;
    for (const char* seq : {"$&", "$`", "$'", "$$"})
      if (s.find(seq) != std::string::npos) found += std::string(found.empty() ? "" : ", ") + seq;
    if (!found.empty()) add("MK-06", ptr, {{"replacement", s}, {"sequence", found}});
  }

  void lint_replace(const Value& options, const std::string& ptr) {
    dollar_patterns(options.find("replacement"), child(ptr, "replacement"));
    dollar_patterns(options.find("replacement2"), child(ptr, "replacement2"));
    const Value* pattern2 = options.find("pattern2");
    const Value* replacement2 = options.find("replacement2");
    const std::string too_long =
        " UTF-16 units long; Segment only checks pattern and replacement, so every event whose "
        "value is a string fails with: @replace requires a \"";
    if (pattern2 == nullptr || pattern2->is_undefined()) {
      if (replacement2 && !replacement2->is_null())
        add("MK-12", child(ptr, "replacement2"),
            {{"option", "replacement2"}, {"problem", "without a pattern2 it is ignored."}});
      return;
    }
    if (!pattern2->is_string()) {
      add("MK-12", child(ptr, "pattern2"),
          {{"option", "pattern2"},
           {"problem",
            "it is " +
                std::string(is_directive(*pattern2) ? "a directive, which @replace does not resolve"
                                                    : "not a string") +
                ", so the second replacement is silently skipped."}});
      return;
    }
    const std::size_t length = text::utf16_length(pattern2->as_string());
    if (length == 0) {
      add("MK-12", child(ptr, "pattern2"),
          {{"option", "pattern2"},
           {"problem", "it is empty, so the second replacement is skipped."}});
      return;
    }
    if (length > 10)
      add("MK-12", child(ptr, "pattern2"),
          {{"option", "pattern2"},
           {"problem",
            "it is " + std::to_string(length) + too_long + "pattern\" less than 10 characters."}});
    if (replacement2 && !replacement2->is_null()) {
      if (!replacement2->is_string())
        add("MK-12", child(ptr, "replacement2"),
            {{"option", "replacement2"},
             {"problem", "it is not a string, so the second replacement is silently skipped."}});
      else if (const std::size_t n = text::utf16_length(replacement2->as_string()); n > 10)
        add("MK-12", child(ptr, "replacement2"),
            {{"option", "replacement2"},
             {"problem",
              "it is " + std::to_string(n) + too_long + "replacement\" less than 10 characters."}});
    }
  }

  void lint_merge(const Value& options, const std::string& ptr) {
    const Value* direction = options.find("direction");
    if (direction == nullptr) {
      add("MK-11", ptr,
          {{"directive", "@merge"},
           {"option", "\"direction\""},
           {"error", "@merge requires a \"direction\" key"}});
    } else if (direction->is_string() && direction->as_string() != "left" &&
               text::to_lower(direction->as_string()) == "left") {
      add("MK-10", child(ptr, "direction"),
          {{"option", "@merge direction"},
           {"value", direction->as_string()},
           {"expected", "left"},
           {"effect", "this one merges as \"right\" does (later objects win)."}});
    }
  }

  void lint_json(const Value& options, const std::string& ptr) {
    const Value* mode = options.find("mode");
    if (mode && mode->is_string()) {
      const std::string lower = text::to_lower(mode->as_string());
      if ((lower == "encode" || lower == "decode") && mode->as_string() != lower)
        add("MK-10", child(ptr, "mode"),
            {{"option", "@json mode"},
             {"value", mode->as_string()},
             {"expected", lower},
             {"effect", "with this one @json returns undefined and the field disappears."}});
    }
    const Value* value = options.find("value");
    if (is_literal(value) && !value->truthy())
      add("MK-14", child(ptr, "value"), {{"value", literal(*value)}});
  }

  void lint_flatten(const Value& options, const std::string& ptr) {
    const Value* separator = options.find("separator");
    if (separator == nullptr || (separator->is_string() && separator->as_string().empty()))
      add("MK-11", ptr,
          {{"directive", "@flatten"},
           {"option", separator ? "usable \"separator\" (it is empty)" : "\"separator\""},
           {"error", "@flatten requires a \"separator\" key"}});
  }

  void report_wrong_part(const Read& r) {
    const std::string rest = join(r.pieces, 1);
    switch (r.wrong) {
      case Wrong::none:
        return;
      case Wrong::email_on_track:
        add("MAP-01", r.at.pointer, {{"path", r.at.path}});
        return;
      case Wrong::traits_on_track: {
        std::string suggestion = "context.traits (user traits) or properties (enriched traits)";
        if (!rest.empty()) {
          const bool in_context = !get_path(*ctx_.event, "context.traits." + rest).is_undefined();
          suggestion = in_context ? "context.traits." + rest : "properties." + rest;
        }
        add("MAP-02", r.at.pointer,
            {{"path", r.at.path},
             {"event", "a Track"},
             {"explanation",
              "Engage Track events have no top-level traits (enriched traits and ID-Synced "
              "identifiers are in properties, user traits in context.traits), so this value is "
              "empty."},
             {"suggestion", suggestion}});
        return;
      }
      case Wrong::properties_on_identify:
        add("MAP-02", r.at.pointer,
            {{"path", r.at.path},
             {"event", "an Identify"},
             {"explanation",
              "Engage Identify events have no properties (audience flags, enriched traits and "
              "ID-Synced identifiers are in traits), so this value is empty."},
             {"suggestion", rest.empty() ? "traits" : "traits." + rest}});
        return;
    }
  }

  // MAP-05: the path only misses because the event's key holds a literal dot.
  void check_dotted_key(const Read& r) {
    const Value* cur = ctx_.event;
    for (std::size_t i = 0; i < r.pieces.size(); ++i) {
      if (cur->is_array()) {
        const json::Array& items = cur->as_array();
        if (!json::is_array_index(r.pieces[i])) return;
        std::size_t index = 0;  // digits only (checked above); not std::stoul, which links printf into wasm
        for (char ch : r.pieces[i]) index = index * 10 + static_cast<std::size_t>(ch - '0');
        if (index >= items.size()) return;
        cur = &items[index];
        continue;
      }
      if (!cur->is_object()) return;
      if (const Value* next = cur->find(r.pieces[i])) {
        cur = next;
        continue;
      }
      for (const auto& [key, member] : cur->as_object()) {
        if (key.find('.') == std::string::npos) continue;
        const std::vector<std::string> parts = split_path(key);
        if (parts.size() < 2 || i + parts.size() > r.pieces.size()) continue;
        bool same = true;
        for (std::size_t k = 0; k < parts.size() && same; ++k) same = parts[k] == r.pieces[i + k];
        if (same) {
          add("MAP-05", r.at.pointer, {{"path", r.at.path}, {"key", key}});
          return;
        }
      }
      return;
    }
  }

  // MAP-03: required fields that the mapping leaves empty for this event.
  void check_required(const Value& mapping) {
    if (!ctx_.event || ctx_.required_fields.empty()) return;
    Value output;
    if (ctx_.output) {
      if (ctx_.output_failed) return;
      output = *ctx_.output;
    } else {
      TransformResult r = transform(mapping, *ctx_.event);
      if (!r.ok()) return;
      output = r.output;
    }
    for (const std::string& field : ctx_.required_fields) {
      const Value* v = output.is_object() ? output.find(field) : nullptr;
      std::string problem;
      if (v == nullptr || v->is_undefined())
        problem = "resolves to nothing for this event";
      else if (v->is_null())
        problem =
            "resolves to null for this event, which Segment drops unless the field accepts null";
      else if (v->is_string() && v->as_string().empty())
        problem =
            "resolves to an empty string for this event, which Segment removes from the top "
            "level of the payload";
      else
        continue;
      std::string ptr;
      if (mapping.is_object() && mapping.find(field)) {
        ptr = child("", field);
        for (const Read& r : *found_reads_)
          if (r.wrong != Wrong::none && has_prefix(r.at.pointer, ptr)) {
            problem += " (it reads " + r.at.path + ", which Engage does not fill on " +
                       (kind_ == EventKind::track ? "Track" : "Identify") + " events)";
            break;
          }
      } else {
        problem = "is not in the mapping";
      }
      add("MAP-03", ptr, {{"field", field}, {"problem", problem}});
    }
  }

  const LintContext& ctx_;
  EventKind kind_ = EventKind::other;
  std::vector<Read> reads_;
  const std::vector<Read>* found_reads_ = &reads_;  // reads_, or those kept for this mapping
  std::vector<Diagnostic> out_;
};

}  // namespace

std::vector<PathRead> paths_read(const Value& mapping) {
  LintContext none;
  Linter linter(none);
  linter.collect(mapping);
  std::vector<PathRead> out;
  for (Read& r : linter.reads()) out.push_back(std::move(r.at));
  return out;
}

std::vector<Diagnostic> lint_mapping(const Value& mapping, const LintContext& context) {
  return Linter(context).run(mapping);
}

std::optional<Diagnostic> check_mapping_count(std::size_t count, std::string source,
                                              std::string pointer) {
  if (count <= kMaxMappings) return std::nullopt;
  return make_diagnostic("MAP-04", std::move(source), std::move(pointer),
                         {{"count", std::to_string(count)}});
}

}  // namespace mapcheck::mapping
