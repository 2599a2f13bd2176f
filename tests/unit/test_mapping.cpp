// mapping-kit directives, one behaviour users rely on (or trip over) per case.
#include <doctest/doctest.h>

#include <string>

#include "json/parse.hpp"
#include "json/write.hpp"
#include "mapping/transform.hpp"
#include "mapping/validate.hpp"

using namespace mapcheck;
using json::Value;

namespace {
Value j(std::string_view text) {
  json::ParseResult r = json::parse(text);
  REQUIRE_MESSAGE(r.ok(), std::string(text));
  return r.value;
}

const char* kTrack = R"({
  "type": "track", "event": "Audience Entered", "userId": "u-1",
  "properties": {"audience_key": "vip", "vip": true, "count": 0, "name": "",
                 "products": [{"sku": "a", "price": 5}, {"sku": "b", "price": 7}]},
  "context": {"traits": {"email": "Jane@Example.com"}, "personas": {"computation_key": "vip"}}
})";

// The mapped output as compact JSON, "undefined", or "<ErrorName>: message".
std::string run(std::string_view mapping, std::string_view payload = kTrack) {
  mapping::TransformResult r = mapping::transform(j(mapping), j(payload));
  if (r.error) return r.error->name + ": " + r.error->message;
  std::optional<std::string> s = json::stringify(r.output);
  return s ? *s : "undefined";
}
}  // namespace

TEST_CASE("@path reads the event; $. is removed once, anywhere") {
  CHECK(run(R"({"email": {"@path": "$.context.traits.email"}})") == R"({"email":"Jane@Example.com"})");
  CHECK(run(R"({"sku": {"@path": "$.properties.products[1].sku"}})") == R"({"sku":"b"})");
  CHECK(run(R"({"n": {"@path": "properties.products.length"}})") == R"({"n":2})");
  CHECK(run(R"({"x": {"@path": "$.traits.email"}})") == "{}");  // Track events have no traits
  CHECK(run(R"({"x": {"@path": "$.properties.count.anything"}})") == R"({"x":0})");
  CHECK(run(R"({"@path": 5})") == "ValidationError: /@path should be a string or a mapping directive but it is a number.");
}

TEST_CASE("@template renders triple braces first and String()s values") {
  CHECK(run(R"({"@template": "{{event}} for {{properties.audience_key}}"})") == R"("Audience Entered for vip")");
  CHECK(run(R"({"@template": "{{$.userId}}|{{ userId }}"})") == R"("|u-1")");
  CHECK(run(R"({"@template": "{{properties.products}}"})") == R"("[object Object],[object Object]")");
  CHECK(run(R"({"@template": "{{a}}"})", R"({"a": [null, 1, [2, [3]]]})") == R"(",1,2,3")");
  CHECK(run(R"({"@template": "{{{a}}}"})", R"({"a": "{{b}}", "b": "!"})") == R"("!")");
}

TEST_CASE("@if: exists, blank, and the ignored falsy else") {
  CHECK(run(R"({"e": {"@if": {"exists": {"@path": "$.context.traits.email"}, "then": "yes", "else": "no"}}})") == R"({"e":"yes"})");
  CHECK(run(R"({"e": {"@if": {"exists": {"@path": "$.traits.email"}, "then": "yes", "else": false}}})") == "{}");
  CHECK(run(R"({"e": {"@if": {"blank": {"@path": "$.properties.name"}, "then": "set", "else": "blank"}}})") == R"({"e":"blank"})");
  CHECK(run(R"({"e": {"@if": {"blank": {"@path": "$.properties.count"}, "then": "set", "else": "blank"}}})") == R"({"e":"blank"})");
  CHECK(run(R"({"@if": {"exists": false, "then": 1}})") == R"(Error: @if requires an "exists" key or a "blank" key)");
}

TEST_CASE("@case maps full Unicode and passes non-strings through") {
  CHECK(run(R"({"@case": {"operator": "lower", "value": {"@path": "$.context.traits.email"}}})") == R"("jane@example.com")");
  CHECK(run(R"({"@case": {"operator": "upper", "value": "straße"}})") == R"("STRASSE")");
  CHECK(run(R"({"@case": {"operator": "bogus", "value": {"@path": "$.properties.count"}}})") == "0");
  CHECK(run(R"({"@case": {"operator": "LOWER", "value": "x"}})") == R"(Error: operator key should have a value of "lower" or "upper")");
}

