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
  emscripten::function("simulate", &simulate);
  emscripten::function("runBatch", &run_batch);
  emscripten::function("catalogue", &catalogue);
  emscripten::function("version", &version);
}
