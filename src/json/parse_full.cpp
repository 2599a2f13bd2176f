// The complete JSON parser: JSON.parse semantics with source positions, duplicate-key reports
// and exact error messages and offsets. json::parse uses it for documents that need positions
// (user inputs whose diagnostics point into their text) and for everything its fast path gives
// up on (parse.cpp). Compiled for size in the wasm module: it is not on the per-event path.
#include <cstring>

#include "json/build.hpp"
#include "json/number.hpp"
#include "json/parse.hpp"
#include "text/unicode.hpp"

namespace mapcheck::json {

void append_pointer_token(std::string& pointer, std::string_view token) {
  pointer.push_back('/');
  for (char c : token) {
    if (c == '~') pointer += "~0";
    else if (c == '/') pointer += "~1";
    else pointer.push_back(c);
  }
}

void SourceMap::reset(std::string_view text) {
  text_ = text;
  entries_.clear();
  escaped_keys_.clear();
  member_index_.clear();
  element_index_.clear();
}

std::uint32_t SourceMap::open(std::uint32_t parent, std::uint32_t index, std::size_t begin,
                              std::size_t key_begin, std::size_t key_end, const std::string* key) {
  Entry e;
  e.span.begin = static_cast<std::uint32_t>(begin);
  if (key_begin != SIZE_MAX) {
    e.span.key_begin = static_cast<std::uint32_t>(key_begin);
    e.span.key_end = static_cast<std::uint32_t>(key_end);
    // The key's text between its quotes is the key unless it holds escapes, and every escape
    // is longer than what it stands for.
    if (key && key_end - key_begin != key->size() + 2) {
      e.escaped_key = true;
      escaped_keys_.emplace(static_cast<std::uint32_t>(entries_.size()), *key);
    }
  }
  e.parent = parent;
  e.index = index;
  entries_.push_back(e);
  return static_cast<std::uint32_t>(entries_.size() - 1);
}

void SourceMap::close(std::uint32_t entry, std::size_t end) {
  entries_[entry].span.end = static_cast<std::uint32_t>(end);
  entries_[entry].next = static_cast<std::uint32_t>(entries_.size());
}

std::string_view SourceMap::key_of(std::size_t i) const {
  const Entry& e = entries_[i];
  if (e.span.key_begin == UINT32_MAX) return {};
  if (e.escaped_key) return escaped_keys_.at(static_cast<std::uint32_t>(i));
  return text_.substr(e.span.key_begin + 1, e.span.key_end - e.span.key_begin - 2);
}

std::string SourceMap::pointer_of(std::size_t i) const {
  std::vector<std::size_t> chain;
  for (std::size_t k = i; k != 0 && k < entries_.size(); k = entries_[k].parent) chain.push_back(k);
  std::string pointer;
  for (std::size_t n = chain.size(); n-- > 0;) {
    const Entry& e = entries_[chain[n]];
    if (e.index != UINT32_MAX) pointer += "/" + std::to_string(e.index);
    else append_pointer_token(pointer, key_of(chain[n]));
  }
  return pointer;
}

namespace {
constexpr std::size_t kIndexedChildren = 16;  // containers larger than this get an index
constexpr std::uint32_t kNone = UINT32_MAX;

// A pointer token that names an array element: "0" or digits without a leading zero.
bool array_position(std::string_view token, std::uint32_t& out) {
  if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) return false;
  std::uint32_t n = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  out = n;
  return true;
}
}  // namespace

