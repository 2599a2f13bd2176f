// JSON.stringify and String() for Values.
#include "json/write.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "json/number.hpp"

namespace mapcheck::json {

namespace {

// The first byte at or after `i` that JSON.stringify does not copy as it is: '"', '\\', a
// control character, or 0xED (which may start an encoded surrogate). Eight bytes at a time; a
// borrow can only flag bytes above the first genuine match, so the lowest flag is exact.
std::size_t plain_run_end(std::string_view s, std::size_t i) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  const std::size_t n = s.size();
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\'), ed = _mm_set1_epi8(static_cast<char>(0xED));
  const __m128i bias = _mm_set1_epi8(static_cast<char>(0x80)), control = _mm_set1_epi8(static_cast<char>(0x80 + 0x20));
  while (n - i >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    // Unsigned "below 0x20" as a signed comparison after flipping the top bit.
    const __m128i low = _mm_cmplt_epi8(_mm_xor_si128(v, bias), control);
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, slash)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, ed), low));
    if (const int mask = _mm_movemask_epi8(hit)) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    i += 16;
  }
#endif
  while (n - i >= 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    const std::uint64_t quote = w ^ (kOnes * '"');
    const std::uint64_t slash = w ^ (kOnes * '\\');
    const std::uint64_t ed = w ^ (kOnes * 0xED);
    const std::uint64_t t = ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash) |
                            ((ed - kOnes) & ~ed) | ((w - kOnes * 0x20) & ~w);
    if (const std::uint64_t hit = t & kHigh) return i + (__builtin_ctzll(hit) >> 3);
    i += 8;
  }
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\' || c == 0xED) break;
    ++i;
  }
  return i;
}

}  // namespace

namespace {

// Text under construction. JSON is written here with plain pointer arithmetic and handed to
// the caller's string in one append: std::string's own append and push_back, which are not
// inlined in the wasm build, were a large share of batch runs there. Small outputs stay in the
// inline buffer.
class Writer {
 public:
  Writer() = default;
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void put(char c) {
    if (p_ == end_) grow(1);
    *p_++ = c;
  }
  void put(const char* s, std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) grow(n);
    std::memcpy(p_, s, n);
    p_ += n;
  }
  void put(std::string_view s) { put(s.data(), s.size()); }
  void fill(char c, std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) grow(n);
    std::memset(p_, c, n);
    p_ += n;
  }
  void reserve(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) grow(n);
  }
  const char* data() const { return begin_; }
  std::size_t size() const { return static_cast<std::size_t>(p_ - begin_); }

 private:
  void grow(std::size_t n) {
    const std::size_t used = size();
    const std::size_t capacity = std::max(2 * static_cast<std::size_t>(end_ - begin_), used + n + 256);
    std::unique_ptr<char[]> bigger(new char[capacity]);
    std::memcpy(bigger.get(), begin_, used);
    heap_ = std::move(bigger);
    begin_ = heap_.get();
    p_ = begin_ + used;
    end_ = begin_ + capacity;
  }

  char inline_[1024];
  std::unique_ptr<char[]> heap_;
  char* begin_ = inline_;
  char* p_ = inline_;
  char* end_ = inline_ + sizeof inline_;
};

void write_json_string(Writer& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out.reserve(s.size() + s.size() / 4 + 2);  // room for some escapes without growing again
  out.put('"');
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const std::size_t run = plain_run_end(s, i);
    out.put(s.data() + i, run - i);
    i = run;
    if (i >= n) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xED) {  // U+D000..U+DFFF; the surrogate half (A0..BF) is escaped
      if (i + 2 < n && static_cast<unsigned char>(s[i + 1]) >= 0xA0) {
        const unsigned unit = 0xD000 | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                              (static_cast<unsigned char>(s[i + 2]) & 0x3F);
        const char escape[6] = {'\\', 'u', hex[(unit >> 12) & 0xF], hex[(unit >> 8) & 0xF],
                                hex[(unit >> 4) & 0xF], hex[unit & 0xF]};
        out.put(escape, 6);
        i += 3;
      } else {
        out.put(static_cast<char>(c));
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"': out.put("\\\"", 2); break;
      case '\\': out.put("\\\\", 2); break;
      case '\b': out.put("\\b", 2); break;
      case '\f': out.put("\\f", 2); break;
      case '\n': out.put("\\n", 2); break;
      case '\r': out.put("\\r", 2); break;
      case '\t': out.put("\\t", 2); break;
      default: {
        const char escape[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
        out.put(escape, 6);
      }
    }
    ++i;
  }
  out.put('"');
}

