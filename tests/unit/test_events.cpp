// Event checks: the Segment Spec (SPEC-*) and Engage event shape (ENG-*) rules on realistic
// Engage Identify and Track events, and the Segment docs' example events.
#include <doctest/doctest.h>

#include "diagnostic_helpers.hpp"
#include "events/event.hpp"
#include "events/timestamp.hpp"

using namespace mapcheck;
using namespace test_helpers;
using events::TimestampProblem;

namespace {

// An audience Identify and Track as Engage sends them (ENGAGE.md §2.2, §2.3, §2.5).
const char* kIdentify = R"J({
  "type": "identify",
  "userId": "user-123",
  "anonymousId": "anon-test-1",
  "messageId": "personas_2Q9n7xkT0aKx1b",
  "timestamp": "2024-02-22T22:11:15.595Z",
  "traits": {"email": "jane@example.com", "browse_abandoners": true, "first_name": "Jane"},
  "context": {"personas": {"computation_class": "audience", "computation_id": "aud_2Q9n7TmnX0Hc",
                           "computation_key": "browse_abandoners",
                           "namespace": "spa_w5akhv1XwnGj5j2HVT6NWX",
                           "space_id": "spa_w5akhv1XwnGj5j2HVT6NWX"}},
  "integrations": {"All": false, "Braze Cloud Mode (Actions)": true}
})J";

const char* kTrack = R"J({
  "type": "track",
  "event": "Audience Entered",
  "userId": "user-123",
  "messageId": "personas_2Q9n7xkT0aKx1c",
  "timestamp": "2024-02-22T22:10:13.640Z",
  "properties": {"audience_key": "browse_abandoners", "browse_abandoners": true,
                 "first_name": "Jane"},
  "context": {"traits": {"email": "jane@example.com"},
              "personas": {"computation_class": "audience", "computation_id": "aud_2Q9n7TmnX0Hc",
                           "computation_key": "browse_abandoners",
                           "namespace": "spa_w5akhv1XwnGj5j2HVT6NWX",
                           "space_id": "spa_w5akhv1XwnGj5j2HVT6NWX"}},
  "integrations": {"All": false, "Braze Cloud Mode (Actions)": true}
})J";

// A computed-trait Track event (ENGAGE.md §2.4).
const char* kComputedTrack = R"J({
  "type": "track", "event": "Trait Computed", "userId": "user-123",
  "messageId": "personas_3Xc", "timestamp": "2024-03-01T08:00:00Z",
  "properties": {"trait_key": "lifetime_value", "lifetime_value": 412.5},
  "context": {"traits": {"email": "jane@example.com"},
              "personas": {"computation_class": "trait", "computation_id": "tra_9Yd",
                           "computation_key": "lifetime_value"}}
})J";

std::vector<Diagnostic> check(const Value& event, const events::EventOptions& options = {}) {
  return events::check_event(event, options);
}

}  // namespace

TEST_CASE("Engage's own Identify and Track events pass every check") {
  CHECK(summary(check(j(kIdentify))) == "");
  CHECK(summary(check(j(kTrack))) == "");
  CHECK(summary(check(j(kComputedTrack))) == "");
}

TEST_CASE("SPEC-01: the event must be a JSON object") {
  for (const char* text : {"[1, 2]", "\"track\"", "null", "42"}) {
    std::vector<Diagnostic> d = check(j(text));
    CHECK(codes(d) == std::vector<std::string>{"SPEC-01 "});
  }
}

TEST_CASE("SPEC-02: an event needs userId or anonymousId") {
  Value no_ids = without(without(j(kIdentify), "/userId"), "/anonymousId");
  CHECK(has(check(no_ids), "SPEC-02", ""));
  CHECK(has(check(with(no_ids, "/userId", "null")), "SPEC-02", ""));
  CHECK(has(check(with(no_ids, "/anonymousId", "\"\"")), "SPEC-02", ""));
  CHECK_FALSE(has_code(check(with(no_ids, "/anonymousId", "\"anon-1\"")), "SPEC-02"));
}

