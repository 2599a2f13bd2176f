// The core's public entry points over JSON text: what the CLI, the wasm module and the npm
// package call. Every function takes text, returns a result Value (serialize it with
// `to_json`) and never throws; problems come back as diagnostics inside the result.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"
#include "json/parse.hpp"
#include "json/value.hpp"

namespace mapcheck::api {

// A parsed user input together with what is needed to point diagnostics into its text.
struct Input {
  std::string_view text;
  std::string source;          // "event", "mapping", ...
  json::Value value;
  json::SourceMap spans;
  bool ok = false;
  std::vector<Diagnostic> diagnostics;  // a JSON-* error when the text does not parse
};

// Parses `text` as the input named `source`, with the documented limits. A leading byte order
// mark is accepted. On failure `ok` is false and `diagnostics` holds one JSON-* error.
Input parse_input(std::string_view text, std::string source, const json::Limits& limits = {});

// Adds a source range to a diagnostic from the input it points into (nearest existing value).
void attach_range(Diagnostic& d, const Input& input);
// The same for diagnostics already converted to values (an array of diagnostic objects): each
// one whose source is `input.source` and that has no range gets one.
void attach_ranges(json::Value& diagnostics, const Input& input);

// Result shapes (documented in docs/api.md and web/index.d.ts):
//   transform:        {output?, error?, diagnostics, explain?}
//   validate_mapping: {valid, errors, errorName?, diagnostics}
json::Value transform(std::string_view mapping_text, std::optional<std::string_view> payload_text,
                      std::string_view options_text = {});
json::Value validate_mapping(std::string_view mapping_text);
//   simulate:         {setup, destination, events, rows?, assumptions, diagnostics}
json::Value simulate(std::string_view config_text);
//   run_batch:        {results: NDJSON text, summary, diagnostics}; options: {mapping, trigger?}
//                     or {config} (an activation config whose mappings run)
json::Value run_batch(std::string_view ndjson, std::string_view options_text);

std::string to_json(const json::Value& value, int indent = 0);

// The library version, e.g. "0.1.0".
const char* version();

}  // namespace mapcheck::api
