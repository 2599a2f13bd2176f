// How the Liquid engine reports a failure: the liquidjs error class and its exact message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mapcheck::liquid {

struct Failure {
  // The liquidjs class ("TokenizationError", "ParseError", "RenderError",
  // "UndefinedVariableError"), mapcheck's "LimitError" / "UnsupportedError", or "" for a plain
  // JavaScript error that the enclosing template still has to wrap (liquidjs wraps it in a
  // ParseError or RenderError carrying the template's position).
  std::string name;
  // The message; for liquidjs classes it already ends with ", line:L, col:C".
  std::string message;
};

// ", line:L, col:C" for a UTF-16 offset of the template, as liquidjs counts: lines end at
// "\n" only, columns count UTF-16 code units from 1.
std::string position_suffix(std::u16string_view input, std::size_t offset);

}  // namespace mapcheck::liquid
