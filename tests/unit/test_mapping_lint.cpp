// Mapping lints: reads from the wrong part of an Engage event (MAP-*), and the mapping-kit
// traps that validation lets through (MK-04..MK-14), each checked against what Segment's
// runtime actually does with the mapping.
#include <doctest/doctest.h>

#include "diagnostic_helpers.hpp"
#include "mapping/lint.hpp"
#include "mapping/transform.hpp"
#include "mapping/validate.hpp"

using namespace mapcheck;
using namespace test_helpers;

namespace {

const char* kTrack = R"J({
  "type": "track", "event": "Audience Entered", "userId": "user-123",
  "messageId": "personas_2Q9n7xkT0aKx1c", "timestamp": "2024-02-22T22:10:13.640Z",
  "properties": {"audience_key": "browse_abandoners", "browse_abandoners": true,
                 "first_name": "Jane", "email": "jane@example.com",
                 "products": [{"sku": "a-1", "price": 5}]},
  "context": {"traits": {"email": "jane@example.com", "phone": "+14155550100"},
              "personas": {"computation_class": "audience", "computation_key": "browse_abandoners"}}
})J";

const char* kIdentify = R"J({
  "type": "identify", "userId": "user-123", "messageId": "personas_2Q9n7xkT0aKx1b",
  "traits": {"email": "jane@example.com", "browse_abandoners": true, "first_name": "Jane"},
  "context": {"personas": {"computation_class": "audience", "computation_key": "browse_abandoners"}}
})J";

std::vector<Diagnostic> lint(std::string_view mapping, std::string_view event = kTrack,
                             std::vector<std::string> required = {}) {
  const Value e = j(event);
  mapping::LintContext context;
  context.event = &e;
  context.required_fields = std::move(required);
  return mapping::lint_mapping(j(mapping), context);
}

// What Segment's runtime does: "<ErrorName>: message" or the output as compact JSON.
std::string run(std::string_view mapping, std::string_view event = kTrack) {
  mapping::TransformResult r = mapping::transform(j(mapping), j(event));
  if (r.error) return r.error->name + ": " + r.error->message;
  return json::stringify(r.output).value_or("undefined");
}

bool valid(std::string_view mapping) {
  return !mapping::validate_mapping(j(mapping));
}

}  // namespace

TEST_CASE("MAP-01: traits.email on a Track event names context.traits.email") {
  const char* mapping = R"({"email": {"@path": "$.traits.email"}})";
  std::vector<Diagnostic> d = lint(mapping);
  REQUIRE(has(d, "MAP-01", "/email/@path"));
  CHECK(find(d, "MAP-01", "/email/@path")->severity == Severity::error);
  CHECK(find(d, "MAP-01", "/email/@path")->fix.find("context.traits.email") != std::string::npos);
  CHECK(run(mapping) == "{}");  // the field is indeed empty
  CHECK(codes(lint(mapping, kIdentify)).empty());
  // Template placeholders are paths too.
  CHECK(has(lint(R"({"to": {"@template": "{{traits.email}}"}})"), "MAP-01", "/to/@template"));
}

TEST_CASE("MAP-02: traits.X on Track, properties.X on Identify") {
  std::vector<Diagnostic> d = lint(R"({"name": {"@path": "$.traits.first_name"}})");
  REQUIRE(has(d, "MAP-02", "/name/@path"));
  CHECK(find(d, "MAP-02", "/name/@path")->fix == "Read properties.first_name instead.");
  // When the event holds the trait in context.traits, that is the suggestion.
  d = lint(R"({"phone": {"@path": "$.traits.phone"}})");
  CHECK(find(d, "MAP-02", "/phone/@path")->fix == "Read context.traits.phone instead.");
  d = lint(R"({"status": {"@path": "$.properties.browse_abandoners"}})", kIdentify);
  REQUIRE(has(d, "MAP-02", "/status/@path"));
  CHECK(find(d, "MAP-02", "/status/@path")->fix == "Read traits.browse_abandoners instead.");
  CHECK(has(
      lint(R"({"items": {"@arrayPath": ["$.properties.products", {"sku": {"@path": "$.sku"}}]}})",
           kIdentify),
      "MAP-02", "/items/@arrayPath/0"));
  // Paths inside an @arrayPath item shape read the item, not the event.
  CHECK(
      codes(
          lint(
              R"({"items": {"@arrayPath": ["$.properties.products", {"t": {"@path": "$.traits"}}]}})"))
          .empty());
  CHECK(codes(lint(R"({"x": {"@path": "$.properties.first_name"}})")).empty());
}

