// Batch mode's raw path writes mapped payloads straight from an event's text (json::RawIndex +
// mapping::RawPlan). Whatever it writes must be byte for byte what transform() and
// json::append_json give; when it cannot be sure it declines and the general path runs.
// Checked on the conformance corpus and on generated events full of edge cases.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "activation/simulate.hpp"
#include "batch.hpp"
#include "diagnostic_helpers.hpp"
#include "json/parse.hpp"
#include "json/raw.hpp"
#include "json/write.hpp"
#include "mapping/raw_plan.hpp"
#include "mapping/transform.hpp"

using namespace mapcheck;
using json::Value;
using test_helpers::Gen;

namespace {

Value parse_ok(std::string_view text) {
  json::ParseOptions options;
  options.allow_surrogates = true;
  json::ParseResult r = json::parse(text, options);
  REQUIRE(r.ok());
  return r.value;
}

// What the general path writes for one event, or "" when transform() throws.
std::string general(const Value& mapping, std::string_view event_text) {
  const mapping::TransformResult r = mapping::transform(mapping, parse_ok(event_text));
  if (r.error) return "";
  std::string out;
  json::append_json(out, r.output);
  return out;
}

struct Outcome {
  int compared = 0, declined = 0;
};

// Runs the raw path for `mapping` over `event_text` and compares it with the general path.
void check(const Value& mapping, std::string_view event_text, Outcome& outcome) {
  const mapping::PreparedMapping prepared = mapping::prepare(mapping);
  json::Projection reads;
  const std::unique_ptr<mapping::RawPlan> plan = mapping::RawPlan::make(prepared, reads);
  if (!plan) return;
  json::RawIndex index;
  std::string out;
  std::vector<mapping::RawPlan::Field> fields;
  if (!index.scan(event_text, reads) || !plan->run(index, out, fields)) {
    ++outcome.declined;
    return;
  }
  ++outcome.compared;
  INFO("mapping: " << *json::stringify(mapping));
  INFO("event: " << event_text);
  CHECK(out == general(mapping, event_text));
  // The field report agrees with the output.
  const Value output = parse_ok(out);
  REQUIRE(fields.size() == plan->field_names().size());
  for (std::size_t k = 0; k < fields.size(); ++k) {
    const Value* v = output.find(plan->field_names()[k]);
    const mapping::RawPlan::Field expected =
        v == nullptr ? mapping::RawPlan::Field::absent
        : v->is_null() ? mapping::RawPlan::Field::null
        : v->is_string() && v->as_string().empty() ? mapping::RawPlan::Field::empty_string
                                                   : mapping::RawPlan::Field::other;
    CHECK(static_cast<int>(fields[k]) == static_cast<int>(expected));
  }
}

// A random JSON value with the shapes that matter to the raw path: falsy values, escapes,
// numbers that JavaScript writes differently, duplicate and array-index keys, nesting.
std::string gen_value(Gen& g, int depth) {
  static const char* const scalars[] = {
      "null", "true", "false", "0", "-0", "0.0", "1", "12.50", "1e3", "1.5", "0.0000001", "-7",
      "123456789012345678", "\"\"", "\"a\"", "\"x y\"", "\"caf\xC3\xA9\"", "\"q\\\"uote\"",
      "\"\\u00e9\"", "\"line\\nbreak\"", "\"{{a}}\"", "\"12\""};
  const std::size_t kind = depth > 3 ? 0 : g.below(10);
  if (kind < 6) return scalars[g.below(std::size(scalars))];
  if (kind < 8) {
    static const char* const keys[] = {"a", "b", "c", "d", "0", "1", "10", "length", "x",
                                       "constructor", "__proto__", "toString"};
    std::string out = "{";
    const std::size_t n = g.below(5);
    for (std::size_t i = 0; i < n; ++i) {
      if (i) out += g.below(8) == 0 ? ", " : ",";
      out += "\"";
      out += keys[g.below(std::size(keys))];
      out += "\":" + gen_value(g, depth + 1);
    }
    return out + "}";
  }
  std::string out = "[";
  const std::size_t n = g.below(4);
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += ",";
    out += gen_value(g, depth + 1);
  }
  return out + "]";
}

}  // namespace