TEST_CASE("@replace is literal, case-insensitive on request, and $-expands") {
  CHECK(run(R"({"@replace": {"pattern": ".", "replacement": "_", "value": "a.b.c"}})") == R"("a_b_c")");
  CHECK(run(R"({"@replace": {"pattern": "aa", "replacement": "X", "value": "aaaaa"}})") == R"("XXa")");
  CHECK(run(R"({"@replace": {"pattern": "É", "replacement": "e", "ignorecase": true, "value": "café"}})") == R"("cafe")");
  CHECK(run(R"({"@replace": {"pattern": "b", "replacement": "[$&$`$'$$]", "global": false, "value": "abc"}})") == R"("a[bac$]c")");
  CHECK(run(R"({"@replace": {"pattern": "x", "value": {"@path": "$.missing"}}})") == R"("")");
  CHECK(run(R"({"@replace": {"pattern": "1", "replacement": "2", "value": {"@path": "$.properties.vip"}}})") == R"("true")");
}

TEST_CASE("@arrayPath maps items relative to each item") {
  CHECK(run(R"({"@arrayPath": ["$.properties.products", {"id": {"@path": "$.sku"}}]})") == R"([{"id":"a"},{"id":"b"}])");
  CHECK(run(R"({"@arrayPath": ["$.properties.products", {"@path": "$.price"}]})") == "[5,7]");
  CHECK(run(R"({"@arrayPath": ["$.context.traits", {"e": {"@path": "$.email"}}]})") == R"([{"e":"Jane@Example.com"}])");
  CHECK(run(R"({"@arrayPath": ["$.context.traits"]})") == R"({"email":"Jane@Example.com"})");
}

TEST_CASE("@merge: direction, later members win, undefined erases a default") {
  CHECK(run(R"({"@merge": {"direction": "right", "objects": [{"a": 1, "b": 1}, {"b": 2}]}})") == R"({"a":1,"b":2})");
  CHECK(run(R"({"@merge": {"direction": "left", "objects": [{"a": 1, "b": 1}, {"b": 2}]}})") == R"({"b":1,"a":1})");
  CHECK(run(R"({"@merge": {"direction": "right", "objects": [{"a": "default"}, {"a": {"@path": "$.missing"}}]}})") == "{}");
  CHECK(run(R"({"@merge": {"direction": "right", "objects": [{"@path": "$.s"}]}})", R"({"s": "ab"})") == R"({"0":"a","1":"b"})");
  CHECK(run(R"({"@merge": {"objects": []}})") == R"(Error: @merge requires a "direction" key)");
}

TEST_CASE("@transform resolves its mapping against the applied payload only") {
  CHECK(run(R"({"@transform": {"apply": {"e": {"@path": "$.context.traits.email"}}, "mapping": {"x": {"@path": "$.e"}, "y": {"@path": "$.userId"}}}})") ==
        R"({"x":"Jane@Example.com"})");
}

TEST_CASE("@flatten joins keys, drops empty containers, reorders index keys") {
  CHECK(run(R"({"@flatten": {"separator": ".", "value": {"a": {"b": 1, "c": []}, "d": [1, 2]}}})") == R"({"a.b":1,"d.0":1,"d.1":2})");
  CHECK(run(R"({"@flatten": {"separator": "_", "value": {"a": {"1": "x"}, "1": "y"}}})") == R"({"1":"y","a_1":"x"})");
  CHECK(run(R"({"@flatten": {"separator": "", "value": {}}})") == R"(Error: @flatten requires a "separator" key)");
}

TEST_CASE("@json encodes with JavaScript's rules and decodes leniently") {
  CHECK(run(R"({"@json": {"mode": "encode", "value": {"b": 1, "2": [null, "é\n"]}}})") == R"("{\"2\":[null,\"é\\n\"],\"b\":1}")");
  CHECK(run(R"({"@json": {"mode": "decode", "value": "{\"a\": [1, 2]}"}})") == R"({"a":[1,2]})");
  CHECK(run(R"({"@json": {"mode": "decode", "value": "not json"}})") == R"("not json")");
  CHECK(run(R"({"x": {"@json": {"mode": "ENCODE", "value": 1}}})") == "{}");
  CHECK(run(R"({"@json": {"mode": "encode", "value": 0}})") == R"(Error: @json requires a "value" key)");
}

TEST_CASE("@excludeWhenNull removes nulls from objects but not from arrays") {
  CHECK(run(R"({"x": {"@excludeWhenNull": {"@path": "$.n"}}, "y": 1})", R"({"n": null})") == R"({"y":1})");
  CHECK(run(R"({"@excludeWhenNull": {"a": null, "b": {"c": null}, "d": [null]}})") == R"({"b":{},"d":[null]})");
}

TEST_CASE("@literal still resolves directives inside it") {
  CHECK(run(R"({"@literal": {"email": {"@path": "$.context.traits.email"}}})") == R"({"email":"Jane@Example.com"})");
  CHECK(run(R"({"@literal": [1, {"@oops": 1}]})") == "Error: @oops is not a valid directive, got undefined");
}

TEST_CASE("@liquid renders its template against the payload") {
  CHECK(run(R"({"x": {"@liquid": "{{ userId }} {{ properties.audience_key | upcase }}"}})") == R"({"x":"u-1 VIP"})");
  CHECK(run(R"({"@liquid": ""})") == R"("")");
}

TEST_CASE("root handling: spread strings, null mapping, root directive") {
  CHECK(run(R"("ab")") == R"({"0":"a","1":"b"})");
  CHECK(run("null") == "TypeError: Cannot convert undefined or null to object");
  CHECK(run(R"({"__segment_internal_directive": {"@transform": {"apply": {"u": {"@path": "$.userId"}}}}, "id": {"@path": "$.u"}})") == R"({"id":"u-1"})");
  CHECK(run(R"({"__segment_internal_directive": {}})") == "Error: The root directive must be an object");
  CHECK(run("{}", "[]") == "Error: data must be an object, got array");
}

TEST_CASE("validation collects errors in key order as an AggregateError") {
  std::optional<mapping::Error> e = mapping::validate_mapping(
      j(R"({"10": {"@literal": 1, "@path": "x"}, "z": {"@nope": 1}, "a": {"@path": 5}})"));
  REQUIRE(e.has_value());
  CHECK(e->name == "AggregateError");
  REQUIRE(e->errors.size() == 3);
  CHECK(e->errors[0] == "/10 should only have one @-prefixed key but it has 2 keys.");
  CHECK(e->errors[1] == "/z has an invalid directive: @nope.");
  CHECK(e->pointers[2] == "/a/@path");
}

TEST_CASE("provenance records the paths each output field read") {
  std::vector<mapping::Provenance> provenance;
  mapping::TransformOptions options;
  options.provenance = &provenance;
  mapping::TransformResult r = mapping::transform(
      j(R"({"email": {"@path": "$.traits.email"}, "hi": {"@template": "{{properties.audience_key}}"}})"),
      j(kTrack), options);
  REQUIRE(r.ok());
  REQUIRE(provenance.size() == 2);
  CHECK(provenance[0].pointer == "/email");
  CHECK(provenance[0].directive == "@path");
  CHECK(provenance[0].reads == std::vector<std::string>{"traits.email"});
  CHECK(provenance[0].resolved_empty);
  CHECK(provenance[1].reads == std::vector<std::string>{"properties.audience_key"});
  CHECK(!provenance[1].resolved_empty);
}

TEST_CASE("hostile mappings hit a limit instead of exhausting memory") {
  // A template that copies a large value many times stops at the output limit.
  std::string big(1 << 20, 'x');
  std::string tpl;
  for (int i = 0; i < 40; ++i) tpl += "{{a}}";
  mapping::TransformResult r = mapping::transform(
      j("{\"@template\": \"" + tpl + "\"}"), j("{\"a\": \"" + big + "\"}"));
  REQUIRE(r.error.has_value());
  CHECK(r.error->name == "LimitError");
}