TEST_CASE("SPEC-03: userId and anonymousId must be strings") {
  std::vector<Diagnostic> d = check(with(j(kTrack), "/userId", "12345"));
  REQUIRE(has(d, "SPEC-03", "/userId"));
  CHECK(find(d, "SPEC-03", "/userId")->message ==
        "userId is the number 12345; it must be a string.");
  CHECK(has(check(with(j(kIdentify), "/anonymousId", "{\"id\": 1}")), "SPEC-03", "/anonymousId"));
  CHECK_FALSE(has_code(check(with(j(kIdentify), "/anonymousId", "null")), "SPEC-03"));
}

TEST_CASE("SPEC-04: only identify and track events are checked") {
  std::vector<Diagnostic> page = check(with(j(kTrack), "/type", "\"page\""));
  CHECK(has(page, "SPEC-04", "/type"));
  CHECK_FALSE(has_code(page, "SPEC-05"));  // type-specific checks are skipped
  CHECK_FALSE(has_code(page, "ENG-01"));
  CHECK(has(check(without(j(kTrack), "/type")), "SPEC-04", "/type"));
  CHECK(has(check(with(j(kTrack), "/type", "\"Track\"")), "SPEC-04", "/type"));
}

TEST_CASE("SPEC-05: a Track event needs a string event name") {
  CHECK(has(check(without(j(kTrack), "/event")), "SPEC-05", "/event"));
  CHECK(has(check(with(j(kTrack), "/event", "42")), "SPEC-05", "/event"));
  CHECK(has(check(with(j(kTrack), "/event", "\"\"")), "SPEC-05", "/event"));
  CHECK_FALSE(has_code(check(without(j(kIdentify), "/event")), "SPEC-05"));
}

TEST_CASE("SPEC-06: properties (Track) and traits (Identify) must be objects") {
  CHECK(has(check(with(j(kTrack), "/properties", "[1]")), "SPEC-06", "/properties"));
  CHECK(has(check(with(j(kIdentify), "/traits", "\"vip\"")), "SPEC-06", "/traits"));
  CHECK(has(check(with(j(kIdentify), "/traits", "null")), "SPEC-06", "/traits"));
}

TEST_CASE("SPEC-07: context and integrations must be objects when present") {
  CHECK(has(check(with(j(kTrack), "/context", "\"web\"")), "SPEC-07", "/context"));
  CHECK(has(check(with(j(kIdentify), "/integrations", "[\"All\"]")), "SPEC-07", "/integrations"));
}

TEST_CASE("SPEC-08: a serialized event over 32 KB is rejected") {
  const std::string big(33000, 'x');
  Value large = with(j(kTrack), "/properties/notes", "\"" + big + "\"");
  std::vector<Diagnostic> d = check(large);
  REQUIRE(has(d, "SPEC-08", ""));
  CHECK(find(d, "SPEC-08", "")->message.find("bytes") != std::string::npos);
  // Just under the limit, counted on the compact serialization, not on the pasted text.
  const std::size_t base = json::stringify(j(kTrack))->size();
  const std::string fits(32768 - base - std::string(",\"notes\":\"\"").size(), 'x');
  CHECK_FALSE(has_code(check(with(j(kTrack), "/properties/notes", "\"" + fits + "\"")), "SPEC-08"));
  CHECK(has_code(check(with(j(kTrack), "/properties/notes", "\"" + fits + "x\"")), "SPEC-08"));
}

TEST_CASE("SPEC-09: messageId missing, not a string, or 100+ characters (C14: fewer than 100)") {
  CHECK(has(check(without(j(kTrack), "/messageId")), "SPEC-09", "/messageId"));
  CHECK(has(check(with(j(kTrack), "/messageId", "7")), "SPEC-09", "/messageId"));
  const std::string id99(99, 'm'), id100(100, 'm');
  CHECK_FALSE(has_code(check(with(j(kTrack), "/messageId", "\"" + id99 + "\"")), "SPEC-09"));
  std::vector<Diagnostic> d = check(with(j(kTrack), "/messageId", "\"" + id100 + "\""));
  REQUIRE(has(d, "SPEC-09", "/messageId"));
  CHECK(find(d, "SPEC-09", "/messageId")->message.find("fewer than 100") != std::string::npos);
}