void newline(Writer& out, int indent, int level) {
  out.put('\n');
  out.fill(' ', static_cast<std::size_t>(indent * level));
}

void write_number(Writer& out, double n) {
  std::string text;  // numbers fit the small-string buffer
  append_number(text, n);
  out.put(text);
}

void write_value(Writer& out, const Value& v, int indent, int level) {
  switch (v.kind()) {
    case Kind::undefined:
    case Kind::null: out.put("null", 4); break;
    case Kind::boolean:
      if (v.as_boolean()) out.put("true", 4);
      else out.put("false", 5);
      break;
    case Kind::number:
      if (std::isfinite(v.as_number())) write_number(out, v.as_number());
      else out.put("null", 4);
      break;
    case Kind::string: write_json_string(out, v.as_string()); break;
    case Kind::array: {
      const Array& items = v.as_array();
      if (items.empty()) {
        out.put("[]", 2);
        break;
      }
      out.put('[');
      bool first = true;
      for (const Value& item : items) {
        if (!first) out.put(',');
        first = false;
        if (indent > 0) newline(out, indent, level + 1);
        write_value(out, item, indent, level + 1);
      }
      if (indent > 0) newline(out, indent, level);
      out.put(']');
      break;
    }
    case Kind::object: {
      out.put('{');
      bool first = true;
      for (const auto& [key, member] : v.as_object()) {
        if (member.is_undefined()) continue;
        if (!first) out.put(',');
        first = false;
        if (indent > 0) newline(out, indent, level + 1);
        write_json_string(out, key);
        out.put(':');
        if (indent > 0) out.put(' ');
        write_value(out, member, indent, level + 1);
      }
      if (!first && indent > 0) newline(out, indent, level);
      out.put('}');
      break;
    }
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  Writer w;
  write_json_string(w, s);
  out.append(w.data(), w.size());
}

void append_json(std::string& out, const Value& value, int indent) {
  if (value.is_undefined()) return;
  Writer w;
  write_value(w, value, indent, 0);
  out.append(w.data(), w.size());
}

std::optional<std::string> stringify(const Value& value, int indent) {
  if (value.is_undefined()) return std::nullopt;
  Writer w;
  write_value(w, value, indent, 0);
  return std::string(w.data(), w.size());
}

void append_js_string(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::undefined: out += "undefined"; break;
    case Kind::null: out += "null"; break;
    case Kind::boolean: out += v.as_boolean() ? "true" : "false"; break;
    case Kind::number: append_number(out, v.as_number()); break;
    case Kind::string: out += v.as_string(); break;
    case Kind::array: {
      bool first = true;
      for (const Value& item : v.as_array()) {
        if (!first) out.push_back(',');
        first = false;
        if (!item.is_nullish()) append_js_string(out, item);
      }
      break;
    }
    case Kind::object: out += "[object Object]"; break;
  }
}

std::string to_js_string(const Value& v) {
  std::string out;
  append_js_string(out, v);
  return out;
}

const char* real_type_of(const Value& v) {
  switch (v.kind()) {
    case Kind::undefined: return "undefined";
    case Kind::null: return "null";
    case Kind::boolean: return "boolean";
    case Kind::number: return "number";
    case Kind::string: return "string";
    case Kind::array: return "array";
    case Kind::object: return "object";
  }
  return "undefined";
}

}  // namespace mapcheck::json
