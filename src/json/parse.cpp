// JSON text -> Value: the fast path of json::parse (parse_full.cpp has the complete parser it
// falls back to), projected parsing and the raw scan of batch mode.
#include "json/parse.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "json/build.hpp"
#include "json/number.hpp"
#include "json/precision.hpp"
#include "json/raw.hpp"
#include "text/unicode.hpp"

namespace mapcheck::json {

namespace {

// ---- The fast path ------------------------------------------------------------------------
//
// An optimistic parser for the common case (no source map, no duplicate-key report). For every
// document it accepts it builds exactly the Value that Parser builds; on anything unusual (any
// error, a limit that might be reached, an escaped or encoded lone surrogate) it gives up and
// Parser runs, so errors, messages and offsets come from one place. Its speed comes from
// scanning plain string runs eight bytes at a time, allocating each string once at its final
// size, and building objects and arrays from a reused scratch stack in one step (Object::set's
// per-member lookup is skipped when no key repeats and none is an array index).

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The first byte at or after `p` that ends a plain run inside a string: '"', '\\', a control
// character or a non-ASCII byte (which needs UTF-8 validation).
inline const char* scan_plain(const char* p, const char* end) {
#if defined(__SSE2__)
  // Sixteen bytes at a time: '"', '\\', bytes below 0x20 (as signed bytes, together with the
  // non-ASCII ones, which are negative) are flagged.
  const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, slash)),
                                     _mm_cmplt_epi8(v, space));
    if (const int mask = _mm_movemask_epi8(hit)) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const std::uint64_t quote = w ^ (kOnes * '"');
    const std::uint64_t slash = w ^ (kOnes * '\\');
    // A byte is flagged when it is zero (after the xor), below 0x20 or has its top bit set;
    // borrows can only flag bytes above the first genuine match, so the lowest flag is exact.
    const std::uint64_t t = ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash) |
                            ((w - kOnes * 0x20) & ~w) | w;
    if (const std::uint64_t hit = t & kHigh) return p + (__builtin_ctzll(hit) >> 3);
    p += 8;
  }
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
    ++p;
  }
  return p;
}

