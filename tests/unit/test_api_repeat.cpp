// Test suites call transform() and matchesFql() with the same mapping or trigger for event
// after event; the API keeps the last few mappings and triggers ready (parsed, validated, and
// for triggers the results by what they read of the event). Repeated calls must answer exactly
// what first calls answer.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "api.hpp"

using namespace mapcheck;

namespace {

// More texts than the API keeps ready, so that calling them in turn always finds a cold cache.
const std::vector<std::string> kTriggers = {
    R"(type = "track" and properties.audience_key = "vip")",
    R"(event = "Audience Entered" or properties.vip = true)",
    R"(traits.vip = true and type = "identify")",
    R"(properties.n > 3 and context.traits.email exists)",
    R"(contains(properties.audience_key, "v") and properties.n != 2)",
};

const std::vector<std::string> kMappings = {
    R"({"id":{"@path":"$.userId"},"key":{"@path":"$.properties.audience_key"}})",
    R"({"email":{"@path":"$.context.traits.email"},"t":{"@template":"{{type}}:{{event}}"}})",
    R"({"vip":{"@if":{"exists":{"@path":"$.properties.vip"},"then":"yes","else":"no"}}})",
    R"({"props":{"@path":"$.properties"},"traits":{"@path":"$.traits.email"}})",
    R"({"n":{"@path":"$.properties.n"},"required":{"@path":"$.properties.missing"}})",
};

std::vector<std::string> events() {
  std::vector<std::string> out;
  const char* const types[] = {"track", "identify", "page"};
  const char* const keys[] = {R"("vip")", "5", "null", R"("other")", "true"};
  for (int i = 0; i < 60; ++i) {
    out.push_back(std::string(R"({"type":")") + types[i % 3] + R"(","event":")" +
                  (i % 4 ? "Audience Entered" : "Order Completed") + R"(","userId":"u)" +
                  std::to_string(i) + R"(","properties":{"audience_key":)" + keys[i % 5] +
                  R"(,"vip":)" + (i % 2 ? "true" : R"("true")") + R"(,"n":)" +
                  std::to_string(i % 7) + R"(},"traits":{"vip":true,"email":"a@b.c"})" +
                  (i % 6 ? R"(,"context":{"traits":{"email":"x@y.z"}})" : "") + "}");
  }
  // Events that differ only where no trigger reads: a duplicate key and an inexact number are
  // reported about each event's own text (JSON-07, JSON-08), never from a remembered result.
  out.push_back(R"({"type":"track","properties":{"audience_key":"vip"},"userId":"u","userId":"v"})");
  out.push_back(R"({"type":"track","properties":{"audience_key":"vip"},"userId":"u","big":1e400})");
  out.push_back(R"({"type":"track","properties":{"audience_key":"vip"},"userId":"u"})");
  out.push_back("{not json");
  out.push_back("");
  return out;
}

}  // namespace

TEST_CASE("matchesFql gives the same answer on repeated calls as on first calls") {
  const std::vector<std::string> evs = events();
  std::vector<std::vector<std::string>> cold(kTriggers.size());
  for (const std::string& e : evs)
    for (std::size_t t = 0; t < kTriggers.size(); ++t)
      cold[t].push_back(api::to_json(api::matches_fql(kTriggers[t], e)));
  for (std::size_t t = 0; t < kTriggers.size(); ++t)
    for (std::size_t i = 0; i < evs.size(); ++i) {
      INFO("trigger " << kTriggers[t] << " event " << evs[i]);
      CHECK(api::to_json(api::matches_fql(kTriggers[t], evs[i])) == cold[t][i]);
      CHECK(api::matches_fql_json(kTriggers[t], evs[i]) == cold[t][i]);
    }
}

TEST_CASE("matchesFql reports a duplicate key and an inexact number of each event") {
  const std::string trigger = R"(type = "track")";
  const std::string plain = R"({"type":"track","userId":"u"})";
  CHECK(api::matches_fql_json(trigger, plain).find("JSON-07") == std::string::npos);
  CHECK(api::matches_fql_json(trigger, R"({"type":"track","userId":"u","userId":"v"})")
            .find("JSON-07") != std::string::npos);
  CHECK(api::matches_fql_json(trigger, R"({"type":"track","userId":"u","n":1e400})")
            .find("JSON-08") != std::string::npos);
  CHECK(api::matches_fql_json(trigger, plain).find("JSON-0") == std::string::npos);
}

TEST_CASE("transform gives the same answer on repeated calls as on first calls") {
  const std::vector<std::string> evs = events();
  std::vector<std::vector<std::string>> cold(kMappings.size());
  for (const std::string& e : evs)
    for (std::size_t m = 0; m < kMappings.size(); ++m)
      cold[m].push_back(api::to_json(api::transform(kMappings[m], e, R"({"required":["required","id"]})")));
  for (std::size_t m = 0; m < kMappings.size(); ++m)
    for (std::size_t i = 0; i < evs.size(); ++i) {
      INFO("mapping " << kMappings[m] << " event " << evs[i]);
      CHECK(api::to_json(api::transform(kMappings[m], evs[i], R"({"required":["required","id"]})")) ==
            cold[m][i]);
    }
}
