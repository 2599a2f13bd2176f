// Text-in, result-out entry points shared by the CLI and the wasm bindings.
#include "api.hpp"

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "activation/config.hpp"
#include "activation/simulate.hpp"
#include "batch.hpp"
#include "events/event.hpp"
#include "fql/evaluate.hpp"
#include "fql/generate.hpp"
#include "fql/lint.hpp"
#include "fql/parser.hpp"
#include "json/number.hpp"
#include "json/precision.hpp"
#include "json/write.hpp"
#include "limits.hpp"
#include "mapping/lint.hpp"
#include "mapping/transform.hpp"
#include "mapping/validate.hpp"
#include "text/position.hpp"
#include "text/unicode.hpp"

namespace mapcheck::api {

using json::Object;
using json::Value;

const char* version() { return "0.1.0"; }

const char* parse_error_code(json::ParseErrorKind kind) {
  switch (kind) {
    case json::ParseErrorKind::syntax: return "JSON-01";
    case json::ParseErrorKind::invalid_utf8: return "JSON-02";
    case json::ParseErrorKind::too_large: return "JSON-03";
    case json::ParseErrorKind::too_deep: return "JSON-04";
    case json::ParseErrorKind::string_too_long: return "JSON-05";
    case json::ParseErrorKind::container_too_large: return "JSON-06";
  }
  return "JSON-01";
}

namespace {

Value error_to_value(const mapping::Error& e) {
  Object o{{"name", Value::string(e.name)}, {"message", Value::string(e.message)}};
  if (e.name == "AggregateError") {
    json::Array errors;
    for (const std::string& m : e.errors) errors.push_back(Value::string(m));
    o.set("errors", Value::array(std::move(errors)));
  }
  return Value::object(std::move(o));
}

// Diagnostics for a mapping-kit error: one MK-01 per validation message, or one MK-02.
void add_error_diagnostics(const mapping::Error& e, const Input* mapping_input,
                           std::vector<Diagnostic>& out) {
  if (e.name == "ValidationError" || e.name == "AggregateError") {
    for (std::size_t i = 0; i < e.errors.size(); ++i) {
      Diagnostic d = make_diagnostic("MK-01", "mapping", i < e.pointers.size() ? e.pointers[i] : "",
                                     {{"message", e.errors[i]}});
      if (mapping_input) attach_range(d, *mapping_input);
      out.push_back(std::move(d));
    }
    return;
  }
  // Run-time errors point at the directive that was being resolved.
  Diagnostic d = e.name == "UnsupportedError"
                     ? make_diagnostic("MK-03", "mapping", e.pointer, {{"message", e.message}})
                 : e.name == "LimitError"
                     ? make_diagnostic("LIM-01", "mapping", e.pointer, {{"detail", e.message}})
                     : make_diagnostic("MK-02", "mapping", e.pointer,
                                       {{"name", e.name}, {"message", e.message}});
  if (mapping_input) attach_range(d, *mapping_input);
  out.push_back(std::move(d));
}

std::optional<std::string> option_bool_key(const Value& options, const char* key) {
  if (const Value* v = options.find(key); v && v->is_boolean() && v->as_boolean()) return key;
  return std::nullopt;
}

// Most JSON-07 / JSON-08 warnings reported for one input; the rest add nothing new.
constexpr std::size_t kMaxInputWarnings = 100;

std::string unescape_pointer_token(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out.push_back(token[i + 1] == '1' ? '/' : '~');
      ++i;
    } else {
      out.push_back(token[i]);
    }
  }
  return out;
}

// The end of the JSON string literal that starts at `begin` (just past its closing quote).
std::size_t string_literal_end(std::string_view text, std::size_t begin) {
  std::size_t i = begin + 1;
  while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
  return std::min(i + 1, text.size());
}

