// Reading Liquid templates and expressions exactly as liquidjs 10.27.2 does (see tokenizer.hpp).
#include "liquid/tokenizer.hpp"

#include "json/number.hpp"
#include "json/write.hpp"
#include "liquid/values.hpp"
#include "text/unicode.hpp"

namespace mapcheck::liquid {

namespace {

constexpr std::uint8_t kWord = 1;
constexpr std::uint8_t kBlank = 4;
constexpr std::uint8_t kQuote = 8;
constexpr std::uint8_t kNumber = 32;
constexpr std::uint8_t kSign = 64;

// Character classes of the ASCII range: letters, digits, `_`, `-` and `?` are word characters;
// `+` and `-` signs; quotes; blanks (\t \n \v \f \r and space).
constexpr std::uint8_t kAsciiTypes[128] = {
    0,  0,  0,  0,  0,  0,  0,  0, 0, 20, 4, 4, 4, 20, 0, 0, 0, 0,  0, 0,  0, 0, 0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  20, 2, 8, 0,  0, 0, 0, 8,  0, 0, 0, 64, 0, 65, 0, 0, 33, 33, 33, 33,
    33, 33, 33, 33, 33, 33, 0,  0, 2, 2,  2, 1, 0, 1,  1, 1, 1, 1,  1, 1,  1, 1, 1,  1,  1,  1,
    1,  1,  1,  1,  1,  1,  1,  1, 1, 1,  1, 1, 1, 0,  0, 0, 0, 1,  0, 1,  1, 1, 1,  1,  1,  1,
    1,  1,  1,  1,  1,  1,  1,  1, 1, 1,  1, 1, 1, 1,  1, 1, 1, 1,  1, 0,  0, 0, 0,  0};

constexpr std::uint8_t kPunctuation = 128;

std::uint8_t type_of(char16_t c) {
  if (c < 128) return kAsciiTypes[c];
  switch (c) {
    case 160:
    case 5760:
    case 6158:
    case 8232:
    case 8233:
    case 8239:
    case 8287:
    case 12288:
      return kBlank;
    case 8220:
    case 8221:
      return kPunctuation;
    default:
      return (c >= 8192 && c <= 8202) ? kBlank : 0;
  }
}

// Type of the character at `i` of `s`, or 0 past its end (JavaScript's TYPES[NaN]).
std::uint8_t type_in(std::u16string_view s, std::ptrdiff_t i) {
  if (i < 0 || static_cast<std::size_t>(i) >= s.size()) return 0;
  return type_of(s[static_cast<std::size_t>(i)]);
}

int precedence(Op op) {
  switch (op) {
    case Op::not_:
      return 1;
    case Op::and_:
    case Op::or_:
      return 0;
    default:
      return 2;
  }
}

struct Word {
  std::u16string_view text;
  int id;
};

constexpr Word kOperators[] = {{u"==", static_cast<int>(Op::eq)},
                               {u"!=", static_cast<int>(Op::ne)},
                               {u">", static_cast<int>(Op::gt)},
                               {u"<", static_cast<int>(Op::lt)},
                               {u">=", static_cast<int>(Op::ge)},
                               {u"<=", static_cast<int>(Op::le)},
                               {u"contains", static_cast<int>(Op::contains)},
                               {u"not", static_cast<int>(Op::not_)},
                               {u"and", static_cast<int>(Op::and_)},
                               {u"or", static_cast<int>(Op::or_)}};

constexpr Word kLiterals[] = {{u"true", 0}, {u"false", 1}, {u"nil", 2},
                              {u"null", 3}, {u"empty", 4}, {u"blank", 5}};

bool is_hex(char16_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(char16_t c) {
  if (c >= 97) return c - 87;
  if (c >= 65) return c - 55;
  return c - 48;
}

// liquidjs parseStringLiteral: the text between the quotes with escapes resolved. An
// unterminated `\u` escape at the very end makes liquidjs read past the string and throw.
std::u16string parse_string_literal(std::u16string_view str, std::optional<Failure>& error) {
  std::u16string out;
  const std::size_t len = str.size();
  for (std::size_t i = 1; i + 1 < len; ++i) {
    if (str[i] != '\\') {
      out.push_back(str[i]);
      continue;
    }
    const char16_t next = str[i + 1];
    switch (next) {
      case 'b':
        out.push_back(u'\b');
        ++i;
        continue;
      case 'f':
        out.push_back(u'\f');
        ++i;
        continue;
      case 'n':
        out.push_back(u'\n');
        ++i;
        continue;
      case 'r':
        out.push_back(u'\r');
        ++i;
        continue;
      case 't':
        out.push_back(u'\t');
        ++i;
        continue;
      case 'v':
        out.push_back(u'\x0B');
        ++i;
        continue;
      default:
        break;
    }
    if (next == 'u') {
      unsigned val = 0;
      std::size_t j = i + 2;
      while (j <= i + 5) {
        if (j >= len) {
          // rHex.test(undefined) is true, then hexVal(undefined) throws.
          error = Failure{"", "Cannot read properties of undefined (reading 'charCodeAt')"};
          return out;
        }
        if (!is_hex(str[j])) break;
        val = val * 16 + static_cast<unsigned>(hex_value(str[j++]));
      }
      i = j - 1;
      out.push_back(static_cast<char16_t>(val));
    } else if (!(next >= '0' && next <= '7')) {
      out.push_back(str[++i]);
    } else {
      std::size_t j = i + 1;
      unsigned val = 0;
      while (j <= i + 3 && j < len && str[j] >= '0' && str[j] <= '7')
        val = val * 8 + static_cast<unsigned>(str[j++] - '0');
      i = j - 1;
      out.push_back(static_cast<char16_t>(val));
    }
  }
  return out;
}

}  // namespace

bool is_word_char(char16_t c) noexcept {
  return c >= 128 ? type_of(c) == 0 : (type_of(c) & kWord) != 0;
}

std::string to_text(std::u16string_view s) {
  return text::from_utf16(s);
}

std::string position_suffix(std::u16string_view input, std::size_t offset) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (i < input.size() && input[i] == u'\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return ", line:" + std::to_string(line) + ", col:" + std::to_string(col);
}

// ---- character access ------------------------------------------------------------------------

int Tokenizer::peek(std::size_t k) const {
  return p + k >= n ? -1 : static_cast<int>(input_[p + k]);
}

int Tokenizer::type_at(std::size_t k) const {
  return p + k >= n ? 0 : type_of(input_[p + k]);
}

int Tokenizer::read_char() {
  const std::size_t at = p++;
  return at < input_.size() ? static_cast<int>(input_[at]) : -1;
}

bool Tokenizer::match(std::u16string_view word) const {
  for (std::size_t i = 0; i < word.size(); ++i)
    if (p + i >= input_.size() || input_[p + i] != word[i]) return false;
  return true;
}

bool Tokenizer::rmatch(std::u16string_view word) const {
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (p < 1 + i) return false;
    const std::size_t at = p - 1 - i;
    if (at >= input_.size() || input_[at] != word[word.size() - 1 - i]) return false;
  }
  return true;
}

void Tokenizer::skip_blank() {
  while (type_at(0) & kBlank) ++p;
}

std::size_t Tokenizer::read_to(char16_t c) {
  while (p < n) {
    ++p;
    if (input_[p - 1] == c) return p;
  }
  return std::u16string_view::npos;
}

std::size_t Tokenizer::read_to_delimiter(std::u16string_view delimiter, bool respect_quoted) {
  skip_blank();
  while (p < n) {
    if (respect_quoted && (type_at(0) & kQuote)) {
      read_quoted();
      continue;
    }
    ++p;
    if (rmatch(delimiter)) return p;
  }
  return std::u16string_view::npos;
}

void Tokenizer::fail_at(const std::string& message, std::size_t pos) {
  if (!error) error = Failure{"TokenizationError", message + position_suffix(input_, pos)};
}

void Tokenizer::fail(const std::string& message) {
  fail_at(message, p);
}

std::string Tokenizer::snapshot(std::size_t begin) const {
  std::u16string_view rest = begin < n ? input_.substr(begin, n - begin) : std::u16string_view();
  std::u16string shown(rest);
  if (shown.size() > 32) shown = shown.substr(0, 29) + u"...";
  std::string out;
  json::append_json_string(out, text::from_utf16(shown));
  return out;
}

std::pair<std::size_t, std::size_t> Tokenizer::read_identifier() {
  skip_blank();
  const std::size_t begin = p;
  while (!at_end() && is_word_char(input_[p])) ++p;
  return {begin, p};
}

// ---- top-level tokens ------------------------------------------------------------------------

bool Tokenizer::make_tag_token(RawToken& t, std::size_t begin, std::size_t end, bool liquid_line) {
  t.kind = RawToken::Kind::tag;
  t.begin = begin;
  t.end = end;
  const std::size_t cb = liquid_line ? begin : begin + 2;
  const std::size_t ce = liquid_line ? end : end - 2;
  const bool tl = cb < input_.size() && input_[cb] == u'-';
  const bool tr = ce >= 1 && input_[ce - 1] == u'-';
  std::size_t l = tl ? cb + 1 : cb;
  std::size_t r = tr ? ce - 1 : ce;
  while (l < r && (type_of(input_[l]) & kBlank)) ++l;
  while (r > l && (type_of(input_[r - 1]) & kBlank)) --r;
  t.content_begin = l;
  t.content_end = r;
  t.trim_left = tl;
  t.trim_right = tr;
  Tokenizer tz(input_, l, r);
  t.name = tz.read_tag_name();
  if (t.name.empty()) {
    fail_at(liquid_line ? "illegal liquid tag syntax" : "illegal tag syntax, tag name expected",
            tz.p);
    return false;
  }
  tz.skip_blank();
  t.args_begin = tz.p;
  return true;
}

std::u16string Tokenizer::read_tag_name() {
  skip_blank();
  if (p < input_.size() && input_[p] == u'#') {
    ++p;
    return u"#";
  }
  auto [b, e] = read_identifier();
  return std::u16string(input_.substr(b, e - b));
}

void Tokenizer::read_tag_token(std::vector<RawToken>& out, bool& in_raw, std::size_t& raw_begin) {
  const std::size_t begin = p;
  if (read_to_delimiter(u"%}", false) == std::u16string_view::npos) {
    fail_at("tag " + snapshot(begin) + " not closed", begin);
    return;
  }
  RawToken t;
  if (!make_tag_token(t, begin, p, false)) return;
  if (t.name == u"raw") {
    in_raw = true;
    raw_begin = begin;
  }
  out.push_back(std::move(t));
}

void Tokenizer::read_endraw_or_raw_content(std::vector<RawToken>& out, bool& in_raw,
                                           std::size_t raw_begin) {
  const std::size_t begin = p;
  auto read_to_tag_start = [&]() -> std::ptrdiff_t {
    while (p < n) {
      ++p;
      if (rmatch(u"{%")) return static_cast<std::ptrdiff_t>(p) - 2;
    }
    return -3;
  };
  std::ptrdiff_t left = read_to_tag_start();
  while (p < n) {
    auto [ib, ie] = read_identifier();
    if (input_.substr(ib, ie - ib) != u"endraw") {
      left = read_to_tag_start();
      continue;
    }
    while (p <= n) {
      if (rmatch(u"%}")) {
        const std::size_t end = p;
        if (static_cast<std::ptrdiff_t>(begin) == left) {
          in_raw = false;
          RawToken t;
          if (!make_tag_token(t, begin, end, false)) return;
          out.push_back(std::move(t));
        } else {
          p = static_cast<std::size_t>(left);
          RawToken t;
          t.kind = RawToken::Kind::html;
          t.begin = begin;
          t.end = static_cast<std::size_t>(left);
          out.push_back(std::move(t));
        }
        return;
      }
      if (rmatch(u"{%")) break;
      ++p;
    }
  }
  fail_at("raw " + snapshot(raw_begin) + " not closed", begin);
}

void Tokenizer::read_top_level_tokens(std::vector<RawToken>& out) {
  bool in_raw = false;
  std::size_t raw_begin = 0;
  while (p < n && !error) {
    if (in_raw) {
      read_endraw_or_raw_content(out, in_raw, raw_begin);
    } else if (match(u"{%")) {
      read_tag_token(out, in_raw, raw_begin);
    } else if (match(u"{{")) {
      const std::size_t begin = p;
      if (read_to_delimiter(u"}}", true) == std::u16string_view::npos) {
        fail_at("output " + snapshot(begin) + " not closed", begin);
        return;
      }
      RawToken t;
      t.kind = RawToken::Kind::output;
      t.begin = begin;
      t.end = p;
      const std::size_t cb = begin + 2, ce = p - 2;
      const bool tl = input_[cb] == u'-';
      const bool tr = ce >= 1 && input_[ce - 1] == u'-';
      std::size_t l = tl ? cb + 1 : cb;
      std::size_t r = tr ? ce - 1 : ce;
      while (l < r && (type_of(input_[l]) & kBlank)) ++l;
      while (r > l && (type_of(input_[r - 1]) & kBlank)) --r;
      t.content_begin = l;
      t.content_end = r;
      t.trim_left = tl;
      t.trim_right = tr;
      out.push_back(std::move(t));
    } else {
      RawToken t;
      t.kind = RawToken::Kind::html;
      t.begin = p;
      while (p < n && !match(u"{%") && !match(u"{{")) ++p;
      t.end = p;
      out.push_back(std::move(t));
    }
  }
  if (error) return;

  // Whitespace control: `-` on a delimiter trims the blanks of the neighbouring text.
  bool inside_raw = false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const RawToken& t = out[i];
    if (t.kind == RawToken::Kind::html) continue;
    if (!inside_raw && t.trim_left && i > 0 && out[i - 1].kind == RawToken::Kind::html) {
      RawToken& h = out[i - 1];
      while (type_in(input_, static_cast<std::ptrdiff_t>(h.end) - 1 -
                                 static_cast<std::ptrdiff_t>(h.html_trim_right)) &
             kBlank)
        ++h.html_trim_right;
    }
    if (t.kind == RawToken::Kind::tag) {
      if (t.name == u"raw")
        inside_raw = true;
      else if (t.name == u"endraw")
        inside_raw = false;
    }
    if (!inside_raw && t.trim_right && i + 1 < out.size() &&
        out[i + 1].kind == RawToken::Kind::html) {
      RawToken& h = out[i + 1];
      while (type_in(input_, static_cast<std::ptrdiff_t>(h.begin + h.html_trim_left)) & kBlank)
        ++h.html_trim_left;
      if (h.begin + h.html_trim_left < input_.size() && input_[h.begin + h.html_trim_left] == u'\n')
        ++h.html_trim_left;
    }
  }
}

