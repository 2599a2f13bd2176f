// The FQL lexer, reproducing @segment/fql-ts 1.10.1 `lex` token for token.
//
// Segment's trigger parser (`parseFql`) reads the tokens this lexer produces, so every quirk
// of fql-ts is part of what a trigger means: the text is scanned one UTF-16 unit at a time,
// carriage return is not whitespace, strings keep their quotes and have no escapes, a string's
// closing quote is only consumed when a terminator follows it, `!` must be followed by `=` and
// a terminator, and keywords are recognised only when a terminator follows them. When the
// lexer fails, fql-ts returns no tokens at all and `parseFql` reports a TypeError instead of
// the lexer's message; `LexResult::error` keeps the lexer's message for explanations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mapcheck::fql {

enum class TokenType : std::uint8_t {
  ident,
  dot,
  op,           // "=", "!=", "<", "<=", ">", ">=", "!"
  conditional,  // "and", "or"
  string,       // value keeps its quotes
  number,       // value is the text as written ("-", "007", "5.")
  null,
  brack_left,
  brack_right,
  paren_left,
  paren_right,
  comma,
  eos,
};

// The fql-ts type name of a token type ("ident", "operator", "parenleft", ...).
const char* token_type_name(TokenType type);

struct Token {
  TokenType type = TokenType::eos;
  std::string value;      // WTF-8; what fql-ts puts in `token.value`
  std::size_t begin = 0;  // UTF-16 offsets of the text the token came from, [begin, end)
  std::size_t end = 0;
};

struct LexError {
  std::string message;     // fql-ts's LexerError message, e.g. "invalid character \"&\""
  std::size_t offset = 0;  // UTF-16 offset where the lexer stopped
};

struct LexResult {
  std::vector<Token> tokens;  // empty when `error` is set, ending with an eos token otherwise
  std::optional<LexError> error;
};

// Lexes FQL text (WTF-8) exactly as fql-ts does. Never fails hard: a lexer error comes back
// in `error` with no tokens.
LexResult lex(std::string_view fql);

// Byte offsets of every UTF-16 offset of `text` (size = UTF-16 length + 1), to turn token
// offsets into positions in the original text.
std::vector<std::size_t> utf16_to_byte_offsets(std::string_view text);

}  // namespace mapcheck::fql