// JSON-08 for every number whose literal JavaScript cannot hold exactly.
void add_precision_warnings(const Value& v, std::string& pointer, Input& in,
                            const text::LineIndex& lines, std::size_t& budget) {
  if (budget == 0) return;
  if (v.is_number()) {
    const json::Span* span = in.spans.find(pointer);
    if (span == nullptr) return;
    const std::string_view token = in.text.substr(span->begin, span->end - span->begin);
    if (token.empty() || !(token[0] == '-' || (token[0] >= '0' && token[0] <= '9'))) return;
    if (json::number_literal_is_exact(token, v.as_number())) return;
    Diagnostic d = make_diagnostic(
        "JSON-08", in.source, pointer,
        {{"number", std::string(token)}, {"value", json::format_number(v.as_number())}});
    d.range = TextRange{lines.at(span->begin), lines.at(span->end)};
    in.diagnostics.push_back(std::move(d));
    --budget;
    return;
  }
  const std::size_t size = pointer.size();
  if (v.is_array()) {
    const json::Array& items = v.as_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      pointer += "/" + std::to_string(i);
      add_precision_warnings(items[i], pointer, in, lines, budget);
      pointer.resize(size);
    }
  } else if (v.is_object()) {
    for (const auto& [key, member] : v.as_object()) {
      json::append_pointer_token(pointer, key);
      add_precision_warnings(member, pointer, in, lines, budget);
      pointer.resize(size);
    }
  }
}

// The first error among diagnostics (parse failures put one there).
const Diagnostic& first_error(const std::vector<Diagnostic>& list) {
  for (const Diagnostic& d : list)
    if (d.severity == Severity::error) return d;
  return list.front();
}

// Field names from a "required" (or "required_fields") option: an array of strings.
std::vector<std::string> required_fields(const Value& options, std::vector<Diagnostic>* problems) {
  std::vector<std::string> out;
  for (const char* key : {"required", "requiredFields", "required_fields"}) {
    const Value* v = options.is_object() ? options.find(key) : nullptr;
    if (v == nullptr) continue;
    bool ok = v->is_array();
    if (ok)
      for (const Value& item : v->as_array()) {
        if (item.is_string())
          out.push_back(item.as_string());
        else
          ok = false;
      }
    if (!ok && problems)
      problems->push_back(make_diagnostic(
          "OPT-01", "options", std::string("/") + key,
          {{"option", key}, {"problem", "must be an array of field names (strings)"}}));
  }
  return out;
}

// Validation errors, the run-time error on `event` and the lints of one mapping, with
// pointers into the mapping (source "mapping").
std::vector<Diagnostic> mapping_diagnostics(const Value& mapping, const Value& event,
                                            const std::vector<std::string>& required) {
  std::vector<Diagnostic> out;
  mapping::TransformResult r = mapping::transform(mapping, event);
  if (r.error) add_error_diagnostics(*r.error, nullptr, out);
  mapping::LintContext context;
  context.event = &event;
  context.required_fields = required;
  context.output = &r.output;
  context.output_failed = r.error.has_value();
  std::vector<Diagnostic> lints = mapping::lint_mapping(mapping, context);
  out.insert(out.end(), lints.begin(), lints.end());
  return out;
}

}  // namespace

const text::LineIndex& Input::lines() const {
  if (!lines_ || lines_->text().data() != text.data() || lines_->text().size() != text.size())
    lines_ = std::make_shared<const text::LineIndex>(text);
  return *lines_;
}

Input parse_input(std::string_view text, std::string source, const json::Limits& limits) {
  Input in;
  in.text = text;
  in.source = std::move(source);
  json::ParseOptions options;
  options.limits = limits;
  options.allow_bom = true;
  // Text from JavaScript may hold lone surrogates, which JSON.parse accepts inside strings
  // (WTF-8 here); in bytes read from a file they are not UTF-8 but read the same way.
  options.allow_surrogates = true;
  options.source_map = &in.spans;
  std::vector<json::DuplicateKey> duplicates;
  options.duplicates = &duplicates;
  json::ParseResult parsed = json::parse(text, options);
  if (parsed.ok()) {
    in.value = std::move(parsed.value);
    in.ok = true;
    const text::LineIndex& lines = in.lines();
    for (std::size_t i = 0; i < duplicates.size() && i < kMaxInputWarnings; ++i) {
      const json::DuplicateKey& dup = duplicates[i];
      const std::string key =
          unescape_pointer_token(dup.pointer.substr(dup.pointer.rfind('/') + 1));
      Diagnostic d = make_diagnostic("JSON-07", in.source, dup.pointer, {{"key", key}});
      d.range = TextRange{lines.at(dup.offset), lines.at(string_literal_end(text, dup.offset))};
      in.diagnostics.push_back(std::move(d));
    }
    std::string pointer;
    std::size_t budget = kMaxInputWarnings;
    add_precision_warnings(in.value, pointer, in, lines, budget);
    return in;
  }
  const text::LineIndex lines(text);
  const text::Position at = lines.at(parsed.error->offset);
  Diagnostic d = make_diagnostic(parse_error_code(parsed.error->kind), in.source, "",
                                 {{"detail", in.source + ": " + parsed.error->message},
                                  {"line", std::to_string(at.line)},
                                  {"column", std::to_string(at.column)}});
  std::size_t end = parsed.error->offset;
  if (end < text.size()) {
    ++end;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  }
  d.range = TextRange{at, lines.at(end)};
  in.diagnostics.push_back(std::move(d));
  return in;
}

