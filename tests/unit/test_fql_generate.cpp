// Condition builder → FQL: generate_fql equals the reference's generateFql, and every
// condition shape the Segment UI can build reads back the same through parseFql.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "fql/generate.hpp"
#include "fql/lint.hpp"
#include "fql/parser.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"

using namespace mapcheck;
using json::Object;
using json::Value;

namespace {
Value j(std::string_view text) {
  json::ParseResult r = json::parse(text);
  REQUIRE_MESSAGE(r.ok(), std::string(text));
  return r.value;
}

std::string read_file(const std::string& path) {
  std::string data;
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
    std::fclose(f);
  }
  return data;
}

Value condition(const char* type, const char* name, const char* op, Value value) {
  Object o{{"type", Value::string(type)}};
  if (name) o.set("name", Value::string(name));
  o.set("operator", Value::string(op));
  if (!value.is_undefined()) o.set("value", value);
  return Value::object(std::move(o));
}

Value group(const char* op, json::Array children) {
  return Value::object(Object{{"type", Value::string("group")},
                              {"operator", Value::string(op)},
                              {"children", Value::array(std::move(children))}});
}
}  // namespace

TEST_CASE("generate_fql equals generateFql on the differential cases") {
  const std::string text = read_file(std::string(MAPCHECK_TEST_DATA_DIR) + "/differential/fql-generate-cases.json");
  const Value cases = j(text);
  REQUIRE(cases.is_array());
  REQUIRE(cases.as_array().size() >= 100);
  for (const Value& c : cases.as_array()) {
    const fql::GenerateResult g = fql::generate(*c.find("ast"));
    const Value& expect = *c.find("expect");
    INFO(c.find("id")->as_string());
    if (const Value* fql = expect.find("fql")) {
      REQUIRE_FALSE(g.error);
      CHECK(g.fql == fql->as_string());
    } else {
      REQUIRE(g.error);
      CHECK(g.error->message == expect.find("error")->as_string());
      CHECK(g.error->name == expect.find("error_name")->as_string());
    }
  }
}

TEST_CASE("the reference's generation quirks") {
  // A lone parenthesised group loses its parentheses only when there are exactly two.
  CHECK(fql::generate(group("and", {group("or", {condition("event", nullptr, "=", Value::string("A")),
                                                  condition("event", nullptr, "=", Value::string("B"))})}))
            .fql == R"(event = "A" or event = "B")");
  CHECK(fql::generate(group("and", {group("or", {condition("event", nullptr, "contains", Value::string("A"))})}))
            .fql == R"((contains(event, "A")))");
  // Names are escaped per UTF-16 unit; values are not escaped at all.
  CHECK(fql::generate(group("and", {condition("event-property", "first name", "=", Value::string("a\"b"))}))
            .fql == R"(properties.first\ name = "a"b")");
  CHECK(fql::escape_field_name("caf\xC3\xA9.x-y_z") == "caf\\\xC3\xA9.x-y_z");
  // Ordering operators coerce with Number(); an unknown type throws.
  CHECK(fql::generate(group("and", {condition("event-trait", "ltv", ">", Value::string("12.50"))})).fql ==
        "traits.ltv > 12.5");
  const fql::GenerateResult bad = fql::generate(group("and", {condition("bogus", nullptr, "=", Value::string("x"))}));
  REQUIRE(bad.error);
  CHECK(bad.error->message == "Unknown condition type");
}

TEST_CASE("every condition the Segment UI builds reads back the same") {
  struct Field {
    const char* type;
    const char* name;
  };
  const Field fields[] = {{"event-type", nullptr}, {"event", nullptr},
                          {"event-property", "browse_abandoners"}, {"event-property", "first name"},
                          {"event-property", "address.city"}, {"event-trait", "vip_users"},
                          {"event-context", "traits.email"}, {"event-context", "personas.computation_key"},
                          {"userId", nullptr}, {"name", nullptr}};
  const char* text_ops[] = {"=", "!=", "contains", "not_contains", "starts_with", "not_starts_with",
                            "ends_with", "not_ends_with"};
  const char* number_ops[] = {"<", "<=", ">", ">=", "number_equals", "number_not_equals"};
  const char* unary_ops[] = {"exists", "not_exists", "is_true", "is_false"};
  const char* texts[] = {"Audience Entered", "", "caf\xC3\xA9 \xE2\x98\x95", "x y", "Order (v2)", "it's"};
  const double numbers[] = {0, 5, -3, 12.5, 1e20, 0.001};

  std::vector<Value> conditions;
  for (const Field& f : fields) {
    const bool is_event_field = std::string(f.type) == "event-type";
    for (const char* op : text_ops) {
      if (is_event_field && std::string(op) != "=" && std::string(op) != "!=") continue;  // UI: is / is not
      for (const char* t : texts) {
        // An empty starts/ends with pattern generates match(x, "*"), which always reads back as
        // starts with "" (FQL-11 flags it; see below).
        if (!*t && std::string(op).find("_with") != std::string::npos) continue;
        conditions.push_back(condition(f.type, f.name, op, Value::string(t)));
      }
    }
    if (f.name == nullptr) continue;  // numbers and booleans: property, trait and context fields
    for (const char* op : number_ops)
      for (double n : numbers) conditions.push_back(condition(f.type, f.name, op, Value::number(n)));
    for (const char* op : unary_ops) conditions.push_back(condition(f.type, f.name, op, Value()));
  }
  for (const char* op : {"exists", "not_exists"}) {
    conditions.push_back(condition("userId", nullptr, op, Value()));
    conditions.push_back(condition("name", nullptr, op, Value()));
  }
  conditions.push_back(condition("userId", nullptr, "is_true", Value()));

  std::size_t checked = 0;
  for (const char* op : {"and", "or"}) {
    for (std::size_t i = 0; i < conditions.size(); ++i) {
      // Alone, and together with a second condition as the UI's ALL / ANY group.
      const Value pair = group(op, {conditions[i], conditions[(i * 7 + 3) % conditions.size()]});
      for (const Value& ast : {group("and", {conditions[i]}), pair}) {
        const fql::GenerateResult g = fql::generate(ast);
        REQUIRE_FALSE(g.error);
        const fql::ParseResult back = fql::parse(g.fql);
        INFO(g.fql);
        REQUIRE(back.ok());
        CHECK(json::stringify(back.ast) == json::stringify(ast));
        CHECK(fql::lint_ast(ast).empty() == (ast.find("children")->as_array().size() <= 2));
        ++checked;
      }
    }
  }
  CHECK(checked > 500);
}

TEST_CASE("conditions that do not survive the round trip get FQL-11") {
  const Value ast = group("and", {condition("event", nullptr, "=", Value::string("say \"hi\"")),
                                  condition("event-property", "total", ">", Value::number(1e21)),
                                  condition("event", nullptr, "ends_with", Value::string(""))});
  const std::vector<Diagnostic> d = fql::lint_ast(ast);
  std::vector<std::string> pointers;
  for (const Diagnostic& x : d)
    if (x.code == "FQL-11") pointers.push_back(x.pointer);
  REQUIRE(pointers.size() == 3);
  CHECK(pointers[0] == "/children/0");
  CHECK(pointers[1] == "/children/1");
  CHECK(pointers[2] == "/children/2");
  const Diagnostic* first = nullptr;
  for (const Diagnostic& x : d)
    if (x.code == "FQL-11") first = first ? first : &x;
  CHECK(first->message ==
        R"(Segment saves the condition on event as "event = \"say \"hi\"\"", which reads back as "event = \"say \"".)");
  CHECK(first->fix == "Avoid double quotes in the value in this condition.");
}
