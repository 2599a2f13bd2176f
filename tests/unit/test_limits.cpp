// Every documented limit (docs/limits.md), at the limit and just past it, through the entry
// points people use: at the limit the input is processed as usual; one past, the answer is the
// limit's diagnostic with a position, and nothing hangs.
#include <doctest/doctest.h>

#include <string>

#include "api.hpp"
#include "diagnostic_helpers.hpp"
#include "fql/parser.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"
#include "limits.hpp"
#include "liquid/limits.hpp"
#include "mapping/transform.hpp"

using namespace mapcheck;
using json::Value;
using test_helpers::repeat;
using test_helpers::j;

namespace {

// The diagnostics of an API result with `code`.
std::vector<Value> with_code(const Value& result, std::string_view code) {
  std::vector<Value> out;
  if (const Value* list = result.find("diagnostics"))
    for (const Value& d : list->as_array())
      if (d.find("code")->as_string() == code) out.push_back(d);
  return out;
}

bool has_code(const Value& result, std::string_view code) { return !with_code(result, code).empty(); }

// The byte offset a diagnostic's range starts at.
std::size_t range_start(const Value& d) {
  const Value* range = d.find("range");
  REQUIRE_MESSAGE(range != nullptr, api::to_json(d));
  return static_cast<std::size_t>(range->find("start")->find("offset")->as_number());
}

// A JSON array of strings, padded with spaces to exactly `bytes` bytes.
std::string document_of_size(std::size_t bytes) {
  const std::string item = "\"" + std::string(1000, 'x') + "\",";
  std::string text = "[";
  while (text.size() + item.size() + 8 < bytes) text += item;
  text += "1]";
  text.append(bytes - text.size(), ' ');
  return text;
}

const char* kEvent = R"({"type":"track","event":"E","userId":"u","properties":{}})";

}  // namespace

TEST_CASE("document size: 8 MiB is read, one byte more is JSON-03 at the start") {
  const json::Limits limits;
  const std::string at = document_of_size(limits.max_bytes);
  REQUIRE(at.size() == 8u << 20);
  CHECK(api::parse_input(at, "event").ok);
  const std::string past = document_of_size(limits.max_bytes + 1);
  const Value result = api::validate_event(past);
  const std::vector<Value> d = with_code(result, "JSON-03");
  REQUIRE(d.size() == 1);
  CHECK(range_start(d[0]) == 0);
  CHECK(result.find("valid")->as_boolean() == false);
}

TEST_CASE("nesting: 256 levels are read, 257 is JSON-04 where level 257 opens") {
  const std::string at = repeat("[", 256) + repeat("]", 256);
  CHECK(api::parse_input(at, "event").ok);
  for (const char* open : {"[", "{\"a\":"}) {
    const std::string close = open[0] == '[' ? "]" : "}";
    const std::string past = repeat(open, 257) + "1" + repeat(close, 257);
    const Value result = api::transform(past, std::string_view("{}"), "");
    const std::vector<Value> d = with_code(result, "JSON-04");
    REQUIRE(d.size() == 1);
    CHECK(range_start(d[0]) == 256 * std::string_view(open).size());
  }
}

TEST_CASE("strings and keys: 1 MiB after unescaping is read, one byte more is JSON-05") {
  const std::size_t max = json::Limits{}.max_string_bytes;
  CHECK(api::parse_input("[\"" + std::string(max, 'a') + "\"]", "mapping").ok);
  // Escapes count as what they stand for: 1 MiB of "\n" escapes is 2 MiB of text.
  CHECK(api::parse_input("[\"" + repeat("\\n", max) + "\"]", "mapping").ok);
  const Value value_past = api::validate_mapping("{\"a\":\"" + std::string(max + 1, 'a') + "\"}");
  REQUIRE(has_code(value_past, "JSON-05"));
  CHECK(range_start(with_code(value_past, "JSON-05")[0]) == 5);
  const Value key_past = api::validate_mapping("{\"" + std::string(max + 1, 'k') + "\":1}");
  REQUIRE(has_code(key_past, "JSON-05"));
  CHECK(range_start(with_code(key_past, "JSON-05")[0]) == 1);
}

