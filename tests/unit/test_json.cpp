// The JSON layer: JSON.parse semantics, JavaScript key order and number formatting, limits and
// source positions.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "json/number.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"
#include "text/position.hpp"

using namespace mapcheck;
using json::Value;

namespace {
Value parse_ok(std::string_view text) {
  json::ParseResult r = json::parse(text);
  REQUIRE_MESSAGE(r.ok(), (r.error ? r.error->message : std::string()));
  return r.value;
}
std::string compact(const Value& v) { return *json::stringify(v); }
}  // namespace

TEST_CASE("objects keep JavaScript property order: index keys first, ascending") {
  CHECK(compact(parse_ok(R"({"b":1,"10":2,"a":3,"2":4,"01":5,"-1":6,"4294967295":7,"4294967294":8})")) ==
        R"({"2":4,"10":2,"4294967294":8,"b":1,"a":3,"01":5,"-1":6,"4294967295":7})");
}

TEST_CASE("duplicate keys: the last value wins at the first key's position") {
  std::vector<json::DuplicateKey> dups;
  json::ParseOptions options;
  options.duplicates = &dups;
  json::ParseResult r = json::parse(R"({"a":1,"b":2,"a":3})", options);
  REQUIRE(r.ok());
  CHECK(compact(r.value) == R"({"a":3,"b":2})");
  REQUIRE(dups.size() == 1);
  CHECK(dups[0].pointer == "/a");
  CHECK(dups[0].offset == 13);
}

TEST_CASE("numbers print as Number.prototype.toString") {
  CHECK(json::format_number(100) == "100");
  CHECK(json::format_number(-0.0) == "0");
  CHECK(json::format_number(99.5) == "99.5");
  CHECK(json::format_number(0.000001) == "0.000001");
  CHECK(json::format_number(1e-7) == "1e-7");
  CHECK(json::format_number(1e21) == "1e+21");
  CHECK(json::format_number(123456789012345680000.0) == "123456789012345680000");
  CHECK(json::format_number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(json::format_number(5e-324) == "5e-324");
  CHECK(json::format_number(1.7976931348623157e308) == "1.7976931348623157e+308");
  CHECK(json::format_number(NAN) == "NaN");
  CHECK(json::format_number(-INFINITY) == "-Infinity");
  CHECK(compact(parse_ok("12345678901234567890")) == "12345678901234567000");
  CHECK(std::isinf(parse_ok("1e400").as_number()));
}

TEST_CASE("Number(string) follows JavaScript's StringToNumber") {
  CHECK(json::string_to_number(" 007 ") == 7);
  CHECK(json::string_to_number("") == 0);
  CHECK(json::string_to_number("0x1f") == 31);
  CHECK(std::isnan(json::string_to_number("-")));
  CHECK(std::isnan(json::string_to_number("1e")));
  CHECK(std::isnan(json::string_to_number("inf")));
  CHECK(json::string_to_number("-Infinity") == -INFINITY);
  CHECK(json::string_to_number(".5") == 0.5);
}

TEST_CASE("strings: escapes, lone surrogates and JSON.stringify's escaping") {
  Value v = parse_ok(R"(["\ud83d\ude00", "x\ud800y", "\u0001\n\"\\/"])");
  CHECK(compact(v) == "[\"\xF0\x9F\x98\x80\",\"x\\ud800y\",\"\\u0001\\n\\\"\\\\/\"]");
}

TEST_CASE("JSON.parse rejects what it rejects, with a byte offset") {
  const char* bad[] = {"{'a':1}", "[1,]", "01", "{\"a\":1,}", "NaN", "\"a\nb\"", "[1 2]", "tru",
                       "\xEF\xBB\xBF{}", "1.", "-", "{\"a\" 1}", ""};
  for (const char* text : bad) {
    json::ParseResult r = json::parse(text);
    CHECK_MESSAGE(!r.ok(), text);
  }
  json::ParseResult r = json::parse("{\"a\": [1, 2,, 3]}");
  REQUIRE(!r.ok());
  CHECK(r.error->offset == 12);
  CHECK(r.error->kind == json::ParseErrorKind::syntax);
}

TEST_CASE("invalid UTF-8 is an error with its offset") {
  json::ParseResult r = json::parse("{\"name\": \"caf\xC3\"}");
  REQUIRE(!r.ok());
  CHECK(r.error->kind == json::ParseErrorKind::invalid_utf8);
  CHECK(r.error->offset == 13);
  json::ParseResult surrogate = json::parse("\"\xED\xA0\x80\"");
  CHECK(!surrogate.ok());
  json::ParseOptions wtf8;
  wtf8.allow_surrogates = true;
  CHECK(json::parse("\"\xED\xA0\x80\"", wtf8).ok());
}

