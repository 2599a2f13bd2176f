// Disagreements with Segment's mapping-kit that the differential tester found, one test per bug
// fixed (tests/differential/mapping.mjs; the minimized cases are also in
// tests/conformance/mapping-regressions.json).
#include <doctest/doctest.h>

#include <string>

#include "json/parse.hpp"
#include "json/write.hpp"
#include "mapping/transform.hpp"

using namespace mapcheck;
using json::Value;

namespace {
Value j(std::string_view text) {
  json::ParseOptions options;
  options.allow_surrogates = true;
  json::ParseResult r = json::parse(text, options);
  REQUIRE_MESSAGE(r.ok(), std::string(text));
  return r.value;
}

// The mapped output as compact JSON, "undefined", or "<ErrorName>: message".
std::string run(std::string_view mapping, std::string_view payload = "{}") {
  mapping::TransformResult r = mapping::transform(j(mapping), j(payload));
  if (r.error) return r.error->name + ": " + r.error->message;
  std::optional<std::string> s = json::stringify(r.output);
  return s ? *s : "undefined";
}
}  // namespace

TEST_CASE("a template that puts two surrogate halves side by side produces one character") {
  // JavaScript strings are UTF-16: "\ud83d" followed by "\ude00" is "😀", not two lone halves.
  CHECK(run(R"({"@template": "\ud83d{{missing}}\ude00"})") == R"("😀")");
  CHECK(run(R"({"@template": "{{hi}}\ude00"})", R"({"hi": "\ud83d"})") == R"("😀")");
  CHECK(run(R"({"@template": "{{{hi}}}{{lo}}"})", R"({"hi": "\ud83d", "lo": "\ude00"})") ==
        R"("😀")");
}

TEST_CASE("removing $. or quotes from a path can join surrogate halves into a key") {
  CHECK(run(R"({"@path": "\ud83d$.\ude00"})", R"({"😀": 1})") == "1");
  CHECK(run(R"({"@path": "[\"\ud83d'\ude00\"]"})", R"({"😀": 2})") == "2");
}

TEST_CASE("@flatten keys built from surrogate halves form one character") {
  CHECK(run(R"({"@flatten": {"separator": "\ude00", "value": {"@path": "o"}}})",
            R"({"o": {"\ud83d": {"x": 1}}})") == R"({"😀x":1})");
}

TEST_CASE("@json decode joins a raw high surrogate with an escaped low one") {
  // The text holds a lone high surrogate followed by the escape \ude00.
  CHECK(run(R"({"@json": {"mode": "decode", "value": {"@path": "s"}}})",
            R"({"s": "\"\ud83d\\ude00\""})") == R"("😀")");
}

TEST_CASE("an object with its own toString member cannot be turned into text") {
  // String(obj) finds a non-callable toString and Object.prototype.valueOf's object result.
  CHECK(run(R"({"@template": "{{a}}"})", R"({"a": {"toString": 1}})") ==
        "TypeError: Cannot convert object to primitive value");
  CHECK(run(R"({"@template": "{{ }}"})", R"({"toString": "x"})") ==
        "TypeError: Cannot convert object to primitive value");
  CHECK(run(R"({"@template": "{{a}}"})", R"({"a": [1, [{"toString": null}]]})") ==
        "TypeError: Cannot convert object to primitive value");
  // An own valueOf is harmless: toString still comes from Object.prototype.
  CHECK(run(R"({"@template": "{{a}}"})", R"({"a": {"valueOf": 1}})") == R"("[object Object]")");
  // @if blank compares with == "", which converts the same way.
  CHECK(run(R"({"x": {"@if": {"blank": {"@path": "a"}, "then": 1}}})",
            R"({"a": {"toString": 1}})") == "TypeError: Cannot convert object to primitive value");
  CHECK(run(R"({"x": {"@if": {"blank": {"@path": "a"}, "then": 1}}})",
            R"({"a": {"valueOf": 1}})") == R"({"x":1})");
}

TEST_CASE("paths reach the members every JavaScript value inherits") {
  CHECK(run(R"({"@path": "traits.constructor.name"})", R"({"traits": {}})") == R"("Object")");
  CHECK(run(R"({"@path": "tags.constructor.name"})", R"({"tags": []})") == R"("Array")");
  CHECK(run(R"({"@path": "s.constructor.name"})", R"({"s": "x"})") == R"("String")");
  CHECK(run(R"({"@path": "toString.name"})") == R"("toString")");
  CHECK(run(R"({"@path": "hasOwnProperty.length"})") == "1");
  CHECK(run(R"({"@path": "constructor.MAX_SAFE_INTEGER"})", R"({"n": 5})") == "undefined");
  CHECK(run(R"({"@path": "n.constructor.MAX_SAFE_INTEGER"})", R"({"n": 5})") == "9007199254740991");
  // An own member wins over the inherited one.
  CHECK(run(R"({"@path": "constructor"})", R"({"constructor": 3})") == "3");
  // __proto__ is the prototype: Array.prototype is an empty array, Object.prototype's is null.
  CHECK(run(R"({"@path": "tags.__proto__"})", R"({"tags": [1]})") == "[]");
  CHECK(run(R"({"@path": "__proto__.__proto__"})") == "null");
  CHECK(run(R"({"@path": "s.__proto__.length"})", R"({"s": "abc"})") == "0");
  // Functions have no JSON form: a member holding one is left out.
  CHECK(run(R"({"f": {"@path": "toString"}})") == "{}");
}

TEST_CASE("a template prints a built-in function as its source text") {
  CHECK(run(R"({"@template": "{{constructor}}"})") == R"("function Object() { [native code] }")");
  CHECK(run(R"({"@template": "{{s.trimLeft}}"})", R"({"s": "x"})") ==
        R"("function trimStart() { [native code] }")");
}

TEST_CASE("reading caller or arguments of a built-in function throws a TypeError") {
  const std::string message =
      "TypeError: 'caller', 'callee', and 'arguments' properties may not be accessed on strict "
      "mode functions or the arguments objects for calls to them";
  CHECK(run(R"({"@path": "constructor.caller"})") == message);
  CHECK(run(R"({"@template": "{{toString.arguments}}"})") == message);
}

TEST_CASE("a built-in function a path reaches is a value, shown as JSON shows a function") {
  // Left out of objects, null in arrays, truthy for @if, "function" in type errors.
  CHECK(run(R"({"l": [{"@path": "constructor"}], "o": {"@path": "toString"}})") ==
        R"({"l":[null]})");
  CHECK(run(R"({"x": {"@if": {"exists": {"@path": "constructor"}, "then": 1, "else": 2}}})") ==
        R"({"x":1})");
  CHECK(run(R"({"x": {"@if": {"blank": {"@path": "toString"}, "then": 1, "else": 2}}})") ==
        R"({"x":1})");
  CHECK(run(R"({"x": {"@path": {"@path": "constructor"}}})") ==
        "Error: @path: expected string, got function");
  CHECK(
      run(R"({"x": {"@json": {"mode": "encode", "value": [{"@path": "toString"}, {"a": {"@path": "toString"}}]}}})") ==
      R"({"x":"[null,{}]"})");
  // @transform can apply one and look up its own members.
  CHECK(run(R"({"@transform": {"apply": {"@path": "constructor"},
                               "mapping": {"n": {"@path": "name"}, "t": {"@template": "{{ }}/{{length}}"}}}})") ==
        R"({"n":"Object","t":"function Object() { [native code] }/1"})");
  // @flatten keeps it as a leaf (then left out); @merge finds no members in it.
  CHECK(run(R"({"f": {"@flatten": {"separator": ".", "value": {"@path": "toString"}}},
                "m": {"@merge": {"direction": "right", "objects": [{"a": 1}, {"@path": "toString"}]}}})") ==
        R"({"f":{},"m":{"a":1}})");
}