TEST_CASE("arrays and objects: 100,000 members are read, one more is JSON-06 at that member") {
  const std::size_t max = json::Limits{}.max_container_size;
  std::string array = "[" + repeat("0,", max - 1) + "0]";
  CHECK(api::parse_input(array, "event").ok);
  array.insert(array.size() - 1, ",7");
  const Value past = api::validate_event(array);
  REQUIRE(has_code(past, "JSON-06"));
  CHECK(range_start(with_code(past, "JSON-06")[0]) == array.size() - 2);

  std::string object = "{";
  for (std::size_t i = 0; i < max; ++i) object += "\"" + std::to_string(i) + "\":0,";
  object.back() = '}';
  CHECK(api::parse_input(object, "event").ok);
  object.back() = ',';
  object += "\"extra\":1}";
  const Value object_past = api::validate_event(object);
  REQUIRE(has_code(object_past, "JSON-06"));
  CHECK(range_start(with_code(object_past, "JSON-06")[0]) == object.find("\"extra\""));
}

TEST_CASE("mapping steps: a resolution of exactly max_work steps runs, one more is LIM-01") {
  // Each field is one step, and so is the object holding them.
  const std::size_t fields = 1000;
  std::string mapping = "{";
  for (std::size_t i = 0; i < fields; ++i) mapping += "\"f" + std::to_string(i) + "\":1,";
  mapping.back() = '}';
  mapping::TransformOptions options;
  options.max_work = fields + 1;
  CHECK(mapping::transform(j(mapping), j("{}"), options).ok());
  options.max_work = fields;
  const mapping::TransformResult past = mapping::transform(j(mapping), j("{}"), options);
  REQUIRE(past.error.has_value());
  CHECK(past.error->name == "LimitError");
  CHECK(past.error->pointer == "/f999");

  // The default 4,000,000 through the API: @arrayPath over 100,000 items with 40 fields each.
  std::string shape = "{";
  for (int i = 0; i < 40; ++i) shape += "\"s" + std::to_string(i) + "\":1,";
  shape.back() = '}';
  const std::string payload = "{\"items\":[" + repeat("{},", 99999) + "{}]}";
  const Value result =
      api::transform("{\"x\":{\"@arrayPath\":[\"$.items\"," + shape + "]}}", payload, "");
  const std::vector<Value> d = with_code(result, "LIM-01");
  REQUIRE(d.size() == 1);
  // Steps: the mapping object and "x", then 41 per item (the shape and its 40 fields); step
  // 4,000,001 is the 39th of item 97,560, field s37.
  CHECK(d[0].find("pointer")->as_string() == "/x/@arrayPath/1/s37");
  CHECK(d[0].find("range") != nullptr);
}

TEST_CASE("directive strings: 16 MiB from @template is produced, one byte more is LIM-01") {
  const std::string mib(1u << 20, 'a');
  const std::string payload = "{\"a\":\"" + mib + "\"}";
  const std::string sixteen = repeat("{{a}}", 16);
  const Value at = api::transform("{\"t\":{\"@template\":\"" + sixteen + "\"}}", payload, "");
  REQUIRE(at.find("output") != nullptr);
  CHECK(at.find("output")->find("t")->as_string().size() == 16u << 20);
  const Value past = api::transform("{\"t\":{\"@template\":\"" + sixteen + "!\"}}", payload, "");
  const std::vector<Value> d = with_code(past, "LIM-01");
  REQUIRE(d.size() == 1);
  CHECK(d[0].find("pointer")->as_string() == "/t/@template");
}

