// `parseFql` of @segment/destination-subscriptions 3.37.0: FQL text → the trigger's condition
// tree, with the same AST (key order and shapes), the same errors and the same silent drops.
//
// Besides the AST as a JavaScript value, the parser keeps what the lints and explanations
// need: where each condition came from in the text, which tokens were ignored and why, and
// which `and`/`or` words each group saw.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "fql/lexer.hpp"
#include "json/value.hpp"

namespace mapcheck::fql {

// A JavaScript error the reference throws or returns: its class and message.
struct Error {
  std::string name;  // "Error" or "TypeError"
  std::string message;
};

// One node of the condition tree, with where it came from.
struct Node {
  enum class Kind { condition, group, undefined };  // undefined: what "()" produces
  Kind kind = Kind::condition;

  // Conditions: {type, name?, operator, value?} in that key order.
  std::string type;  // "event-type", "event", "name", "userId", "event-property", ...
  std::optional<std::string> name;
  std::string op;
  json::Value value;  // undefined: no value key (exists, not_exists, is_true, is_false)

  // Groups: {type: "group", operator, children}.
  std::vector<Node> children;
  std::vector<Token> conditionals;  // every and/or the group saw; the last one wins

  // Provenance. For conditions written as `field op value`, the three tokens; for
  // contains()/match(), the function name, its field and value tokens.
  std::optional<Token> field_token, operator_token, value_token;
  std::string function;            // "contains" or "match" when written as a function call
  bool negated = false;            // written as !contains(...) / !match(...)
  std::size_t begin = 0, end = 0;  // UTF-16 range in the FQL text
};

// A token parseFql skipped without effect.
struct Ignored {
  enum class Reason {
    unknown_field,    // an identifier that is not a known field (its operator and value too)
    not_keyword,      // the identifier `not`
    bang,             // `!` not followed by contains/match
    prototype_field,  // `constructor = ...`: consumed like a field, adds nothing
    function_field,   // contains()/match() on a field it does not support, e.g. `type`
    stray,            // any other token parseFql passes over
  };
  Reason reason;
  Token token;
  std::size_t end = 0;  // UTF-16 end of the ignored construct (e.g. a whole function call)
};

struct ParseResult {
  // The AST exactly as parseFql returns it; undefined when `error` is set.
  json::Value ast;
  std::optional<Error> error;         // what parseFql returns as {error}
  std::optional<LexError> lex_error;  // the lexer's own message, when the lexer failed
  std::optional<Node> tree;           // the AST with provenance (a group at the top)
  std::vector<Token> tokens;          // after normalisation (dotted identifiers merged)
  std::vector<Ignored> ignored;
  bool ok() const { return !error.has_value(); }
};

// Parses FQL text like parseFql. Never fails hard: errors come back in the result.
ParseResult parse(std::string_view fql);

// The AST value of a node (undefined for Kind::undefined).
json::Value to_value(const Node& node);

}  // namespace mapcheck::fql