class FastParser {
 public:
  FastParser(std::string_view text, const Limits& limits)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), limits_(limits) {}

  bool run(bool allow_bom, Value& out, const Projection* need = nullptr) {
    if (static_cast<std::size_t>(end_ - p_) > limits_.max_bytes) return false;
    if (allow_bom && end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;
    skip_ws();
    if (p_ >= end_ || !value(out, 0, need)) return false;
    skip_ws();
    return p_ == end_;
  }

  // Whether run() looks for duplicate keys and inexact numbers (ParseOptions::clean), and
  // whether it found none.
  void track_clean(bool on) {
    track_clean_ = on;
    clean_keys_.clear();
  }
  bool clean() const { return clean_; }

 private:
  // The key of a member that is skipped or read under a projection, for check_keys. An escaped
  // key is not compared (it could equal another written without escapes): the document is
  // taken as not clean.
  void note_key(std::string_view key) {
    if (escaped_) clean_ = false;
    else clean_keys_.push_back(key);
  }

  // Whether the keys noted since `base` (one object's) repeat; forgets them.
  void check_keys(std::size_t base) {
    if (clean_keys_.size() - base > 1 &&
        repeats(clean_keys_.begin() + static_cast<std::ptrdiff_t>(base), clean_keys_.end()))
      clean_ = false;
    clean_keys_.resize(base);
  }

  void skip_ws() {
    // JSON.stringify writes no whitespace: one comparison settles the common case.
    if (p_ < end_ && static_cast<unsigned char>(*p_) > ' ') return;
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  // `need` (nullptr: everything) says which parts of the value to build.
  bool value(Value& out, std::size_t depth, const Projection* need = nullptr) {
    if (need != nullptr && need->whole) need = nullptr;
    switch (*p_) {
      case '{': return object(out, depth + 1, need);
      case '[':
        if (need != nullptr && (!need->items || need->reads_array_members())) need = nullptr;
        return array(out, depth + 1, need != nullptr ? need->items.get() : nullptr);
      case '"': {
        std::string_view text;
        if (!read_string(text)) return false;
        out = Value::string(std::string(text));
        return true;
      }
      case 't': return literal("true", 4, Value::boolean(true), out);
      case 'f': return literal("false", 5, Value::boolean(false), out);
      case 'n': return literal("null", 4, Value::null(), out);
      default:
        if (*p_ == '-' || is_digit(*p_)) return number(out);
        return false;
    }
  }

  // Passes over a value nobody needs, checking it as strictly as value() would.
  bool skip(std::size_t depth) {
    switch (*p_) {
      case '"': {
        std::string_view ignored;
        return read_string(ignored);
      }
      case '{': {
        if (depth + 1 > limits_.max_depth) return false;
        ++p_;
        skip_ws();
        if (p_ < end_ && *p_ == '}') {
          ++p_;
          return true;
        }
        const std::size_t keys_base = clean_keys_.size();
        for (std::size_t n = 0;; ++n) {
          skip_ws();
          if (p_ >= end_ || *p_ != '"' || n >= limits_.max_container_size) return false;
          std::string_view key;
          if (!read_string(key)) return false;
          if (track_clean_) note_key(key);
          skip_ws();
          if (p_ >= end_ || *p_ != ':') return false;
          ++p_;
          skip_ws();
          if (p_ >= end_ || !skip(depth + 1)) return false;
          skip_ws();
          if (p_ < end_ && *p_ == ',') {
            ++p_;
            continue;
          }
          if (p_ < end_ && *p_ == '}') {
            ++p_;
            if (track_clean_) check_keys(keys_base);
            return true;
          }
          return false;
        }
      }
      case '[': {
        if (depth + 1 > limits_.max_depth) return false;
        ++p_;
        skip_ws();
        if (p_ < end_ && *p_ == ']') {
          ++p_;
          return true;
        }
        for (std::size_t n = 0;; ++n) {
          skip_ws();
          if (p_ >= end_ || n >= limits_.max_container_size || !skip(depth + 1)) return false;
          skip_ws();
          if (p_ < end_ && *p_ == ',') {
            ++p_;
            continue;
          }
          if (p_ < end_ && *p_ == ']') {
            ++p_;
            return true;
          }
          return false;
        }
      }
      default: {
        Value ignored;
        return value(ignored, depth);
      }
    }
  }

  bool literal(const char* word, std::size_t len, Value v, Value& out) {
    if (static_cast<std::size_t>(end_ - p_) < len || std::memcmp(p_, word, len) != 0) return false;
    p_ += len;
    out = std::move(v);
    return true;
  }

  bool number(Value& out) {
    std::string_view token;
    bool integral = true;
    if (!number_token(token, integral)) return false;
    const bool negative = token[0] == '-';
    if (integral && token.size() - negative <= 15) {  // as Parser::parse_number
      std::int64_t n = 0;
      for (std::size_t k = negative; k < token.size(); ++k) n = n * 10 + (token[k] - '0');
      out = Value::number(negative ? (n == 0 ? -0.0 : -static_cast<double>(n))
                                   : static_cast<double>(n));
      return true;
    }
    out = Value::number(parse_json_number(token));
    if (track_clean_ && clean_ && !number_literal_is_exact(token, out.as_number())) clean_ = false;
    return true;
  }

  // A number at p_ following the JSON grammar; `integral` when it has no fraction or exponent.
  bool number_token(std::string_view& token, bool& integral) {
    const char* begin = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ >= end_ || !is_digit(*p_)) return false;
    if (*p_ == '0') {
      ++p_;
      if (p_ < end_ && is_digit(*p_)) return false;
    } else {
      while (p_ < end_ && is_digit(*p_)) ++p_;
    }
    integral = true;
    if (p_ < end_ && *p_ == '.') {
      integral = false;
      ++p_;
      if (p_ >= end_ || !is_digit(*p_)) return false;
      while (p_ < end_ && is_digit(*p_)) ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ >= end_ || !is_digit(*p_)) return false;
      while (p_ < end_ && is_digit(*p_)) ++p_;
    }
    token = std::string_view(begin, static_cast<std::size_t>(p_ - begin));
    return true;
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool hex4(unsigned& out) {
    if (end_ - p_ < 4) return false;
    out = 0;
    for (int k = 0; k < 4; ++k) {
      const int d = hex(p_[k]);
      if (d < 0) return false;
      out = out * 16 + static_cast<unsigned>(d);
    }
    p_ += 4;
    return true;
  }

  // A string at p_ (the opening quote). `out` views its text: the source itself when it has no
  // escapes, otherwise scratch_ (valid until the next call).
  bool read_string(std::string_view& out) {
    escaped_ = false;
    ++p_;
    const char* run = p_;
    const char* stop = scan_plain(p_, end_);
    if (stop < end_ && *stop == '"') {  // the common case: no escapes, ASCII
      if (static_cast<std::size_t>(stop - run) > limits_.max_string_bytes) return false;
      out = std::string_view(run, static_cast<std::size_t>(stop - run));
      p_ = stop + 1;
      return true;
    }
    bool escaped = false;
    std::string& buf = scratch_;
    while (true) {
      stop = scan_plain(p_, end_);
      if (stop >= end_) return false;
      const auto c = static_cast<unsigned char>(*stop);
      if (c == '"') {
        p_ = stop + 1;
        if (!escaped) {
          out = std::string_view(run, static_cast<std::size_t>(stop - run));
        } else {
          buf.append(run, static_cast<std::size_t>(stop - run));
          out = buf;
        }
        return out.size() <= limits_.max_string_bytes;
      }
      if (c < 0x20) return false;
      if (c >= 0x80) {  // validate one UTF-8 sequence; surrogates are left to Parser
        std::size_t i = static_cast<std::size_t>(stop - begin_);
        const std::string_view all(begin_, static_cast<std::size_t>(end_ - begin_));
        const char32_t cp = text::next_code_point(all, i);
        if ((cp == 0xFFFD && begin_ + i == stop + 1) || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        p_ = begin_ + i;
        continue;
      }
      // A backslash escape: flush the run, decode, start a new run.
      if (!escaped) {
        escaped = true;
        escaped_ = true;
        buf.clear();
      }
      buf.append(run, static_cast<std::size_t>(stop - run));
      p_ = stop + 1;
      if (p_ >= end_) return false;
      const char e = *p_++;
      switch (e) {
        case '"': buf.push_back('"'); break;
        case '\\': buf.push_back('\\'); break;
        case '/': buf.push_back('/'); break;
        case 'b': buf.push_back('\b'); break;
        case 'f': buf.push_back('\f'); break;
        case 'n': buf.push_back('\n'); break;
        case 'r': buf.push_back('\r'); break;
        case 't': buf.push_back('\t'); break;
        case 'u': {
          unsigned u;
          if (!hex4(u)) return false;
          if (u >= 0xD800 && u <= 0xDBFF) {
            unsigned low;
            if (end_ - p_ < 6 || p_[0] != '\\' || p_[1] != 'u') return false;
            p_ += 2;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            text::append_utf8(buf, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
          } else if (u >= 0xDC00 && u <= 0xDFFF) {
            return false;
          } else {
            text::append_utf8(buf, u);
          }
          break;
        }
        default: return false;
      }
      run = p_;
    }
  }

  // ---- Raw scanning (json/raw.hpp) ----------------------------------------------------------

 public:
  bool raw_document(const Projection& need, std::vector<RawNode>& nodes) {
    nodes_ = &nodes;
    nodes.clear();
    if (static_cast<std::size_t>(end_ - p_) > limits_.max_bytes) return false;
    skip_ws();
    if (p_ >= end_) return false;
    nodes.emplace_back();
    bool canonical = true;
    if (!raw_value(0, &need, need.whole, 0, canonical)) return false;
    skip_ws();
    return p_ == end_;
  }

 private:
  // Skips whitespace; true when there was any.
  bool skip_ws_seen() {
    const char* before = p_;
    skip_ws();
    return p_ != before;
  }

  // Whether a number token is what Number.prototype.toString writes for its value: no
  // exponent, no "-0", at most 15 significant digits (so no other decimal of at most 15 digits
  // reads as the same double, and the shortest form is the token itself), no trailing zero in
  // the fraction, and not below 1e-6 (JavaScript writes those with an exponent).
  static bool canonical_number(std::string_view token, bool integral) {
    const std::size_t sign = token[0] == '-' ? 1 : 0;
    if (integral) return token.size() - sign <= 15 && token != "-0";
    std::size_t dot = token.find('.');
    if (dot == std::string_view::npos || token.find_first_of("eE") != std::string_view::npos) return false;
    if (token.back() == '0') return false;
    const std::string_view whole = token.substr(sign, dot - sign), fraction = token.substr(dot + 1);
    if (whole == "0") {
      const std::size_t zeros = fraction.find_first_not_of('0');
      return zeros < 6 && fraction.size() - zeros <= 15;
    }
    return whole.size() + fraction.size() <= 15;
  }

  // Scans the value at p_. `need` is its projection node (nullptr: nobody reads it on its own),
  // `whole` whether it lies inside a value needed whole, `index` its node (-1: not recorded).
  // `canonical` receives whether its text is canonical (see RawNode).
  bool raw_value(std::size_t depth, const Projection* need, bool whole, std::int32_t index,
                 bool& canonical) {
    const char* begin = p_;
    RawNode::Type type;
    canonical = true;
    switch (*p_) {
      case '{':
        type = RawNode::Type::object;
        if (!raw_object(depth + 1, need, whole, index, canonical)) return false;
        break;
      case '[':
        type = RawNode::Type::array;
        if (!raw_array(depth + 1, need, whole, index, canonical)) return false;
        break;
      case '"': {
        type = RawNode::Type::string;
        std::string_view text;
        if (!read_string(text)) return false;
        canonical = !escaped_;
        break;
      }
      case 't':
        type = RawNode::Type::true_;
        if (end_ - p_ < 4 || std::memcmp(p_, "true", 4) != 0) return false;
        p_ += 4;
        break;
      case 'f':
        type = RawNode::Type::false_;
        if (end_ - p_ < 5 || std::memcmp(p_, "false", 5) != 0) return false;
        p_ += 5;
        break;
      case 'n':
        type = RawNode::Type::null;
        if (end_ - p_ < 4 || std::memcmp(p_, "null", 4) != 0) return false;
        p_ += 4;
        break;
      default: {
        if (*p_ != '-' && !is_digit(*p_)) return false;
        type = RawNode::Type::number;
        std::string_view token;
        bool integral = true;
        if (!number_token(token, integral)) return false;
        canonical = canonical_number(token, integral);
      }
    }
    if (index >= 0) {
      RawNode& n = (*nodes_)[static_cast<std::size_t>(index)];
      n.type = type;
      n.begin = static_cast<std::uint32_t>(begin - begin_);
      n.end = static_cast<std::uint32_t>(p_ - begin_);
      const bool container = type == RawNode::Type::object || type == RawNode::Type::array;
      n.canonical = canonical && (whole || !container);
    }
    return true;
  }

  bool raw_object(std::size_t depth, const Projection* need, bool whole, std::int32_t index,
                  bool& canonical) {
    if (depth > limits_.max_depth) return false;
    ++p_;
    if (skip_ws_seen()) canonical = false;
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    std::vector<std::string_view>& keys = raw_keys_;
    const std::size_t base = keys.size();
    std::int32_t last = -1;
    for (std::size_t count = 0;; ++count) {
      if (skip_ws_seen()) canonical = false;
      if (p_ >= end_ || *p_ != '"' || count >= limits_.max_container_size) return false;
      std::string_view key;
      if (!read_string(key)) return false;
      const bool key_escaped = escaped_;
      if (whole) {
        if (key_escaped || (!key.empty() && is_digit(key[0]) && is_array_index(key))) canonical = false;
        else keys.push_back(key);
      }
      if (skip_ws_seen()) canonical = false;
      if (p_ >= end_ || *p_ != ':') return false;
      ++p_;
      if (skip_ws_seen()) canonical = false;
      if (p_ >= end_) return false;
      const Projection* child = need != nullptr ? need->find(key) : nullptr;
      if (need != nullptr && key_escaped) return false;  // it might spell a needed key
      bool value_canonical = true;
      if (child != nullptr) {
        for (std::int32_t c = (*nodes_)[static_cast<std::size_t>(index)].first_child; c >= 0;
             c = (*nodes_)[static_cast<std::size_t>(c)].next_sibling)
          if ((*nodes_)[static_cast<std::size_t>(c)].key == key) return false;  // given twice
        const auto at = static_cast<std::int32_t>(nodes_->size());
        nodes_->emplace_back();
        (*nodes_)[static_cast<std::size_t>(at)].key = key;
        if (last < 0) (*nodes_)[static_cast<std::size_t>(index)].first_child = at;
        else (*nodes_)[static_cast<std::size_t>(last)].next_sibling = at;
        last = at;
        if (!raw_value(depth, child, whole || child->whole, at, value_canonical)) return false;
      } else {
        if (!raw_value(depth, nullptr, whole, -1, value_canonical)) return false;
      }
      if (!value_canonical) canonical = false;
      if (skip_ws_seen()) canonical = false;
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        continue;
      }
      if (p_ < end_ && *p_ == '}') {
        ++p_;
        break;
      }
      return false;
    }
    if (whole && canonical && repeats(keys.begin() + static_cast<std::ptrdiff_t>(base), keys.end()))
      canonical = false;
    keys.resize(base);
    return true;
  }

  static bool repeats(std::vector<std::string_view>::iterator first,
                      std::vector<std::string_view>::iterator last) {
    const std::size_t n = static_cast<std::size_t>(last - first);
    if (n <= 16) {
      for (auto a = first; a != last; ++a)
        for (auto b = a + 1; b != last; ++b)
          if (*a == *b) return true;
      return false;
    }
    return repeats_hashed(n, [&](std::size_t i) { return first[static_cast<std::ptrdiff_t>(i)]; });
  }

  // A cheap hash of a key: its length and its first and last eight bytes.
  static std::uint64_t key_hash(std::string_view key) {
    std::uint64_t head = 0, tail = 0;
    const std::size_t k = key.size() < 8 ? key.size() : 8;
    std::memcpy(&head, key.data(), k);
    std::memcpy(&tail, key.data() + key.size() - k, k);
    std::uint64_t h = head ^ ((tail ^ key.size()) * 0x9E3779B97F4A7C15ULL);
    h ^= h >> 33;  // murmur3's finalizer: every input bit reaches the low bits used as the slot
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 33);
  }

  // Whether any two of n keys are equal: an open-addressing set of their positions.
  template <class KeyAt>
  static bool repeats_hashed(std::size_t n, KeyAt key_at) {
    std::size_t size = 32;
    while (size < 2 * n) size <<= 1;
    std::vector<std::size_t>& slots = hashes_;
    slots.assign(size, SIZE_MAX);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string_view key = key_at(i);
      std::size_t at = static_cast<std::size_t>(key_hash(key)) & (size - 1);
      while (slots[at] != SIZE_MAX) {
        if (key_at(slots[at]) == key) return true;
        at = (at + 1) & (size - 1);
      }
      slots[at] = i;
    }
    return false;
  }

  bool raw_array(std::size_t depth, const Projection* need, bool whole, std::int32_t index,
                 bool& canonical) {
    if (depth > limits_.max_depth) return false;
    const Projection* each =
        need != nullptr && need->items && !need->reads_array_members() ? need->items.get() : nullptr;
    if (each != nullptr) (*nodes_)[static_cast<std::size_t>(index)].elements = true;
    ++p_;
    if (skip_ws_seen()) canonical = false;
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    std::int32_t last = -1;
    for (std::size_t count = 0;; ++count) {
      if (skip_ws_seen()) canonical = false;
      if (p_ >= end_ || count >= limits_.max_container_size) return false;
      bool value_canonical = true;
      if (each != nullptr) {
        const auto at = static_cast<std::int32_t>(nodes_->size());
        nodes_->emplace_back();
        if (last < 0) (*nodes_)[static_cast<std::size_t>(index)].first_child = at;
        else (*nodes_)[static_cast<std::size_t>(last)].next_sibling = at;
        last = at;
        if (!raw_value(depth, each, whole || each->whole, at, value_canonical)) return false;
      } else {
        if (!raw_value(depth, nullptr, whole, -1, value_canonical)) return false;
      }
      if (!value_canonical) canonical = false;
      if (skip_ws_seen()) canonical = false;
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        continue;
      }
      if (p_ < end_ && *p_ == ']') {
        ++p_;
        return true;
      }
      return false;
    }
  }

  static bool has_duplicate_keys(std::vector<Object::Member>::const_iterator first,
                                 std::vector<Object::Member>::const_iterator last) {
    const std::size_t n = static_cast<std::size_t>(last - first);
    if (n <= 16) {
      for (auto a = first; a != last; ++a)
        for (auto b = a + 1; b != last; ++b)
          if (a->first.size() == b->first.size() && a->first == b->first) return true;
      return false;
    }
    return repeats_hashed(n, [&](std::size_t i) {
      return std::string_view(first[static_cast<std::ptrdiff_t>(i)].first);
    });
  }

  bool object(Value& out, std::size_t depth, const Projection* need) {
    if (depth > limits_.max_depth) return false;
    ++p_;
    skip_ws();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      out = Value::object();
      return true;
    }
    std::vector<Object::Member>& stack = members_;
    const std::size_t base = stack.size();
    auto give_up = [&] {
      stack.resize(base);
      return false;
    };
    bool plain = true;  // no key is an array index
    std::size_t skipped = 0;
    // With a projection, members are skipped: their keys are checked for repeats here.
    const bool note_keys = track_clean_ && need != nullptr;
    const std::size_t keys_base = clean_keys_.size();
    while (true) {
      skip_ws();
      if (p_ >= end_ || *p_ != '"') return give_up();
      if (stack.size() - base + skipped >= limits_.max_container_size) return give_up();
      std::string_view key_text;
      if (!read_string(key_text)) return give_up();
      if (note_keys) note_key(key_text);
      const Projection* child = need != nullptr ? need->find(key_text) : nullptr;
      const bool wanted = need == nullptr || child != nullptr;
      std::string key = wanted ? std::string(key_text) : std::string();
      skip_ws();
      if (p_ >= end_ || *p_ != ':') return give_up();
      ++p_;
      skip_ws();
      if (p_ >= end_) return give_up();
      if (!wanted) {  // nobody reads this member
        if (!skip(depth)) return give_up();
        ++skipped;
      } else {
        if (plain && !key.empty() && is_digit(key[0]) && is_array_index(key)) plain = false;
        Value v;
        if (!value(v, depth, child)) return give_up();
        stack.emplace_back(std::move(key), std::move(v));
      }
      skip_ws();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        continue;
      }
      if (p_ < end_ && *p_ == '}') {
        ++p_;
        break;
      }
      return give_up();
    }
    if (note_keys) check_keys(keys_base);
    const auto first = stack.begin() + static_cast<std::ptrdiff_t>(base);
    const bool repeated = (plain || track_clean_) && has_duplicate_keys(first, stack.end());
    if (repeated) clean_ = false;
    if (plain && !repeated) {
      out = Value::object(detail::ObjectAccess::from_plain_members(first, stack.end()));
    } else {
      Object o;
      for (auto it = first; it != stack.end(); ++it) o.set(std::move(it->first), std::move(it->second));
      out = Value::object(std::move(o));
    }
    stack.resize(base);
    return true;
  }

  bool array(Value& out, std::size_t depth, const Projection* each) {
    if (depth > limits_.max_depth) return false;
    ++p_;
    skip_ws();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      out = Value::array();
      return true;
    }
    std::vector<Value>& stack = items_;
    const std::size_t base = stack.size();
    auto give_up = [&] {
      stack.resize(base);
      return false;
    };
    while (true) {
      skip_ws();
      if (p_ >= end_) return give_up();
      if (stack.size() - base >= limits_.max_container_size) return give_up();
      Value v;
      if (!value(v, depth, each)) return give_up();
      stack.push_back(std::move(v));
      skip_ws();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        continue;
      }
      if (p_ < end_ && *p_ == ']') {
        ++p_;
        break;
      }
      return give_up();
    }
    Array items;
    items.reserve(stack.size() - base);
    for (auto it = stack.begin() + static_cast<std::ptrdiff_t>(base); it != stack.end(); ++it)
      items.push_back(std::move(*it));
    stack.resize(base);
    out = Value::array(std::move(items));
    return true;
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  const Limits& limits_;
  bool track_clean_ = false;
  bool clean_ = true;
  std::string scratch_;  // the text of the last string read that had escapes
  bool escaped_ = false;  // the last string read had escapes
  std::vector<RawNode>* nodes_ = nullptr;  // raw scanning: the nodes being recorded
  static thread_local std::vector<std::string_view> raw_keys_;
  static thread_local std::vector<std::string_view> clean_keys_;  // note_key's, per open object
  // Scratch stacks shared by all nesting levels (and reused across documents).
  static thread_local std::vector<Object::Member> members_;
  static thread_local std::vector<Value> items_;
  static thread_local std::vector<std::size_t> hashes_;
};