void Tokenizer::read_liquid_tag_tokens(std::vector<RawToken>& out) {
  while (p < n && !error) {
    skip_blank();
    if (at_end()) return;
    const std::size_t begin = p;
    read_to_delimiter(u"\n", false);
    RawToken t;
    if (!make_tag_token(t, begin, p, true)) return;
    out.push_back(std::move(t));
  }
}

// ---- expressions -----------------------------------------------------------------------------

namespace {

// liquidjs's trie match: the longest word of `words` starting at `p` (within `n`); words ending
// in a word character must not be followed by one.
template <std::size_t N>
const Word* match_words(std::u16string_view in, std::size_t p, std::size_t n,
                        const Word (&words)[N], std::size_t& end) {
  const Word* best = nullptr;
  for (const Word& w : words) {
    if (p + w.text.size() > n || in.substr(p, w.text.size()) != w.text) continue;
    if (!best || w.text.size() > best->text.size()) best = &w;
  }
  if (!best) return nullptr;
  end = p + best->text.size();
  if (is_word_char(best->text.back()) && end < n && is_word_char(in[end])) return nullptr;
  return best;
}

}  // namespace

std::optional<Item> Tokenizer::read_operator() {
  skip_blank();
  std::size_t end = 0;
  const Word* w = match_words(input_, p, n, kOperators, end);
  if (!w) return std::nullopt;
  Item it;
  it.kind = Item::Kind::op;
  it.op = static_cast<Op>(w->id);
  it.begin = static_cast<std::uint32_t>(p);
  it.end = static_cast<std::uint32_t>(end);
  p = end;
  return it;
}

