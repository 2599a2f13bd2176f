// Rendering a Liquid template against a payload: the entry point of the engine behind
// mapping-kit's @liquid directive (liquidjs 10.27.2, non-strict, Segment's disabled tags and
// filters), with mapcheck's deterministic limits (limits.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "json/value.hpp"
#include "liquid/error.hpp"

namespace mapcheck::liquid {

struct RenderResult {
  std::string output;
  // The liquidjs error (TokenizationError, ParseError, RenderError, UndefinedVariableError) or
  // mapcheck's LimitError / UnsupportedError, with its message.
  std::optional<Failure> error;
  // The payload after `{% increment %}` / `{% decrement %}` wrote to it (liquidjs writes
  // these counters into the payload object itself); nullopt when they did not run.
  std::optional<json::Value> payload;
};

// liquidEngine.parseAndRenderSync(source, payload). `source` is WTF-8; `payload` is the
// directive's payload (usually the event). Never throws.
RenderResult render(std::string_view source, const json::Value& payload);

// Like render(), with the current time fixed (for `date` on "now"), so tests are repeatable.
RenderResult render_at(std::string_view source, const json::Value& payload, double now_ms);

}  // namespace mapcheck::liquid
