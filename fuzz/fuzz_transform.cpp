// transform with a fuzzed mapping and payload: "mapping \0 payload \0 options". Properties:
// no crash, hang or sanitizer report; the result is a JSON object; a prepared mapping gives
// exactly what transform gives (the batch runner relies on it).
#include "fuzz_common.hpp"
#include "json/write.hpp"
#include "mapping/transform.hpp"

using namespace mapcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string_view> parts = fuzz::split(data, size, 3);
  const std::string_view mapping_text = parts[0];
  const std::optional<std::string_view> payload_text =
      parts.size() > 1 ? std::optional<std::string_view>(parts[1]) : std::nullopt;
  const std::string_view options_text = parts.size() > 2 ? parts[2] : std::string_view();
  fuzz::check_result(api::transform(mapping_text, payload_text, options_text));

  const api::Input mapping = api::parse_input(mapping_text, "mapping");
  const api::Input payload = api::parse_input(payload_text.value_or("{}"), "payload");
  if (!mapping.ok || !payload.ok) return 0;
  const mapping::TransformResult direct = mapping::transform(mapping.value, payload.value);
  const mapping::PreparedMapping prepared = mapping::prepare(mapping.value);
  const mapping::TransformResult run = mapping::run_prepared(prepared, payload.value);
  if (direct.error.has_value() != run.error.has_value())
    fuzz::violated("prepared mapping and transform disagree on failing");
  if (direct.error) {
    if (direct.error->name != run.error->name || direct.error->message != run.error->message)
      fuzz::violated("prepared mapping and transform throw differently",
                     direct.error->message + " | " + run.error->message);
  } else if (!direct.output.deep_equals(run.output)) {
    fuzz::violated("prepared mapping and transform give different outputs");
  }
  return 0;
}
