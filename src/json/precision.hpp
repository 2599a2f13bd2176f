// Whether a JSON number literal survives JSON.parse: JavaScript keeps every number as an IEEE
// double, so long ids such as 123456789012345678901 silently change value.
#pragma once

#include <string_view>

namespace mapcheck::json {

// True when the JSON number token `token` and the double `parsed` from it denote the same
// decimal value once the double is written as JavaScript writes it (shortest round-trip
// digits). "0.1", "1.50" and "1e2" are exact in this sense; "12345678901234567890" (read as
// 12345678901234567000), "1e400" (Infinity) and "1e-400" (0) are not. `token` must match the
// JSON number grammar.
bool number_literal_is_exact(std::string_view token, double parsed);

}  // namespace mapcheck::json