TEST_CASE("SPEC-10: timestamps are ISO-8601 with a timezone") {
  CHECK(has(check(with(j(kTrack), "/timestamp", "\"2024-02-22T22:10:13\"")), "SPEC-10",
            "/timestamp"));
  CHECK(has(check(with(j(kTrack), "/sentAt", "\"Feb 22 2024\"")), "SPEC-10", "/sentAt"));
  CHECK(has(check(with(j(kTrack), "/originalTimestamp", "1708639813")), "SPEC-10",
            "/originalTimestamp"));
  CHECK(has(check(with(j(kTrack), "/timestamp", "\"2024-02-30T10:00:00Z\"")), "SPEC-10",
            "/timestamp"));
  CHECK(has(check(with(j(kTrack), "/timestamp", "\"1969-12-31T23:59:59Z\"")), "SPEC-10",
            "/timestamp"));
  CHECK_FALSE(
      has_code(check(with(j(kTrack), "/timestamp", "\"2024-02-22T23:10:13+01:00\"")), "SPEC-10"));
  // Custom trait timestamps without a zone are not stored as timestamps by Engage.
  std::vector<Diagnostic> d =
      check(with(j(kIdentify), "/traits/last_order_at", "\"2024-02-01T09:30:00\""));
  REQUIRE(has(d, "SPEC-10", "/traits/last_order_at"));
  CHECK(
      find(d, "SPEC-10", "/traits/last_order_at")->message ==
      "traits.last_order_at is \"2024-02-01T09:30:00\", which is a date-time without a timezone.");
  CHECK(has(check(with(j(kTrack), "/context/traits/createdAt", "\"2024-02-01 09:30\"")), "SPEC-10",
            "/context/traits/createdAt"));
  CHECK_FALSE(has_code(check(with(j(kIdentify), "/traits/plan", "\"2024 plan\"")), "SPEC-10"));
}

TEST_CASE("ISO-8601 reading: zones, fractions and real calendar dates") {
  CHECK(events::check_timestamp("2024-02-22T22:11:15.595Z") == TimestampProblem::none);
  CHECK(events::check_timestamp("2024-02-22T22:11:15+05:30") == TimestampProblem::none);
  CHECK(events::check_timestamp("2024-02-22T22:11:15-0800") == TimestampProblem::none);
  CHECK(events::check_timestamp("2024-02-22T22:11+01") == TimestampProblem::none);
  CHECK(events::check_timestamp("2024-02-22t22:11:15z") == TimestampProblem::none);
  CHECK(events::check_timestamp("2024-02-29T00:00:00Z") == TimestampProblem::none);
  CHECK(events::check_timestamp("2023-02-29T00:00:00Z") == TimestampProblem::out_of_range);
  CHECK(events::check_timestamp("2024-02-22T24:00:00Z") == TimestampProblem::out_of_range);
  CHECK(events::check_timestamp("2024-02-22") == TimestampProblem::date_only);
  CHECK(events::check_timestamp("2024-02-22T22:11:15") == TimestampProblem::no_zone);
  CHECK(events::check_timestamp("2024-02-22 22:11:15Z") == TimestampProblem::space);
  CHECK(events::check_timestamp("2024-02-22T22:11:15.Z") == TimestampProblem::not_iso);
  CHECK(events::check_timestamp("2024-02-22T22:11:15ZZ") == TimestampProblem::not_iso);
  CHECK(events::check_timestamp("22/02/2024") == TimestampProblem::not_iso);
  CHECK(events::check_timestamp("1970-01-01T00:30:00+01:00") == TimestampProblem::before_1970);
  CHECK(events::check_timestamp("1970-01-01T00:00:00Z") == TimestampProblem::none);
}

TEST_CASE("SPEC-11: reserved traits with the wrong type") {
  std::vector<Diagnostic> d = check(with(j(kIdentify), "/traits/age", "\"42\""));
  REQUIRE(has(d, "SPEC-11", "/traits/age"));
  CHECK(find(d, "SPEC-11", "/traits/age")->message ==
        "The reserved trait traits.age is the string \"42\"; the Segment Spec expects a number.");
  CHECK(has(check(with(j(kIdentify), "/traits/email", "[\"a@example.com\"]")), "SPEC-11",
            "/traits/email"));
  CHECK(has(check(with(j(kIdentify), "/traits/address", "\"1 Main St\"")), "SPEC-11",
            "/traits/address"));
  CHECK(has(check(with(j(kIdentify), "/traits/address/postalCode", "94107")), "SPEC-11",
            "/traits/address/postalCode"));
  CHECK(has(check(with(j(kIdentify), "/traits/company/employee_count", "\"50\"")), "SPEC-11",
            "/traits/company/employee_count"));
  CHECK(has(check(with(j(kIdentify), "/traits/birthday", "\"next week\"")), "SPEC-11",
            "/traits/birthday"));
  CHECK(has(check(with(j(kTrack), "/context/traits/phone", "14155550100")), "SPEC-11",
            "/context/traits/phone"));
  // Correct types, null, and the company id's two allowed types are fine.
  Value fine = with(j(kIdentify), "/traits/age", "42");
  fine = with(fine, "/traits/birthday", "\"1990-04-01\"");
  fine = with(fine, "/traits/company", R"({"id": 77, "name": "Initech"})");
  fine = with(fine, "/traits/phone", "null");
  CHECK(summary(check(fine)) == "");
}

