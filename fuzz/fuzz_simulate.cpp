// Activation config simulation: "config". Properties: no crash, hang or sanitizer report;
// the report is a JSON object with events and diagnostics.
#include "fuzz_common.hpp"

using namespace mapcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const json::Value report = api::simulate(text);
  fuzz::check_result(report);
  if (!report.find("events") || !report.find("events")->is_array())
    fuzz::violated("simulate's report has no events array");
  return 0;
}
