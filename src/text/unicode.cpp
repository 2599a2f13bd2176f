// WTF-8 / UTF-16 conversions and JavaScript case mapping from generated tables.
#include "text/unicode.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace mapcheck::text {

namespace {
// A code point that maps to several code points (ß → SS): `pool[index .. index + length)`.
struct CaseMapping {
  char32_t cp;
  std::uint32_t index;
  std::uint32_t length;
};
// Code points first, first + stride, ... last that each map to themselves + delta.
struct CaseRun {
  char32_t first;
  char32_t last;
  std::uint8_t stride;
  std::int32_t delta;
};
struct CodeRange {
  char32_t first;
  char32_t last;
};
#include "text/unicode_tables.inc"

template <std::size_t N>
const CaseMapping* find_special(const CaseMapping (&table)[N], char32_t cp) {
  auto it = std::lower_bound(std::begin(table), std::end(table), cp,
                             [](const CaseMapping& m, char32_t c) { return m.cp < c; });
  return it != std::end(table) && it->cp == cp ? it : nullptr;
}

// The single code point `cp` maps to through a run table, or `cp` itself.
template <std::size_t N>
char32_t map_by_runs(const CaseRun (&runs)[N], char32_t cp) {
  auto it = std::upper_bound(std::begin(runs), std::end(runs), cp,
                             [](char32_t c, const CaseRun& r) { return c < r.first; });
  if (it == std::begin(runs)) return cp;
  const CaseRun& r = *(it - 1);
  if (cp > r.last || (cp - r.first) % r.stride != 0) return cp;
  return static_cast<char32_t>(static_cast<std::int32_t>(cp) + r.delta);
}

template <std::size_t N>
bool in_ranges(const CodeRange (&table)[N], char32_t cp) {
  auto it = std::upper_bound(std::begin(table), std::end(table), cp,
                             [](char32_t c, const CodeRange& r) { return c < r.first; });
  return it != std::begin(table) && cp <= (it - 1)->last;
}

template <std::size_t N, std::size_t S, std::size_t P>
void append_mapped(std::string& out, char32_t cp, const CaseRun (&runs)[N],
                   const CaseMapping (&special)[S], const char32_t (&pool)[P]) {
  if (const CaseMapping* m = find_special(special, cp)) {
    for (std::uint32_t k = 0; k < m->length; ++k) append_utf8(out, pool[m->index + k]);
    return;
  }
  append_utf8(out, map_by_runs(runs, cp));
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

char32_t next_code_point(std::string_view s, std::size_t& i) noexcept {
  const auto c0 = static_cast<unsigned char>(s[i]);
  if (c0 < 0x80) {
    ++i;
    return c0;
  }
  const std::size_t n = s.size();
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  if (c0 >= 0xC2 && c0 <= 0xDF && i + 1 < n && is_continuation(at(i + 1))) {
    char32_t cp = ((c0 & 0x1F) << 6) | (at(i + 1) & 0x3F);
    i += 2;
    return cp;
  }
  if (c0 >= 0xE0 && c0 <= 0xEF && i + 2 < n && is_continuation(at(i + 1)) &&
      is_continuation(at(i + 2)) && !(c0 == 0xE0 && at(i + 1) < 0xA0)) {
    char32_t cp = ((c0 & 0x0F) << 12) | ((at(i + 1) & 0x3F) << 6) | (at(i + 2) & 0x3F);
    i += 3;
    return cp;
  }
  if (c0 >= 0xF0 && c0 <= 0xF4 && i + 3 < n && is_continuation(at(i + 1)) &&
      is_continuation(at(i + 2)) && is_continuation(at(i + 3)) &&
      !(c0 == 0xF0 && at(i + 1) < 0x90) && !(c0 == 0xF4 && at(i + 1) > 0x8F)) {
    char32_t cp = ((c0 & 0x07) << 18) | ((at(i + 1) & 0x3F) << 12) | ((at(i + 2) & 0x3F) << 6) |
                  (at(i + 3) & 0x3F);
    i += 4;
    return cp;
  }
  ++i;
  return 0xFFFD;
}

std::size_t utf16_length(std::string_view s) noexcept {
  std::size_t units = 0;
  for (unsigned char c : s) {
    if (!is_continuation(c)) ++units;     // one unit per code point ...
    if (c >= 0xF0) ++units;               // ... two for a four-byte sequence
  }
  return units;
}

std::u16string to_utf16(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = next_code_point(s, i);
    if (cp >= 0x10000) {
      out.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

std::string from_utf16(std::u16string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t u = s[i];
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < s.size() && s[i + 1] >= 0xDC00 &&
        s[i + 1] <= 0xDFFF) {
      u = 0x10000 + ((u - 0xD800) << 10) + (s[i + 1] - 0xDC00);
      ++i;
    }
    append_utf8(out, u);
  }
  return out;
}

void join_surrogate_pairs(std::string& s) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  std::size_t i = s.find('\xED');
  if (i == std::string::npos) return;
  std::size_t out = i;
  while (i < s.size()) {
    if (i + 5 < s.size() && byte(i) == 0xED && byte(i + 1) >= 0xA0 && byte(i + 1) <= 0xAF &&
        is_continuation(byte(i + 2)) && byte(i + 3) == 0xED && byte(i + 4) >= 0xB0 &&
        byte(i + 4) <= 0xBF && is_continuation(byte(i + 5))) {
      const char32_t high = 0xD000 | ((byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F);
      const char32_t low = 0xD000 | ((byte(i + 4) & 0x3F) << 6) | (byte(i + 5) & 0x3F);
      std::string joined;
      append_utf8(joined, 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
      s.replace(out, 4, joined);  // four bytes fit where six were
      out += 4;
      i += 6;
    } else {
      s[out++] = s[i++];
    }
  }
  s.resize(out);
}

std::string utf16_unit_at(std::string_view s, std::size_t index) {
  std::size_t unit = 0;
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = next_code_point(s, i);
    if (cp >= 0x10000) {
      if (index == unit) return from_utf16(std::u16string(1, char16_t(0xD800 + ((cp - 0x10000) >> 10))));
      if (index == unit + 1) return from_utf16(std::u16string(1, char16_t(0xDC00 + ((cp - 0x10000) & 0x3FF))));
      unit += 2;
    } else {
      if (index == unit) {
        std::string out;
        append_utf8(out, cp);
        return out;
      }
      ++unit;
    }
  }
  return {};
}

std::size_t find_invalid_utf8(std::string_view s, bool allow_surrogates) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    if (c0 < 0x80) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    const char32_t cp = next_code_point(s, i);
    if (cp == 0xFFFD && i == start + 1) return start;
    if (cp >= 0xD800 && cp <= 0xDFFF && !allow_surrogates) return start;
  }
  return std::string_view::npos;
}