TEST_CASE("SPEC-12: reserved Track properties with the wrong type") {
  CHECK(has(check(with(j(kTrack), "/properties/revenue", "\"19.99\"")), "SPEC-12",
            "/properties/revenue"));
  CHECK(has(check(with(j(kTrack), "/properties/value", "true")), "SPEC-12", "/properties/value"));
  CHECK(has(check(with(j(kTrack), "/properties/currency", "\"dollars\"")), "SPEC-12",
            "/properties/currency"));
  Value fine = with(j(kTrack), "/properties/revenue", "19.99");
  fine = with(fine, "/properties/currency", "\"EUR\"");
  CHECK(summary(check(fine)) == "");
  // Identify events have no reserved properties.
  CHECK_FALSE(has_code(check(with(j(kIdentify), "/properties/revenue", "\"x\"")), "SPEC-12"));
}

TEST_CASE("SPEC-13: both camelCase and snake_case of a trait") {
  std::vector<Diagnostic> d = check(with(j(kIdentify), "/traits/firstName", "\"Jane\""));
  REQUIRE(has(d, "SPEC-13", "/traits/firstName"));  // the later of the two keys
  CHECK(find(d, "SPEC-13", "/traits/firstName")->severity == Severity::info);
  CHECK(has(check(with(with(j(kTrack), "/context/traits/createdAt", "\"2024-01-01T00:00:00Z\""),
                       "/context/traits/created_at", "\"2024-01-01T00:00:00Z\"")),
            "SPEC-13", "/context/traits/created_at"));
}

TEST_CASE("SPEC-14: top-level traits on a Track event") {
  std::vector<Diagnostic> d = check(with(j(kTrack), "/traits", R"({"plan": "pro"})"));
  CHECK(has(d, "SPEC-14", "/traits"));
  CHECK_FALSE(has_code(d, "SPEC-16"));
}

TEST_CASE("SPEC-15: advertising ids need a device type and ad tracking to be promoted") {
  Value ios = with(
      j(kTrack), "/context/device",
      R"({"advertisingId": "7A3CBEA0-BDF5-11E4-8DFC-AA07A5B093DB", "type": "ios", "adTrackingEnabled": true})");
  CHECK(summary(check(ios)) == "");
  CHECK(
      has(check(without(ios, "/context/device/type")), "SPEC-15", "/context/device/advertisingId"));
  CHECK(has(check(with(ios, "/context/device/adTrackingEnabled", "false")), "SPEC-15",
            "/context/device/advertisingId"));
  CHECK(has(check(with(ios, "/context/device/type", "\"web\"")), "SPEC-15",
            "/context/device/advertisingId"));
}

TEST_CASE("SPEC-16: unknown top-level fields are an info note, never an error") {
  std::vector<Diagnostic> d = check(with(with(j(kIdentify), "/email", "\"jane@example.com\""),
                                         "/projectId", "\"5kXbpcJxms8WWaEdQUkRWc\""));
  REQUIRE(has(d, "SPEC-16", "/email"));
  CHECK(has(d, "SPEC-16", "/projectId"));
  CHECK(find(d, "SPEC-16", "/email")->severity == Severity::info);
  CHECK(find(d, "SPEC-16", "/email")->message.find("traits.email") != std::string::npos);
  CHECK(has(check(with(j(kIdentify), "/properties", "{}")), "SPEC-16", "/properties"));
  CHECK_FALSE(has_code(check(with(j(kIdentify), "/external_ids", "[]")), "SPEC-16"));
}