TEST_CASE("MAP-01/02: coalescing defaults that fall back to the right place are not errors") {
  // Facebook Custom Audiences' default: traits.email, else properties.email.
  const char* fb = R"({"email": {"@if": {"exists": {"@path": "$.traits.email"},
                                          "then": {"@path": "$.traits.email"},
                                          "else": {"@path": "$.properties.email"}}}})";
  CHECK(codes(lint(fb)).empty());
  CHECK(codes(lint(fb, kIdentify)).empty());
  CHECK(run(fb) == R"({"email":"jane@example.com"})");
  // Without a usable fallback, the wrong read still is one.
  const char* none = R"({"email": {"@if": {"exists": {"@path": "$.traits.email"},
                                            "then": {"@path": "$.traits.email"}}}})";
  CHECK(has(lint(none), "MAP-01", "/email/@if/exists/@path"));
  CHECK(has(lint(none), "MAP-01", "/email/@if/then/@path"));
}

TEST_CASE("MAP-03: a required field that resolves empty for this event") {
  std::vector<Diagnostic> d =
      lint(R"({"email": {"@path": "$.traits.email"}, "id": {"@path": "$.userId"}})", kTrack,
           {"email", "id", "external_id"});
  REQUIRE(has(d, "MAP-03", "/email"));
  CHECK(find(d, "MAP-03", "/email")->message.find("traits.email") != std::string::npos);
  CHECK_FALSE(has(d, "MAP-03", "/id"));
  CHECK(has(d, "MAP-03", ""));  // external_id is not in the mapping at all
  // Null and empty strings are dropped by the Actions runtime before the required check.
  CHECK(has(lint(R"({"email": null})", kTrack, {"email"}), "MAP-03", "/email"));
  CHECK(has(lint(R"({"email": {"@template": "{{properties.missing}}"}})", kTrack, {"email"}),
            "MAP-03", "/email"));
  // A mapping that throws is reported by its error, not as empty fields.
  CHECK_FALSE(
      has_code(lint(R"({"email": {"@merge": {"objects": []}}})", kTrack, {"email"}), "MAP-03"));
}

TEST_CASE("MAP-04: more than 50 mappings on one destination") {
  CHECK_FALSE(mapping::check_mapping_count(50, "options", "/mappings"));
  std::optional<Diagnostic> d = mapping::check_mapping_count(51, "options", "/mappings");
  REQUIRE(d);
  CHECK(d->code == "MAP-04");
  CHECK(d->pointer == "/mappings");
  CHECK(d->message.find("51") != std::string::npos);
}

TEST_CASE("MAP-05: a path cannot reach an event key that contains a dot") {
  const std::string event = R"({"type": "track", "event": "Order Completed", "userId": "u",
                                "properties": {"order.id": "o-17", "shipping": {"address.zip": "94107"}}})";
  std::vector<Diagnostic> d = lint(R"({"order": {"@path": "$.properties.order.id"}})", event);
  REQUIRE(has(d, "MAP-05", "/order/@path"));
  CHECK(find(d, "MAP-05", "/order/@path")->message.find("\"order.id\"") != std::string::npos);
  CHECK(run(R"({"order": {"@path": "$.properties.order.id"}})", event) == "{}");
  // Bracket notation splits on the dot too.
  CHECK(has(lint(R"({"zip": {"@path": "properties.shipping[\"address.zip\"]"}})", event), "MAP-05",
            "/zip/@path"));
  CHECK(has(lint(R"({"t": {"@template": "{{properties.order.id}}"}})", event), "MAP-05",
            "/t/@template"));
  CHECK_FALSE(has_code(lint(R"({"o": {"@path": "$.properties.orders.id"}})", event), "MAP-05"));
}