TEST_CASE("@liquid strings: 4 MiB of output is rendered, one byte more is LIM-01") {
  const std::string payload = "{\"a\":\"" + std::string(1u << 20, 'a') + "\"}";
  const Value at = api::transform(R"({"l":{"@liquid":"{{a}}{{a}}{{a}}{{a}}"}})", payload, "");
  REQUIRE(at.find("output") != nullptr);
  CHECK(at.find("output")->find("l")->as_string().size() == liquid::kMaxStringBytes);
  const Value past = api::transform(R"({"l":{"@liquid":"{{a}}{{a}}{{a}}{{a}}!"}})", payload, "");
  const std::vector<Value> d = with_code(past, "LIM-01");
  REQUIRE(d.size() == 1);
  CHECK(d[0].find("pointer")->as_string() == "/l/@liquid");
  CHECK(d[0].find("range") != nullptr);
}

TEST_CASE("@transform payloads: 512 levels are resolved, 513 is LIM-01 at the apply") {
  // The payload's "a" nests 255 levels; two @transforms wrap it k1 + k2 levels deeper inside a
  // new {"a": ...}: 1 + k1 + k2 + 255 levels in all.
  const std::string payload = "{\"a\":" + repeat("[", 255) + repeat("]", 255) + "}";
  auto link = [](std::size_t k, const std::string& mapping) {
    return "{\"@transform\":{\"apply\":{\"a\":" + repeat("{\"w\":", k) + "{\"@path\":\"$.a\"}" +
           repeat("}", k) + "},\"mapping\":" + mapping + "}}";
  };
  const std::string at = link(128, link(128, R"({"ok":true})"));
  CHECK(api::transform(at, payload, "").find("output") != nullptr);
  const Value past = api::transform(link(128, link(129, R"({"ok":true})")), payload, "");
  const std::vector<Value> d = with_code(past, "LIM-01");
  REQUIRE(d.size() == 1);
  CHECK(d[0].find("pointer")->as_string() == "/@transform/mapping/@transform/apply");
  CHECK(d[0].find("range") != nullptr);
}

TEST_CASE("FQL text: 1 MiB is read, one byte more is LIM-01 from the first byte past") {
  const std::size_t max = fql::kMaxTextBytes;
  const std::string head = "type = \"track\"";
  const std::string at = head + std::string(max - head.size(), ' ');
  const Value within = api::parse_fql(at);
  CHECK(within.find("ast") != nullptr);
  CHECK(!has_code(within, "LIM-01"));
  const std::string past = at + " ";
  for (const Value& result : {api::parse_fql(past), api::matches_fql(past, kEvent)}) {
    const std::vector<Value> d = with_code(result, "LIM-01");
    REQUIRE(d.size() == 1);
    CHECK(range_start(d[0]) == max);
    CHECK(result.find("error")->find("name")->as_string() == "LimitError");
  }
}

TEST_CASE("FQL conditions: 1,000 are checked, the 1,001st is LIM-01 (text and AST)") {
  auto text = [](std::size_t n) {
    std::string f = "properties.p0 = 0";
    for (std::size_t i = 1; i < n; ++i) f += " or properties.p" + std::to_string(i) + " = 1";
    return f;
  };
  const Value at = api::matches_fql(text(fql::kMaxConditions), kEvent);
  CHECK(!has_code(at, "LIM-01"));
  CHECK(at.find("conditions")->as_array().size() == fql::kMaxConditions);
  const std::string past_text = text(fql::kMaxConditions + 1);
  const Value past = api::matches_fql(past_text, kEvent);
  const std::vector<Value> d = with_code(past, "LIM-01");
  REQUIRE(d.size() == 1);
  CHECK(range_start(d[0]) == past_text.rfind("properties.p1000"));

  auto ast = [](std::size_t n) {
    std::string a = R"({"type":"group","operator":"or","children":[)";
    for (std::size_t i = 0; i < n; ++i)
      a += std::string(i ? "," : "") + R"({"type":"event-type","operator":"=","value":"x"})";
    return a + "]}";
  };
  CHECK(!has_code(api::matches_fql(ast(fql::kMaxConditions), kEvent), "LIM-01"));
  for (const Value& result : {api::matches_fql(ast(fql::kMaxConditions + 1), kEvent),
                              api::generate_fql(ast(fql::kMaxConditions + 1))}) {
    const std::vector<Value> ds = with_code(result, "LIM-01");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].find("range") != nullptr);
    CHECK(result.find("error")->find("name")->as_string() == "LimitError");
  }
}

