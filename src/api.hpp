// The core's public entry points over JSON text: what the CLI, the wasm module and the npm
// package call. Every function takes text, returns a result Value (serialize it with
// `to_json`) and never throws; problems come back as diagnostics inside the result.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"
#include "json/parse.hpp"
#include "json/value.hpp"
#include "limits.hpp"
#include "text/position.hpp"

namespace mapcheck::api {

// A parsed user input together with what is needed to point diagnostics into its text.
struct Input {
  std::string_view text;
  std::string source;          // "event", "mapping", ...
  json::Value value;
  json::SourceMap spans;
  bool ok = false;
  std::vector<Diagnostic> diagnostics;  // a JSON-* error when the text does not parse
  // The text's line index, built on first use and shared by copies (ranges are attached
  // many times over for one input, e.g. once per simulated event).
  const text::LineIndex& lines() const;

 private:
  mutable std::shared_ptr<const text::LineIndex> lines_;
};

// Parses `text` as the input named `source`, with the documented limits. A leading byte order
// mark is accepted. On failure `ok` is false and `diagnostics` holds one JSON-* error.
Input parse_input(std::string_view text, std::string source, const json::Limits& limits = {});

// The diagnostic code of a JSON parse failure: JSON-01 (syntax) .. JSON-06 (a limit).
const char* parse_error_code(json::ParseErrorKind kind);

// Adds a source range to a diagnostic from the input it points into (nearest existing value).
void attach_range(Diagnostic& d, const Input& input);
// The same for a list, indexing the text's lines once.
void attach_ranges(std::vector<Diagnostic>& list, const Input& input);
// The same for diagnostics already converted to values (an array of diagnostic objects): each
// one whose source is `input.source` and that has no range gets one.
void attach_ranges(json::Value& diagnostics, const Input& input);

// Result shapes (documented for JavaScript users in web/README.md and web/index.d.ts):
//   transform:        {output?, error?, diagnostics, explain?}
//   validate_mapping: {valid, errors, errorName?, diagnostics}
//   validate_event:   {valid, eventType?, diagnostics}
// transform's options: {"explain": true, "required": ["field", ...]}. With a payload, the
// diagnostics include the mapping lints for the payload's event type (MAP-*, MK-04..14).
json::Value transform(std::string_view mapping_text, std::optional<std::string_view> payload_text,
                      std::string_view options_text = {});
json::Value validate_mapping(std::string_view mapping_text);
//   simulate:         {setup, destination, events, rows?, assumptions, diagnostics}
json::Value simulate(std::string_view config_text);
//   run_batch:        {results: NDJSON text, summary, diagnostics}; options: {mapping, trigger?}
//                     or {config} (an activation config whose mappings run)
json::Value run_batch(std::string_view ndjson, std::string_view options_text);
// to_json(run_batch(...)), allowing for results in proportion to the events given
// (limits::batch_results_limit).
std::string run_batch_json(std::string_view ndjson, std::string_view options_text);

// Checks one pasted Identify or Track event: JSON-* when the text does not parse, otherwise
// the Segment Spec (SPEC-*) and Engage shape (ENG-*) checks. Options (JSON text, may be empty):
//   {"eventNames": {"entered", "exited", "computed"}, "audienceKey": "...",
//    "required": ["email", ...], "mapping": {...}, "mappings": [{...}, ...]}
// A mapping (given as `mapping_text`, or inside the options) is validated, run on the event
// and linted for the event's type; diagnostics of a mapping inside the options point into the
// options (source "options", pointer "/mapping/..."). Problems with the options are OPT-01.
// `valid` is false when any diagnostic is an error.
json::Value validate_event(std::string_view event_text, std::string_view options_text = {},
                           std::optional<std::string_view> mapping_text = std::nullopt);

// Triggers (FQL), as @segment/destination-subscriptions reads them:
//   parse_fql:    {ast?, error?: {name, message, lexError?}, diagnostics}
//   matches_fql:  {matches, error?: {name, message}, conditions: [...], diagnostics}
//   generate_fql: {fql?, error?: {name, message}, diagnostics}
// `trigger_text` of matches_fql is FQL text, or an AST as JSON when it starts with "{".
// Each entry of `conditions` explains one condition: {pointer, type, field, operator,
// expected?, actual?, actualType, matched, reason, stoppedAt?, error?}. An empty
// `event_text` means no event (validate's undefined payload, which never matches).
json::Value parse_fql(std::string_view fql_text);
json::Value matches_fql(std::string_view trigger_text, std::string_view event_text);
// to_json(matches_fql(...)); the text of a remembered result is answered as it is.
std::string matches_fql_json(std::string_view trigger_text, std::string_view event_text);
json::Value generate_fql(std::string_view ast_text);

// The diagnostics catalogue as data: [{code, severity, title, message, fix, basis, docs}], in
// reference-page order; message and fix are templates with {placeholders}.
json::Value catalogue_entries();

// The JSON text of a result; a result of more than `max_bytes` of JSON (Value::weight) is
// answered with a LIM-01 error instead.
std::string to_json(const json::Value& value, int indent = 0,
                    std::size_t max_bytes = limits::kMaxResultBytes);

// The library version, e.g. "0.1.0".
const char* version();

}  // namespace mapcheck::api
