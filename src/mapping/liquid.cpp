// The @liquid directive's engine: mapping-kit's liquidjs call, served by mapcheck's own Liquid
// engine (src/liquid/).
#include "mapping/liquid.hpp"

#include "liquid/render.hpp"

namespace mapcheck::mapping {

LiquidResult render_liquid(const std::string& source, const json::Value& payload) {
  liquid::RenderResult r = liquid::render(source, payload);
  LiquidResult out;
  if (r.error) {
    out.error = Error{r.error->name, r.error->message, {}, {}};
    return out;
  }
  out.output = std::move(r.output);
  out.payload = std::move(r.payload);
  return out;
}

}  // namespace mapcheck::mapping
