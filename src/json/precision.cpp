// Compares a number literal with JavaScript's rendering of the double it parses to.
#include "json/precision.hpp"

#include <cmath>
#include <string>

#include "json/number.hpp"

namespace mapcheck::json {

namespace {

// A decimal as sign × digits × 10^exponent, digits without leading or trailing zeros ("" is 0).
struct Decimal {
  bool negative = false;
  std::string digits;
  long long exponent = 0;
};

// Reads a JSON number token or a JavaScript number string ("1.5e+21", "123", "0.001").
Decimal normalize(std::string_view s) {
  Decimal d;
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') {
    d.negative = true;
    ++i;
  }
  long long fraction_digits = 0;
  bool in_fraction = false;
  for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
    if (s[i] == '.') {
      in_fraction = true;
      continue;
    }
    d.digits.push_back(s[i]);
    if (in_fraction) ++fraction_digits;
  }
  long long exponent = 0;
  if (i < s.size()) {
    ++i;
    bool negative_exponent = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative_exponent = s[i++] == '-';
    for (; i < s.size(); ++i)
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (s[i] - '0');
    if (negative_exponent) exponent = -exponent;
  }
  d.exponent = exponent - fraction_digits;
  std::size_t first = d.digits.find_first_not_of('0');
  if (first == std::string::npos) {
    d.digits.clear();
    d.exponent = 0;
    return d;
  }
  d.digits.erase(0, first);
  while (d.digits.back() == '0') {
    d.digits.pop_back();
    ++d.exponent;
  }
  return d;
}

}  // namespace

bool number_literal_is_exact(std::string_view token, double parsed) {
  if (!std::isfinite(parsed)) return false;
  // Integers of up to 15 digits are always exact; skip the formatting for them.
  std::size_t digits = 0;
  bool plain = true;
  for (char c : token) {
    if (c >= '0' && c <= '9')
      ++digits;
    else if (c != '-')
      plain = false;
  }
  if (plain && digits <= 15) return true;
  const Decimal written = normalize(token);
  const Decimal read = normalize(format_number(parsed));
  if (written.digits.empty() || read.digits.empty())
    return written.digits.empty() == read.digits.empty();
  return written.negative == read.negative && written.digits == read.digits &&
         written.exponent == read.exponent;
}

}  // namespace mapcheck::json