std::uint32_t SourceMap::child(std::uint32_t parent, std::string_view token) const {
  const Entry& p = entries_[parent];
  const std::uint32_t first = parent + 1;
  if (first >= p.next) return kNone;  // no members
  const bool is_array = entries_[first].index != kNone;
  if (is_array) {
    std::uint32_t position;
    if (!array_position(token, position)) return kNone;
    auto it = element_index_.find(parent);
    if (it == element_index_.end()) {
      std::vector<std::uint32_t> elements;
      for (std::uint32_t c = first; c < p.next; c = entries_[c].next) elements.push_back(c);
      it = element_index_.emplace(parent, std::move(elements)).first;
    }
    return position < it->second.size() ? it->second[position] : kNone;
  }
  auto it = member_index_.find(parent);
  if (it == member_index_.end()) {
    // Small objects are searched in order; the first of duplicate keys is the one found.
    std::size_t count = 0;
    std::uint32_t c = first;
    for (; c < p.next && count <= kIndexedChildren; c = entries_[c].next, ++count)
      if (key_of(c) == token) return c;
    if (c >= p.next) return kNone;
    std::unordered_map<std::string_view, std::uint32_t> members;
    for (c = first; c < p.next; c = entries_[c].next) members.emplace(key_of(c), c);
    it = member_index_.emplace(parent, std::move(members)).first;
  }
  auto found = it->second.find(token);
  return found == it->second.end() ? kNone : found->second;
}

const Span* SourceMap::find(std::string_view pointer) const {
  if (entries_.empty()) return nullptr;
  if (!pointer.empty() && pointer[0] != '/') return nullptr;
  std::uint32_t at = 0;
  std::size_t i = 0;
  std::string token;
  while (i < pointer.size()) {
    ++i;  // '/'
    token.clear();
    while (i < pointer.size() && pointer[i] != '/') {
      if (pointer[i] == '~' && i + 1 < pointer.size() && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
        token.push_back(pointer[i + 1] == '1' ? '/' : '~');
        i += 2;
      } else {
        token.push_back(pointer[i++]);
      }
    }
    at = child(at, token);
    if (at == kNone) return nullptr;
  }
  return &entries_[at].span;
}

const Span* SourceMap::find_nearest(std::string_view pointer) const {
  std::string p(pointer);
  while (true) {
    if (const Span* span = find(p)) return span;
    if (p.empty()) return nullptr;
    const std::size_t slash = p.rfind('/');
    p.erase(slash == std::string::npos ? 0 : slash);
  }
}