std::string to_upper(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : static_cast<char>(c));
      ++i;
      continue;
    }
    append_mapped(out, next_code_point(s, i), kUpper, kUpperSpecial, kUpperPool);
  }
  return out;
}

std::string to_lower(std::string_view s) {
  std::vector<char32_t> cps;
  cps.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) cps.push_back(next_code_point(s, i));
  auto cased = [](char32_t cp) { return in_ranges(kCased, cp); };
  auto ignorable = [](char32_t cp) { return in_ranges(kCaseIgnorable, cp); };
  std::string out;
  out.reserve(s.size());
  for (std::size_t k = 0; k < cps.size(); ++k) {
    const char32_t cp = cps[k];
    if (cp < 0x80) {
      out.push_back(cp >= 'A' && cp <= 'Z' ? static_cast<char>(cp + 32) : static_cast<char>(cp));
      continue;
    }
    if (cp == 0x03A3) {  // Final_Sigma: after a cased letter and not before one
      bool before = false;
      for (std::size_t j = k; j-- > 0;) {
        if (ignorable(cps[j])) continue;
        before = cased(cps[j]);
        break;
      }
      bool after = false;
      for (std::size_t j = k + 1; j < cps.size(); ++j) {
        if (ignorable(cps[j])) continue;
        after = cased(cps[j]);
        break;
      }
      append_utf8(out, before && !after ? 0x03C2 : 0x03C3);
      continue;
    }
    append_mapped(out, cp, kLower, kLowerSpecial, kLowerPool);
  }
  return out;
}

char16_t canonicalize_unit(char16_t unit) noexcept {
  if (unit < 0x80) return unit >= 'a' && unit <= 'z' ? static_cast<char16_t>(unit - 32) : unit;
  return static_cast<char16_t>(map_by_runs(kCanonicalize, unit));
}

bool is_punctuation(char32_t cp) noexcept { return in_ranges(kPunctuation, cp); }

bool is_js_whitespace(char32_t cp) noexcept {
  switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
      return true;
    default: return cp >= 0x2000 && cp <= 0x200A;
  }
}

std::string_view js_trim(std::string_view s) noexcept {
  std::size_t begin = 0;
  while (begin < s.size()) {
    std::size_t next = begin;
    if (!is_js_whitespace(next_code_point(s, next))) break;
    begin = next;
  }
  std::size_t end = s.size();
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    std::size_t probe = start;
    if (!is_js_whitespace(next_code_point(s, probe))) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

}  // namespace mapcheck::text
