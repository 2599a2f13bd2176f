// Trigger lints on realistic Engage events: each shows the code, where it points and the
// message a user reads.
#include <doctest/doctest.h>

#include <string>

#include "fql/lint.hpp"
#include "fql/parser.hpp"
#include "json/parse.hpp"

using namespace mapcheck;
using json::Value;

namespace {
// Engage audience events as Segment sends them (ENGAGE.md §2.2, §2.3, §5.3).
const char* kIdentify = R"({
  "type": "identify", "userId": "u-123", "messageId": "personas_2a1b",
  "traits": {"email": "jane@example.com", "browse_abandoners": true, "lifetime_value": 412.5,
             "vip": "true"},
  "context": {"personas": {"computation_class": "audience", "computation_key": "browse_abandoners",
                           "computation_id": "aud_2Mx", "space_id": "spa_9"}}
})";
const char* kTrack = R"({
  "type": "track", "event": "Audience Entered", "userId": "u-123", "messageId": "personas_2a1c",
  "properties": {"audience_key": "browse_abandoners", "browse_abandoners": true, "ltv": "412.5",
                 "plan": "gold", "orders": 3, "products": [{"sku": "SKU-1"}]},
  "context": {"traits": {"email": "jane@example.com"},
              "personas": {"computation_class": "audience", "computation_key": "browse_abandoners"}}
})";

Value event(const char* text) {
  json::ParseResult r = json::parse(text);
  REQUIRE(r.ok());
  return r.value;
}

std::vector<Diagnostic> run(std::string_view fql, const char* event_text = nullptr,
                            fql::LintOptions options = {}) {
  static Value holder;
  if (event_text) {
    holder = event(event_text);
    options.event = &holder;
  }
  return fql::lint(fql, fql::parse(fql), options);
}

Diagnostic only(const std::vector<Diagnostic>& list, std::string_view code) {
  const Diagnostic* found = nullptr;
  std::size_t n = 0;
  for (const Diagnostic& d : list)
    if (d.code == code) {
      found = found ? found : &d;
      ++n;
    }
  std::string codes;
  for (const Diagnostic& d : list) codes += d.code + " ";
  INFO("codes: " << codes);
  REQUIRE(n == 1);
  return *found;
}

bool has(const std::vector<Diagnostic>& list, std::string_view code) {
  for (const Diagnostic& d : list)
    if (d.code == code) return true;
  return false;
}
}  // namespace

TEST_CASE("FQL-01: and/or without precedence reads as one operator for the whole group") {
  const auto d = run(R"(properties.audience_key = "vip" or properties.audience_key = "browse_abandoners" and event = "Audience Exited")", kTrack);
  const Diagnostic x = only(d, "FQL-01");
  CHECK(x.pointer == "");
  CHECK(x.severity == Severity::warning);
  CHECK(x.message == "This group mixes \"and\" and \"or\", but FQL has no precedence: the last one, \"and\", "
                     "combines all 3 conditions, so it reads as \"all of them must match\".");
  CHECK(x.range->start.column == 1);
  CHECK_FALSE(has(run(R"((type = "track" or type = "identify") and properties.audience_key = "vip")"), "FQL-01"));
}

TEST_CASE("FQL-02: not and !( are dropped, so nothing is negated") {
  const Diagnostic x = only(run(R"(not event = "Audience Exited")", kTrack), "FQL-02");
  CHECK(x.message == "\"not\" is ignored: FQL triggers cannot negate a condition or a group, so the "
                     "condition after it is used as written, not negated.");
  CHECK(x.range->start.column == 1);
  CHECK(x.range->end.column == 4);
  const Diagnostic y = only(run(R"(!(event = "Audience Exited"))", kTrack), "FQL-02");
  CHECK(y.message.find("\"!(\" is ignored") == 0);
  CHECK(y.message.find("the group in parentheses is used as written") != std::string::npos);
  CHECK_FALSE(has(run(R"(!contains(event, "Exited"))", kTrack), "FQL-02"));
}

TEST_CASE("FQL-03: unknown fields and contains(type, ...) are dropped silently") {
  const Diagnostic x = only(run(R"(type = "track" and event_name = "Audience Entered")", kTrack), "FQL-03");
  CHECK(x.pointer == "");
  CHECK(x.message == "\"event_name = \\\"Audience Entered\\\"\" tests \"event_name\", which is not a field "
                     "triggers can test; Segment drops it without an error, so the trigger matches more "
                     "events than it says.");
  CHECK(x.range->start.column == 20);
  const Diagnostic y = only(run(R"(contains(type, "track") and event = "Audience Entered")", kTrack), "FQL-03");
  CHECK(y.message.find("contains() and match() do not support the field \"type\"") == 0);
}

