// Shortest round-trip number formatting with JavaScript's layout rules.
#include "json/number.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>

#include "text/unicode.hpp"

namespace mapcheck::json {

namespace {

double strtod_view(std::string_view s) {
  char stack[64];
  if (s.size() < sizeof stack) {
    std::memcpy(stack, s.data(), s.size());
    stack[s.size()] = '\0';
    return std::strtod(stack, nullptr);
  }
  std::string copy(s);
  return std::strtod(copy.c_str(), nullptr);
}

// Shortest decimal digits d1..dk and exponent n with value = 0.d1..dk × 10^n (ECMA-262
// Number::toString). `digits` receives the k digits.
void shortest_digits(double v, std::string& digits, int& n) {
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, v);
    if (strtod_view(buf) == v) break;
    // The correctly rounded candidate may fall just outside an asymmetric rounding interval
    // (at powers of two) while a neighbour with as many digits is inside it.
    bool found = false;
    char* e = std::strchr(buf, 'e');
    std::string mant;
    for (char* p = buf; p < e; ++p)
      if (*p >= '0' && *p <= '9') mant.push_back(*p);
    const int exp10 = std::atoi(e + 1);
    for (int delta : {1, -1}) {
      std::string m = mant;
      int k = static_cast<int>(m.size()) - 1;
      bool ok = true;
      if (delta > 0) {
        while (k >= 0 && m[static_cast<std::size_t>(k)] == '9') m[static_cast<std::size_t>(k--)] = '0';
        if (k < 0) ok = false; else ++m[static_cast<std::size_t>(k)];
      } else {
        while (k >= 0 && m[static_cast<std::size_t>(k)] == '0') m[static_cast<std::size_t>(k--)] = '9';
        if (k < 0) ok = false; else --m[static_cast<std::size_t>(k)];
      }
      if (!ok || m[0] == '0') continue;
      char alt[48];
      std::snprintf(alt, sizeof alt, "%c%s%se%d", m[0], m.size() > 1 ? "." : "",
                    m.c_str() + 1, exp10);
      if (strtod_view(alt) == v) {
        std::snprintf(buf, sizeof buf, "%s", alt);
        found = true;
        break;
      }
    }
    if (found) break;
  }
  char* e = std::strchr(buf, 'e');
  digits.clear();
  for (char* p = buf; p < e; ++p)
    if (*p >= '0' && *p <= '9') digits.push_back(*p);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  n = std::atoi(e + 1) + 1;
}

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
constexpr double kTwo53 = 9007199254740992.0;

// Appends the decimal digits of an integer below 2^64.
void append_uint(std::string& out, std::uint64_t n) {
  char buf[24];
  char* p = buf + sizeof buf;
  do {
    *--p = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  out.append(p, static_cast<std::size_t>(buf + sizeof buf - p));
}

// The shortest digits of a positive non-integer v in [1e-6, 2^53) that has a representation
// with few decimals, found without printf: the smallest d for which some d-decimal string
// m / 10^d reads back as v. A d-decimal that reads back lies within 10^d * ulp(v) / 2 < 1 of
// v * 10^d, so it is one of the three integers around the rounded product; `m / 10^d == v`
// is exactly "reads back as v" (both operands are exact doubles and IEEE division rounds the
// exact quotient like strtod). When two candidates read back, the closest one is needed and
// this returns false, as it does when no d up to 17 works; the caller then takes the general
// path.
bool fast_shortest_digits(double v, std::string& digits, int& n) {
  for (int d = 1; d <= 17; ++d) {
    const double scaled = v * kPow10[d];
    if (scaled >= kTwo53 / 2) return false;
    const double r = std::nearbyint(scaled);
    double found = 0;
    int matches = 0;
    for (double m : {r - 1, r, r + 1}) {
      if (m > 0 && m / kPow10[d] == v) {
        found = m;
        ++matches;
      }
    }
    if (matches > 1) return false;
    if (matches == 1) {
      std::uint64_t m = static_cast<std::uint64_t>(found);
      int decimals = d;
      while (m % 10 == 0) {  // cannot happen for the smallest d, kept for safety
        m /= 10;
        --decimals;
      }
      digits.clear();
      append_uint(digits, m);
      n = static_cast<int>(digits.size()) - decimals;
      return true;
    }
  }
  return false;
}

}  // namespace

