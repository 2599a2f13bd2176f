// The wasm module's interface: each function mirrors one entry point of src/api.hpp, taking
// JSON text and returning the result as JSON text. No logic lives here besides moving text
// across the boundary quickly (see the text path below).
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
  return mapcheck::api::matches_fql_json(in(trigger), in(event));
}

std::string generate_fql(const std::u16string& ast) {
  return mapcheck::api::to_json(mapcheck::api::generate_fql(in(ast)));
}

std::string simulate(const std::u16string& config) {
  return mapcheck::api::to_json(mapcheck::api::simulate(in(config)));
}

std::string run_batch(const std::u16string& ndjson, const std::u16string& options) {
  return mapcheck::api::run_batch_json(in(ndjson), in(options));
}

std::string catalogue() { return mapcheck::catalogue_markdown(); }

std::string catalogue_entries() { return mapcheck::api::to_json(mapcheck::api::catalogue_entries()); }

std::string version() { return mapcheck::api::version(); }

// ---- The text path ---------------------------------------------------------------------------
//
// embind converts std::string arguments and results one character at a time in JavaScript,
// twice each way; over megabytes of NDJSON, and even for single events, that was a large share
// of the time. The functions above are therefore wrapped in JavaScript (installed below, once
// the module has started): text goes into memory through the engine's TextEncoder, one call
// reaches raw_call, and the result comes back through TextDecoder. Calls the wrappers cannot
// take exactly (a wrong number of arguments, something that is not a string, a string with lone
// surrogates, which TextEncoder would replace) go to the embind function, so every input gives
// what it gave before, errors included.

enum Call { kTransform, kValidateMapping, kValidateEvent, kParseFql, kMatchesFql, kGenerateFql,
            kSimulate, kRunBatch };

std::string raw_result;               // the last result, until the next call
std::uint32_t raw_result_span[2];     // its address and length, read by the wrapper

// `args` holds (address, length) pairs of the UTF-8 text arguments in order; `flag` is
// transform's has_payload. Returns the address of raw_result_span.
std::uintptr_t raw_call(int call, std::uintptr_t args, int flag) {
  const auto* a = reinterpret_cast<const std::uint32_t*>(args);
  auto text = [a](int i) {
    return std::string_view(reinterpret_cast<const char*>(static_cast<std::uintptr_t>(a[2 * i])),
                            a[2 * i + 1]);
  };
  namespace api = mapcheck::api;
  switch (call) {
    case kTransform:
      raw_result = api::to_json(api::transform(
          text(0), flag ? std::optional<std::string_view>(text(1)) : std::nullopt, text(2)));
      break;
    case kValidateMapping: raw_result = api::to_json(api::validate_mapping(text(0))); break;
    case kValidateEvent: raw_result = api::to_json(api::validate_event(text(0), text(1))); break;
    case kParseFql: raw_result = api::to_json(api::parse_fql(text(0))); break;
    case kMatchesFql: raw_result = api::matches_fql_json(text(0), text(1)); break;
    case kGenerateFql: raw_result = api::to_json(api::generate_fql(text(0))); break;
    case kSimulate: raw_result = api::to_json(api::simulate(text(0))); break;
    default: raw_result = api::run_batch_json(text(0), text(1)); break;
  }
  raw_result_span[0] = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(raw_result.data()));
  raw_result_span[1] = static_cast<std::uint32_t>(raw_result.size());
  return reinterpret_cast<std::uintptr_t>(raw_result_span);
}

// Wraps the text functions once the module has started (after every registration).
EM_JS(void, mapcheck_install_text_path, (), {
  function install() {
    if (typeof TextEncoder === "undefined" || typeof TextDecoder === "undefined" ||
        typeof String.prototype.isWellFormed !== "function" ||
        typeof Module["_mapcheckRawCall"] !== "function") return;
    var raw = Module["_mapcheckRawCall"];
    var encoder = new TextEncoder();
    var decoder = new TextDecoder("utf-8");
    function put(text) {  // [address, length] of a malloc'd UTF-8 copy
      // Large text is tried at one byte per unit first (NDJSON is mostly ASCII), small text at
      // the worst case of three.
      var room = text.length > 65536 ? text.length + 1 : text.length * 3 + 1;
      var ptr = _malloc(room);
      var done = encoder.encodeInto(text, HEAPU8.subarray(ptr, ptr + room));
      if (done.read === text.length) return [ptr, done.written];
      _free(ptr);
      var bytes = encoder.encode(text);
      ptr = _malloc(bytes.length + 1);
      HEAPU8.set(bytes, ptr);
      return [ptr, bytes.length];
    }
    function wrap(name, call, arity, flagAt) {
      var embind = Module[name];
      Module[name] = function() {
        if (arguments.length !== arity) return embind.apply(this, arguments);
        var texts = [];
        var flag = 0;
        for (var i = 0; i < arity; i++) {
          var a = arguments[i];
          if (i === flagAt) {
            flag = a ? 1 : 0;
            continue;
          }
          if (typeof a !== "string" || !a.isWellFormed()) return embind.apply(this, arguments);
          texts.push(a);
        }
        var args = _malloc(texts.length * 8 + 8);
        var spans = [];
        for (var k = 0; k < texts.length; k++) spans.push(put(texts[k]));
        for (var k = 0; k < spans.length; k++) {
          HEAPU32[(args >> 2) + 2 * k] = spans[k][0];
          HEAPU32[(args >> 2) + 2 * k + 1] = spans[k][1];
        }
        try {
          var out = raw(call, args, flag) >> 2;
          var at = HEAPU32[out], length = HEAPU32[out + 1];
          return decoder.decode(HEAPU8.subarray(at, at + length));
        } finally {
          for (var k = 0; k < spans.length; k++) _free(spans[k][0]);
          _free(args);
        }
      };
    }
    wrap("transform", 0, 4, 2);
    wrap("validateMapping", 1, 1, -1);
    wrap("validateEvent", 2, 2, -1);
    wrap("parseFql", 3, 1, -1);
    wrap("matchesFql", 4, 2, -1);
    wrap("generateFql", 5, 1, -1);
    wrap("simulate", 6, 1, -1);
    wrap("runBatch", 7, 2, -1);
  }
  if (typeof __ATPOSTRUN__ !== "undefined") __ATPOSTRUN__.push(install);
});

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
  emscripten::function("_mapcheckRawCall", &raw_call);
  mapcheck_install_text_path();
}