std::optional<Item> Tokenizer::read_literal() {
  skip_blank();
  std::size_t end = 0;
  const Word* w = match_words(input_, p, n, kLiterals, end);
  if (!w) return std::nullopt;
  Item it;
  it.kind = Item::Kind::literal;
  it.begin = static_cast<std::uint32_t>(p);
  it.end = static_cast<std::uint32_t>(end);
  switch (w->id) {
    case 0:
      it.content = Value::boolean(true);
      break;
    case 1:
      it.content = Value::boolean(false);
      break;
    case 2:
    case 3:
      it.content = make_drop(Drop::nil);
      break;
    case 4:
      it.content = make_drop(Drop::empty);
      break;
    default:
      it.content = make_drop(Drop::blank);
      break;
  }
  p = end;
  return it;
}

std::optional<Item> Tokenizer::read_quoted() {
  skip_blank();
  const std::size_t begin = p;
  if (!(type_at(0) & kQuote)) return std::nullopt;
  ++p;
  bool escaped = false;
  while (p < n) {
    ++p;
    if (input_[p - 1] == input_[begin] && !escaped) break;
    if (escaped)
      escaped = false;
    else if (input_[p - 1] == u'\\')
      escaped = true;
  }
  Item it;
  it.kind = Item::Kind::quoted;
  it.begin = static_cast<std::uint32_t>(begin);
  it.end = static_cast<std::uint32_t>(p);
  std::optional<Failure> err;
  it.content = Value::string(to_text(parse_string_literal(input_.substr(begin, p - begin), err)));
  if (err && !error) error = err;
  return it;
}

