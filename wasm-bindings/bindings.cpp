// The wasm module's interface: each function mirrors one entry point of src/api.hpp, taking
// JSON text and returning the result as JSON text. No logic lives here besides moving text
// across the boundary quickly (text_in, text_out).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <optional>
#include <string>

#include "api.hpp"
#include "diagnostics.hpp"

namespace {

using emscripten::val;

// Text in and out of the module. embind's std::string conversion walks every character in
// JavaScript (twice each way), which dominated batch runs over megabytes of NDJSON; large
// strings go through the engine's TextEncoder/TextDecoder instead. A string holding lone
// surrogates (which TextEncoder would replace with U+FFFD) and anything that is not a string
// keep embind's conversion, so every input converts exactly as before.
constexpr std::size_t kNativeTextThreshold = 1024;

// String.prototype.isWellFormed (2023) tells whether TextEncoder keeps every character.
bool can_check_well_formed() {
  static const bool present =
      val::global("String")["prototype"]["isWellFormed"].typeOf().as<std::string>() == "function";
  return present;
}

std::string text_in(const val& v) {
  if (v.isString() && v["length"].as<std::size_t>() >= kNativeTextThreshold &&
      can_check_well_formed() && v.call<bool>("isWellFormed")) {
    static const val encoder = val::global("TextEncoder").new_();
    const val bytes = encoder.call<val>("encode", v);
    const std::size_t n = bytes["length"].as<std::size_t>();
    std::string out(n, '\0');
    val(emscripten::typed_memory_view(n, reinterpret_cast<std::uint8_t*>(out.data())))
        .call<void>("set", bytes);
    return out;
  }
  return v.as<std::string>();
}

val text_out(const std::string& s) {
  if (s.size() < kNativeTextThreshold) return val(s);
  static const val decoder = val::global("TextDecoder").new_(val("utf-8"));
  return decoder.call<val>("decode", val(emscripten::typed_memory_view(
                                         s.size(), reinterpret_cast<const std::uint8_t*>(s.data()))));
}

val transform(const val& mapping, const val& payload, bool has_payload, const val& options) {
  const std::string payload_text = text_in(payload);
  return text_out(mapcheck::api::to_json(mapcheck::api::transform(
      text_in(mapping),
      has_payload ? std::optional<std::string_view>(payload_text) : std::nullopt,
      text_in(options))));
}

val validate_mapping(const val& mapping) {
  return text_out(mapcheck::api::to_json(mapcheck::api::validate_mapping(text_in(mapping))));
}

val validate_event(const val& event, const val& options) {
  return text_out(mapcheck::api::to_json(mapcheck::api::validate_event(text_in(event), text_in(options))));
}

val parse_fql(const val& fql) {
  return text_out(mapcheck::api::to_json(mapcheck::api::parse_fql(text_in(fql))));
}

val matches_fql(const val& trigger, const val& event) {
  return text_out(mapcheck::api::to_json(mapcheck::api::matches_fql(text_in(trigger), text_in(event))));
}

val generate_fql(const val& ast) {
  return text_out(mapcheck::api::to_json(mapcheck::api::generate_fql(text_in(ast))));
}

val simulate(const val& config) {
  return text_out(mapcheck::api::to_json(mapcheck::api::simulate(text_in(config))));
}

val run_batch(const val& ndjson, const val& options) {
  return text_out(mapcheck::api::to_json(mapcheck::api::run_batch(text_in(ndjson), text_in(options))));
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