TEST_CASE("the raw path writes what the general path writes: conformance corpus") {
  Outcome outcome;
  test_helpers::for_each_transform_case([&](const Value&, const Value& mapping, const Value& payload) {
    check(mapping, *json::stringify(payload), outcome);     // as JSON.stringify writes it
    check(mapping, *json::stringify(payload, 2), outcome);  // with whitespace
  });
  MESSAGE("compared " << outcome.compared << ", declined " << outcome.declined);
  CHECK(outcome.compared > 100);
}

TEST_CASE("the raw path writes what the general path writes: generated events") {
  const char* const mappings[] = {
      R"({"a":{"@path":"$.a"},"ab":{"@path":"$.a.b"},"abc":{"@path":"a.b.c"},"lit":1,"n":null,"e":""})",
      R"({"t":{"@template":"<{{a}}|{{a.b}}|{{ c }}|{{.}}|{{x.y}}>"},"nested":{"b":{"@path":"$.b"},"k":"v"}})",
      R"({"list":{"@arrayPath":["$.a",{"b":{"@path":"$.b"},"first":{"@path":"$.0"},"t":{"@template":"{{c}}"}}]}})",
      R"({"raw":{"@arrayPath":["$.c"]},"whole":{"@path":"$."},"d":{"@path":"$.d"},"len":{"@path":"$.x.length"}})",
      R"({"deep":{"@arrayPath":["$.a",{"inner":{"@arrayPath":["$.b",{"v":{"@path":"$.c"}}]}}]},"e":{"@template":""}})",
      R"({"c":{"@path":"$.a.constructor"},"p":{"@path":"$.__proto__"},"s":{"@template":"{{a.toString}}{{b.c.length}}"},"v":{"@path":"$.b.toString"}})",
  };
  Gen g{0xC0FFEE};
  Outcome outcome;
  for (const char* text : mappings) {
    const Value mapping = parse_ok(text);
    for (int i = 0; i < 3000; ++i) {
      std::string event = "{";
      static const char* const top[] = {"a", "b", "c", "d", "x", "a"};
      const std::size_t n = g.below(6);
      for (std::size_t k = 0; k < n; ++k) {
        if (k) event += ",";
        event += "\"";
        event += top[g.below(std::size(top))];
        event += "\":" + gen_value(g, 0);
      }
      event += "}";
      check(mapping, event, outcome);
    }
  }
  MESSAGE("compared " << outcome.compared << ", declined " << outcome.declined);
  CHECK(outcome.compared > 5000);
}

