// Mapping validation: "mapping". Properties: no crash; `valid` agrees with transform, which
// validates the same mapping before resolving it (a valid mapping never fails validation in
// transform, an invalid one always does).
#include "fuzz_common.hpp"
#include "mapping/transform.hpp"
#include "mapping/validate.hpp"

using namespace mapcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const json::Value result = api::validate_mapping(text);
  fuzz::check_result(result);
  const api::Input mapping = api::parse_input(text, "mapping");
  if (!mapping.ok) return 0;
  const std::optional<mapping::Error> error = mapping::validate_mapping(mapping.value);
  if (result.find("valid")->as_boolean() != !error.has_value())
    fuzz::violated("validateMapping's `valid` disagrees with validate_mapping");
  if (error && error->errors.size() != error->pointers.size() && !error->pointers.empty())
    fuzz::violated("validation messages and pointers differ in number");
  return 0;
}
