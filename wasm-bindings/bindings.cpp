// The wasm module's interface: each function mirrors one entry point of src/api.hpp, taking
// JSON text and returning the result as JSON text. No logic lives here.
#include <emscripten/bind.h>

#include <optional>
#include <string>

#include "api.hpp"
#include "diagnostics.hpp"
#include "text/unicode.hpp"

namespace {

// Text parameters arrive as UTF-16, exactly as JavaScript holds them: Emscripten's UTF-8
// conversion for std::string pairs a lone surrogate with whatever follows it (swallowing, say,
// the closing quote of a JSON string), so the core gets WTF-8 made here instead.
std::string in(const std::u16string& text) { return mapcheck::text::from_utf16(text); }

std::string transform(const std::u16string& mapping, const std::u16string& payload,
                      bool has_payload, const std::u16string& options) {
  const std::string payload_text = in(payload);
  return mapcheck::api::to_json(mapcheck::api::transform(
      in(mapping), has_payload ? std::optional<std::string_view>(payload_text) : std::nullopt,
      in(options)));
}

std::string validate_mapping(const std::u16string& mapping) {
  return mapcheck::api::to_json(mapcheck::api::validate_mapping(in(mapping)));
}

std::string validate_event(const std::u16string& event, const std::u16string& options) {
  return mapcheck::api::to_json(mapcheck::api::validate_event(in(event), in(options)));
}

std::string parse_fql(const std::u16string& fql) {
  return mapcheck::api::to_json(mapcheck::api::parse_fql(in(fql)));
}

std::string matches_fql(const std::u16string& trigger, const std::u16string& event) {
  return mapcheck::api::to_json(mapcheck::api::matches_fql(in(trigger), in(event)));
}

std::string generate_fql(const std::u16string& ast) {
  return mapcheck::api::to_json(mapcheck::api::generate_fql(in(ast)));
}

std::string simulate(const std::u16string& config) {
  return mapcheck::api::to_json(mapcheck::api::simulate(in(config)));
}

std::string run_batch(const std::u16string& ndjson, const std::u16string& options) {
  return mapcheck::api::to_json(mapcheck::api::run_batch(in(ndjson), in(options)));
}

std::string catalogue() { return mapcheck::catalogue_markdown(); }

std::string catalogue_entries() { return mapcheck::api::to_json(mapcheck::api::catalogue_entries()); }

std::string version() { return mapcheck::api::version(); }

}  // namespace

EMSCRIPTEN_BINDINGS(mapcheck) {
  emscripten::function("transform", &transform);
  emscripten::function("validateMapping", &validate_mapping);
  emscripten::function("validateEvent", &validate_event);
  emscripten::function("parseFql", &parse_fql);
  emscripten::function("matchesFql", &matches_fql);
  emscripten::function("generateFql", &generate_fql);
  emscripten::function("simulate", &simulate);
  emscripten::function("runBatch", &run_batch);
  emscripten::function("catalogue", &catalogue);
  emscripten::function("catalogueEntries", &catalogue_entries);
  emscripten::function("version", &version);
}
