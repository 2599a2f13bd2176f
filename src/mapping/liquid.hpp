// The @liquid directive's engine entry point.
#pragma once

#include <optional>
#include <string>

#include "json/value.hpp"
#include "mapping/error.hpp"

namespace mapcheck::mapping {

struct LiquidResult {
  std::string output;
  std::optional<Error> error;
  // The payload after `{% increment %}` / `{% decrement %}` wrote their counters into it, as
  // liquidjs does; later directives of the same transform see the change.
  std::optional<json::Value> payload;
};

// Renders a Liquid template against the payload as mapping-kit's @liquid does (liquidjs with
// Segment's disabled tags and filters). `source` has already passed the type and length checks.
LiquidResult render_liquid(const std::string& source, const json::Value& payload);

}  // namespace mapcheck::mapping
