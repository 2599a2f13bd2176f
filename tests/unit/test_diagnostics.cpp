// The diagnostics catalogue and how diagnostics reach users: codes and severities, pointers,
// source ranges (byte, line, column, UTF-16) on non-ASCII and CRLF text, input-level JSON
// warnings, and the validate_event / transform entry points.
#include <doctest/doctest.h>

#include <set>

#include "api.hpp"
#include "diagnostic_helpers.hpp"
#include "json/number.hpp"
#include "json/precision.hpp"
#include "text/position.hpp"

using namespace mapcheck;
using namespace test_helpers;

namespace {

// The diagnostics of an API result, as Diagnostic values (range dropped).
std::vector<Diagnostic> diagnostics_of(const Value& result) {
  std::vector<Diagnostic> out;
  const Value* list = result.find("diagnostics");
  REQUIRE(list);
  for (const Value& d : list->as_array()) {
    Diagnostic x;
    x.code = d.find("code")->as_string();
    x.pointer = d.find("pointer")->as_string();
    x.source = d.find("source")->as_string();
    x.message = d.find("message")->as_string();
    x.fix = d.find("fix")->as_string();
    const std::string& severity = d.find("severity")->as_string();
    x.severity = severity == "error"     ? Severity::error
                 : severity == "warning" ? Severity::warning
                                         : Severity::info;
    out.push_back(std::move(x));
  }
  return out;
}

// The API diagnostic with this code and pointer (as a Value, with its range).
const Value* api_find(const Value& result, std::string_view code, std::string_view pointer) {
  for (const Value& d : result.find("diagnostics")->as_array())
    if (d.find("code")->as_string() == code && d.find("pointer")->as_string() == pointer) return &d;
  return nullptr;
}

std::size_t pos(const Value& d, const char* end, const char* field) {
  return static_cast<std::size_t>(d.find("range")->find(end)->find(field)->as_number());
}

const char* kTrack = R"J({"type": "track", "event": "Audience Entered", "userId": "user-123",
  "messageId": "personas_1", "timestamp": "2024-02-22T22:10:13.640Z",
  "properties": {"audience_key": "vip", "vip": true},
  "context": {"traits": {"email": "jane@example.com"},
              "personas": {"computation_class": "audience", "computation_key": "vip"}}})J";

}  // namespace

TEST_CASE("the catalogue holds every ENGAGE.md §9 event and mapping rule with its severity") {
  struct Rule {
    const char* code;
    Severity severity;
  };
  const Severity E = Severity::error, W = Severity::warning, I = Severity::info;
  const Rule rules[] = {{"SPEC-01", E}, {"SPEC-02", E}, {"SPEC-03", E}, {"SPEC-04", E},
                        {"SPEC-05", E}, {"SPEC-06", E}, {"SPEC-07", E}, {"SPEC-08", E},
                        {"SPEC-09", W}, {"SPEC-10", W}, {"SPEC-11", W}, {"SPEC-12", W},
                        {"SPEC-13", I}, {"SPEC-14", W}, {"SPEC-15", W}, {"ENG-01", W},
                        {"ENG-02", E},  {"ENG-03", E},  {"ENG-04", W},  {"ENG-05", W},
                        {"ENG-06", W},  {"ENG-07", W},  {"ENG-08", W},  {"MAP-01", E},
                        {"MAP-02", E},  {"MAP-03", E},  {"MAP-04", W},  {"MAP-05", W},
                        {"SPEC-16", I}, {"JSON-07", W}, {"JSON-08", W}, {"OPT-01", W}};
  for (const Rule& r : rules) {
    CAPTURE(r.code);
    const CodeInfo* info = find_code(r.code);
    REQUIRE(info);
    CHECK(info->severity == r.severity);
  }
  for (int n = 4; n <= 14; ++n)
    CHECK(find_code("MK-" + std::string(n < 10 ? "0" : "") + std::to_string(n)));
}

TEST_CASE("every catalogue entry is complete and its code and anchor are unique") {
  std::set<std::string> seen_codes, seen_anchors;
  for (const CodeInfo& info : catalogue()) {
    CAPTURE(info.code);
    CHECK(seen_codes.insert(std::string(info.code)).second);
    CHECK(seen_anchors.insert(docs_anchor(info.code)).second);
    CHECK_FALSE(info.title.empty());
    CHECK_FALSE(info.message.empty());
    CHECK_FALSE(info.fix.empty());
    CHECK_FALSE(info.basis.empty());
    const std::size_t dash = info.code.find('-');
    REQUIRE(dash != std::string_view::npos);
    CHECK(info.code.size() == dash + 3);  // PREFIX-NN
  }
  const std::string md = catalogue_markdown();
  for (const CodeInfo& info : catalogue())
    CHECK(md.find("## " + std::string(info.code) + "\n") != std::string::npos);
}

