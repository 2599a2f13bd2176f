// Batch lines: "options \0 ndjson". Properties: no crash; one result line per non-blank input
// line, each a JSON object; the summary counts every event.
#include "fuzz_common.hpp"

using namespace mapcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string_view> parts = fuzz::split(data, size, 2);
  const std::string_view options = parts[0];
  const std::string_view ndjson = parts.size() > 1 ? parts[1] : std::string_view();
  const json::Value result = api::run_batch(ndjson, options);
  fuzz::check_result(result);
  const std::string& lines = result.find("results")->as_string();
  std::size_t start = 0;
  while (start < lines.size()) {
    const std::size_t end = lines.find('\n', start);
    if (end == std::string::npos) fuzz::violated("a result line without a newline");
    json::ParseOptions o;
    o.allow_surrogates = true;
    o.limits.max_depth = 1u << 20;
    const json::ParseResult line = json::parse(lines.substr(start, end - start), o);
    if (!line.ok() || !line.value.is_object()) fuzz::violated("a result line is not a JSON object");
    start = end + 1;
  }
  return 0;
}
