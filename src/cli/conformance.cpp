// `mapcheck conformance FILE...`: runs reference-generated cases and compares the results.
#include <cstdio>
#include <map>

#include "cli/cli.hpp"
#include "fql/evaluate.hpp"
#include "fql/parser.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"
#include "mapping/transform.hpp"
#include "mapping/validate.hpp"

namespace mapcheck::cli {

using json::Object;
using json::Value;

namespace {

// The corpus's exact form: undefined array elements and non-finite numbers become tagged
// objects, so they can be compared with `output_exact`.
Value exact_form(const Value& v) {
  switch (v.kind()) {
    case json::Kind::number: {
      const double n = v.as_number();
      if (n != n) return Value::object(Object{{"$number", Value::string("NaN")}});
      if (n == 1.0 / 0.0) return Value::object(Object{{"$number", Value::string("Infinity")}});
      if (n == -1.0 / 0.0) return Value::object(Object{{"$number", Value::string("-Infinity")}});
      return v;
    }
    case json::Kind::array: {
      json::Array out;
      for (const Value& item : v.as_array())
        out.push_back(item.is_undefined() ? Value::object(Object{{"$undefined", Value::boolean(true)}})
                                          : exact_form(item));
      return Value::array(std::move(out));
    }
    case json::Kind::object: {
      Object out;
      for (const auto& [key, member] : v.as_object())
        if (!member.is_undefined()) out.set(key, exact_form(member));
      return Value::object(std::move(out));
    }
    default: return v;
  }
}

std::string show(const Value& v) {
  std::optional<std::string> s = json::stringify(v);
  return s ? *s : "undefined";
}

struct Outcome {
  enum { pass, fail, skip } status;
  std::string expected, actual;
};

Outcome check_transform(const Value& c) {
  const Value& expect = *c.find("expect");
  const Value* payload = c.find("payload");
  mapping::TransformResult r = mapping::transform(c.find("mapping") ? *c.find("mapping") : Value(),
                                                  payload ? *payload : Value());
  if (r.error && r.error->name == "UnsupportedError") return {Outcome::skip, {}, {}};
  Object actual;
  if (r.error) {
    actual.set("error", Value::string(r.error->name == "AggregateError" ? "" : r.error->message));
    actual.set("error_name", Value::string(r.error->name));
    if (r.error->name == "AggregateError") {
      json::Array errors;
      for (const std::string& m : r.error->errors) errors.push_back(Value::string(m));
      actual.set("errors", Value::array(std::move(errors)));
    }
  } else if (r.output.is_undefined()) {
    actual.set("undefined", Value::boolean(true));
  } else {
    actual.set("output", exact_form(r.output));
  }
  Object wanted;
  if (const Value* e = expect.find("error")) {
    const Value* name = expect.find("error_name");
    wanted.set("error_name", name ? *name : Value::null());
    if (const Value* errors = expect.find("errors")) {
      wanted.set("error", Value::string(""));
      wanted.set("errors", *errors);
    } else {
      wanted.set("error", *e);
    }
  } else if (expect.find("undefined")) {
    wanted.set("undefined", Value::boolean(true));
  } else {
    const Value* exact = expect.find("output_exact");
    wanted.set("output", exact ? *exact : *expect.find("output"));
  }
  const Value w = Value::object(std::move(wanted)), a = Value::object(std::move(actual));
  if (w.deep_equals(a)) return {Outcome::pass, {}, {}};
  return {Outcome::fail, show(w), show(a)};
}

Outcome check_validate(const Value& c) {
  const Value& expect = *c.find("expect");
  std::optional<mapping::Error> e = mapping::validate_mapping(c.find("mapping") ? *c.find("mapping") : Value());
  Object actual{{"valid", Value::boolean(!e)}};
  if (e) {
    json::Array errors;
    for (const std::string& m : e->errors) errors.push_back(Value::string(m));
    actual.set("errors", Value::array(std::move(errors)));
    actual.set("error_name", Value::string(e->name));
  }
  const Value a = Value::object(std::move(actual));
  if (expect.deep_equals(a)) return {Outcome::pass, {}, {}};
  return {Outcome::fail, show(expect), show(a)};
}

// kind "fql": parseFql(fql), then validate(ast, payload). The AST is compared in its exact
// form and key order; `lex_error` is informational (returned in `note` when it differs).
Outcome check_fql(const Value& c, std::string& note) {
  const Value& expect = *c.find("expect");
  const Value* fql = c.find("fql");
  const Value* payload = c.find("payload");
  const fql::ParseResult parsed = fql::parse(fql && fql->is_string() ? fql->as_string() : "");
  Object actual, wanted;
  Value ast = parsed.ast;
  if (parsed.error) {
    actual.set("parse_error", Value::string(parsed.error->message));
    actual.set("parse_error_name", Value::string(parsed.error->name));
    Object error{{"message", Value::string(parsed.error->message)}};
    ast = Value::object(Object{{"error", Value::object(std::move(error))}});
  } else {
    actual.set("ast", Value::string(show(exact_form(parsed.ast))));
  }
  const fql::MatchResult m = fql::validate(ast, payload ? *payload : Value());
  if (m.error) {
    actual.set("match_error", Value::string(m.error->message));
    actual.set("match_error_name", Value::string(m.error->name));
  } else {
    actual.set("matches", Value::boolean(m.matches));
  }
  for (const auto& [key, value] : expect.as_object()) {
    if (key == "lex_error") continue;
    wanted.set(key, key == "ast" ? Value::string(show(value)) : value);
  }
  if (const Value* lex = expect.find("lex_error")) {
    const std::string mine = parsed.lex_error ? parsed.lex_error->message : "(none)";
    if (!lex->is_string() || lex->as_string() != mine)
      note = "lex_error differs: expected " + show(*lex) + ", got " + show(Value::string(mine));
  }
  const Value w = Value::object(std::move(wanted)), a = Value::object(std::move(actual));
  if (w.deep_equals(a)) return {Outcome::pass, {}, {}};
  return {Outcome::fail, show(w), show(a)};
}

}  // namespace

int run_conformance(const std::vector<std::string>& args) {
  std::size_t passed = 0, failed = 0, skipped = 0;
  std::map<std::string, std::size_t> skipped_kinds;
  bool verbose = false;
  for (const std::string& path : args) {
    if (path == "--verbose" || path == "-v") {
      verbose = true;
      continue;
    }
    std::optional<std::string> text = read_input(path);
    if (!text) return 2;
    json::ParseOptions options;
    options.limits.max_bytes = 256u << 20;
    json::ParseResult parsed = json::parse(*text, options);
    if (!parsed.ok() || !parsed.value.is_array()) {
      std::fprintf(stderr, "mapcheck: %s is not a JSON array of cases%s%s\n", path.c_str(),
                   parsed.ok() ? "" : ": ", parsed.ok() ? "" : parsed.error->message.c_str());
      return 2;
    }
    for (const Value& c : parsed.value.as_array()) {
      const Value* kind = c.find("kind");
      const Value* id = c.find("id");
      const std::string kind_name = kind && kind->is_string() ? kind->as_string() : "";
      const std::string case_id = id && id->is_string() ? id->as_string() : "(no id)";
      if (c.find("expect") == nullptr) {
        std::fprintf(stderr, "mapcheck: case %s has no expect\n", case_id.c_str());
        ++failed;
        continue;
      }
      Outcome outcome{Outcome::skip, {}, {}};
      std::string note;
      if (kind_name == "transform") outcome = check_transform(c);
      else if (kind_name == "validate-mapping") outcome = check_validate(c);
      else if (kind_name == "fql") outcome = check_fql(c, note);
      else ++skipped_kinds[kind_name];
      if (!note.empty()) std::printf("NOTE %s: %s\n", case_id.c_str(), note.c_str());
      switch (outcome.status) {
        case Outcome::pass:
          ++passed;
          if (verbose) std::printf("PASS %s\n", case_id.c_str());
          break;
        case Outcome::skip: ++skipped; break;
        case Outcome::fail:
          ++failed;
          std::printf("FAIL %s\n  expected: %s\n  actual:   %s\n", case_id.c_str(),
                      outcome.expected.c_str(), outcome.actual.c_str());
          break;
      }
    }
  }
  for (const auto& [kind, count] : skipped_kinds)
    std::printf("skipped %zu case(s) of unsupported kind \"%s\"\n", count, kind.c_str());
  std::printf("%zu passed, %zu failed", passed, failed);
  if (skipped) std::printf(", %zu skipped", skipped);
  std::printf("\n");
  return failed ? 1 : 0;
}

}  // namespace mapcheck::cli