TEST_CASE("make_diagnostic fills placeholders in message and fix") {
  Diagnostic d = make_diagnostic("MAP-05", "mapping", "/order/@path",
                                 {{"path", "properties.order.id"}, {"key", "order.id"}});
  CHECK(d.severity == Severity::warning);
  CHECK(d.message ==
        "The path properties.order.id needs the key \"order.id\", which contains a dot; mapping "
        "paths cannot reach keys with dots.");
  CHECK_FALSE(has_unfilled_placeholder(d.message));
  // Literal braces that are not placeholders survive.
  Diagnostic wrap = make_diagnostic("MK-04", "mapping", "/x/@if/else", {{"value", "false"}});
  CHECK(wrap.fix == "Wrap the value: \"else\": {\"@literal\": false}.");
  CHECK(make_diagnostic("NOPE-01", "event", "").message == "Unknown diagnostic code NOPE-01");
}

TEST_CASE("ranges: byte offset, line, column and UTF-16 column on non-ASCII text with CRLF") {
  const std::string text =
      "{\r\n  \"type\": \"identify\", \"userId\": \"u-1\", \"messageId\": \"m-1\",\r\n"
      "  \"traits\": {\"name\": \"Zoë 😀\", \"age\": \"42\"},\r\n"
      "  \"context\": {\"personas\": {\"computation_class\": \"audience\", \"computation_key\": "
      "\"vip\"}}\r\n}";
  const Value result = api::validate_event(text);
  const Value* age = api_find(result, "SPEC-11", "/traits/age");
  REQUIRE(age);
  CHECK(pos(*age, "start", "offset") == text.find("\"42\""));
  CHECK(pos(*age, "end", "offset") == text.find("\"42\"") + 4);
  CHECK(pos(*age, "start", "line") == 3);
  CHECK(pos(*age, "start", "column") == 38);       // code points: ë and 😀 count one each
  CHECK(pos(*age, "start", "utf16Column") == 39);  // 😀 is two UTF-16 units
  CHECK(pos(*age, "end", "column") == 42);
  // UTF-16 offset from the start: the (ASCII) earlier lines with their CRLFs, then 38 units.
  CHECK(pos(*age, "start", "utf16Offset") == text.find("  \"traits\"") + 38);
}

TEST_CASE("ranges: positions in a long minified line match a direct count") {
  // Minified events are one long line; positions must stay exact (and fast) far into it.
  std::string text = "{\"traits\": {";
  for (int i = 0; i < 400; ++i) text += "\"k" + std::to_string(i) + "\": \"Zoë 😀 ß\", ";
  text += "\"end\": 1}}\r\n{}";
  const text::LineIndex lines(text);
  for (std::size_t offset = 0; offset <= text.size(); offset += 37) {
    if (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) continue;
    std::size_t line = 1, column = 1, utf16_column = 1, utf16_offset = 0;
    for (std::size_t i = 0; i < offset; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if ((c & 0xC0) == 0x80) continue;
      const std::size_t units = c >= 0xF0 ? 2 : 1;
      utf16_offset += units;
      if (c == '\n') {
        ++line;
        column = utf16_column = 1;
      } else {
        ++column;
        utf16_column += units;
      }
    }
    const text::Position p = lines.at(offset);
    CAPTURE(offset);
    CHECK(p.line == line);
    CHECK(p.column == column);
    CHECK(p.utf16_column == utf16_column);
    CHECK(p.utf16_offset == utf16_offset);
  }
}

TEST_CASE("ranges: a missing member points at its nearest existing parent") {
  const std::string text =
      "{\r\n\"type\": \"track\", \"userId\": \"é\", \"event\": \"Audience Entered\",\r\n"
      "\"properties\": {\"audience_key\": \"vip\"},\r\n"
      "\"context\": {\"personas\": {\"computation_class\": \"audience\", \"computation_key\": "
      "\"vip\"}}}";
  const Value result = api::validate_event(text);
  const Value* flag = api_find(result, "ENG-03", "/properties/vip");
  REQUIRE(flag);
  CHECK(pos(*flag, "start", "offset") == text.find("{\"audience_key\""));
  CHECK(pos(*flag, "start", "line") == 3);
  CHECK(pos(*flag, "start", "column") == 15);
}