void attach_ranges(Value& diagnostics, const Input& input) {
  if (!input.ok || !diagnostics.is_array()) return;
  const text::LineIndex& lines = input.lines();
  for (Value& d : diagnostics.array_mut()) {
    const Value* source = d.find("source");
    const Value* pointer = d.find("pointer");
    if (!source || !pointer || !source->is_string() || source->as_string() != input.source ||
        d.find("range"))
      continue;
    const json::Span* span = input.spans.find_nearest(pointer->as_string());
    if (span == nullptr) continue;
    Diagnostic ranged;
    ranged.range = TextRange{lines.at(span->begin), lines.at(span->end)};
    d.object_mut().set("range", *diagnostic_to_value(ranged).find("range"));
  }
}

void attach_range(Diagnostic& d, const Input& input) {
  if (!input.ok || d.range) return;
  const json::Span* span = input.spans.find_nearest(d.pointer);
  if (span == nullptr) return;
  const text::LineIndex& lines = input.lines();
  d.range = TextRange{lines.at(span->begin), lines.at(span->end)};
}

void attach_ranges(std::vector<Diagnostic>& list, const Input& input) {
  if (!input.ok || list.empty()) return;
  const text::LineIndex& lines = input.lines();
  for (Diagnostic& d : list) {
    if (d.range) continue;
    if (const json::Span* span = input.spans.find_nearest(d.pointer))
      d.range = TextRange{lines.at(span->begin), lines.at(span->end)};
  }
}

Value catalogue_entries() {
  json::Array out;
  for (const CodeInfo& info : catalogue())
    out.push_back(Value::object(Object{{"code", Value::string(info.code)},
                                       {"severity", Value::string(severity_name(info.severity))},
                                       {"title", Value::string(info.title)},
                                       {"message", Value::string(info.message)},
                                       {"fix", Value::string(info.fix)},
                                       {"basis", Value::string(info.basis)},
                                       {"docs", Value::string("docs/diagnostics.md#" +
                                                              docs_anchor(info.code))}}));
  return Value::array(std::move(out));
}

std::string to_json(const Value& value, int indent, std::size_t max_bytes) {
  if (value.weight() > max_bytes) {
    // Every entry point bounds its own work, but a result can still repeat one large value
    // many times; it is answered with the limit instead of being written out.
    const std::string message = "The result would be more than " +
                                std::to_string(max_bytes) +
                                " bytes of JSON; mapcheck answers with at most that";
    Diagnostic d = make_diagnostic("LIM-01", "result", "", {{"detail", message}});
    Value replaced = Value::object(
        Object{{"error", Value::object(Object{{"name", Value::string("LimitError")},
                                              {"message", Value::string(message)}})},
               {"diagnostics", diagnostics_to_value({d})}});
    return *json::stringify(replaced, indent);
  }
  // Indentation repeats for every line at every level; a deep and wide result is written
  // compactly rather than growing by its depth times its size.
  if (indent > 0) {
    std::size_t values = 0;
    const std::size_t depth = json::nesting_depth(value, SIZE_MAX, &values);
    if (values * (1 + static_cast<std::size_t>(indent) * depth) > max_bytes) indent = 0;
  }
  std::optional<std::string> text = json::stringify(value, indent);
  return text ? *text : "null";
}