TEST_CASE("ENG-01: events without context.personas do not look like Engage's") {
  CHECK(has(check(without(j(kIdentify), "/context/personas")), "ENG-01", "/context/personas"));
  CHECK(has(check(without(j(kTrack), "/context")), "ENG-01", "/context/personas"));
}

TEST_CASE("ENG-02: personas needs computation_key and a known computation_class") {
  CHECK(has(check(with(j(kTrack), "/context/personas/computation_class", "\"segment\"")), "ENG-02",
            "/context/personas/computation_class"));
  CHECK(has(check(without(j(kTrack), "/context/personas/computation_class")), "ENG-02",
            "/context/personas/computation_class"));
  CHECK(has(check(without(j(kIdentify), "/context/personas/computation_key")), "ENG-02",
            "/context/personas/computation_key"));
  CHECK(has(check(with(j(kIdentify), "/context/personas", "\"aud_1\"")), "ENG-02",
            "/context/personas"));
  Value journey = with(j(kTrack), "/context/personas/computation_class", "\"journey_step\"");
  CHECK_FALSE(has_code(check(journey), "ENG-02"));
}

TEST_CASE("ENG-03: the audience membership flag must be present and boolean") {
  CHECK(has(check(without(j(kIdentify), "/traits/browse_abandoners")), "ENG-03",
            "/traits/browse_abandoners"));
  CHECK(has(check(without(j(kTrack), "/properties/browse_abandoners")), "ENG-03",
            "/properties/browse_abandoners"));
  CHECK(has(check(with(j(kTrack), "/properties/browse_abandoners", "1")), "ENG-03",
            "/properties/browse_abandoners"));
  // The flag sits in traits on Identify; on Track it must be in properties.
  Value track = without(j(kTrack), "/properties/browse_abandoners");
  CHECK(has(check(with(track, "/context/traits/browse_abandoners", "true")), "ENG-03",
            "/properties/browse_abandoners"));
}

TEST_CASE("ENG-04: a membership flag written as the string \"true\"") {
  std::vector<Diagnostic> d = check(with(j(kTrack), "/properties/browse_abandoners", "\"true\""));
  REQUIRE(has(d, "ENG-04", "/properties/browse_abandoners"));
  CHECK_FALSE(has_code(d, "ENG-03"));
  CHECK(has(check(with(j(kIdentify), "/traits/browse_abandoners", "\"false\"")), "ENG-04",
            "/traits/browse_abandoners"));
}

TEST_CASE("ENG-05: event name and membership flag must agree, with the connection's names") {
  CHECK(has(check(with(j(kTrack), "/properties/browse_abandoners", "false")), "ENG-05", "/event"));
  Value exited = with(j(kTrack), "/event", "\"Audience Exited\"");
  CHECK(has(check(exited), "ENG-05", "/event"));
  CHECK(summary(check(with(exited, "/properties/browse_abandoners", "false"))) == "");
  // Renamed Enter/Exit events (Braze's "Enter Event" setting).
  Value renamed = with(j(kTrack), "/event", "\"Browse Abandoner Joined\"");
  CHECK(has(check(renamed), "ENG-05", "/event"));
  events::EventOptions options;
  options.entered = "Browse Abandoner Joined";
  CHECK(summary(check(renamed, options)) == "");
  // A computed-trait event under another name than the Compute Event.
  CHECK(has(check(with(j(kComputedTrack), "/event", "\"Audience Entered\"")), "ENG-05", "/event"));
}

TEST_CASE("ENG-06: properties.audience_key agrees with computation_key and the expected key") {
  CHECK(has(check(without(j(kTrack), "/properties/audience_key")), "ENG-06",
            "/properties/audience_key"));
  CHECK(has(check(with(j(kTrack), "/properties/audience_key", "\"cart_abandoners\"")), "ENG-06",
            "/properties/audience_key"));
  events::EventOptions options;
  options.audience_key = "cart_abandoners";
  std::vector<Diagnostic> d = check(j(kIdentify), options);
  CHECK(has(d, "ENG-06", "/context/personas/computation_key"));
  CHECK(has(d, "ENG-03", "/traits/cart_abandoners"));  // the expected key decides the flag
}