TEST_CASE("MK-04: @if ignores a falsy else") {
  for (const char* value : {"false", "0", "\"\"", "null"}) {
    const std::string mapping =
        std::string(
            R"({"vip": {"@if": {"exists": {"@path": "$.properties.gone"}, "then": true, "else": )") +
        value + "}}}";
    CAPTURE(mapping);
    CHECK(valid(mapping));
    CHECK(run(mapping) == "{}");  // the field is dropped, not set to the value
    CHECK(has(lint(mapping), "MK-04", "/vip/@if/else"));
  }
  const char* wrapped =
      R"({"vip": {"@if": {"exists": {"@path": "$.properties.gone"}, "then": true, "else": {"@literal": false}}}})";
  CHECK(run(wrapped) == R"({"vip":false})");
  CHECK_FALSE(has_code(lint(wrapped), "MK-04"));
}

TEST_CASE("MK-05: @if with a literal exists") {
  const char* falsy = R"({"x": {"@if": {"exists": false, "then": 1}}})";
  CHECK(valid(falsy));
  CHECK(run(falsy) == R"(Error: @if requires an "exists" key or a "blank" key)");
  CHECK(has(lint(falsy), "MK-05", "/x/@if/exists"));
  const char* truthy = R"({"x": {"@if": {"exists": "email", "then": 1, "else": 2}}})";
  CHECK(run(truthy) == R"({"x":1})");
  CHECK(has(lint(truthy), "MK-05", "/x/@if/exists"));
  CHECK_FALSE(
      has_code(lint(R"({"x": {"@if": {"exists": {"@path": "$.userId"}, "then": 1}}})"), "MK-05"));
}

TEST_CASE("MK-06: $ sequences in an @replace replacement are expanded") {
  const char* mapping =
      R"({"p": {"@replace": {"pattern": "USD", "replacement": "$& $$", "value": "10 USD"}}})";
  CHECK(valid(mapping));
  CHECK(run(mapping) == R"({"p":"10 USD $"})");
  std::vector<Diagnostic> d = lint(mapping);
  REQUIRE(has(d, "MK-06", "/p/@replace/replacement"));
  CHECK(find(d, "MK-06", "/p/@replace/replacement")->message.find("$&, $$") != std::string::npos);
  CHECK_FALSE(has_code(
      lint(R"({"p": {"@replace": {"pattern": "USD", "replacement": "EUR", "value": "1 USD"}}})"),
      "MK-06"));
}

TEST_CASE("MK-07: directives inside @literal are resolved") {
  const char* mapping = R"({"user": {"@literal": {"id": {"@path": "$.userId"}, "plan": "pro"}}})";
  CHECK(run(mapping) == R"({"user":{"id":"user-123","plan":"pro"}})");
  std::vector<Diagnostic> d = lint(mapping);
  REQUIRE(has(d, "MK-07", "/user/@literal/id"));
  CHECK(find(d, "MK-07", "/user/@literal/id")->severity == Severity::info);
  CHECK(codes(lint(R"({"user": {"@literal": {"plan": "pro"}}})")).empty());
}

TEST_CASE("MK-08: \"$.\" inside @template placeholders renders empty") {
  const char* mapping = R"({"hi": {"@template": "Hi {{$.properties.first_name}}"}})";
  CHECK(run(mapping) == R"({"hi":"Hi "})");
  CHECK(has(lint(mapping), "MK-08", "/hi/@template"));
  CHECK_FALSE(
      has_code(lint(R"({"hi": {"@template": "Hi {{properties.first_name}} [$5]"}})"), "MK-08"));
}