namespace {
// An activation config with `n` identifiers, ID Sync and Trait Enrichment rows and mappings.
std::string config(std::size_t identifiers, std::size_t id_sync, std::size_t enrichment,
                   std::size_t mappings) {
  std::string c = R"({"version":1,"computation":{"class":"audience","key":"vip","action":"entered"},)"
                  R"("destination":{"kind":"actions","name":"Braze","send_identify":true,"send_track":false,"setup":"customized"},)";
  c += "\"id_sync\":[";
  for (std::size_t i = 0; i < id_sync; ++i)
    c += std::string(i ? "," : "") + R"({"segment":"phone","destination":"p)" + std::to_string(i) + "\"}";
  c += "],\"trait_enrichment\":[";
  for (std::size_t i = 0; i < enrichment; ++i)
    c += std::string(i ? "," : "") + R"({"segment":"t)" + std::to_string(i) + "\"}";
  c += "],\"profile\":{\"identifiers\":[";
  for (std::size_t i = 0; i < identifiers; ++i)
    c += std::string(i ? "," : "") + R"({"type":"phone","id":"+1415555)" + std::to_string(1000 + i) + "\"}";
  c += "]},\"mappings\":[";
  for (std::size_t i = 0; i < mappings; ++i)
    c += std::string(i ? "," : "") + R"({"fields":{"id":{"@path":"$.userId"}}})";
  return c + "]}";
}
}  // namespace

TEST_CASE("activation configs: 1,000 identifiers, 100 setup rows and 100 mappings") {
  const Value at = api::simulate(config(limits::kMaxIdentifiers, limits::kMaxSetupRows,
                                        limits::kMaxSetupRows, limits::kMaxMappings));
  CHECK(!has_code(at, "LIM-01"));
  CHECK(at.find("events")->as_array().size() == 1);
  struct Past {
    std::string text;
    const char* pointer;
  };
  for (const Past& past :
       {Past{config(limits::kMaxIdentifiers + 1, 1, 0, 0), "/profile/identifiers/1000"},
        Past{config(1, limits::kMaxSetupRows + 1, 0, 0), "/id_sync/100"},
        Past{config(1, 0, limits::kMaxSetupRows + 1, 0), "/trait_enrichment/100"},
        Past{config(1, 0, 0, limits::kMaxMappings + 1), "/mappings/100"}}) {
    const Value result = api::simulate(past.text);
    const std::vector<Value> d = with_code(result, "LIM-01");
    REQUIRE(d.size() == 1);
    CHECK(d[0].find("pointer")->as_string() == past.pointer);
    CHECK(past.text[range_start(d[0])] == '{');  // the first row left out
    CHECK(result.find("events")->as_array().empty());
  }
}