TEST_CASE("ENG-07: email in the wrong part of the event for its type") {
  Value identify = without(j(kIdentify), "/traits/email");
  CHECK(has(check(with(identify, "/context/traits/email", "\"jane@example.com\"")), "ENG-07",
            "/context/traits/email"));
  CHECK(has(check(with(identify, "/properties/email", "\"jane@example.com\"")), "ENG-07",
            "/properties/email"));
  Value track = without(j(kTrack), "/context/traits");
  std::vector<Diagnostic> d = check(with(track, "/traits/email", "\"jane@example.com\""));
  REQUIRE(has(d, "ENG-07", "/traits/email"));
  CHECK(find(d, "ENG-07", "/traits/email")->message ==
        "Email is at traits.email; on Track events Engage puts it at context.traits.email.");
  // An ID-Synced email in properties is normal on Track events.
  CHECK_FALSE(has_code(check(with(track, "/properties/email", "\"jane@example.com\"")), "ENG-07"));
}

TEST_CASE("ENG-08: computed-trait events carry trait_key and the value") {
  CHECK(has(check(without(j(kComputedTrack), "/properties/trait_key")), "ENG-08",
            "/properties/trait_key"));
  CHECK(has(check(without(j(kComputedTrack), "/properties/lifetime_value")), "ENG-08",
            "/properties/lifetime_value"));
  CHECK(has(check(with(j(kComputedTrack), "/properties/trait_key", "\"ltv\"")), "ENG-08",
            "/properties/trait_key"));
  Value identify = with(j(kIdentify), "/context/personas",
                        R"({"computation_class": "trait", "computation_key": "lifetime_value"})");
  CHECK(has(check(identify), "ENG-08", "/traits/lifetime_value"));
  CHECK(summary(check(with(identify, "/traits/lifetime_value", "412.5"))) == "");
}

TEST_CASE("event options: names and audience key from JSON, bad members reported as OPT-01") {
  std::vector<Diagnostic> problems;
  events::EventOptions o = events::read_event_options(
      j(R"({"eventNames": {"entered": "Joined", "exited": 5}, "audience_key": "vip"})"), &problems);
  CHECK(o.entered == "Joined");
  CHECK(o.exited == "Audience Exited");
  CHECK(o.computed == "Trait Computed");
  CHECK(o.audience_key == std::optional<std::string>("vip"));
  CHECK(codes(problems) == std::vector<std::string>{"OPT-01 /eventNames/exited"});
}

TEST_CASE("the Trait Enrichment docs' test events: valid, with notes on their extra fields") {
  for (const char* file : {"fixtures/segment-docs/trait-enrichment.identify.json",
                           "fixtures/segment-docs/trait-enrichment.track.json"}) {
    const std::string name = file;
    CAPTURE(name);
    std::vector<Diagnostic> d = check(j(read_fixture(file)));
    // Test events carry email and projectId at the top level and no personas block.
    CHECK(codes(d) == std::vector<std::string>{"SPEC-16 /email", "SPEC-16 /projectId",
                                               "ENG-01 /context/personas"});
  }
}

TEST_CASE("the Engage Event Mapping docs' events: valid audience events as described") {
  events::EventOptions options;
  options.audience_key = "browse_abandoners";
  for (const char* file : {"fixtures/segment-docs/engage-event-mapping.identify.json",
                           "fixtures/segment-docs/engage-event-mapping.track.json",
                           "fixtures/segment-docs/engage-event-mapping.map-identify.json",
                           "fixtures/segment-docs/engage-event-mapping.map-track.json"}) {
    const std::string name = file;
    CAPTURE(name);
    const Value event = j(read_fixture(file));
    // The docs' payloads leave out messageId and the personas block; nothing else is wrong.
    const std::vector<std::string> expected{"SPEC-09 /messageId", "ENG-01 /context/personas"};
    CHECK(codes(check(event)) == expected);
    CHECK(codes(check(event, options)) == expected);
    // "If the value for the audience were false, it would mean the user just exited."
    const bool identify = event.find("type")->as_string() == "identify";
    Value exited = with(
        event, identify ? "/traits/browse_abandoners" : "/properties/browse_abandoners", "false");
    if (!identify) CHECK(has(check(exited, options), "ENG-05", "/event"));
    if (!identify)
      CHECK_FALSE(
          has_code(check(with(exited, "/event", "\"Audience Exited\""), options), "ENG-05"));
  }
}