TEST_CASE("FQL-04: single-quoted values keep their quotes") {
  const Diagnostic x = only(run("event = 'Audience Entered'", kTrack), "FQL-04");
  CHECK(x.pointer == "/children/0");
  CHECK(x.message == "The value 'Audience Entered' is in single quotes; FQL keeps single quotes as part "
                     "of the text, so the condition compares with 'Audience Entered', quotes included.");
  CHECK(x.fix == "Use double quotes: \"Audience Entered\".");
}

TEST_CASE("FQL-05: match() without * drops the first character") {
  const Diagnostic x = only(run(R"(match(event, "Audience"))", kTrack), "FQL-05");
  CHECK(x.pointer == "/children/0");
  CHECK(x.message == "match(event, \"Audience\") has no \"*\" at the end, so Segment reads it as \"ends "
                     "with\" and drops the first character of the pattern: it tests ends with \"udience\".");
  CHECK(only(run(R"(match(event, "*Audience*"))", kTrack), "FQL-05").message.find("starts with \"*Audience\"") !=
        std::string::npos);
  CHECK_FALSE(has(run(R"(match(event, "Audience*") and match(event, "*Entered"))", kTrack), "FQL-05"));
}

TEST_CASE("FQL-06: a closing quote followed by a carriage return swallows the rest") {
  const Diagnostic x = only(run("type = \"track\"\r\nand event = \"Audience Exited\"", kTrack), "FQL-06");
  CHECK(x.pointer == "");
  CHECK(x.message.find("The closing quote of \"track\" is directly followed by a carriage return") == 0);
  CHECK(x.message.find("is swallowed and ignored") != std::string::npos);
  const Diagnostic y = only(run(R"(type = "track" "identify")", kTrack), "FQL-06");
  CHECK(y.message == "\"\\\"identify\\\"\" is not part of any condition, so Segment ignores it.");
}

TEST_CASE("FQL-07: uppercase OR is not a keyword") {
  const Diagnostic x = only(run(R"(event = "Audience Entered" OR event = "Audience Exited")", kTrack), "FQL-07");
  CHECK(x.message.find("\"OR\" is not a keyword (FQL keywords are lowercase)") == 0);
  CHECK(x.range->start.column == 28);
  CHECK(only(run(R"(event = "A" or(event = "Audience Entered"))", kTrack), "FQL-07").message.find(
            "directly followed by \"(\" is read as a name") != std::string::npos);
}

TEST_CASE("FQL-08: == and >= written without spaces are not operators") {
  const Diagnostic x = only(run(R"(event == "Audience Entered")", kTrack), "FQL-08");
  CHECK(x.pointer == "/children/0");
  CHECK(x.message == "The condition on event has \"==\" where the operator belongs, so Segment tests operator "
                     "\"=\" with the value \"=\"; it never matches.");
  CHECK(only(run("properties.orders >=2", kTrack), "FQL-08").message.find("has \">=\"") != std::string::npos);
}

TEST_CASE("FQL-09: event != null compares with the text null") {
  const Diagnostic x = only(run("event != null", kTrack), "FQL-09");
  CHECK(x.message == "event != null compares event with the text \"null\"; for event Segment never reads "
                     "null as a missing value.");
  CHECK(x.fix == "To require an event name, use match(event, \"*\").");
  CHECK_FALSE(has(run("context.traits.email != null", kTrack), "FQL-09"));
}

TEST_CASE("FQL-10: empty parentheses make every match fail") {
  const Diagnostic x = only(run(R"(() and type = "track")", kTrack), "FQL-10");
  CHECK(x.pointer == "/children/0");
  CHECK(x.severity == Severity::error);
  CHECK(x.message.find("Cannot read properties of undefined (reading 'type')") != std::string::npos);
}

TEST_CASE("TRG-01: an Event Trait condition on a Track event") {
  const auto d = run(R"(type = "track" and traits.browse_abandoners = true)", kTrack);
  const Diagnostic x = only(d, "TRG-01");
  CHECK(x.pointer == "/children/1");
  CHECK(x.severity == Severity::error);
  CHECK(x.message == "The condition on traits.browse_abandoners reads traits.*, which Engage Track events "
                     "do not have; it can never match this Track event.");
  CHECK(x.fix == "Use an Event Property condition: properties.browse_abandoners.");
  CHECK(x.range->start.column == 20);
  // Not reported when the trigger is meant for Identify events, or on an Identify event.
  CHECK_FALSE(has(run(R"(type = "identify" and traits.browse_abandoners = true)", kTrack), "TRG-01"));
  CHECK_FALSE(has(run(R"(traits.browse_abandoners = true)", kIdentify), "TRG-01"));
}

TEST_CASE("TRG-02: an Event Property condition on an Identify event") {
  const Diagnostic x = only(run("properties.browse_abandoners = true", kIdentify), "TRG-02");
  CHECK(x.pointer == "/children/0");
  CHECK(x.message == "The condition on properties.browse_abandoners reads properties.*, which Engage "
                     "Identify events do not have; the value is in traits.");
  CHECK(x.fix == "Use an Event Trait condition: traits.browse_abandoners.");
}