std::optional<Item> Tokenizer::read_number() {
  skip_blank();
  bool decimal = false, digit = false;
  std::size_t k = 0;
  if (type_at(0) & kSign) ++k;
  while (p + k <= n) {
    if (type_at(k) & kNumber) {
      digit = true;
      ++k;
    } else if (peek(k) == '.' && peek(k + 1) != '.') {
      if (decimal || !digit) return std::nullopt;
      decimal = true;
      ++k;
    } else {
      break;
    }
  }
  if (!digit) return std::nullopt;
  if (peek(k) >= 0 && is_word_char(static_cast<char16_t>(peek(k)))) return std::nullopt;
  Item it;
  it.kind = Item::Kind::number;
  it.begin = static_cast<std::uint32_t>(p);
  it.end = static_cast<std::uint32_t>(p + k);
  it.content = Value::number(json::string_to_number(to_text(input_.substr(p, k))));
  p += k;
  return it;
}

std::optional<Item> Tokenizer::read_value_or_throw() {
  std::optional<Item> v = read_value();
  if (!v && !error) fail("unexpected token " + snapshot() + ", value expected");
  return v;
}

std::optional<Item> Tokenizer::read_range() {
  skip_blank();
  const std::size_t begin = p;
  if (peek() != '(') return std::nullopt;
  ++p;
  std::optional<Item> lhs = read_value_or_throw();
  if (error) return std::nullopt;
  skip_blank();
  if (read_char() != '.' || read_char() != '.') {
    fail("invalid range syntax");
    return std::nullopt;
  }
  std::optional<Item> rhs = read_value_or_throw();
  if (error) return std::nullopt;
  skip_blank();
  if (read_char() != ')') {
    fail("invalid range syntax");
    return std::nullopt;
  }
  Item it;
  it.kind = Item::Kind::range;
  it.begin = static_cast<std::uint32_t>(begin);
  it.end = static_cast<std::uint32_t>(p);
  it.children.push_back(std::move(*lhs));
  it.children.push_back(std::move(*rhs));
  return it;
}