TEST_CASE("MK-09: invalid directives where Segment does not validate") {
  const char* in_array = R"({"ids": [{"@path": "$.userId"}, {"@pth": "$.anonymousId"}]})";
  CHECK(valid(in_array));
  CHECK(run(in_array) == "Error: @pth is not a valid directive, got undefined");
  std::vector<Diagnostic> d = lint(in_array);
  REQUIRE(has(d, "MK-09", "/ids/1"));
  CHECK(find(d, "MK-09", "/ids/1")->message.find("@pth") != std::string::npos);
  CHECK_FALSE(has(d, "MK-09", "/ids/0"));
  const char* in_literal = R"({"x": {"@excludeWhenNull": {"a": {"@path": 7}}}})";
  CHECK(valid(in_literal));
  CHECK(has(lint(in_literal), "MK-09", "/x/@excludeWhenNull/a/@path"));
  // Mixed keys stay data at run time: Segment sends the "@path" key to the destination.
  const char* mixed = R"({"list": [{"@path": "$.userId", "note": "x"}]})";
  CHECK(run(mixed) == R"({"list":[{"@path":"$.userId","note":"x"}]})");
  CHECK(has(lint(mixed), "MK-09", "/list/0"));
}

TEST_CASE("MK-10: LEFT and ENCODE pass validation but misbehave") {
  const char* merge =
      R"({"m": {"@merge": {"direction": "LEFT", "objects": [{"a": 1}, {"a": 2}]}}})";
  CHECK(valid(merge));
  CHECK(run(merge) == R"({"m":{"a":2}})");  // as "right"
  CHECK(has(lint(merge), "MK-10", "/m/@merge/direction"));
  const char* json =
      R"({"j": {"@json": {"mode": "ENCODE", "value": {"@path": "$.properties.audience_key"}}}})";
  CHECK(valid(json));
  CHECK(run(json) == "{}");
  CHECK(has(lint(json), "MK-10", "/j/@json/mode"));
  CHECK_FALSE(
      has_code(lint(R"({"m": {"@merge": {"direction": "left", "objects": []}}})"), "MK-10"));
}

TEST_CASE("MK-11: options that only the runtime requires") {
  struct Case {
    const char* mapping;
    const char* pointer;
  } cases[] = {
      {R"({"m": {"@merge": {"objects": [{"a": 1}]}}})", "/m/@merge"},
      {R"({"f": {"@flatten": {"value": {"@path": "$.properties"}}}})", "/f/@flatten"},
      {R"({"f": {"@flatten": {"separator": "", "value": {"@path": "$.properties"}}}})",
       "/f/@flatten"},
      {R"({"i": {"@if": {"then": 1}}})", "/i/@if"},
      {R"({"c": {"@case": {"value": {"@path": "$.event"}}}})", "/c/@case"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.mapping);
    CHECK(valid(c.mapping));
    const std::string outcome = run(c.mapping);
    CHECK(outcome.rfind("Error: ", 0) == 0);
    std::vector<Diagnostic> d = lint(c.mapping);
    REQUIRE(has(d, "MK-11", c.pointer));
    // The lint quotes the error Segment throws.
    CHECK(find(d, "MK-11", c.pointer)->message.find(outcome.substr(7)) != std::string::npos);
  }
}

TEST_CASE("MK-12: pattern2 and replacement2 are not validated") {
  const char* too_long =
      R"({"p": {"@replace": {"pattern": "a", "value": "abc", "pattern2": "abcdefghijkl", "replacement2": "x"}}})";
  CHECK(valid(too_long));
  CHECK(run(too_long) == R"(Error: @replace requires a "pattern" less than 10 characters)");
  CHECK(has(lint(too_long), "MK-12", "/p/@replace/pattern2"));
  const char* not_string =
      R"({"p": {"@replace": {"pattern": "a", "value": "abc", "pattern2": 5, "replacement2": "x"}}})";
  CHECK(run(not_string) == R"({"p":"bc"})");
  CHECK(has(lint(not_string), "MK-12", "/p/@replace/pattern2"));
  CHECK(has(lint(R"({"p": {"@replace": {"pattern": "a", "value": "abc", "replacement2": "x"}}})"),
            "MK-12", "/p/@replace/replacement2"));
  CHECK_FALSE(has_code(
      lint(
          R"({"p": {"@replace": {"pattern": "a", "value": "abc", "pattern2": "b", "replacement2": "x"}}})"),
      "MK-12"));
}