TEST_CASE("TRG-03: more than two conditions, and nested groups") {
  const auto d = run(R"(type = "track" and event = "Audience Entered" and properties.audience_key = "browse_abandoners")", kTrack);
  CHECK(only(d, "TRG-03").message == "This trigger has 3 conditions; Segment's self-service plans allow 2 per trigger.");
  // A nested group always brings a third condition: both findings are reported.
  const auto n = run(R"(type = "track" and (event = "Audience Entered" or event = "Audience Exited"))", kTrack);
  std::vector<std::string> pointers;
  for (const Diagnostic& x : n) {
    if (x.code != "TRG-03") continue;
    pointers.push_back(x.pointer);
    if (x.pointer == "/children/1") CHECK(x.message.find("Conditions are grouped in parentheses") == 0);
  }
  CHECK(pointers == std::vector<std::string>{"/children/1", ""});
}

TEST_CASE("TRG-04: field names Segment rejects or cannot reach") {
  const Diagnostic x = only(run(R"(properties.products.0.sku = "SKU-1")", kTrack), "TRG-04");
  CHECK(x.pointer == "/children/0");
  CHECK(x.message.find("a number after a dot ends the field name") != std::string::npos);
  const Diagnostic y = only(run(R"(properties.\1st_order = true)", kTrack), "TRG-04");
  CHECK(y.message == "The field name \"1st_order\" starts with \"1\"; Segment rejects trigger field names that "
                     "do not start with a letter or an underscore (\"Invalid Trigger\").");
}

TEST_CASE("TRG-05: operator and type mismatches judged on the event's values") {
  const Diagnostic x = only(run(R"(properties.browse_abandoners = "true")", kTrack), "TRG-05");
  CHECK(x.pointer == "/children/0");
  CHECK(x.message == "properties.browse_abandoners is the boolean true in this event, but \"=\" compares text: "
                     "properties.browse_abandoners = \"true\" never matches it. Write properties.browse_abandoners "
                     "= true without quotes to compare the boolean.");
  CHECK(only(run("properties.ltv > 100", kTrack), "TRG-05").message ==
        "properties.ltv is the text \"412.5\" in this event; \">\" with a number compares numbers only, and text "
        "that looks like a number does not count, so this condition never matches.");
  CHECK(only(run("traits.vip = true", kIdentify), "TRG-05").message.find("traits.vip is the text \"true\" in this event, not a boolean") == 0);
  CHECK_FALSE(has(run("properties.browse_abandoners = true and properties.orders > 2", kTrack), "TRG-05"));
}

TEST_CASE("TRG-06: a hard-coded Engage event name the connection does not send") {
  fql::LintOptions options;
  options.event_names = {"Entered Audience", "Exited Audience"};
  const Diagnostic x = only(run(R"(event = "Audience Entered")", kTrack, options), "TRG-06");
  CHECK(x.message == "The trigger tests event = \"Audience Entered\", but this connection sends \"Entered Audience\", \"Exited Audience\".");
  CHECK_FALSE(has(run(R"(event = "Entered Audience")", kTrack, options), "TRG-06"));
}

TEST_CASE("TRG-08: FQL that does not parse, explained") {
  const Diagnostic x = only(run("properties.ltv>100", kTrack), "TRG-08");
  CHECK(x.pointer == "");
  CHECK(x.message == "The trigger does not parse: a name is directly followed by \">\"; put a space between a "
                     "field and its operator, as in properties.total > 5. Segment keeps the error (TypeError: "
                     "Cannot read properties of undefined (reading 'type')) instead of conditions, so this "
                     "mapping never runs.");
  CHECK(x.range->start.column == 14);
  CHECK(only(run(R"((type = "track" and (event = "A" or event = "B")))"), "TRG-08").message.find(
            "parentheses are nested") != std::string::npos);
  const auto d = fql::compare_trigger(R"(type = "track")", json::parse(R"({"type":"group","operator":"and","children":[{"type":"event-type","operator":"=","value":"identify"}]})").value);
  CHECK(only(d, "TRG-08").message.find("The FQL text and the conditions disagree") == 0);
}

TEST_CASE("the Engage triggers Segment documents raise no lints on their own events") {
  CHECK(run(R"(type = "identify" and traits.browse_abandoners = true)", kIdentify).empty());
  CHECK(run(R"(type = "track" and properties.browse_abandoners = true)", kTrack).empty());
  CHECK(run(R"(event = "Audience Entered" and properties.audience_key = "browse_abandoners")", kTrack).empty());
  CHECK(run(R"(context.personas.computation_key = "browse_abandoners")", kIdentify).empty());
}