std::vector<Item> Tokenizer::read_properties(bool is_begin) {
  std::vector<Item> props;
  while (!error) {
    if (peek() == '[') {
      ++p;
      std::optional<Item> prop = read_value();
      if (error) break;
      if (!prop) {
        Item word;
        word.kind = Item::Kind::word;
        word.begin = word.end = static_cast<std::uint32_t>(p);
        word.content = Value::string("");
        prop = std::move(word);
      }
      if (read_to(u']') == std::u16string_view::npos) {
        fail("[ not closed");
        break;
      }
      props.push_back(std::move(*prop));
      continue;
    }
    if (is_begin && props.empty()) {
      auto [b, e] = read_identifier();
      if (e > b) {
        Item word;
        word.kind = Item::Kind::word;
        word.begin = static_cast<std::uint32_t>(b);
        word.end = static_cast<std::uint32_t>(e);
        word.content = Value::string(to_text(input_.substr(b, e - b)));
        props.push_back(std::move(word));
        continue;
      }
    }
    if (peek() == '.' && peek(1) != '.') {
      ++p;
      auto [b, e] = read_identifier();
      if (e == b) break;
      Item word;
      word.kind = Item::Kind::word;
      word.begin = static_cast<std::uint32_t>(b);
      word.end = static_cast<std::uint32_t>(e);
      word.content = Value::string(to_text(input_.substr(b, e - b)));
      props.push_back(std::move(word));
      continue;
    }
    break;
  }
  return props;
}

