// FQL lexer with fql-ts 1.10.1 semantics (see lexer.hpp); written from its observable behaviour.
#include "fql/lexer.hpp"

#include "text/unicode.hpp"

namespace mapcheck::fql {

namespace {

// fql-ts reports the end of input as the character "-1"; kEos stands for it here.
constexpr int kEos = -1;
// The lexer's "bug catcher" limits, in UTF-16 units.
constexpr std::size_t kMaxLength = 100000;

bool is_alpha(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(int c) {
  return c >= '0' && c <= '9';
}
bool is_whitespace(int c) {
  return c == ' ' || c == '\t' || c == '\n';
}
bool is_ident(int c) {
  return is_alpha(c) || is_digit(c) || c == '_' || c == '-' || c == '\\';
}
bool is_terminator(int c) {
  return c == kEos || is_whitespace(c) || c == ',' || c == ']' || c == ')';
}

// How fql-ts prints a character in a message: the UTF-16 unit itself, or "-1" at the end.
std::string show(int c) {
  if (c == kEos) return "-1";
  return text::from_utf16(std::u16string(1, static_cast<char16_t>(c)));
}

class Lexer {
 public:
  explicit Lexer(std::u16string_view code) : code_(code) {}

  LexResult run() {
    LexResult result;
    while (!failed_) {
      const std::size_t start = pos_;
      const int c = next();
      if (c == kEos) {
        result.tokens.push_back({TokenType::eos, "eos", pos_, pos_});
        return result;
      }
      if (is_whitespace(c)) continue;
      if (c == '!') {
        const int following = peek();
        if (is_alpha(following) || following == '(') {
          result.tokens.push_back({TokenType::op, "!", start, pos_});
          continue;
        }
      }
      Token token;
      if (is_alpha(c) || c == '!' || c == '=' || c == '>' || c == '<' || c == '\\' || c == '_') {
        token = operator_or_conditional(c);
      } else if (is_digit(c) || c == '-' || c == '+') {
        token = number(c);
      } else if (c == '"' || c == '\'') {
        token = string(static_cast<char16_t>(c));
      } else if (c == '.') {
        token = {TokenType::dot, ".", 0, 0};
      } else if (c == '[') {
        token = {TokenType::brack_left, "[", 0, 0};
      } else if (c == ']') {
        token = {TokenType::brack_right, "]", 0, 0};
      } else if (c == ',') {
        token = {TokenType::comma, ",", 0, 0};
      } else if (c == '(') {
        token = {TokenType::paren_left, "(", 0, 0};
      } else if (c == ')') {
        token = {TokenType::paren_right, ")", 0, 0};
      } else {
        fail("invalid character \"" + show(c) + "\"");
        break;
      }
      if (failed_) break;
      token.begin = start;
      token.end = pos_;
      result.tokens.push_back(std::move(token));
    }
    result.tokens.clear();
    result.error = error_;
    return result;
  }

 private:
  int next() { return pos_ == code_.size() ? kEos : code_[pos_++]; }
  int peek() const { return pos_ == code_.size() ? kEos : code_[pos_]; }
  void backup(std::size_t n) { pos_ = n > pos_ ? 0 : pos_ - n; }

  void fail(std::string message) {
    if (failed_) return;
    failed_ = true;
    error_ = LexError{std::move(message), pos_};
  }

  // Tries to read `word` followed by a terminator. Reading stops early at a terminator. On a
  // mismatch the characters read are put back, except when the input ended: fql-ts then
  // returns without putting them back, so they are lost.
  bool accept(std::u16string_view word) {
    std::u16string read;
    for (std::size_t k = 0; k < word.size(); ++k) {
      const int c = next();
      if (c == kEos) return false;
      read.push_back(static_cast<char16_t>(c));
      if (is_terminator(c)) break;
    }
    if (read == word && is_terminator(peek())) return true;
    backup(read.size());
    return false;
  }

  Token make(TokenType type, std::u16string_view value) {
    return {type, text::from_utf16(value), 0, 0};
  }

  Token operator_or_conditional(int previous) {
    switch (previous) {
      case '=':
        return make(TokenType::op, u"=");
      case '!':
        if (accept(u"=")) return make(TokenType::op, u"!=");
        fail("expected '=' after '!', got '" + show(peek()) + "'");
        return {};
      case 'a':
        if (accept(u"nd")) return make(TokenType::conditional, u"and");
        return ident(previous);
      case 'o':
        if (accept(u"r")) return make(TokenType::conditional, u"or");
        return ident(previous);
      case 'n':
        if (accept(u"ull")) return make(TokenType::null, u"null");
        return ident(previous);
      case '<':
      case '>': {
        std::u16string op(1, static_cast<char16_t>(previous));
        if (accept(u"=")) op.push_back(u'=');
        return make(TokenType::op, op);
      }
      default:
        return ident(previous);
    }
  }

  // An identifier: letters, digits, "_", "-", and "\" escaping any next character.
  Token ident(int previous) {
    std::u16string value;
    int c = previous;
    while (true) {
      if (c == '\\') {
        if (peek() == kEos) {
          fail("expected character after escape character, got EOS");
          return {};
        }
        c = next();
      }
      value.push_back(static_cast<char16_t>(c));
      if (value.size() >= kMaxLength) {
        fail("unreasonable literal length");
        return {};
      }
      if (!is_ident(peek())) break;
      c = next();
    }
    const int coming = peek();
    if (!(is_terminator(coming) || coming == '.' || coming == '(' || coming == '=' ||
          coming == '!')) {
      fail("expected termination character after identifier, got " + show(coming));
      return {};
    }
    return make(TokenType::ident, value);
  }

  // A number: the first character ("-", "+" or a digit), then digits and at most one ".".
  Token number(int previous) {
    std::u16string value(1, static_cast<char16_t>(previous));
    int coming = peek();
    bool decimal = false;
    while (is_digit(coming) || coming == '.') {
      value.push_back(static_cast<char16_t>(next()));
      if (coming == '.') {
        if (is_terminator(peek())) {
          fail("unexpected terminator after decimal point");
          return {};
        }
        if (decimal) {
          fail("multiple decimal points in one number");
          return {};
        }
        decimal = true;
      }
      if (value.size() - 1 >= kMaxLength) {
        fail("unreasonable number length");
        return {};
      }
      coming = peek();
    }
    return make(TokenType::number, value);
  }

  // A string up to the next identical quote, without escapes. The closing quote is consumed
  // only when a terminator follows it; otherwise it starts the next string.
  Token string(char16_t quote) {
    std::u16string body;
    while (peek() != quote) {
      const int c = next();
      if (c == kEos) {
        fail("unterminated string");
        return {};
      }
      body.push_back(static_cast<char16_t>(c));
      if (body.size() >= kMaxLength) {
        fail("unreasonable string length");
        return {};
      }
    }
    accept(std::u16string(1, quote));
    std::u16string value;
    value.reserve(body.size() + 2);
    value.push_back(quote);
    value += body;
    value.push_back(quote);
    return make(TokenType::string, value);
  }

  std::u16string_view code_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  LexError error_;
};

}  // namespace

const char* token_type_name(TokenType type) {
  switch (type) {
    case TokenType::ident:
      return "ident";
    case TokenType::dot:
      return "dot";
    case TokenType::op:
      return "operator";
    case TokenType::conditional:
      return "conditional";
    case TokenType::string:
      return "string";
    case TokenType::number:
      return "number";
    case TokenType::null:
      return "null";
    case TokenType::brack_left:
      return "brackleft";
    case TokenType::brack_right:
      return "brackright";
    case TokenType::paren_left:
      return "parenleft";
    case TokenType::paren_right:
      return "parenright";
    case TokenType::comma:
      return "comma";
    case TokenType::eos:
      return "eos";
  }
  return "eos";
}

LexResult lex(std::string_view fql) {
  const std::u16string code = text::to_utf16(fql);
  return Lexer(code).run();
}

std::vector<std::size_t> utf16_to_byte_offsets(std::string_view s) {
  std::vector<std::size_t> offsets;
  offsets.reserve(s.size() + 1);
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    const char32_t cp = text::next_code_point(s, i);
    offsets.push_back(at);
    if (cp >= 0x10000) offsets.push_back(at);
  }
  offsets.push_back(s.size());
  return offsets;
}

}  // namespace mapcheck::fql