namespace {

// The last few texts made ready (parsed, validated, ...), most recent first: `ready_for(text)`
// finds the entry made from `text`, or makes it with `make(text)`, dropping the oldest.
template <class Ready, class Make>
Ready& ready_for(std::vector<std::unique_ptr<Ready>>& recent, std::string_view text, Make make) {
  for (std::size_t i = 0; i < recent.size(); ++i) {
    if (recent[i]->text != text) continue;
    std::rotate(recent.begin(), recent.begin() + static_cast<std::ptrdiff_t>(i),
                recent.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    return *recent.front();
  }
  recent.insert(recent.begin(), make(text));
  if (recent.size() > 4) recent.pop_back();
  return *recent.front();
}

// A mapping text made ready once. transform() is called with the same mapping for event after
// event (test suites, the playground while the payload is edited), so the parse, the source
// positions and the validation of the last few mapping texts are kept.
struct ReadyMapping {
  std::string text;
  Input input;                        // input.text views `text`
  mapping::PreparedMapping prepared;  // when input.ok
};

const ReadyMapping& ready_mapping(std::string_view text) {
  static thread_local std::vector<std::unique_ptr<ReadyMapping>> recent;
  return ready_for(recent, text, [](std::string_view given) {
    auto ready = std::make_unique<ReadyMapping>();
    ready->text.assign(given);
    ready->input = parse_input(ready->text, "mapping");
    if (ready->input.ok) ready->prepared = mapping::prepare(ready->input.value);
    return ready;
  });
}

// An input whose source positions are needed only to point at a syntax error, a duplicate key
// or an inexact number in it: it is parsed without them (the fast path), and again with them
// only when it has one of those.
Input parse_input_unmapped(std::string_view text, std::string source) {
  json::ParseOptions options;
  options.allow_bom = true;
  bool clean = false;  // no duplicate keys or inexact numbers to warn about (JSON-07, JSON-08)
  options.clean = &clean;
  json::ParseResult parsed = json::parse(text, options);
  if (!parsed.ok() || !clean) return parse_input(text, std::move(source));
  Input in;
  in.text = text;
  in.source = std::move(source);
  in.value = std::move(parsed.value);
  in.ok = true;
  return in;
}

}  // namespace

Value transform(std::string_view mapping_text, std::optional<std::string_view> payload_text,
                std::string_view options_text) {
  std::vector<Diagnostic> diagnostics;
  Object result;
  const ReadyMapping& ready = ready_mapping(mapping_text);
  const Input& mapping = ready.input;
  Input payload;
  if (payload_text) payload = parse_input_unmapped(*payload_text, "payload");
  Value options = Value::object();
  if (!options_text.empty()) {
    Input parsed = parse_input(options_text, "options");
    if (parsed.ok && parsed.value.is_object()) options = parsed.value;
  }
  for (const Input* in : {&mapping, static_cast<const Input*>(&payload)})
    diagnostics.insert(diagnostics.end(), in->diagnostics.begin(), in->diagnostics.end());
  if (!mapping.ok || (payload_text && !payload.ok)) {
    const Diagnostic& first = first_error(diagnostics);
    result.set("error", Value::object(Object{{"name", Value::string("SyntaxError")},
                                             {"message", Value::string(first.message)}}));
    result.set("diagnostics", diagnostics_to_value(diagnostics));
    return Value::object(std::move(result));
  }
  std::vector<mapping::Provenance> provenance;
  mapping::TransformOptions transform_options;
  if (option_bool_key(options, "explain")) transform_options.provenance = &provenance;
  // Equivalent to mapping::transform(mapping.value, payload.value, transform_options).
  mapping::TransformResult r = mapping::run_prepared(ready.prepared, payload.value, transform_options);
  if (r.error) {
    result.set("error", error_to_value(*r.error));
    add_error_diagnostics(*r.error, &mapping, diagnostics);
  } else if (!r.output.is_undefined()) {
    result.set("output", r.output);
  }
  if (payload_text) {
    // Lints that judge the mapping against this payload's event type.
    mapping::LintContext context;
    context.event = &payload.value;
    context.required_fields = required_fields(options, nullptr);
    context.output = &r.output;
    context.output_failed = r.error.has_value();
    std::vector<Diagnostic> lints = mapping::lint_mapping(mapping.value, context);
    attach_ranges(lints, mapping);
    diagnostics.insert(diagnostics.end(), lints.begin(), lints.end());
  }
  result.set("diagnostics", diagnostics_to_value(diagnostics));
  if (transform_options.provenance) {
    json::Array explain;
    for (const mapping::Provenance& p : provenance) {
      json::Array reads;
      for (const std::string& path : p.reads) reads.push_back(Value::string(path));
      explain.push_back(Value::object(Object{{"pointer", Value::string(p.pointer)},
                                             {"directive", Value::string(p.directive)},
                                             {"reads", Value::array(std::move(reads))},
                                             {"empty", Value::boolean(p.resolved_empty)}}));
    }
    result.set("explain", Value::array(std::move(explain)));
  }
  return Value::object(std::move(result));
}

Value validate_mapping(std::string_view mapping_text) {
  std::vector<Diagnostic> diagnostics;
  Input mapping = parse_input(mapping_text, "mapping");
  Object result;
  if (mapping.ok) diagnostics = mapping.diagnostics;  // JSON-07 / JSON-08 warnings
  if (!mapping.ok) {
    result.set("valid", Value::boolean(false));
    result.set("errors", Value::array({Value::string(mapping.diagnostics.front().message)}));
    result.set("errorName", Value::string("SyntaxError"));
    result.set("diagnostics", diagnostics_to_value(mapping.diagnostics));
    return Value::object(std::move(result));
  }
  std::optional<mapping::Error> e = mapping::validate_mapping(mapping.value);
  result.set("valid", Value::boolean(!e));
  json::Array errors;
  if (e) {
    for (const std::string& m : e->errors) errors.push_back(Value::string(m));
    add_error_diagnostics(*e, &mapping, diagnostics);
  }
  result.set("errors", Value::array(std::move(errors)));
  if (e) result.set("errorName", Value::string(e->name));
  result.set("diagnostics", diagnostics_to_value(diagnostics));
  return Value::object(std::move(result));
}

Value validate_event(std::string_view event_text, std::string_view options_text,
                     std::optional<std::string_view> mapping_text) {
  std::vector<Diagnostic> diagnostics;
  Input event = parse_input(event_text, "event");
  diagnostics.insert(diagnostics.end(), event.diagnostics.begin(), event.diagnostics.end());

  Input options;
  Value opts = Value::object();
  std::vector<Diagnostic> option_problems;
  if (!options_text.empty()) {
    options = parse_input(options_text, "options");
    diagnostics.insert(diagnostics.end(), options.diagnostics.begin(), options.diagnostics.end());
    if (options.ok && options.value.is_object())
      opts = options.value;
    else if (options.ok)
      option_problems.push_back(make_diagnostic(
          "OPT-01", "options", "",
          {{"option", "The options"},
           {"problem", "are " + events::describe_type(options.value) + ", not an object"}}));
  }
  static const char* const known[] = {"eventNames",      "event_names", "audienceKey",
                                      "audience_key",    "required",    "requiredFields",
                                      "required_fields", "mapping",     "mappings"};
  for (const auto& [key, member] : opts.as_object()) {
    bool is_known = false;
    for (const char* k : known) is_known = is_known || key == k;
    if (!is_known)
      option_problems.push_back(
          make_diagnostic("OPT-01", "options", events::pointer({key}),
                          {{"option", key}, {"problem", "is not an option of validateEvent"}}));
  }
  const events::EventOptions event_options = events::read_event_options(opts, &option_problems);
  const std::vector<std::string> required = required_fields(opts, &option_problems);

  Object result;
  if (event.ok) {
    std::vector<Diagnostic> checks = events::check_event(event.value, event_options);
    attach_ranges(checks, event);
    diagnostics.insert(diagnostics.end(), checks.begin(), checks.end());

    // A mapping in its own text points into that text; one inside the options is re-based
    // to point into the options ("/mapping/...", "/mappings/2/...").
    auto add_embedded = [&](const Value& mapping, const std::string& prefix) {
      std::vector<Diagnostic> found = mapping_diagnostics(mapping, event.value, required);
      for (Diagnostic& d : found) {
        d.source = "options";
        d.pointer = prefix + d.pointer;
      }
      attach_ranges(found, options);
      diagnostics.insert(diagnostics.end(), found.begin(), found.end());
    };
    if (mapping_text) {
      Input mapping = parse_input(*mapping_text, "mapping");
      diagnostics.insert(diagnostics.end(), mapping.diagnostics.begin(), mapping.diagnostics.end());
      if (mapping.ok) {
        std::vector<Diagnostic> found = mapping_diagnostics(mapping.value, event.value, required);
        attach_ranges(found, mapping);
        diagnostics.insert(diagnostics.end(), found.begin(), found.end());
      }
    } else if (const Value* mapping = opts.find("mapping")) {
      add_embedded(*mapping, "/mapping");
    }
    if (const Value* mappings = opts.find("mappings")) {
      if (!mappings->is_array()) {
        option_problems.push_back(make_diagnostic(
            "OPT-01", "options", "/mappings",
            {{"option", "mappings"},
             {"problem",
              "is " + events::describe_type(*mappings) + ", not an array of mappings"}}));
      } else {
        if (std::optional<Diagnostic> d =
                mapping::check_mapping_count(mappings->as_array().size(), "options", "/mappings")) {
          attach_range(*d, options);
          diagnostics.push_back(std::move(*d));
        }
        std::size_t count = mappings->as_array().size();
        if (count > limits::kMaxMappings) {
          Diagnostic d = make_diagnostic(
              "LIM-01", "options", "/mappings/" + std::to_string(limits::kMaxMappings),
              {{"detail", "The options hold " + std::to_string(count) +
                              " mappings; mapcheck checks the first " +
                              std::to_string(limits::kMaxMappings) + "."}});
          attach_range(d, options);
          diagnostics.push_back(std::move(d));
          count = limits::kMaxMappings;
        }
        for (std::size_t i = 0; i < count; ++i)
          add_embedded(mappings->as_array()[i], "/mappings/" + std::to_string(i));
      }
    }
    const events::EventType type = events::event_type_of(event.value);
    result.set("eventType", type == events::EventType::identify ? Value::string("identify")
                            : type == events::EventType::track  ? Value::string("track")
                                                                : Value::null());
  }
  attach_ranges(option_problems, options);
  diagnostics.insert(diagnostics.end(), option_problems.begin(), option_problems.end());
  bool valid = true;
  for (const Diagnostic& d : diagnostics) valid = valid && d.severity != Severity::error;
  result.set("valid", Value::boolean(valid));
  result.set("diagnostics", diagnostics_to_value(diagnostics));
  return Value::object(std::move(result));
}

namespace {

Value fql_error_value(const fql::Error& e) {
  return Value::object(Object{{"name", Value::string(e.name)}, {"message", Value::string(e.message)}});
}

// FQL arrives as plain text, not JSON, so nothing has checked its encoding: bytes that are not
// UTF-8 become U+FFFD, as they would when a browser decodes the same bytes (encoded lone
// surrogates, which JavaScript strings can hold, are kept).
std::string readable_text(std::string_view text) {
  if (text::find_invalid_utf8(text, true) == std::string_view::npos) return std::string(text);
  return text::from_utf16(text::to_utf16(text));
}

bool looks_like_json_object(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{';
  }
  return false;
}

}  // namespace

Value parse_fql(std::string_view given_text) {
  const std::string fql_text = readable_text(given_text);
  const fql::ParseResult parsed = fql::parse(fql_text);
  Object result;
  if (parsed.error) {
    Object error{{"name", Value::string(parsed.error->name)},
                 {"message", Value::string(parsed.error->message)}};
    if (parsed.lex_error) error.set("lexError", Value::string(parsed.lex_error->message));
    result.set("error", Value::object(std::move(error)));
  } else {
    result.set("ast", parsed.ast);
  }
  result.set("diagnostics", diagnostics_to_value(fql::lint(fql_text, parsed)));
  return Value::object(std::move(result));
}

namespace {

// FQL text made ready once: matchesFql is called with the same trigger for event after event.
// Its result depends only on what the trigger reads of the event (activation::trigger_reads:
// the condition fields and the type the lints look at), so results are also remembered by
// that part of the event.
struct ReadyTrigger {
  std::string text;      // as given
  std::string readable;  // readable_text(text), what is parsed
  fql::ParseResult parsed;
  bool reads_known = false;
  json::Projection reads;
  struct Result {
    Value value;
    std::string json;  // to_json(value), answered as it is by matches_fql_json
  };
  std::unordered_map<std::string, Result> results;  // by the JSON of the part of the event read
};

ReadyTrigger& ready_trigger(std::string_view text) {
  static thread_local std::vector<std::unique_ptr<ReadyTrigger>> recent;
  return ready_for(recent, text, [](std::string_view given) {
    auto ready = std::make_unique<ReadyTrigger>();
    ready->text.assign(given);
    ready->readable = readable_text(given);
    ready->parsed = fql::parse(ready->readable);
    activation::MappingConfig m;
    m.trigger_fql = ready->readable;
    ready->reads_known = activation::trigger_reads(m, ready->reads);
    return ready;
  });
}

Value matches_fql_uncached(std::string_view trigger_text, std::string_view event_text,
                           const fql::ParseResult* ready_parse);

// A trigger's result on an event: the remembered one (with its JSON text) when the event's
// part the trigger reads was seen before, or a fresh one.
struct Match {
  const ReadyTrigger::Result* remembered = nullptr;
  Value fresh;
};

Match match_trigger(std::string_view given_trigger, std::string_view event_text) {
  if (looks_like_json_object(given_trigger))
    return {nullptr, matches_fql_uncached(readable_text(given_trigger), event_text, nullptr)};
  ReadyTrigger& trigger = ready_trigger(given_trigger);
  const std::string& trigger_text = trigger.readable;
  if (!trigger.reads_known || event_text.empty())
    return {nullptr, matches_fql_uncached(trigger_text, event_text, &trigger.parsed)};
  json::ParseOptions options;
  options.allow_bom = true;
  bool clean = false;
  options.clean = &clean;
  const json::ParseResult event = json::parse_projected(event_text, trigger.reads, options);
  // A syntax error, a duplicate key or an inexact number is reported about this event's text.
  if (!event.ok() || !clean)
    return {nullptr, matches_fql_uncached(trigger_text, event_text, &trigger.parsed)};
  std::string key;
  json::append_json(key, event.value);
  auto it = trigger.results.find(key);
  if (it == trigger.results.end()) {
    if (trigger.results.size() >= 1024) trigger.results.clear();  // bounded
    Value result = matches_fql_uncached(trigger_text, event_text, &trigger.parsed);
    std::string json = to_json(result);
    it = trigger.results.emplace(std::move(key), ReadyTrigger::Result{std::move(result), std::move(json)}).first;
  }
  return {&it->second, {}};
}

}  // namespace

Value matches_fql(std::string_view given_trigger, std::string_view event_text) {
  Match m = match_trigger(given_trigger, event_text);
  return m.remembered ? m.remembered->value : std::move(m.fresh);
}

std::string matches_fql_json(std::string_view given_trigger, std::string_view event_text) {
  Match m = match_trigger(given_trigger, event_text);
  return m.remembered ? m.remembered->json : to_json(m.fresh);
}

namespace {

Value matches_fql_uncached(std::string_view trigger_text, std::string_view event_text,
                           const fql::ParseResult* ready_parse) {
  std::vector<Diagnostic> diagnostics;
  Object result;
  Input event;
  const bool has_event = !event_text.empty();
  if (has_event) {
    event = parse_input_unmapped(event_text, "event");  // lints point into the trigger only
    diagnostics.insert(diagnostics.end(), event.diagnostics.begin(), event.diagnostics.end());
  }
  Value ast;
  std::optional<fql::ParseResult> parsed;
  Input ast_input;
  if (looks_like_json_object(trigger_text)) {
    ast_input = parse_input(trigger_text, "trigger");
    diagnostics.insert(diagnostics.end(), ast_input.diagnostics.begin(), ast_input.diagnostics.end());
    if (ast_input.ok) ast = ast_input.value;
  } else {
    parsed = ready_parse ? *ready_parse : fql::parse(trigger_text);
    ast = parsed->ok() ? parsed->ast
                       : Value::object(Object{{"error", fql_error_value(*parsed->error)}});
  }
  if ((has_event && !event.ok) || (!parsed && !ast_input.ok)) {
    const Diagnostic& first = first_error(diagnostics);
    result.set("matches", Value::boolean(false));
    result.set("error", Value::object(Object{{"name", Value::string("SyntaxError")},
                                             {"message", Value::string(first.message)}}));
    result.set("conditions", Value::array());
    result.set("diagnostics", diagnostics_to_value(diagnostics));
    return Value::object(std::move(result));
  }
  const Value payload = has_event ? event.value : Value();
  const fql::MatchResult m = fql::validate(ast, payload);
  result.set("matches", Value::boolean(m.matches));
  if (m.error) {
    result.set("error", fql_error_value(*m.error));
  } else if (parsed && parsed->error) {
    result.set("error", fql_error_value(*parsed->error));
  }
  result.set("conditions", fql::explanation_to_value(fql::explain(ast, payload)));
  fql::LintOptions options;
  if (has_event) options.event = &event.value;
  std::vector<Diagnostic> lints =
      parsed ? fql::lint(trigger_text, *parsed, options) : fql::lint_ast(ast, options);
  if (!parsed) attach_ranges(lints, ast_input);
  diagnostics.insert(diagnostics.end(), lints.begin(), lints.end());
  result.set("diagnostics", diagnostics_to_value(diagnostics));
  return Value::object(std::move(result));
}

}  // namespace

Value generate_fql(std::string_view ast_text) {
  Object result;
  Input ast = parse_input(ast_text, "trigger");
  if (!ast.ok) {
    result.set("error", Value::object(Object{{"name", Value::string("SyntaxError")},
                                             {"message", Value::string(ast.diagnostics.front().message)}}));
    result.set("diagnostics", diagnostics_to_value(ast.diagnostics));
    return Value::object(std::move(result));
  }
  const fql::GenerateResult g = fql::generate(ast.value);
  if (g.error) result.set("error", fql_error_value(*g.error));
  else result.set("fql", Value::string(g.fql));
  std::vector<Diagnostic> diagnostics;
  if (!g.error || g.error->name == "LimitError") diagnostics = fql::lint_ast(ast.value);
  attach_ranges(diagnostics, ast);
  result.set("diagnostics", diagnostics_to_value(diagnostics));
  return Value::object(std::move(result));
}

}  // namespace mapcheck::api