std::optional<Item> Tokenizer::read_value() {
  skip_blank();
  const std::size_t begin = p;
  std::optional<Item> variable = read_literal();
  if (!variable) variable = read_quoted();
  if (!variable && !error) variable = read_range();
  if (!variable && !error) variable = read_number();
  if (error) return std::nullopt;
  std::vector<Item> props = read_properties(!variable);
  if (error) return std::nullopt;
  if (props.empty()) return variable;
  Item it;
  it.kind = Item::Kind::property;
  it.begin = static_cast<std::uint32_t>(begin);
  it.end = static_cast<std::uint32_t>(p);
  it.has_base = variable.has_value();
  if (variable) it.children.push_back(std::move(*variable));
  for (Item& prop : props) it.children.push_back(std::move(prop));
  return it;
}

std::optional<Item> Tokenizer::read_scope_value() {
  skip_blank();
  const std::size_t begin = p;
  std::vector<Item> props = read_properties(true);
  if (error || props.empty()) return std::nullopt;
  Item it;
  it.kind = Item::Kind::property;
  it.begin = static_cast<std::uint32_t>(begin);
  it.end = static_cast<std::uint32_t>(p);
  it.children = std::move(props);
  return it;
}

FilteredValue Tokenizer::read_filtered_value() {
  FilteredValue fv;
  std::vector<Item> tokens;
  while (p < n && !error) {
    if (std::optional<Item> op = read_operator()) {
      tokens.push_back(std::move(*op));
      continue;
    }
    std::optional<Item> v = read_value();
    if (!v) break;
    tokens.push_back(std::move(*v));
  }
  if (error) return fv;
  // Shunting-yard without parentheses: equal precedences associate to the right.
  std::vector<Item> ops;
  for (Item& t : tokens) {
    if (t.kind == Item::Kind::op) {
      while (!ops.empty() && precedence(ops.back().op) > precedence(t.op)) {
        fv.postfix.push_back(std::move(ops.back()));
        ops.pop_back();
      }
      ops.push_back(std::move(t));
    } else {
      fv.postfix.push_back(std::move(t));
    }
  }
  while (!ops.empty()) {
    fv.postfix.push_back(std::move(ops.back()));
    ops.pop_back();
  }
  if (fv.postfix.empty()) {
    fail("invalid value expression: " + snapshot());
    return fv;
  }
  fv.filters = read_filters();
  return fv;
}

std::vector<FilterCall> Tokenizer::read_filters() {
  std::vector<FilterCall> filters;
  while (!error && read_filter(filters)) {
  }
  return filters;
}

bool Tokenizer::read_filter(std::vector<FilterCall>& out) {
  skip_blank();
  if (at_end()) return false;
  if (read_char() != '|') {
    fail("expected \"|\" before filter");
    return false;
  }
  auto [nb, ne] = read_identifier();
  if (ne == nb) {
    if (!at_end()) fail("expected filter name");
    return false;
  }
  FilterCall call;
  call.name = to_text(input_.substr(nb, ne - nb));
  skip_blank();
  if (peek() == ':') {
    do {
      ++p;
      std::optional<Item> key = read_value();
      if (error) return false;
      if (key) {
        skip_blank();
        FilterArg arg;
        if (peek() == ':') {
          ++p;
          arg.keyword = true;
          arg.key = to_text(input_.substr(key->begin, key->end - key->begin));
          arg.value = read_value();
          if (error) return false;
        } else {
          arg.value = std::move(key);
        }
        call.args.push_back(std::move(arg));
      }
      skip_blank();
      if (!(at_end() || peek() == ',' || peek() == '|')) {
        fail("unexpected character " + snapshot());
        return false;
      }
    } while (peek() == ',');
  } else if (!(peek() == '|' || at_end())) {
    fail("expected \":\" after filter name");
    return false;
  }
  out.push_back(std::move(call));
  return true;
}

}  // namespace mapcheck::liquid
