// `generateFql` of @segment/destination-subscriptions 3.37.0: a condition tree (what the
// Segment UI's condition builder stores) → the FQL text Segment saves for it.
//
// The output is exactly the reference's, quirks included: string values are quoted without
// escaping, ordering operators coerce their value with Number(), field names get a backslash
// before every character outside [A-Za-z0-9._-] (per UTF-16 unit), nested groups are
// parenthesised, and one parenthesised group at the top loses its parentheses when the text
// holds exactly two parenthesis characters.
#pragma once

#include <optional>
#include <string>

#include "fql/parser.hpp"
#include "json/value.hpp"

namespace mapcheck::fql {

struct GenerateResult {
  std::string fql;
  std::optional<Error> error;  // what generateFql throws (unknown condition type, {error}, ...)
};

// generateFql(ast). Fails like the reference: an AST with `error` rethrows it, an unknown
// condition type throws "Unknown condition type", malformed groups throw TypeErrors.
GenerateResult generate(const json::Value& ast);

// A field name escaped as generateFql escapes it ("first name" → "first\ name").
std::string escape_field_name(std::string_view name);

}  // namespace mapcheck::fql
