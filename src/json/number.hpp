// JavaScript number <-> string conversions: Number.prototype.toString (shortest round-trip
// digits, JS exponent rules) and the Number(string) conversion.
#pragma once

#include <string>
#include <string_view>

namespace mapcheck::json {

// Appends String(n) as JavaScript writes it: "NaN", "Infinity", "-0" as "0", "1e+21", "1e-7".
void append_number(std::string& out, double n);
std::string format_number(double n);

// Number(text) with JavaScript's StringToNumber grammar: surrounding whitespace is ignored,
// "" is 0, "0x1f" / "0o17" / "0b101" are accepted, anything else invalid is NaN.
double string_to_number(std::string_view text);

// Parses a JSON number token (already known to match the JSON grammar), correctly rounded.
double parse_json_number(std::string_view token);

}  // namespace mapcheck::json
