// The Liquid tokenizer: splits a template into text, `{% tag %}` and `{{ output }}` tokens and
// reads the expressions inside them, with liquidjs 10.27.2's exact reading rules.
//
// Everything works on UTF-16 code units, because liquidjs's positions, lengths and error
// columns are JavaScript string indices. A Tokenizer reads one range [p, N) of the template;
// like liquidjs, a few reads look one character past N and error positions can point there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/value.hpp"
#include "liquid/error.hpp"

namespace mapcheck::liquid {

enum class Op : std::uint8_t { eq, ne, gt, lt, ge, le, contains, not_, and_, or_ };

// One token of an expression: an operand (number, literal, quoted string, identifier, property
// access, range) or an operator. Property access keeps its optional base value in children[0]
// (when `has_base`) followed by the property tokens; a range keeps its bounds in children.
struct Item {
  enum class Kind : std::uint8_t { number, literal, quoted, word, property, range, op };
  Kind kind = Kind::word;
  Op op = Op::eq;
  bool has_base = false;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  json::Value content;  // number, literal, quoted text or identifier text
  std::vector<Item> children;
};

// `name: value` and positional filter arguments.
struct FilterArg {
  bool keyword = false;
  std::string key;            // keyword: the key token's source text
  std::optional<Item> value;  // missing for `key:` with no value
};

struct FilterCall {
  std::string name;
  std::vector<FilterArg> args;
};

// An expression in postfix order followed by its filters: `a == b | upcase`.
struct FilteredValue {
  std::vector<Item> postfix;
  std::vector<FilterCall> filters;
};

// A top-level token, or one line of a `{% liquid %}` tag.
struct RawToken {
  enum class Kind : std::uint8_t { html, tag, output };
  Kind kind = Kind::html;
  std::size_t begin = 0, end = 0;
  std::size_t content_begin = 0, content_end = 0;  // delimited tokens: the trimmed inside
  bool trim_left = false, trim_right = false;      // `{%-` / `-%}` and the like
  std::size_t html_trim_left = 0, html_trim_right = 0;
  std::u16string name;         // tag name
  std::size_t args_begin = 0;  // tag: where the arguments start
};

class Tokenizer {
 public:
  Tokenizer(std::u16string_view input, std::size_t begin, std::size_t end)
      : input_(input), p(begin), n(end) {}

  // Whole-template reading: text, tags and outputs, with whitespace control applied.
  void read_top_level_tokens(std::vector<RawToken>& out);
  // The lines of a `{% liquid %}` tag, from p to the end of the range.
  void read_liquid_tag_tokens(std::vector<RawToken>& out);

  // Expression reading, as liquidjs's Tokenizer methods of the same names.
  FilteredValue read_filtered_value();
  std::optional<Item> read_value();
  std::optional<Item> read_scope_value();
  std::optional<Item> read_quoted();
  // An identifier (a run of word characters after blanks); returns [begin, end).
  std::pair<std::size_t, std::size_t> read_identifier();
  std::size_t read_to(char16_t c);  // position after the next `c`, or npos
  void skip_blank();
  bool at_end() const { return p >= n; }
  int peek(std::size_t k = 0) const;
  void advance() { ++p; }

  // A TokenizationError at `pos` (default: p).
  void fail(const std::string& message);
  void fail_at(const std::string& message, std::size_t pos);
  // JSON.stringify of the text from `begin` to N, shortened to 32 units like liquidjs.
  std::string snapshot(std::size_t begin) const;
  std::string snapshot() const { return snapshot(p); }

  std::u16string_view input() const { return input_; }
  bool failed() const { return error.has_value(); }

  std::optional<Failure> error;

 private:
  std::u16string_view input_;

 public:
  std::size_t p;
  std::size_t n;

 private:
  int type_at(std::size_t k) const;
  bool match(std::u16string_view word) const;
  bool rmatch(std::u16string_view word) const;
  std::size_t read_to_delimiter(std::u16string_view delimiter, bool respect_quoted);
  void read_tag_token(std::vector<RawToken>& out, bool& in_raw, std::size_t& raw_begin);
  void read_endraw_or_raw_content(std::vector<RawToken>& out, bool& in_raw, std::size_t raw_begin);
  bool make_tag_token(RawToken& t, std::size_t begin, std::size_t end, bool liquid_line);
  std::u16string read_tag_name();
  int read_char();
  std::optional<Item> read_operator();
  std::optional<Item> read_literal();
  std::optional<Item> read_number();
  std::optional<Item> read_range();
  std::optional<Item> read_value_or_throw();
  std::vector<Item> read_properties(bool is_begin);
  std::vector<FilterCall> read_filters();
  bool read_filter(std::vector<FilterCall>& out);
};

// Character classes of liquidjs's tokenizer.
bool is_word_char(char16_t c) noexcept;

// WTF-8 text of a UTF-16 range.
std::string to_text(std::u16string_view s);

}  // namespace mapcheck::liquid
