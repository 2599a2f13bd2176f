// Hostile input: what people paste or share may be built to crash, hang or bloat the core.
// Every entry point must answer with a result (a diagnostic when a limit is hit) for deeply
// nested, oversized, malformed and pathological text. The regression cases the fuzzers found
// are here too, each with what it broke.
#include <doctest/doctest.h>

#include <string>

#include "api.hpp"
#include "diagnostic_helpers.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"
#include "mapping/transform.hpp"
#include "mapping/validate.hpp"

using namespace mapcheck;
using json::Value;
using test_helpers::repeat;
using test_helpers::j;

namespace {

// An API result as the wasm module hands it to JavaScript: it must be JSON that a strict
// parser (UTF-8 only, no raw lone surrogates) reads back.
Value reread(const Value& result) {
  json::ParseOptions options;
  options.limits.max_depth = 1u << 20;
  options.limits.max_bytes = SIZE_MAX;
  options.limits.max_string_bytes = SIZE_MAX;
  options.limits.max_container_size = SIZE_MAX;
  const std::string text = api::to_json(result);
  json::ParseResult r = json::parse(text, options);
  REQUIRE_MESSAGE(r.ok(), text.substr(0, 500));
  return r.value;
}

// The codes of a result's diagnostics.
std::vector<std::string> result_codes(const Value& result) {
  std::vector<std::string> out;
  if (const Value* list = result.find("diagnostics"))
    for (const Value& d : list->as_array()) out.push_back(d.find("code")->as_string());
  return out;
}

bool has_result_code(const Value& result, std::string_view code) {
  for (const std::string& c : result_codes(result))
    if (c == code) return true;
  return false;
}

}  // namespace

TEST_CASE("an invalid escape of a non-ASCII byte gives a message that is valid UTF-8") {
  // Found by fuzz_transform: the message quoted the raw byte after the backslash, so the
  // result was not valid JSON text (and not a valid JavaScript string).
  const Value result = api::transform("{}", std::string_view("{\"a\":\"\\\xFF\"}"), "");
  const Value back = reread(result);
  REQUIRE(has_result_code(back, "JSON-01"));
  const std::string message = back.find("diagnostics")->as_array()[0].find("message")->as_string();
  CHECK(message.find("Invalid escape '\\' followed by byte 0xFF") != std::string::npos);
  // A valid non-ASCII character after the backslash is quoted as it is.
  const json::ParseResult e = json::parse("\"\\\xC3\xA9\"");
  REQUIRE(!e.ok());
  CHECK(e.error->message == "Invalid escape '\\\xC3\xA9' in a string");
}

TEST_CASE("objects with many index keys in any order build in n log n") {
  // Found by a stress run: each index key was inserted in place, and the lookup table was
  // rebuilt after every insert, so 100,000 keys in descending order took minutes.
  const std::size_t n = 100000;
  std::string text = "{";
  for (std::size_t i = n; i-- > 0;) text += "\"" + std::to_string(i) + "\":" + std::to_string(i) + (i ? "," : "");
  text += "}";
  const json::ParseResult r = json::parse(text);
  REQUIRE(r.ok());
  const json::Object& o = r.value.as_object();
  REQUIRE(o.size() == n);
  CHECK(o.at(0).first == "0");
  CHECK(o.at(n - 1).first == std::to_string(n - 1));
  CHECK(o.find("54321")->as_number() == 54321);

  // Index keys interleaved with other keys still come first, ascending; a duplicate keeps the
  // first position and the last value, even when it arrives out of order.
  json::Object mixed;
  for (int i = 9; i >= 0; --i) {
    mixed.set("k" + std::to_string(i), Value::number(i));
    mixed.set(std::to_string(i * 7 % 10), Value::number(i));
  }
  mixed.set("3", Value::string("last"));
  std::string keys;
  for (const auto& [key, member] : mixed) keys += key + ",";
  CHECK(keys == "0,1,2,3,4,5,6,7,8,9,k9,k8,k7,k6,k5,k4,k3,k2,k1,k0,");
  CHECK(mixed.find("3")->as_string() == "last");
}

TEST_CASE("nested directives validate in linear time") {
  // Found by a stress run: mapping-kit validates a directive's options as plain values and
  // then field by field, so each level of nesting doubled the work: 20 nested @if took
  // seconds, 40 would take days. Valid subtrees are now checked once.
  const std::string deep_if =
      repeat(R"({"@if":{"exists":{"@path":"$.type"},"then":)", 120) + "1" + repeat("}}", 120);
  CHECK(mapping::validate_mapping(j(deep_if)) == std::nullopt);
  const mapping::TransformResult r = mapping::transform(j(deep_if), j(R"({"type":"track"})"));
  REQUIRE(r.ok());
  CHECK(r.output.as_number() == 1);

  // The messages and their order stay the reference's when something deep inside is invalid.
  const std::string bad =
      repeat(R"({"@if":{"exists":{"@path":"$.type"},"then":)", 60) + R"({"@path":5})" +
      repeat("}}", 60);
  const std::optional<mapping::Error> e = mapping::validate_mapping(j(bad));
  REQUIRE(e.has_value());
  REQUIRE(e->errors.size() == 1);
  CHECK(e->errors[0].rfind(repeat("@if/then/", 59) + "@if/then/@path should be", 1) == 1);

  // @transform's apply and mapping, and @merge's objects, nest the same way.
  const std::string deep_transform =
      repeat(R"({"@transform":{"apply":{"a":1},"mapping":)", 120) + R"({"b":2})" +
      repeat("}}", 120);
  CHECK(mapping::validate_mapping(j(deep_transform)) == std::nullopt);
}