TEST_CASE("ranges: JSON syntax errors point at the bad character after non-ASCII and CRLF") {
  const std::string text = "{\r\n  \"traits\": {\"name\": \"Zoë 😀\",}\r\n}";
  const Value result = api::validate_event(text);
  REQUIRE(result.find("valid")->as_boolean() == false);
  const Value& d = result.find("diagnostics")->as_array().at(0);
  CHECK(d.find("code")->as_string() == "JSON-01");
  CHECK(d.find("source")->as_string() == "event");
  CHECK(pos(d, "start", "offset") == text.find(",}") + 1);
  CHECK(pos(d, "start", "line") == 2);
  CHECK(pos(d, "start", "column") == 30);
  CHECK(pos(d, "start", "utf16Column") == 31);
}

TEST_CASE("JSON-07: duplicate keys warn at the repeated key; the last value wins") {
  const std::string text =
      "{\"type\": \"track\", \"event\": \"Audience Entered\",\r\n \"event\": \"Audience Exited\"}";
  const Value result = api::validate_event(text);
  const Value* dup = api_find(result, "JSON-07", "/event");
  REQUIRE(dup);
  CHECK(dup->find("severity")->as_string() == "warning");
  CHECK(pos(*dup, "start", "offset") == text.rfind("\"event\""));
  CHECK(pos(*dup, "end", "offset") == text.rfind("\"event\"") + 7);
  CHECK(pos(*dup, "start", "line") == 2);
  CHECK(dup->find("message")->as_string().find("\"event\"") != std::string::npos);
}

TEST_CASE("JSON-08: numbers a JavaScript double cannot hold exactly") {
  auto exact = [](const char* token) {
    return json::number_literal_is_exact(token, json::parse_json_number(token));
  };
  CHECK_FALSE(exact("12345678901234567890"));
  CHECK_FALSE(exact("9007199254740993"));  // 2^53 + 1
  CHECK(exact("9007199254740992"));
  CHECK(exact("123456789012345"));
  CHECK(exact("0.1"));
  CHECK(exact("1.50"));
  CHECK(exact("1e2"));
  CHECK(exact("-0"));
  CHECK(exact("0.30000000000000004"));
  CHECK_FALSE(exact("3.14159265358979323846"));
  CHECK_FALSE(exact("1e400"));
  CHECK_FALSE(exact("1e-400"));
  CHECK(exact("12345678901234567000"));
  const std::string text =
      R"({"type": "identify", "userId": "u", "traits": {"loyalty_id": 123456789012345678901, "score": 0.1}})";
  const Value result = api::validate_event(text);
  const Value* d = api_find(result, "JSON-08", "/traits/loyalty_id");
  REQUIRE(d);
  CHECK(d->find("message")->as_string() ==
        "123456789012345678901 cannot be represented exactly as a JavaScript number; Segment reads "
        "it as 123456789012345680000.");
  CHECK(pos(*d, "start", "offset") == text.find("1234"));
  CHECK_FALSE(api_find(result, "JSON-08", "/traits/score"));
}

TEST_CASE("validate_event: the result shape and an unparsable event") {
  Value ok = api::validate_event(kTrack);
  CHECK(ok.find("valid")->as_boolean());
  CHECK(ok.find("eventType")->as_string() == "track");
  CHECK(ok.find("diagnostics")->as_array().empty());
  Value bad = api::validate_event("{\"type\": \"track\",");
  CHECK_FALSE(bad.find("valid")->as_boolean());
  CHECK(codes(diagnostics_of(bad)) == std::vector<std::string>{"JSON-01 "});
  Value no_ids = api::validate_event(
      R"({"type": "identify", "messageId": "m", "traits": {"vip": true}, "context": {"personas": {"computation_class": "audience", "computation_key": "vip"}}})");
  CHECK_FALSE(no_ids.find("valid")->as_boolean());
  CHECK(codes(diagnostics_of(no_ids)) == std::vector<std::string>{"SPEC-02 "});
}

