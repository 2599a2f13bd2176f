// `mapcheck trigger --fql TEXT [--json] [EVENT|-]`: parse, lint and evaluate one trigger
// against one event, and say condition by condition why it matched or not.
#include <cstdio>

#include "api.hpp"
#include "cli/cli.hpp"
#include "json/write.hpp"

namespace mapcheck::cli {

namespace {

std::string str(const json::Value& o, const char* key) {
  const json::Value* v = o.find(key);
  return v && v->is_string() ? v->as_string() : std::string();
}

// "properties.vip is true", "contains(event, "Audience")"-style wording for one condition.
std::string condition_words(const json::Value& c) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"=", "is"},
      {"!=", "is not"},
      {"number_equals", "="},
      {"number_not_equals", "!="},
      {"<", "<"},
      {"<=", "<="},
      {">", ">"},
      {">=", ">="},
      {"contains", "contains"},
      {"not_contains", "does not contain"},
      {"starts_with", "starts with"},
      {"not_starts_with", "does not start with"},
      {"ends_with", "ends with"},
      {"not_ends_with", "does not end with"},
      {"exists", "exists"},
      {"not_exists", "does not exist"},
      {"is_true", "is true"},
      {"is_false", "is false"}};
  const std::string op = str(c, "operator");
  std::string words = op;
  for (const auto& [key, text] : kWords)
    if (op == key) words = text;
  std::string out =
      (str(c, "field").empty() ? std::string("(") + str(c, "type") + ")" : str(c, "field")) + " " +
      words;
  if (const json::Value* e = c.find("expected")) out += " " + json::stringify(*e).value_or("");
  return out;
}

}  // namespace

int run_trigger(const std::vector<std::string>& args) {
  std::string fql, event_path;
  bool as_json = false, have_fql = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--fql" && i + 1 < args.size()) {
      fql = args[++i];
      have_fql = true;
    } else if (args[i] == "--json") {
      as_json = true;
    } else if (!args[i].empty() && args[i][0] == '-' && args[i] != "-") {
      std::fprintf(stderr, "mapcheck trigger: unknown option %s\n", args[i].c_str());
      return 2;
    } else {
      event_path = args[i];
    }
  }
  if (!have_fql) {
    std::fprintf(stderr, "usage: mapcheck trigger --fql TEXT [--json] [EVENT_FILE|-]\n");
    return 2;
  }
  std::string event;
  if (!event_path.empty()) {
    std::optional<std::string> text = read_input(event_path);
    if (!text) return 2;
    event = std::move(*text);
  }
  const json::Value result = api::matches_fql(fql, event);
  const json::Value parsed = api::parse_fql(fql);
  const bool matches = result.find("matches") && result.find("matches")->as_boolean();
  if (as_json) {
    json::Object out;
    if (const json::Value* ast = parsed.find("ast")) out.set("ast", *ast);
    for (const auto& [key, value] : result.as_object()) out.set(key, value);
    std::printf("%s\n", api::to_json(json::Value::object(std::move(out)), 2).c_str());
    return matches ? 0 : 1;
  }
  std::printf("trigger: %s\n", fql.c_str());
  if (const json::Value* error = parsed.find("error")) {
    std::printf("parse:   fails (%s: %s)%s%s\n", str(*error, "name").c_str(),
                str(*error, "message").c_str(), error->find("lexError") ? "; lexer: " : "",
                str(*error, "lexError").c_str());
  } else if (const json::Value* ast = parsed.find("ast")) {
    std::printf("reads:   %s of these conditions\n", str(*ast, "operator") == "or"    ? "ANY"
                                                     : str(*ast, "operator") == "and" ? "ALL"
                                                                                      : "(none)");
  }
  const json::Value* conditions = result.find("conditions");
  std::size_t n = 0;
  if (conditions && conditions->is_array()) {
    for (const json::Value& c : conditions->as_array()) {
      ++n;
      const bool ok = c.find("matched") && c.find("matched")->as_boolean();
      std::printf("  %zu. %-44s %s\n", n, condition_words(c).c_str(),
                  event.empty() ? ""
                  : ok          ? "matched"
                                : "NOT matched");
      if (!event.empty()) {
        std::string pointer = str(c, "pointer");
        std::printf("     %s%s\n", str(c, "reason").c_str(),
                    pointer.size() > 12 ? (" [" + pointer + "]").c_str() : "");
      }
    }
  }
  if (!event.empty()) {
    std::printf("result:  %s\n", matches ? "the trigger MATCHES this event"
                                         : "the trigger does NOT match this event");
    if (const json::Value* error = result.find("error"))
      std::printf("         (%s: %s)\n", str(*error, "name").c_str(),
                  str(*error, "message").c_str());
  }
  if (const json::Value* diagnostics = result.find("diagnostics")) {
    if (diagnostics->is_array() && !diagnostics->as_array().empty()) std::printf("\n");
    print_diagnostics(stdout, *diagnostics, "trigger");
  }
  return matches ? 0 : 1;
}

}  // namespace mapcheck::cli