TEST_CASE("nesting limit: at the limit parses, one past fails fast") {
  json::ParseOptions options;
  options.limits.max_depth = 256;
  const std::string ok = std::string(256, '[') + std::string(256, ']');
  CHECK(json::parse(ok, options).ok());
  const std::string deep = std::string(257, '[') + std::string(257, ']');
  json::ParseResult r = json::parse(deep, options);
  REQUIRE(!r.ok());
  CHECK(r.error->kind == json::ParseErrorKind::too_deep);
  CHECK(r.error->offset == 256);
  const std::string million(1000000, '[');
  json::ParseResult hostile = json::parse(million, options);
  CHECK(hostile.error->kind == json::ParseErrorKind::too_deep);
}

TEST_CASE("size, string and container limits") {
  json::ParseOptions options;
  options.limits.max_bytes = 10;
  CHECK(json::parse("[1,2,3,4,5]", options).error->kind == json::ParseErrorKind::too_large);
  CHECK(json::parse("[1,2,3,4]", options).ok());
  options.limits = {};
  options.limits.max_string_bytes = 4;
  CHECK(json::parse(R"("abcd")", options).ok());
  CHECK(json::parse(R"("abcde")", options).error->kind == json::ParseErrorKind::string_too_long);
  options.limits = {};
  options.limits.max_container_size = 3;
  CHECK(json::parse("[1,2,3]", options).ok());
  CHECK(json::parse("[1,2,3,4]", options).error->kind == json::ParseErrorKind::container_too_large);
  CHECK(json::parse(R"({"a":1,"b":2,"c":3,"d":4})", options).error->kind ==
        json::ParseErrorKind::container_too_large);
}

TEST_CASE("source map: spans of values and keys by JSON pointer") {
  json::SourceMap map;
  json::ParseOptions options;
  options.source_map = &map;
  const std::string text = R"({"a/b": {"c": [10, "x"]}})";
  REQUIRE(json::parse(text, options).ok());
  const json::Span* s = map.find("/a~1b/c/1");
  REQUIRE(s != nullptr);
  CHECK(text.substr(s->begin, s->end - s->begin) == "\"x\"");
  const json::Span* c = map.find("/a~1b/c");
  REQUIRE(c != nullptr);
  CHECK(text.substr(c->key_begin, c->key_end - c->key_begin) == "\"c\"");
  CHECK(map.find_nearest("/a~1b/c/1/missing") == s);
}

TEST_CASE("source map: escaped keys, duplicates and large containers") {
  json::SourceMap map;
  json::ParseOptions options;
  options.source_map = &map;
  std::string text = R"({"a\u002Fb": 1, "d": 2, "d": 3, "t~": [)";
  for (int i = 0; i < 40; ++i) text += std::to_string(i) + ",";
  text += R"({"k": 5}], "big": {)";
  for (int i = 0; i < 40; ++i) text += "\"m" + std::to_string(i) + "\": " + std::to_string(i) + ",";
  text += R"("\n": true}})";
  REQUIRE(json::parse(text, options).ok());
  auto at = [&](std::string_view pointer) {
    const json::Span* s = map.find(pointer);
    return s ? text.substr(s->begin, s->end - s->begin) : std::string("(none)");
  };
  CHECK(at("/a~1b") == "1");      // the key "a/b" was written with an escape
  CHECK(at("/d") == "2");         // the first of duplicate keys, where JSON.parse puts the value
  CHECK(at("/t~0/7") == "7");     // large arrays are indexed by position
  CHECK(at("/t~0/40/k") == "5");
  CHECK(at("/t~0/41") == "(none)");
  CHECK(at("/t~0/07") == "(none)");
  CHECK(at("/big/m39") == "39");  // large objects are indexed by key
  CHECK(at("/big/\n") == "true");
  CHECK(at("/big/missing") == "(none)");
  CHECK(at("") == text);
  for (std::size_t i = 0; i < map.size(); ++i) CHECK(map.find(map.pointer_of(i)) != nullptr);
  CHECK(map.pointer_of(map.size() - 1) == "/big/\n");
}

TEST_CASE("positions: lines, code point columns and UTF-16 columns with CRLF and non-ASCII") {
  const std::string text = "{\r\n  \"é\": \"😀x\",\r\n  \"b\": 1\r}";
  text::LineIndex lines(text);
  const std::size_t x = text.find('x');
  text::Position p = lines.at(x);
  CHECK(p.line == 2);
  CHECK(p.column == 10);        // {,",é,",:,space,",😀 are 8 code points after two spaces
  CHECK(p.utf16_column == 11);  // the emoji counts two UTF-16 units
  const std::size_t b = text.find("\"b\"");
  p = lines.at(b);
  CHECK(p.line == 3);
  CHECK(p.column == 3);
  p = lines.at(text.size() - 1);
  CHECK(p.line == 4);  // a lone CR ends line 3
  CHECK(p.column == 1);
  CHECK(p.utf16_offset == 27);
}
