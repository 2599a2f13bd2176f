// `mapcheck transform` and `mapcheck validate-mapping`: one mapping, one payload.
#include <cstdio>

#include "api.hpp"
#include "cli/cli.hpp"
#include "json/write.hpp"

namespace mapcheck::cli {

int run_transform(const std::vector<std::string>& args) {
  std::string mapping_path, payload_path = "-";
  bool as_json = false, explain = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--mapping" && i + 1 < args.size()) mapping_path = args[++i];
    else if (args[i] == "--json") as_json = true;
    else if (args[i] == "--explain") explain = true;
    else if (!args[i].empty() && args[i][0] == '-' && args[i] != "-") {
      std::fprintf(stderr, "mapcheck transform: unknown option %s\n", args[i].c_str());
      return 2;
    } else payload_path = args[i];
  }
  if (mapping_path.empty()) {
    std::fprintf(stderr, "usage: mapcheck transform --mapping FILE [--json] [--explain] [PAYLOAD_FILE|-]\n");
    return 2;
  }
  std::optional<std::string> mapping = read_input(mapping_path);
  std::optional<std::string> payload = mapping ? read_input(payload_path) : std::nullopt;
  if (!mapping || !payload) return 2;
  const json::Value result =
      api::transform(*mapping, *payload, explain ? R"({"explain":true})" : "");
  if (as_json) {
    std::printf("%s\n", api::to_json(result, 2).c_str());
  } else {
    if (const json::Value* output = result.find("output"))
      std::printf("%s\n", api::to_json(*output, 2).c_str());
    else if (!result.find("error"))
      std::printf("(undefined: the mapping produced no value)\n");
    if (const json::Value* error = result.find("error")) {
      const json::Value* name = error->find("name");
      const json::Value* message = error->find("message");
      std::fprintf(stderr, "%s: %s\n", name ? name->as_string().c_str() : "Error",
                   message ? message->as_string().c_str() : "");
    }
    const json::Value* diagnostics = result.find("diagnostics");
    if (diagnostics) print_diagnostics(stderr, *diagnostics, "");
  }
  return result.find("error") ? 1 : 0;
}

int run_validate_mapping(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::fprintf(stderr, "usage: mapcheck validate-mapping [--json] FILE|-\n");
    return 2;
  }
  bool as_json = false;
  std::string path = "-";
  for (const std::string& a : args) {
    if (a == "--json") as_json = true;
    else path = a;
  }
  std::optional<std::string> mapping = read_input(path);
  if (!mapping) return 2;
  const json::Value result = api::validate_mapping(*mapping);
  const bool valid = result.find("valid")->as_boolean();
  if (as_json) {
    std::printf("%s\n", api::to_json(result, 2).c_str());
  } else {
    if (valid) std::printf("valid\n");
    print_diagnostics(stdout, *result.find("diagnostics"), path);
  }
  return valid ? 0 : 1;
}

}  // namespace mapcheck::cli