namespace {

std::string describe_byte(unsigned char c) {
  if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
  return buf;
}

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options)
      : s_(text), n_(text.size()), opt_(options), limits_(options.limits) {}

  ParseResult run() {
    ParseResult result;
    if (n_ > limits_.max_bytes) {
      fail(ParseErrorKind::too_large, 0,
           "The document is " + std::to_string(n_) + " bytes; the limit is " +
               std::to_string(limits_.max_bytes) + " bytes");
      result.error = std::move(error_);
      return result;
    }
    if (opt_.source_map) opt_.source_map->reset(s_);
    if (opt_.allow_bom && n_ >= 3 && std::memcmp(s_.data(), "\xEF\xBB\xBF", 3) == 0) i_ = 3;
    skip_ws();
    if (i_ >= n_) {
      fail(ParseErrorKind::syntax, i_, "The input is empty; expected a JSON value");
    } else {
      Value v = parse_value(0);
      if (!error_) {
        skip_ws();
        if (i_ < n_) unexpected("after the end of the JSON value");
      }
      if (!error_) result.value = std::move(v);
    }
    result.error = std::move(error_);
    return result;
  }

 private:
  bool fail(ParseErrorKind kind, std::size_t at, std::string message) {
    if (!error_) error_ = ParseError{kind, std::move(message), at};
    return false;
  }

  void unexpected(const char* context) {
    if (i_ >= n_) {
      fail(ParseErrorKind::syntax, i_, std::string("Unexpected end of input ") + context);
      return;
    }
    const auto c = static_cast<unsigned char>(s_[i_]);
    if (c >= 0x80) {
      std::size_t probe = i_;
      const char32_t cp = text::next_code_point(s_, probe);
      if (cp == 0xFFFD && probe == i_ + 1) {
        fail(ParseErrorKind::invalid_utf8, i_, "Invalid UTF-8 " + describe_byte(c));
        return;
      }
      char buf[48];
      std::snprintf(buf, sizeof buf, "Unexpected character U+%04X ", static_cast<unsigned>(cp));
      fail(ParseErrorKind::syntax, i_, buf + std::string(context));
      return;
    }
    fail(ParseErrorKind::syntax, i_, "Unexpected " + describe_byte(c) + " " + context);
  }

  void skip_ws() {
    while (i_ < n_) {
      const char c = s_[i_];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') ++i_;
      else break;
    }
  }

  Value parse_value(std::size_t depth) {
    const std::size_t key_begin = pending_key_begin_, key_end = pending_key_end_;
    pending_key_begin_ = SIZE_MAX;
    std::uint32_t entry = UINT32_MAX;
    const std::uint32_t parent = current_entry_;
    if (opt_.source_map) {
      entry = opt_.source_map->open(parent, pending_index_, i_, key_begin, key_end, pending_key_);
      current_entry_ = entry;
    }
    pending_index_ = UINT32_MAX;
    pending_key_ = nullptr;
    Value v;
    switch (s_[i_]) {
      case '{': v = parse_object(depth + 1); break;
      case '[': v = parse_array(depth + 1); break;
      case '"': {
        std::string str;
        if (parse_string(str)) v = Value::string(std::move(str));
        break;
      }
      case 't': v = parse_literal("true", Value::boolean(true)); break;
      case 'f': v = parse_literal("false", Value::boolean(false)); break;
      case 'n': v = parse_literal("null", Value::null()); break;
      default:
        if (s_[i_] == '-' || (s_[i_] >= '0' && s_[i_] <= '9')) v = parse_number();
        else unexpected("where a JSON value was expected");
    }
    if (opt_.source_map) {
      opt_.source_map->close(entry, i_);
      current_entry_ = parent;
    }
    return v;
  }

  Value parse_literal(const char* word, Value v) {
    const std::size_t len = std::strlen(word);
    if (n_ - i_ >= len && std::memcmp(s_.data() + i_, word, len) == 0) {
      i_ += len;
      return v;
    }
    unexpected("where a JSON value was expected");
    return {};
  }

  Value parse_number() {
    const std::size_t begin = i_;
    if (s_[i_] == '-') ++i_;
    if (i_ >= n_ || s_[i_] < '0' || s_[i_] > '9') {
      unexpected("in a number: expected a digit");
      return {};
    }
    if (s_[i_] == '0') {
      ++i_;
      if (i_ < n_ && s_[i_] >= '0' && s_[i_] <= '9') {
        fail(ParseErrorKind::syntax, i_, "Numbers cannot have leading zeros");
        return {};
      }
    } else {
      while (i_ < n_ && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    }
    bool integral = true;
    if (i_ < n_ && s_[i_] == '.') {
      integral = false;
      ++i_;
      if (i_ >= n_ || s_[i_] < '0' || s_[i_] > '9') {
        unexpected("in a number: expected a digit after the decimal point");
        return {};
      }
      while (i_ < n_ && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    }
    if (i_ < n_ && (s_[i_] == 'e' || s_[i_] == 'E')) {
      integral = false;
      ++i_;
      if (i_ < n_ && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (i_ >= n_ || s_[i_] < '0' || s_[i_] > '9') {
        unexpected("in a number: expected a digit in the exponent");
        return {};
      }
      while (i_ < n_ && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    }
    const std::string_view token = s_.substr(begin, i_ - begin);
    const bool negative = token[0] == '-';
    if (integral && token.size() - negative <= 15) {  // exact in a double: no strtod needed
      std::int64_t n = 0;
      for (std::size_t k = negative; k < token.size(); ++k) n = n * 10 + (token[k] - '0');
      return Value::number(negative ? (n == 0 ? -0.0 : -static_cast<double>(n))
                                    : static_cast<double>(n));
    }
    return Value::number(parse_json_number(token));
  }

  bool parse_hex4(unsigned& out) {
    if (n_ - i_ < 4) {
      i_ = n_;
      unexpected("in a \\u escape");
      return false;
    }
    out = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_];
      unsigned d;
      if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
      else {
        unexpected("in a \\u escape: expected a hex digit");
        return false;
      }
      out = out * 16 + d;
      ++i_;
    }
    return true;
  }

  bool parse_string(std::string& out) {
    const std::size_t open = i_;
    ++i_;  // opening quote
    while (true) {
      // Copy the run of plain ASCII characters in one go.
      std::size_t run = i_;
      while (run < n_) {
        const auto c = static_cast<unsigned char>(s_[run]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++run;
      }
      out.append(s_.data() + i_, run - i_);
      i_ = run;
      if (out.size() > limits_.max_string_bytes)
        return fail(ParseErrorKind::string_too_long, open,
                    "A string is longer than the limit of " +
                        std::to_string(limits_.max_string_bytes) + " bytes");
      if (i_ >= n_)
        return fail(ParseErrorKind::syntax, open, "Unterminated string: no closing quote");
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        // Halves written separately (raw WTF-8 next to a \u escape) still form one pair.
        if (opt_.allow_surrogates) text::join_surrogate_pairs(out);
        return true;
      }
      if (c < 0x20) {
        char buf[96];
        std::snprintf(buf, sizeof buf,
                      "Control character U+%04X must be escaped inside a string", c);
        return fail(ParseErrorKind::syntax, i_, buf);
      }
      if (c >= 0x80) {
        const std::size_t start = i_;
        const char32_t cp = text::next_code_point(s_, i_);
        if ((cp == 0xFFFD && i_ == start + 1) ||
            (cp >= 0xD800 && cp <= 0xDFFF && !opt_.allow_surrogates)) {
          i_ = start;
          return fail(ParseErrorKind::invalid_utf8, start,
                      "Invalid UTF-8 " + describe_byte(c) + " inside a string");
        }
        out.append(s_.data() + start, i_ - start);
        continue;
      }
      // Backslash escape.
      ++i_;
      if (i_ >= n_) return fail(ParseErrorKind::syntax, open, "Unterminated string: no closing quote");
      const char e = s_[i_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          unsigned u;
          if (!parse_hex4(u)) return false;
          if (u >= 0xD800 && u <= 0xDBFF && n_ - i_ >= 6 && s_[i_] == '\\' && s_[i_ + 1] == 'u') {
            const std::size_t save = i_;
            i_ += 2;
            unsigned low;
            if (!parse_hex4(low)) return false;
            if (low >= 0xDC00 && low <= 0xDFFF) {
              text::append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
              break;
            }
            i_ = save;  // the next escape stands on its own
          }
          text::append_utf8(out, u);  // lone surrogates are kept, as in JavaScript strings
          break;
        }
        default: {
          i_ -= 1;
          // Quote the escaped character only when it is printable ASCII or valid UTF-8, so the
          // message itself stays valid text.
          const auto byte = static_cast<unsigned char>(e);
          std::string what;
          if (byte >= 0x20 && byte < 0x7F) {
            what = "'\\" + std::string(1, e) + "'";
          } else {
            std::size_t probe = i_;
            const char32_t cp = text::next_code_point(s_, probe);
            if (byte >= 0x80 && !(cp == 0xFFFD && probe == i_ + 1) &&
                !(cp >= 0xD800 && cp <= 0xDFFF))
              what = "'\\" + std::string(s_.substr(i_, probe - i_)) + "'";
            else
              what = "'\\' followed by " + describe_byte(byte);
          }
          return fail(ParseErrorKind::syntax, i_ - 1, "Invalid escape " + what + " in a string");
        }
      }
    }
  }

  bool enter(std::size_t depth) {
    if (depth > limits_.max_depth)
      return fail(ParseErrorKind::too_deep, i_,
                  "Nesting is deeper than the limit of " + std::to_string(limits_.max_depth) +
                      " levels");
    return true;
  }

  Value parse_array(std::size_t depth) {
    if (!enter(depth)) return {};
    ++i_;
    Array items;
    skip_ws();
    if (i_ < n_ && s_[i_] == ']') {
      ++i_;
      return Value::array(std::move(items));
    }
    while (true) {
      skip_ws();
      if (i_ >= n_) {
        unexpected("in an array: expected a value");
        return {};
      }
      if (items.size() >= limits_.max_container_size) {
        fail(ParseErrorKind::container_too_large, i_,
             "An array has more than the limit of " + std::to_string(limits_.max_container_size) +
                 " elements");
        return {};
      }
      pending_index_ = static_cast<std::uint32_t>(items.size());
      items.push_back(parse_value(depth));
      if (error_) return {};
      skip_ws();
      if (i_ < n_ && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < n_ && s_[i_] == ']') {
        ++i_;
        return Value::array(std::move(items));
      }
      unexpected("in an array: expected ',' or ']'");
      return {};
    }
  }

  Value parse_object(std::size_t depth) {
    if (!enter(depth)) return {};
    ++i_;
    Object members;
    skip_ws();
    if (i_ < n_ && s_[i_] == '}') {
      ++i_;
      return Value::object(std::move(members));
    }
    const std::size_t pointer_size = pointer_.size();
    while (true) {
      skip_ws();
      if (i_ >= n_ || s_[i_] != '"') {
        unexpected("in an object: expected a double-quoted key");
        return {};
      }
      if (members.size() >= limits_.max_container_size) {
        fail(ParseErrorKind::container_too_large, i_,
             "An object has more than the limit of " +
                 std::to_string(limits_.max_container_size) + " members");
        return {};
      }
      const std::size_t key_begin = i_;
      std::string key;
      if (!parse_string(key)) return {};
      const std::size_t key_end = i_;
      skip_ws();
      if (i_ >= n_ || s_[i_] != ':') {
        unexpected("after an object key: expected ':'");
        return {};
      }
      ++i_;
      skip_ws();
      if (i_ >= n_) {
        unexpected("in an object: expected a value");
        return {};
      }
      if (opt_.duplicates) append_pointer_token(pointer_, key);
      if (opt_.duplicates && members.contains(key))
        opt_.duplicates->push_back({pointer_, key_begin});
      pending_key_begin_ = key_begin;
      pending_key_end_ = key_end;
      pending_key_ = &key;
      Value v = parse_value(depth);
      if (opt_.duplicates) pointer_.resize(pointer_size);
      if (error_) return {};
      members.set(std::move(key), std::move(v));
      skip_ws();
      if (i_ < n_ && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < n_ && s_[i_] == '}') {
        ++i_;
        return Value::object(std::move(members));
      }
      unexpected("in an object: expected ',' or '}'");
      return {};
    }
  }

  std::string_view s_;
  std::size_t n_;
  std::size_t i_ = 0;
  const ParseOptions& opt_;
  const Limits& limits_;
  std::optional<ParseError> error_;
  std::string pointer_;  // of the value being parsed, kept only to report duplicate keys
  std::size_t pending_key_begin_ = SIZE_MAX;
  std::size_t pending_key_end_ = SIZE_MAX;
  const std::string* pending_key_ = nullptr;     // the (unescaped) key of the next value
  std::uint32_t pending_index_ = UINT32_MAX;     // or its position in an array
  std::uint32_t current_entry_ = UINT32_MAX;     // source map entry of the enclosing value
};

}  // namespace

namespace detail {
ParseResult parse_full(std::string_view text, const ParseOptions& options) {
  return Parser(text, options).run();
}
}  // namespace detail

}  // namespace mapcheck::json