TEST_CASE("batch results and coverage are the same on the raw path and the general path") {
  // A mapping the raw path runs and the same mapping behind a directive it does not cover
  // (@case), so the second runner takes the general path for every event.
  const std::string fields =
      R"({"email":{"@path":"$.context.traits.email"},"id":{"@path":"$.userId"},"name":{"@template":"{{properties.name}}"}})";
  std::vector<Diagnostic> problems;
  auto raw = batch::single_mapping(fields, std::nullopt, problems);
  auto general = batch::single_mapping(
      R"({"email":{"@path":"$.context.traits.email"},"id":{"@path":"$.userId"},"name":{"@case":{"operator":"upper","value":{"@template":"{{properties.name}}"}}},"x":{"@case":{"operator":"lower","value":"X"}}})",
      std::nullopt, problems);
  REQUIRE(raw.has_value());
  REQUIRE(general.has_value());
  raw->required_fields = general->required_fields = {"email", "name"};
  batch::Runner a({*raw}), b({*general});
  const char* const lines[] = {
      R"({"userId":"u1","context":{"traits":{"email":"a@b.c"}},"properties":{"name":"ann"}})",
      R"({"userId":"u2","context":{"traits":{"email":null}},"properties":{"name":""}})",
      R"({"userId":"u3"})",
      R"({"userId":"u4", "context": {"traits": {"email": "x\u0040y"}}})",
      "[1]",
      R"({"userId": )",
  };
  std::string out_a, out_b;
  std::size_t n = 0;
  for (const char* line : lines) {
    ++n;
    a.process_line(line, n, out_a);
    b.process_line(line, n, out_b);
  }
  // Outputs differ only in the mapping's "name" (upper-cased) and "x" fields; compare the rest.
  const Value sa = a.summary(), sb = b.summary();
  CHECK(sa.find("events")->as_number() == sb.find("events")->as_number());
  CHECK(sa.find("badLines")->as_number() == sb.find("badLines")->as_number());
  CHECK(*json::stringify(*sa.find("diagnostics")) == *json::stringify(*sb.find("diagnostics")));
  const Value& ma = sa.find("mappings")->as_array()[0];
  const Value& mb = sb.find("mappings")->as_array()[0];
  CHECK(ma.find("matched")->as_number() == 4);
  CHECK(*json::stringify(*ma.find("emptyFields")->find("email")) ==
        *json::stringify(*mb.find("emptyFields")->find("email")));
  CHECK(out_a.find(R"({"line":2,"mappings":[{"matched":true,"output":{"email":null,"id":"u2","name":""},"missingRequired":["email","name"]}]})") !=
        std::string::npos);
  CHECK(out_a.find(R"({"line":4,"mappings":[{"matched":true,"output":{"email":"x@y","id":"u4","name":""},"missingRequired":["name"]}]})") !=
        std::string::npos);
  CHECK(out_a.find(R"({"line":5,"error":"The line is not a JSON object"})") != std::string::npos);
}

TEST_CASE("batch counts the same trigger outcomes as evaluating the trigger for every event") {
  // The runner remembers trigger outcomes by what the trigger reads of an event; matches and
  // trigger diagnostics (here TRG-05 for a number compared as text) must come out as if every
  // event were evaluated on its own.
  const char* const fql = R"(type = "track" and properties.audience_key = "vip")";
  const char* const values[] = {R"("vip")", "5", "null", R"("other")", "true", "[1]"};
  const char* const types[] = {"track", "identify", "page"};
  std::vector<std::string> lines;
  Gen g{99};
  for (int i = 0; i < 300; ++i) {
    std::string line = R"({"type":")" + std::string(types[g.below(3)]) + R"(","userId":"u)" +
                       std::to_string(i) + R"(","properties":{"audience_key":)" +
                       values[g.below(std::size(values))] + R"(,"n":)" + std::to_string(i) + "}}";
    lines.push_back(line);
  }
  for (const char* fields : {R"({"id":{"@path":"$.userId"}})",                              // raw path
                             R"({"id":{"@case":{"operator":"upper","value":"$.userId"}}})"}) {  // general path
    std::vector<Diagnostic> problems;
    auto m = batch::single_mapping(fields, std::string(fql), problems);
    REQUIRE(m.has_value());
    batch::Runner runner({*m});
    std::string out;
    std::size_t matched = 0, trg05 = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      runner.process_line(lines[i], i + 1, out);
      const activation::TriggerOutcome t = activation::evaluate_trigger(*m, parse_ok(lines[i]));
      matched += t.matches;
      for (const Diagnostic& d : t.diagnostics) trg05 += d.code == "TRG-05";
    }
    const Value summary = runner.summary();
    CHECK(summary.find("mappings")->as_array()[0].find("matched")->as_number() == matched);
    const Value* counted = summary.find("diagnostics")->find("TRG-05");
    CHECK((counted ? counted->as_number() : 0) == trg05);
    CHECK(trg05 > 0);
    CHECK(matched > 0);
  }
}
