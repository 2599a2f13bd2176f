// Trigger matching as Segment does it, and the condition-by-condition explanation users see.
#include <doctest/doctest.h>

#include <string>

#include "api.hpp"
#include "fql/evaluate.hpp"
#include "fql/lexer.hpp"
#include "fql/parser.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"

using namespace mapcheck;
using json::Value;

namespace {
Value j(std::string_view text) {
  json::ParseResult r = json::parse(text);
  REQUIRE_MESSAGE(r.ok(), std::string(text));
  return r.value;
}
const char* kTrack = R"({"type":"track","event":"Audience Entered","userId":"u-123",
  "properties":{"audience_key":"browse_abandoners","browse_abandoners":true,"ltv":"412.5","orders":0,
                "plan":"gold"},
  "context":{"traits":{"email":"jane@example.com"}}})";

std::string ast_of(std::string_view fql) {
  const fql::ParseResult r = fql::parse(fql);
  if (!r.ok()) return r.error->name + ": " + r.error->message;
  return *json::stringify(r.ast);
}
}  // namespace

TEST_CASE("the lexer's quirks decide what a trigger means") {
  // "an" at the very end loses its "n"; keywords need a terminator; CR is not whitespace.
  const fql::LexResult an = fql::lex("an");
  REQUIRE(an.tokens.size() == 2);
  CHECK(an.tokens[0].value == "a");
  CHECK(fql::lex("x >=5").tokens[1].value == ">");
  REQUIRE(fql::lex("b\r").error);
  CHECK(fql::lex("b\r").error->message == "expected termination character after identifier, got \r");
  CHECK_FALSE(fql::lex("a\r").error);  // "a" + one more character at the end: swallowed by the and-check
  CHECK(fql::lex("a !").error->message == "expected '=' after '!', got '-1'");
  CHECK(fql::lex("\"\xF0\x9F\x98\x80\"").tokens[0].value == "\"\xF0\x9F\x98\x80\"");
  CHECK(fql::lex("\xF0\x9F\x98\x80").error->message == "invalid character \"\xED\xA0\xBD\"");  // a lone surrogate
  // Token ranges are UTF-16 offsets.
  const fql::LexResult r = fql::lex("event = \"caf\xC3\xA9\" and x");
  CHECK(r.tokens[2].begin == 8);
  CHECK(r.tokens[2].end == 14);
}

TEST_CASE("parseFql: same AST shapes and errors as the reference") {
  CHECK(ast_of(R"(properties.vip = true and traits.ltv > "50")") ==
        R"({"type":"group","operator":"and","children":[{"type":"event-property","name":"vip","operator":"is_true"},{"type":"event-trait","name":"ltv","operator":">","value":"50"}]})");
  CHECK(ast_of("userId != null") == R"({"type":"group","operator":"and","children":[{"type":"userId","operator":"exists"}]})");
  CHECK(ast_of("constructor = 1 and event = x") == R"({"type":"group","operator":"and","children":[{"type":"event","operator":"=","value":"x"}]})");
  CHECK(ast_of("type") == "Error: Value token is missing");
  CHECK(ast_of("") == "TypeError: Cannot read properties of undefined (reading 'type')");
  const fql::ParseResult lexfail = fql::parse("a & b");
  REQUIRE(lexfail.lex_error);
  CHECK(lexfail.lex_error->message == "invalid character \"&\"");
  CHECK(lexfail.error->message == "Cannot read properties of undefined (reading 'type')");
}

TEST_CASE("validate: type-strict comparisons and thrown errors") {
  const Value event = j(kTrack);
  auto matches = [&](std::string_view fql, const Value& payload) {
    const fql::MatchResult m = fql::validate(fql::parse(fql).ast, payload);
    return m.error ? m.error->name + ": " + m.error->message : std::string(m.matches ? "true" : "false");
  };
  CHECK(matches(R"(properties.browse_abandoners = "true")", event) == "false");
  CHECK(matches("properties.browse_abandoners = true", event) == "true");
  CHECK(matches("properties.missing != \"x\"", event) == "true");
  CHECK(matches("properties.missing != 5", event) == "false");
  CHECK(matches("properties.orders.x != null", event) == "true");  // stops at 0, which exists
  CHECK(matches("properties.plan.length = 4", event) == "true");
  CHECK(matches("properties.constructor != null", event) == "true");
  CHECK(matches("type = \"track\"", Value::null()) == "TypeError: Cannot read properties of null (reading 'type')");
  CHECK(matches("type = \"track\"", Value()) == "false");
  CHECK(matches("() or type = \"track\"", event) == "TypeError: Cannot read properties of undefined (reading 'type')");
  CHECK(matches("type = \"track\" or ()", event) == "true");  // some() stops before the empty child
  CHECK(matches("properties\\.\\. = 1", event) == "TypeError: Cannot read properties of null (reading 'reduce')");
}

TEST_CASE("the explanation says, condition by condition, why a trigger did not match") {
  const Value r = api::matches_fql(
      R"(type = "track" and properties.browse_abandoners = "true" and properties.ltv > 100 and properties.orders.count != null)",
      kTrack);
  CHECK_FALSE(r.find("matches")->as_boolean());
  const json::Array& c = r.find("conditions")->as_array();
  REQUIRE(c.size() == 4);
  CHECK(c[0].find("matched")->as_boolean());
  CHECK(c[0].find("reason")->as_string() == "type is \"track\"");
  CHECK(c[1].find("pointer")->as_string() == "/children/1");
  CHECK(c[1].find("field")->as_string() == "properties.browse_abandoners");
  CHECK(c[1].find("actual")->as_boolean());
  CHECK(c[1].find("actualType")->as_string() == "boolean");
  CHECK(c[1].find("expected")->as_string() == "true");
  CHECK_FALSE(c[1].find("matched")->as_boolean());
  CHECK(c[1].find("reason")->as_string() ==
        "properties.browse_abandoners is the boolean true; \"=\" compares text only, so it is never equal to \"true\"");
  CHECK(c[2].find("reason")->as_string() == "properties.ltv is the text \"412.5\"; \">\" with a number compares numbers only");
  CHECK(c[3].find("matched")->as_boolean());
  CHECK(c[3].find("stoppedAt")->as_string() == "properties.orders");
  CHECK(c[3].find("reason")->as_string().find("the lookup stopped at properties.orders, which is the number 0") != std::string::npos);
}

TEST_CASE("api: parse_fql, matches_fql on an AST, generate_fql") {
  const Value parsed = api::parse_fql("event!=\"A\"");
  CHECK(parsed.find("error")->find("name")->as_string() == "TypeError");
  CHECK(parsed.find("error")->find("lexError")->as_string() == "expected '=' after '!', got '='");
  CHECK(parsed.find("diagnostics")->as_array()[0].find("code")->as_string() == "TRG-08");

  const Value m = api::matches_fql(
      R"({"type":"group","operator":"or","children":[{"type":"event","operator":"starts_with","value":"Audience"}]})", kTrack);
  CHECK(m.find("matches")->as_boolean());
  CHECK(m.find("conditions")->as_array()[0].find("reason")->as_string() == "\"Audience Entered\" starts with \"Audience\"");

  const Value g = api::generate_fql(
      R"({"type":"group","operator":"and","children":[{"type":"event-type","operator":"=","value":"track"},{"type":"event-property","name":"browse_abandoners","operator":"is_true"}]})");
  CHECK(g.find("fql")->as_string() == "type = \"track\" and properties.browse_abandoners = true");
  CHECK(g.find("diagnostics")->as_array().empty());
  CHECK(api::generate_fql("{").find("error")->find("name")->as_string() == "SyntaxError");
}