thread_local std::vector<Object::Member> FastParser::members_;
thread_local std::vector<Value> FastParser::items_;
thread_local std::vector<std::size_t> FastParser::hashes_;
thread_local std::vector<std::string_view> FastParser::raw_keys_;
thread_local std::vector<std::string_view> FastParser::clean_keys_;

}  // namespace

namespace {

// The fast parser when it can answer (no positions or duplicate reports asked for, nothing
// unusual in the text), the complete parser otherwise.
ParseResult parse_with(std::string_view text, const ParseOptions& options, const Projection* need) {
  if (options.clean) *options.clean = false;
  if (options.source_map == nullptr && options.duplicates == nullptr) {
    ParseResult result;
    FastParser fast(text, options.limits);
    fast.track_clean(options.clean != nullptr);
    if (fast.run(options.allow_bom, result.value, need)) {
      if (options.clean) *options.clean = fast.clean();
      return result;
    }
  }
  return detail::parse_full(text, options);
}

}  // namespace

ParseResult parse(std::string_view text, const ParseOptions& options) {
  return parse_with(text, options, nullptr);
}

ParseResult parse_projected(std::string_view text, const Projection& need,
                            const ParseOptions& options) {
  return parse_with(text, options, &need);
}

bool RawIndex::scan(std::string_view text, const Projection& need, const Limits& limits) {
  text_ = text;
  return FastParser(text, limits).raw_document(need, nodes_);
}

// ---- Projection -------------------------------------------------------------------------------

Value project(const Value& value, const Projection& need) {
  if (need.whole || !value.is_object()) return value;
  Object members;
  for (const auto& [key, member] : value.as_object())
    if (const Projection* child = need.find(key)) members.set(key, project(member, *child));
  return Value::object(std::move(members));
}

Projection& Projection::member(std::string_view key) {
  for (auto& [name, node] : members)
    if (name == key) return *node;
  members.emplace_back(std::string(key), std::make_unique<Projection>());
  return *members.back().second;
}

const Projection* Projection::find(std::string_view key) const {
  for (const auto& [name, node] : members)
    if (name.size() == key.size() && name == key) return node.get();
  return nullptr;
}

bool Projection::reads_array_members() const {
  for (const auto& [name, node] : members)
    if (name == "length" || is_array_index(name)) return true;
  return false;
}

Projection& Projection::each() {
  if (!items) items = std::make_unique<Projection>();
  return *items;
}

void Projection::merge(const Projection& other) {
  whole = whole || other.whole;
  for (const auto& [name, node] : other.members) member(name).merge(*node);
  if (other.items) each().merge(*other.items);
}

}  // namespace mapcheck::json
