// Liquid rendering: "template \0 payload". The engine renders any template of at most the
// 1,000 UTF-16 units @liquid accepts against a parsed payload, with the clock fixed.
// Properties: no crash, hang or sanitizer report; the output stays within the string cap.
#include "fuzz_common.hpp"
#include "liquid/limits.hpp"
#include "liquid/render.hpp"
#include "text/unicode.hpp"

using namespace mapcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string_view> parts = fuzz::split(data, size, 2);
  const std::string_view source = parts[0];
  if (text::utf16_length(std::string(source)) > 1000) return 0;  // what @liquid rejects first
  json::Value payload = json::Value::object();
  if (parts.size() > 1) {
    const api::Input parsed = api::parse_input(parts[1], "payload");
    if (parsed.ok) payload = parsed.value;
  }
  const liquid::RenderResult r = liquid::render_at(source, payload, 1.7e12);
  if (r.output.size() > liquid::kMaxStringBytes) fuzz::violated("output larger than the cap");
  if (r.error && r.error->name.empty()) fuzz::violated("an error without a name");
  return 0;
}