TEST_CASE("String.prototype and friends act as wrapper objects, not as their primitives") {
  const char* payload = R"({"a": "u", "n": 5, "b": true})";
  // typeof is "object", so a nested @path rejects it with realTypeOf's "string".
  CHECK(run(R"({"x": {"@path": {"@path": "a.__proto__"}}})", payload) ==
        "Error: @path: expected string, got string");
  // @replace only converts real numbers and booleans: a wrapper gives "".
  CHECK(run(R"({"x": {"@replace": {"pattern": "a", "value": {"@path": "n.__proto__"}}}})",
            payload) == R"({"x":""})");
  // == "" and String() see the primitive; JSON shows it; the wrapper itself is truthy.
  CHECK(run(R"({"y": {"@if": {"blank": {"@path": "a.__proto__"}, "then": 1, "else": 2}},
                "t": {"@template": "{{a.__proto__}}|{{n.__proto__}}|{{b.__proto__}}"},
                "z": [{"@path": "a.__proto__"}, {"@path": "n.__proto__"}, {"@path": "b.__proto__"}],
                "l": {"@path": "a.__proto__.length"}})",
            payload) == R"({"y":2,"t":"|0|false","z":["",0,false],"l":0})");
}

TEST_CASE("a nested @transform rejects a built-in function as its payload") {
  CHECK(run(R"({"@transform": {"apply": {"@path": "s.toString"},
                               "mapping": {"@transform": {"apply": {}, "mapping": {}}}}})",
            R"({"s": "j"})") == "Error: data must be an object, got function");
  CHECK(run(R"({"@transform": {"apply": {"@path": "s.__proto__"},
                               "mapping": {"@transform": {"apply": {}, "mapping": {}}}}})",
            R"({"s": "j"})") == "Error: data must be an object, got string");
}
