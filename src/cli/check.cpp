// `mapcheck check`: validate one pasted event (and optionally a mapping run on it) and print
// the diagnostics for people or as JSON.
#include <cstdio>

#include "api.hpp"
#include "cli/cli.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"

namespace mapcheck::cli {

namespace {

const char* kUsage =
    "usage: mapcheck check [--mapping FILE] [--json] [--required a,b] [--audience-key KEY]\n"
    "                      [--options FILE] EVENT|-\n";

std::vector<std::string> split_commas(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = list.find(',', start);
    const std::string item = list.substr(start, comma == std::string::npos ? comma : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

int run_check(const std::vector<std::string>& args) {
  std::string event_path, mapping_path, options_path, audience_key;
  std::vector<std::string> required;
  bool as_json = false, have_required = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--json")
      as_json = true;
    else if (a == "--mapping" && has_value)
      mapping_path = args[++i];
    else if (a == "--options" && has_value)
      options_path = args[++i];
    else if (a == "--audience-key" && has_value)
      audience_key = args[++i];
    else if (a == "--required" && has_value) {
      const std::vector<std::string> names = split_commas(args[++i]);
      required.insert(required.end(), names.begin(), names.end());
      have_required = true;
    } else if ((!a.empty() && a[0] == '-' && a != "-") || !event_path.empty()) {
      std::fprintf(stderr, "mapcheck check: unexpected argument %s\n%s", a.c_str(), kUsage);
      return 2;
    } else {
      event_path = a;
    }
  }
  if (event_path.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::optional<std::string> event = read_input(event_path);
  if (!event) return 2;
  std::optional<std::string> mapping;
  if (!mapping_path.empty() && !(mapping = read_input(mapping_path))) return 2;
  std::string options_text;
  if (!options_path.empty()) {
    std::optional<std::string> text = read_input(options_path);
    if (!text) return 2;
    options_text = *text;
  }
  if (have_required || !audience_key.empty()) {
    // Flags are merged into the options file (when there is one) and win over it.
    json::Value options = json::Value::object();
    if (!options_text.empty()) {
      json::ParseResult parsed = json::parse(options_text);
      if (!parsed.ok() || !parsed.value.is_object()) {
        std::fprintf(stderr, "mapcheck check: %s is not a JSON object\n", options_path.c_str());
        return 2;
      }
      options = parsed.value;
    }
    if (have_required) {
      json::Array names;
      for (const std::string& name : required) names.push_back(json::Value::string(name));
      options.object_mut().set("required", json::Value::array(std::move(names)));
    }
    if (!audience_key.empty())
      options.object_mut().set("audienceKey", json::Value::string(audience_key));
    options_text = api::to_json(options);
  }

  const json::Value result = api::validate_event(
      *event, options_text, mapping ? std::optional<std::string_view>(*mapping) : std::nullopt);
  const json::Value& diagnostics = *result.find("diagnostics");
  if (as_json) {
    std::printf("%s\n", api::to_json(result, 2).c_str());
  } else {
    std::size_t counts[3] = {0, 0, 0};
    for (const json::Value& d : diagnostics.as_array()) {
      const std::string& source = d.find("source")->as_string();
      const std::string file = source == "event"     ? (event_path == "-" ? "<stdin>" : event_path)
                               : source == "mapping" ? mapping_path
                               : source == "options" && !options_path.empty() ? options_path
                                                                              : source;
      print_diagnostics(stdout, json::Value::array({d}), file);
      const std::string& severity = d.find("severity")->as_string();
      ++counts[severity == "error" ? 0 : severity == "warning" ? 1 : 2];
    }
    if (diagnostics.as_array().empty())
      std::printf("no problems found\n");
    else
      std::printf("%zu error%s, %zu warning%s, %zu note%s\n", counts[0], counts[0] == 1 ? "" : "s",
                  counts[1], counts[1] == 1 ? "" : "s", counts[2], counts[2] == 1 ? "" : "s");
  }
  return has_error(diagnostics) ? 1 : 0;
}

}  // namespace mapcheck::cli