namespace mapcheck::api {

Value simulate(std::string_view config_text) {
  Input config = parse_input(config_text, "config");
  if (!config.ok) {
    return Value::object(Object{{"events", Value::array()},
                                {"assumptions", Value::array()},
                                {"diagnostics", diagnostics_to_value(config.diagnostics)}});
  }
  activation::ConfigResult read = activation::read_config(config.value);
  for (Diagnostic& d : read.diagnostics) attach_range(d, config);
  if (!read.ok()) {
    return Value::object(Object{{"events", Value::array()},
                                {"assumptions", Value::array()},
                                {"diagnostics", diagnostics_to_value(read.diagnostics)}});
  }
  Value report = activation::simulate(read.config, read.diagnostics);
  // Diagnostics about the config (top level and per mapping run) point into its text.
  attach_ranges(*report.object_mut().find("diagnostics"), config);
  for (Value& event : report.object_mut().find("events")->array_mut())
    for (Value& run : event.object_mut().find("mappings")->array_mut())
      attach_ranges(*run.object_mut().find("diagnostics"), config);
  return report;
}

}  // namespace mapcheck::api

namespace mapcheck::api {

Value run_batch(std::string_view ndjson, std::string_view options_text) {
  Input options = parse_input(options_text, "options");
  auto failure = [](std::vector<Diagnostic> diagnostics) {
    return Value::object(Object{{"results", Value::string("")},
                                {"diagnostics", diagnostics_to_value(diagnostics)}});
  };
  if (!options.ok) return failure(options.diagnostics);
  std::vector<activation::MappingConfig> mappings;
  if (const Value* config = options.value.find("config")) {
    activation::ConfigResult read = activation::read_config(*config);
    if (!read.ok()) return failure(read.diagnostics);
    mappings = read.config.mappings;
  } else if (const Value* mapping = options.value.find("mapping")) {
    activation::MappingConfig m;
    m.name = "mapping";
    m.fields = *mapping;
    if (const Value* trigger = options.value.find("trigger"); trigger && trigger->is_string())
      m.trigger_fql = trigger->as_string();
    if (const Value* required = options.value.find("requiredFields"); required && required->is_array())
      for (const Value& f : required->as_array())
        if (f.is_string()) m.required_fields.push_back(f.as_string());
    mappings.push_back(std::move(m));
  } else {
    return failure({make_diagnostic("CFG-00", "options", "",
                                    {{"problem", "runBatch needs {mapping, trigger?} or {config}."}})});
  }
  batch::Runner runner(std::move(mappings));
  std::string results;
  std::vector<Diagnostic> diagnostics;
  results.reserve(ndjson.size());  // result lines are about as long as the events
  const std::size_t results_limit = limits::batch_results_limit(ndjson.size());
  std::size_t line_number = 0, start = 0;
  while (start <= ndjson.size()) {
    std::size_t end = ndjson.find('\n', start);
    if (end == std::string_view::npos) end = ndjson.size();
    ++line_number;
    runner.process_line(ndjson.substr(start, end - start), line_number, results);
    start = end + 1;
    // The results stay in memory here (the CLI streams them instead).
    if (results.size() > results_limit && start <= ndjson.size()) {
      diagnostics.push_back(make_diagnostic(
          "LIM-01", "batch", "",
          {{"detail", "The results of the first " + std::to_string(line_number) +
                          " lines are more than " + std::to_string(results_limit) +
                          " bytes; mapcheck stopped there (line " +
                          std::to_string(line_number + 1) + " and after are not checked)"}}));
      break;
    }
  }
  return Value::object(Object{{"results", Value::string(std::move(results))},
                              {"summary", runner.summary()},
                              {"diagnostics", diagnostics_to_value(diagnostics)}});
}

std::string run_batch_json(std::string_view ndjson, std::string_view options_text) {
  return to_json(run_batch(ndjson, options_text), 0,
                 limits::batch_results_limit(ndjson.size()) + limits::kMaxResultBytes);
}

}  // namespace mapcheck::api
