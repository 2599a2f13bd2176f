// `validate(ast, payload)` of @segment/destination-subscriptions 3.37.0: whether a trigger
// matches an event, with the same boolean and the same thrown errors, plus an explanation of
// every condition for people ("matched, or why not").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fql/lookup.hpp"
#include "fql/parser.hpp"
#include "json/value.hpp"

namespace mapcheck::fql {

struct MatchResult {
  bool matches = false;
  std::optional<Error> error;  // what validate threw (then `matches` is false)
};

// validate(ast, payload) for any AST value (parser output or one given as JSON). An undefined
// payload never matches; a null payload throws when a condition reads it; an `undefined`
// child (from "()") throws. Conditions are evaluated in order and stop as JavaScript's
// every()/some() do, so errors are reported only where the reference reaches them.
MatchResult validate(const json::Value& ast, const json::Value& payload);

// One condition of a trigger, evaluated on its own against an event.
struct ConditionResult {
  std::string pointer;   // JSON pointer of the condition in the AST ("/children/1")
  std::string type;      // condition type ("event-property", ...)
  std::string field;     // the field as FQL spells it: "type", "properties.vip", ...
  std::string op;        // the AST operator ("=", "is_true", ...)
  json::Value expected;  // the AST value; undefined when the operator takes none
  Actual actual;         // the value read from the event
  bool matched = false;
  std::string reason;                     // why it matched or not, in words
  std::optional<std::string> stopped_at;  // where a path lookup ended early, e.g. "properties.a"
  std::optional<Error> error;             // what reading or comparing this condition throws
};

// Every condition of the AST (depth first, in order), each evaluated against `payload`
// regardless of how its group would short-circuit. Groups are not listed; `undefined`
// children are, with their error.
std::vector<ConditionResult> explain(const json::Value& ast, const json::Value& payload);

// The explanation as JSON, one object per condition: {pointer, type, field, operator,
// expected?, actual?, actualType, matched, reason, stoppedAt?, error?: {name, message}}.
json::Value explanation_to_value(const std::vector<ConditionResult>& conditions);

// The field a condition reads, spelled as in FQL ("traits.email"); empty for unknown types.
std::string field_of(const json::Value& condition);

// How an operator reads for people: "=" → "is", "not_contains" → "does not contain".
std::string operator_words(std::string_view op);

}  // namespace mapcheck::fql