TEST_CASE("validate_event: options set event names and the audience key; bad options are OPT-01") {
  const std::string renamed =
      std::string(kTrack).replace(std::string(kTrack).find("Audience Entered"), 16, "VIP Joined");
  CHECK(has(diagnostics_of(api::validate_event(renamed)), "ENG-05", "/event"));
  CHECK(diagnostics_of(api::validate_event(renamed, R"({"eventNames": {"entered": "VIP Joined"}})"))
            .empty());
  std::vector<Diagnostic> d = diagnostics_of(
      api::validate_event(kTrack, R"({"audienceKey": "gold", "colour": 1, "required": "email"})"));
  CHECK(has(d, "ENG-06", "/context/personas/computation_key"));
  CHECK(has(d, "OPT-01", "/colour"));
  CHECK(has(d, "OPT-01", "/required"));
  std::vector<Diagnostic> unparsable = diagnostics_of(api::validate_event(kTrack, "{oops"));
  REQUIRE(unparsable.size() == 1);
  CHECK(unparsable[0].code == "JSON-01");
  CHECK(unparsable[0].source == "options");
}

TEST_CASE("validate_event: a mapping in the options is linted for the event's type") {
  const Value result = api::validate_event(
      kTrack, R"({"required": ["email"], "mapping": {"email": {"@path": "$.traits.email"}}})");
  std::vector<Diagnostic> d = diagnostics_of(result);
  REQUIRE(has(d, "MAP-01", "/mapping/email/@path"));
  CHECK(find(d, "MAP-01", "/mapping/email/@path")->source == "options");
  CHECK(has(d, "MAP-03", "/mapping/email"));
  CHECK_FALSE(result.find("valid")->as_boolean());
  const Value* range = api_find(result, "MAP-01", "/mapping/email/@path")->find("range");
  REQUIRE(range);
  // A mapping given as its own text points into that text.
  const std::string mapping = "{\n  \"email\": {\"@path\": \"$.traits.email\"}\n}";
  const Value own = api::validate_event(kTrack, "", std::string_view(mapping));
  const Value* map01 = api_find(own, "MAP-01", "/email/@path");
  REQUIRE(map01);
  CHECK(map01->find("source")->as_string() == "mapping");
  CHECK(pos(*map01, "start", "line") == 2);
  CHECK(pos(*map01, "start", "offset") == mapping.find("\"$.traits.email\""));
  // Validation errors and run-time errors of the mapping come along.
  CHECK(has(diagnostics_of(api::validate_event(kTrack, R"({"mapping": {"x": {"@path": 5}}})")),
            "MK-01", "/mapping/x/@path"));
}

TEST_CASE("validate_event: more than 50 mappings is MAP-04, and each mapping is linted") {
  std::string mappings = "[";
  for (int i = 0; i < 51; ++i)
    mappings += std::string(i ? "," : "") + R"({"id": {"@path": "$.userId"}})";
  mappings += "]";
  std::vector<Diagnostic> d =
      diagnostics_of(api::validate_event(kTrack, "{\"mappings\": " + mappings + "}"));
  CHECK(has(d, "MAP-04", "/mappings"));
  d = diagnostics_of(api::validate_event(
      kTrack, R"({"mappings": [{"a": {"@path": "$.userId"}}, {"e": {"@path": "traits.email"}}]})"));
  CHECK(codes(d) == std::vector<std::string>{"MAP-01 /mappings/1/e/@path"});
}

TEST_CASE("transform: with a payload, the diagnostics include the lints for its event type") {
  const Value result =
      api::transform(R"({"email": {"@path": "$.traits.email"}, "id": {"@path": "$.userId"}})",
                     std::string_view(kTrack), R"({"required": ["email"]})");
  CHECK(result.find("output")->find("id")->as_string() == "user-123");
  std::vector<Diagnostic> d = diagnostics_of(result);
  CHECK(codes(d) == std::vector<std::string>{"MAP-01 /email/@path", "MAP-03 /email"});
  CHECK(find(d, "MAP-01", "/email/@path")->source == "mapping");
  // Without a payload there is no event type to judge against.
  CHECK(diagnostics_of(api::transform(R"({"email": {"@path": "$.traits.email"}})", std::nullopt))
            .empty());
  // A broken payload reports its parse error even when the mapping has warnings.
  const Value broken = api::transform(R"({"a": 1, "a": 2})", std::string_view("{"));
  CHECK(broken.find("error")->find("message")->as_string().find("event") == std::string::npos);
  CHECK(codes(diagnostics_of(broken)) == std::vector<std::string>{"JSON-07 /a", "JSON-01 "});
  CHECK(diagnostics_of(broken)[1].source == "payload");
}