TEST_CASE("@replace stops as soon as its result passes the string limit") {
  // `$'` copies the rest of the value for every match: a 1 MiB value would give a
  // 512 GiB result. The replacement stops at the 16 MiB limit instead.
  const std::string value(1 << 20, 'a');
  const Value payload = Value::object(json::Object{{"s", Value::string(value)}});
  mapping::TransformResult r = mapping::transform(
      j(R"({"@replace":{"pattern":"a","replacement":"$'","value":{"@path":"$.s"}}})"), payload);
  REQUIRE(r.error.has_value());
  CHECK(r.error->name == "LimitError");

  // A `$&` or `$'` in the replacement is fine when the result stays small (an earlier
  // estimate refused any `$` pattern on a value of a few thousand characters).
  const Value text = Value::object(json::Object{{"s", Value::string(std::string(5000, 'b') + "a")}});
  r = mapping::transform(
      j(R"({"@replace":{"pattern":"a","replacement":"<$&$'>","value":{"@path":"$.s"}}})"), text);
  REQUIRE(r.ok());
  CHECK(r.output.as_string() == std::string(5000, 'b') + "<a>");
}

TEST_CASE("FQL text that is not UTF-8 is read with U+FFFD, and results stay valid text") {
  // Found by fuzz_fql: FQL is the one input that is text rather than JSON, and lints quoted
  // slices of the raw bytes into their messages.
  const std::string fql = "type = \"rder Co\x95\x8F\x93\xE4ted\"\"";
  for (const Value& result : {api::parse_fql(fql), api::matches_fql(fql, R"({"type":"track"})")}) {
    const Value back = reread(result);
    CHECK(api::to_json(back).find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD
  }
  const Value ast = reread(api::parse_fql("properties.x = \"\xFF\""));
  CHECK(ast.find("ast")->find("children")->as_array()[0].find("value")->as_string() ==
        "\xEF\xBF\xBD");
}

// Builds a chain of @transform directives, each nesting the payload `a` it was given `k`
// levels deeper, within the mapping's own 256 levels.
std::string transform_chain(std::size_t links) {
  std::string mapping = R"({"@path":"$.a"})";
  for (std::size_t i = links; i-- > 0;) {
    const std::size_t k = 250 > 2 * i ? 250 - 2 * i : 0;
    mapping = R"({"@transform":{"apply":{"a":)" + repeat(R"({"a":)", k) + R"({"@path":"$.a"})" +
              repeat("}", k) + R"(},"mapping":)" + mapping + "}}";
  }
  return mapping;
}

TEST_CASE("a chain of @transform cannot build values deeper than the stack can follow") {
  // Found by analysis, then crashed fuzz_transform under ASan with a stack overflow: every
  // @transform can nest its payload inside `apply`, so 124 of them built an output 15,748
  // levels deep, and serializing (or freeing) it overflowed the stack natively and in wasm.
  const std::string chain = transform_chain(124);
  const Value result = api::transform(chain, std::string_view(R"({"a":1})"), "");
  REQUIRE(result.find("error") != nullptr);
  CHECK(result.find("error")->find("name")->as_string() == "LimitError");
  const Value& d = result.find("diagnostics")->as_array()[0];
  CHECK(d.find("code")->as_string() == "LIM-01");
  // The diagnostic points at the `apply` whose result passed the limit (the third link's:
  // 1 + 250 + 248 + 246 levels), with its range.
  CHECK(d.find("pointer")->as_string() == "/@transform/mapping/@transform/mapping/@transform/apply");
  CHECK(d.find("range") != nullptr);

  // Two links (payload 1 + 252 + 250 levels) stay within the 512-level payload limit.
  const Value two = api::transform(transform_chain(2), std::string_view(R"({"a":1})"), "");
  REQUIRE(two.find("output") != nullptr);
  CHECK(json::nesting_depth(*two.find("output")) == 250 + 248);
}

TEST_CASE("@json encode nested many times stops at the string limit instead of aborting") {
  // Found by the wasm stack test: each encode escapes the previous text, so the backslashes
  // double with every level; 127 levels asked for 2^127 bytes and the allocation aborted.
  std::string mapping = R"({"@path":"$.properties"})";
  for (int i = 0; i < 127; ++i) mapping = R"({"@json":{"mode":"encode","value":)" + mapping + "}}";
  const Value result = api::transform(mapping, std::string_view(R"({"properties":{"a":"\"x\""}})"), "");
  REQUIRE(result.find("error") != nullptr);
  CHECK(result.find("error")->find("name")->as_string() == "LimitError");
  CHECK(result_codes(result) == std::vector<std::string>{"LIM-01"});
}

TEST_CASE("values that repeat one large payload value are bounded by their JSON size") {
  // A 2 MB mapping can point 100,000 fields at one 1 MiB string: cheap to build (the string
  // is shared) but 100 GB to write out, copy or check. Resolution measures what it builds.
  std::string mapping = "{";
  for (int i = 0; i < 100000; ++i) mapping += "\"f" + std::to_string(i) + "\":{\"@path\":\"$.s\"},";
  mapping.back() = '}';
  const std::string payload = "{\"s\":\"" + std::string(1u << 20, 's') + "\"}";
  const Value result = api::transform(mapping, payload, "");
  REQUIRE(result.find("error") != nullptr);
  const Value& d = result.find("diagnostics")->as_array()[0];
  CHECK(d.find("code")->as_string() == "LIM-01");
  CHECK(d.find("pointer")->as_string() == "");  // the mapping object that grew too large
  CHECK(result.find("error")->find("message")->as_string().find("bytes of JSON") !=
        std::string::npos);

  // The same through @excludeWhenNull (which copies objects) and @arrayPath items: 32 copies
  // of a 1 MiB value fit in the 32 MiB an output may have, 33 do not.
  auto refs = [](int n) {
    std::string m = R"({"@excludeWhenNull":{)";
    for (int i = 0; i < n; ++i) m += "\"r" + std::to_string(i) + "\":{\"@path\":\"$.o\"},";
    m.back() = '}';
    return m + "}";
  };
  const std::string objects = "{\"o\":{\"s\":\"" + std::string((1u << 20) - 16, 'o') + "\"}}";
  CHECK(api::transform(refs(31), objects, "").find("output") != nullptr);
  CHECK(result_codes(api::transform(refs(33), objects, "")) == std::vector<std::string>{"LIM-01"});

  // A value weighs what JSON.stringify writes, at least.
  const Value v = j(R"({"a":[1,"xy",null,true,{}],"b":false})");
  CHECK(v.weight() <= api::to_json(v).size());
  CHECK(v.weight() + 2 >= api::to_json(v).size());  // numbers count one character each
}

TEST_CASE("a result too large to write is answered with LIM-01") {
  json::Array many;
  const Value big = Value::string(std::string(1u << 20, 'x'));
  for (int i = 0; i < 100; ++i) many.push_back(big);  // 100 MiB of JSON, 1 MiB of memory
  const Value result = Value::object(json::Object{{"output", Value::array(std::move(many))}});
  const Value answer = j(api::to_json(result));
  CHECK(answer.find("output") == nullptr);
  CHECK(answer.find("error")->find("name")->as_string() == "LimitError");
  CHECK(result_codes(answer) == std::vector<std::string>{"LIM-01"});
}

TEST_CASE("runBatch stops when its results would pass the result limit") {
  // Each line's output repeats a 1 MiB string 16 times (16 MiB); the results held in memory
  // stop at 32 MiB, with the line where checking stopped.
  std::string fields = "{";
  for (int i = 0; i < 16; ++i) fields += "\"f" + std::to_string(i) + "\":{\"@path\":\"$.s\"},";
  fields.back() = '}';
  const std::string line = "{\"s\":\"" + std::string((1u << 20) - 16, 's') + "\"}";
  std::string ndjson;
  for (int i = 0; i < 5; ++i) ndjson += line + "\n";
  const Value r = api::run_batch(ndjson, "{\"mapping\":" + fields + "}");
  CHECK(r.find("results")->as_string().size() <= (64u << 20));
  CHECK(result_codes(r) == std::vector<std::string>{"LIM-01"});
  CHECK(r.find("summary")->find("events")->as_number() < 5);
}

TEST_CASE("runBatch keeps results in proportion to the events it was given") {
  // 40 MB of events whose outputs are as large as they are: past 32 MiB, within twice the input.
  const std::string line = "{\"s\":\"" + std::string(2000, 's') + "\"}\n";
  std::string ndjson;
  for (int i = 0; i < 20000; ++i) ndjson += line;
  const std::string options = R"({"mapping":{"x":{"@path":"$.s"}}})";
  const Value r = api::run_batch(ndjson, options);
  CHECK(r.find("results")->as_string().size() > (32u << 20));
  CHECK(result_codes(r).empty());
  CHECK(r.find("summary")->find("events")->as_number() == 20000);
  // Its JSON answer holds every result too.
  const std::string text = api::run_batch_json(ndjson, options);
  CHECK(text.size() > ndjson.size());
  CHECK(text.find("LIM-01") == std::string::npos);
}
