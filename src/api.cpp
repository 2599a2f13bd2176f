// Text-in, result-out entry points shared by the CLI and the wasm bindings.
#include "api.hpp"

#include <algorithm>
#include <memory>

#include "activation/config.hpp"
#include "activation/simulate.hpp"
#include "batch.hpp"
#include "json/write.hpp"
#include "mapping/transform.hpp"
#include "mapping/validate.hpp"
#include "text/position.hpp"

namespace mapcheck::api {

using json::Object;
using json::Value;

const char* version() { return "0.1.0"; }

namespace {

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
  if (e.name == "UnsupportedError") {
    out.push_back(make_diagnostic("MK-03", "mapping", "", {{"message", e.message}}));
    return;
  }
  if (e.name == "LimitError") {
    out.push_back(make_diagnostic("LIM-01", "mapping", "", {{"detail", e.message}}));
    return;
  }
  out.push_back(make_diagnostic("MK-02", "mapping", "", {{"name", e.name}, {"message", e.message}}));
}

std::optional<std::string> option_bool_key(const Value& options, const char* key) {
  if (const Value* v = options.find(key); v && v->is_boolean() && v->as_boolean()) return key;
  return std::nullopt;
}

}  // namespace

Input parse_input(std::string_view text, std::string source, const json::Limits& limits) {
  Input in;
  in.text = text;
  in.source = std::move(source);
  json::ParseOptions options;
  options.limits = limits;
  options.allow_bom = true;
  options.source_map = &in.spans;
  json::ParseResult parsed = json::parse(text, options);
  if (parsed.ok()) {
    in.value = std::move(parsed.value);
    in.ok = true;
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
  const text::LineIndex lines(input.text);
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
  const text::LineIndex lines(input.text);
  d.range = TextRange{lines.at(span->begin), lines.at(span->end)};
}

std::string to_json(const Value& value, int indent) {
  std::optional<std::string> text = json::stringify(value, indent);
  return text ? *text : "null";
}

namespace {

// A mapping text made ready once. transform() is called with the same mapping for event after
// event (test suites, the playground while the payload is edited), so the parse, the source
// positions and the validation of the last few mapping texts are kept.
struct ReadyMapping {
  std::string text;
  Input input;                        // input.text views `text`
  mapping::PreparedMapping prepared;  // when input.ok
};

const ReadyMapping& ready_mapping(std::string_view text) {
  static thread_local std::vector<std::unique_ptr<ReadyMapping>> recent;  // most recent first
  for (std::size_t i = 0; i < recent.size(); ++i) {
    if (recent[i]->text != text) continue;
    std::rotate(recent.begin(), recent.begin() + static_cast<std::ptrdiff_t>(i),
                recent.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    return *recent.front();
  }
  auto ready = std::make_unique<ReadyMapping>();
  ready->text.assign(text);
  ready->input = parse_input(ready->text, "mapping");
  if (ready->input.ok) ready->prepared = mapping::prepare(ready->input.value);
  recent.insert(recent.begin(), std::move(ready));
  if (recent.size() > 4) recent.pop_back();
  return *recent.front();
}

// An input whose source positions are needed only to point at a syntax error in it: it is
// parsed without them (the fast path), and again with them only when it does not parse.
Input parse_input_unmapped(std::string_view text, std::string source) {
  json::ParseOptions options;
  options.allow_bom = true;
  json::ParseResult parsed = json::parse(text, options);
  if (!parsed.ok()) return parse_input(text, std::move(source));
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
    const Diagnostic& first = diagnostics.front();
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
  results.reserve(ndjson.size());  // result lines are about as long as the events
  std::size_t line_number = 0, start = 0;
  while (start <= ndjson.size()) {
    std::size_t end = ndjson.find('\n', start);
    if (end == std::string_view::npos) end = ndjson.size();
    ++line_number;
    runner.process_line(ndjson.substr(start, end - start), line_number, results);
    start = end + 1;
  }
  return Value::object(Object{{"results", Value::string(std::move(results))},
                              {"summary", runner.summary()},
                              {"diagnostics", Value::array()}});
}

}  // namespace mapcheck::api