TEST_CASE("simulated events: 200 are shown, and fewer when the mappings are large") {
  // Phone numbers synced with "all": one event per value.
  std::string c = config(limits::kMaxSimulatedEvents, 0, 0, 0);
  const std::string all = R"({"segment":"phone","destination":"phone","strategy":"all"})";
  c.replace(c.find("\"id_sync\":[") + 11, 0, all);
  CHECK(api::simulate(c).find("events")->as_array().size() == limits::kMaxSimulatedEvents);
  CHECK(!has_code(api::simulate(c), "LIM-01"));
  std::string more = config(limits::kMaxSimulatedEvents + 1, 0, 0, 0);
  more.replace(more.find("\"id_sync\":[") + 11, 0, all);
  const Value past = api::simulate(more);
  CHECK(past.find("events")->as_array().size() == limits::kMaxSimulatedEvents);
  REQUIRE(has_code(past, "LIM-01"));
  CHECK(with_code(past, "LIM-01")[0].find("pointer")->as_string() == "/id_sync");

  // A mapping of 5,000 values (a literal array): 200 events would resolve 1,000,000 of them.
  std::string heavy = config(limits::kMaxSimulatedEvents, 0, 0, 1);
  heavy.replace(heavy.find("\"id_sync\":[") + 11, 0, all);
  const std::string fields = R"({"id":{"@path":"$.userId"}})";
  heavy.replace(heavy.find(fields), fields.size(), "{\"n\":[" + repeat("0,", 4996) + "0]}");
  const Value cut = api::simulate(heavy);
  const std::size_t shown = cut.find("events")->as_array().size();
  CHECK(shown * 5000 <= limits::kMaxSimulationWork);
  CHECK(shown >= limits::kMaxSimulationWork / 5000 - 2);
  REQUIRE(has_code(cut, "LIM-01"));
  CHECK(with_code(cut, "LIM-01")[0].find("pointer")->as_string() == "/mappings");

  // Events that carry a 1 MiB trait: the first 16 MiB of events are shown.
  std::string large = config(limits::kMaxSimulatedEvents, 0, 1, 0);
  large.replace(large.find("\"id_sync\":[") + 11, 0, all);
  large.replace(large.find("\"profile\":{") + 11, 0,
                "\"traits\":{\"t0\":\"" + std::string(1u << 20, 't') + "\"},");
  const Value sized = api::simulate(large);
  const std::size_t fitting = sized.find("events")->as_array().size();
  CHECK(fitting >= 10);
  CHECK(fitting <= 16);
  REQUIRE(has_code(sized, "LIM-01"));
  CHECK(with_code(sized, "LIM-01")[0].find("pointer")->as_string() == "/profile");
}

TEST_CASE("validateEvent's mappings option: 100 are checked, the rest is LIM-01") {
  auto options = [](std::size_t n) {
    std::string o = "{\"mappings\":[";
    for (std::size_t i = 0; i < n; ++i) o += std::string(i ? "," : "") + R"({"id":{"@path":"$.userId"}})";
    return o + "]}";
  };
  CHECK(!has_code(api::validate_event(kEvent, options(limits::kMaxMappings)), "LIM-01"));
  const std::string past = options(limits::kMaxMappings + 1);
  const std::vector<Value> d = with_code(api::validate_event(kEvent, past), "LIM-01");
  REQUIRE(d.size() == 1);
  CHECK(d[0].find("pointer")->as_string() == "/mappings/100");
  CHECK(range_start(d[0]) == past.rfind("{\"id\""));
}

TEST_CASE("batch lines: 1 MiB is one event, one byte more is a bad line counted as JSON-03") {
  const std::size_t max = limits::kMaxBatchLineBytes;
  std::string line = "{\"type\":\"track\",\"event\":\"E\",\"properties\":{\"s\":\"";
  line += std::string(max - line.size() - 3, 'x') + "\"}}";
  REQUIRE(line.size() == max);
  const Value at = api::run_batch(line, R"({"mapping":{"e":{"@path":"$.event"}}})");
  CHECK(at.find("summary")->find("events")->as_number() == 1);
  const Value past = api::run_batch(line + " ", R"({"mapping":{"e":{"@path":"$.event"}}})");
  CHECK(past.find("summary")->find("events")->as_number() == 0);
  CHECK(past.find("summary")->find("badLines")->as_number() == 1);
  CHECK(past.find("summary")->find("diagnostics")->find("JSON-03")->as_number() == 1);
  CHECK(past.find("results")->as_string().find("mapcheck reads lines of at most 1048576 bytes") !=
        std::string::npos);
}
