// validate_event: "event \0 options \0 mapping". Properties: no crash; `valid` is false exactly
// when some diagnostic is an error.
#include "fuzz_common.hpp"

using namespace mapcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string_view> parts = fuzz::split(data, size, 3);
  const std::string_view event = parts[0];
  const std::string_view options = parts.size() > 1 ? parts[1] : std::string_view();
  const std::optional<std::string_view> mapping =
      parts.size() > 2 ? std::optional<std::string_view>(parts[2]) : std::nullopt;
  const json::Value result = api::validate_event(event, options, mapping);
  fuzz::check_result(result);
  bool has_error = false;
  for (const json::Value& d : result.find("diagnostics")->as_array())
    has_error = has_error || d.find("severity")->as_string() == "error";
  if (result.find("valid")->as_boolean() == has_error)
    fuzz::violated("`valid` disagrees with the diagnostics' severities");
  return 0;
}
