// `mapcheck simulate CONFIG`: the events Engage would emit for an activation config, what each
// destination mapping makes of them, and every diagnostic.
#include <cstdio>

#include "api.hpp"
#include "cli/cli.hpp"

namespace mapcheck::cli {

namespace {
std::string text_of(const json::Value& v, const char* key) {
  const json::Value* m = v.find(key);
  return m && m->is_string() ? m->as_string() : std::string();
}
}  // namespace

int run_simulate(const std::vector<std::string>& args) {
  bool as_json = false;
  std::string path;
  for (const std::string& a : args) {
    if (a == "--json") as_json = true;
    else path = a;
  }
  if (path.empty()) {
    std::fprintf(stderr, "usage: mapcheck simulate [--json] CONFIG|-\n");
    return 2;
  }
  std::optional<std::string> text = read_input(path);
  if (!text) return 2;
  const json::Value report = api::simulate(*text);
  bool failed = has_error(*report.find("diagnostics"));
  if (as_json) {
    std::printf("%s\n", api::to_json(report, 2).c_str());
  } else {
    for (const json::Value& entry : report.find("events")->as_array()) {
      std::printf("== %s\n%s\n", text_of(entry, "label").c_str(),
                  api::to_json(*entry.find("event"), 2).c_str());
      print_diagnostics(stdout, *entry.find("diagnostics"), "event");
      for (const json::Value& run : entry.find("mappings")->as_array()) {
        const bool matched = run.find("matched")->as_boolean();
        std::printf("-- mapping \"%s\": %s\n", text_of(run, "name").c_str(),
                    matched ? "trigger matched" : "trigger did not match");
        if (const json::Value* output = run.find("output"))
          std::printf("%s\n", api::to_json(*output, 2).c_str());
        print_diagnostics(stdout, *run.find("diagnostics"), path);
        failed = failed || has_error(*run.find("diagnostics"));
      }
    }
    if (const json::Value* rows = report.find("rows"))
      std::printf("== rows sent to the list destination\n%s\n", api::to_json(*rows, 2).c_str());
    for (const json::Value& a : report.find("assumptions")->as_array())
      std::printf("assumption %s: %s\n", text_of(a, "id").c_str(), text_of(a, "text").c_str());
    print_diagnostics(stdout, *report.find("diagnostics"), path);
  }
  return failed ? 1 : 0;
}

}  // namespace mapcheck::cli
