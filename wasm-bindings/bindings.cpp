// The wasm module's interface: each function mirrors one entry point of src/api.hpp, taking
// JSON text and returning the result as JSON text. No logic lives here.
#include <emscripten/bind.h>

#include <optional>
#include <string>

#include "api.hpp"
#include "diagnostics.hpp"

namespace {

std::string transform(const std::string& mapping, const std::string& payload, bool has_payload,
                      const std::string& options) {
  return mapcheck::api::to_json(mapcheck::api::transform(
      mapping, has_payload ? std::optional<std::string_view>(payload) : std::nullopt, options));
}

std::string validate_mapping(const std::string& mapping) {
  return mapcheck::api::to_json(mapcheck::api::validate_mapping(mapping));
}

std::string validate_event(const std::string& event, const std::string& options) {
  return mapcheck::api::to_json(mapcheck::api::validate_event(event, options));
}

std::string parse_fql(const std::string& fql) {
  return mapcheck::api::to_json(mapcheck::api::parse_fql(fql));
}

std::string matches_fql(const std::string& trigger, const std::string& event) {
  return mapcheck::api::to_json(mapcheck::api::matches_fql(trigger, event));
}

std::string generate_fql(const std::string& ast) {
  return mapcheck::api::to_json(mapcheck::api::generate_fql(ast));
}

std::string simulate(const std::string& config) {
  return mapcheck::api::to_json(mapcheck::api::simulate(config));
}

std::string run_batch(const std::string& ndjson, const std::string& options) {
  return mapcheck::api::to_json(mapcheck::api::run_batch(ndjson, options));
}

std::string catalogue() { return mapcheck::catalogue_markdown(); }

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
  emscripten::function("version", &version);
}