void append_number(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (v == 0) {
    out.push_back('0');
    return;
  }
  if (std::isinf(v)) {
    out += v < 0 ? "-Infinity" : "Infinity";
    return;
  }
  if (v < 0) {
    out.push_back('-');
    v = -v;
  }
  if (v < kTwo53 && v == std::floor(v)) {  // exact integers print all digits
    append_uint(out, static_cast<std::uint64_t>(v));
    return;
  }
  std::string d;
  int n = 0;
  if (!(v >= 1e-6 && v < kTwo53 && fast_shortest_digits(v, d, n))) shortest_digits(v, d, n);
  const int k = static_cast<int>(d.size());
  if (k <= n && n <= 21) {
    out += d;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(d, 0, static_cast<std::size_t>(n));
    out.push_back('.');
    out.append(d, static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += d;
  } else {
    out.push_back(d[0]);
    if (k > 1) {
      out.push_back('.');
      out.append(d, 1);
    }
    out.push_back('e');
    out.push_back(n - 1 >= 0 ? '+' : '-');
    out += std::to_string(std::abs(n - 1));
  }
}

std::string format_number(double n) {
  std::string s;
  append_number(s, n);
  return s;
}

double parse_json_number(std::string_view token) {
  // Clinger's fast path: with at most 15 significant digits w and a decimal exponent e with
  // |e| <= 22, both w and 10^|e| are exact doubles and one IEEE operation rounds the exact
  // value correctly, as strtod would.
  std::size_t i = 0;
  const bool negative = !token.empty() && token[0] == '-';
  if (negative) ++i;
  std::uint64_t w = 0;
  int significant = 0, exponent = 0;
  bool leading = true;
  bool fraction = false;
  for (; i < token.size(); ++i) {
    const char c = token[i];
    if (c == '.') {
      fraction = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    if (fraction) --exponent;
    if (leading && c == '0') continue;
    leading = false;
    if (++significant > 15) return strtod_view(token);
    w = w * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (i < token.size()) {  // exponent part: [eE][+-]?digits
    ++i;
    bool exp_negative = false;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) exp_negative = token[i++] == '-';
    int e = 0;
    for (; i < token.size(); ++i) {
      if (e > 10000) return strtod_view(token);
      e = e * 10 + (token[i] - '0');
    }
    exponent += exp_negative ? -e : e;
  }
  if (w == 0) return negative ? -0.0 : 0.0;
  if (exponent < -22 || exponent > 22) return strtod_view(token);
  double value = static_cast<double>(w);
  value = exponent < 0 ? value / kPow10[-exponent] : value * kPow10[exponent];
  return negative ? -value : value;
}

double string_to_number(std::string_view text) {
  const std::string_view s = text::js_trim(text);
  if (s.empty()) return 0;
  auto digits_in_base = [](std::string_view body, int base) -> double {
    if (body.empty()) return NAN;
    double value = 0;
    for (char c : body) {
      int d = c >= '0' && c <= '9' ? c - '0'
              : c >= 'a' && c <= 'z' ? c - 'a' + 10
              : c >= 'A' && c <= 'Z' ? c - 'A' + 10
                                     : 99;
      if (d >= base) return NAN;
      value = value * base + d;
    }
    return value;
  };
  if (s.size() > 2 && s[0] == '0') {
    switch (s[1]) {
      case 'x': case 'X': return digits_in_base(s.substr(2), 16);
      case 'o': case 'O': return digits_in_base(s.substr(2), 8);
      case 'b': case 'B': return digits_in_base(s.substr(2), 2);
      default: break;
    }
  }
  std::size_t i = 0;
  bool negative = false;
  if (s[i] == '+' || s[i] == '-') negative = s[i++] == '-';
  if (s.substr(i) == "Infinity") return negative ? -INFINITY : INFINITY;
  std::size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return NAN;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return NAN;
  }
  if (i != s.size()) return NAN;
  return strtod_view(s);
}

}  // namespace mapcheck::json
