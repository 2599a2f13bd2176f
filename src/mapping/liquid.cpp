// Placeholder for the Liquid engine: mapcheck reports @liquid as unsupported rather than guess.
#include "mapping/liquid.hpp"

namespace mapcheck::mapping {

LiquidResult render_liquid(const std::string&, const json::Value&) {
  return {{}, Error{"UnsupportedError",
                    "@liquid is not supported yet: mapcheck cannot evaluate Liquid templates, "
                    "so this field was not checked",
                    {}, {}}};
}

}  // namespace mapcheck::mapping