TEST_CASE("MK-13: @case operators other than lower and upper") {
  for (const char* op : {"LOWER", "title"}) {
    const std::string mapping = std::string(R"({"c": {"@case": {"operator": ")") + op +
                                R"(", "value": {"@path": "$.event"}}}})";
    CAPTURE(mapping);
    CHECK(valid(mapping));
    CHECK(run(mapping) == R"(Error: operator key should have a value of "lower" or "upper")");
    CHECK(has(lint(mapping), "MK-13", "/c/@case/operator"));
  }
  CHECK_FALSE(has_code(lint(R"({"c": {"@case": {"operator": "lower", "value": "X"}}})"), "MK-13"));
}

TEST_CASE("MK-14: @json with a falsy literal value") {
  for (const char* value : {"false", "0", "null", "\"\""}) {
    const std::string mapping =
        std::string(R"({"j": {"@json": {"mode": "encode", "value": )") + value + "}}}";
    CAPTURE(mapping);
    CHECK(valid(mapping));
    CHECK(run(mapping) == R"(Error: @json requires a "value" key)");
    CHECK(has(lint(mapping), "MK-14", "/j/@json/value"));
  }
}

TEST_CASE("the mapping lints read every path: @path, @template placeholders, @arrayPath roots") {
  std::vector<mapping::PathRead> reads = mapping::paths_read(j(R"({
    "a": {"@path": "$.context.traits.email"},
    "b": {"@template": "{{{properties.x}}}-{{ userId }}"},
    "c": {"@arrayPath": ["$.properties.products", {"s": {"@path": "$.sku"}}]},
    "d": {"@transform": {"apply": {"n": {"@path": "$.event"}}, "mapping": {"m": {"@path": "$.n"}}}}
  })"));
  std::vector<std::string> seen;
  for (const mapping::PathRead& r : reads)
    seen.push_back(r.pointer + " " + r.path + (r.relative ? " (relative)" : ""));
  CHECK(seen == std::vector<std::string>{
                    "/a/@path context.traits.email", "/b/@template properties.x",
                    "/b/@template userId", "/c/@arrayPath/0 properties.products",
                    "/c/@arrayPath/1/s/@path sku (relative)", "/d/@transform/apply/n/@path event",
                    "/d/@transform/mapping/m/@path n (relative)"});
}

TEST_CASE("the Engage Event Mapping docs: each table fits its event type, not the other") {
  const std::string identify_mapping =
      read_fixture("fixtures/segment-docs/engage-event-mapping.identify.mapping.json");
  const std::string track_mapping =
      read_fixture("fixtures/segment-docs/engage-event-mapping.track.mapping.json");
  const std::string identify =
      read_fixture("fixtures/segment-docs/engage-event-mapping.identify.json");
  const std::string track = read_fixture("fixtures/segment-docs/engage-event-mapping.track.json");
  const std::vector<std::string> required{"email_address", "audience_status"};
  CHECK(codes(lint(identify_mapping, identify, required)).empty());
  CHECK(codes(lint(track_mapping, track, required)).empty());
  // "If you map from the wrong part of the payload, your data might not reach the destination."
  CHECK(codes(lint(identify_mapping, track, required)) ==
        std::vector<std::string>{"MAP-01 /email_address/@path", "MAP-02 /audience_status/@path",
                                 "MAP-02 /first_name/@path", "MAP-02 /last_name/@path",
                                 "MAP-03 /email_address", "MAP-03 /audience_status"});
  std::vector<Diagnostic> d = lint(track_mapping, identify, required);
  CHECK(codes(d) == std::vector<std::string>{"MAP-02 /audience_status/@path",
                                             "MAP-02 /first_name/@path", "MAP-02 /last_name/@path",
                                             "MAP-03 /email_address", "MAP-03 /audience_status"});
  CHECK(find(d, "MAP-02", "/audience_status/@path")->fix ==
        "Read traits.browse_abandoners instead.");
}
