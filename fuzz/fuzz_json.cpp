// JSON parsing with limits. Properties: the parser never crashes or hangs, JSON.stringify of
// what it read is read back to an equal value (non-finite numbers become null, as in
// JavaScript), and writing that again gives the same text.
#include <cmath>

#include "fuzz_common.hpp"
#include "json/write.hpp"

using namespace mapcheck;

namespace {

// Equality after a JSON.stringify round trip: NaN and ±Infinity were written as null, and
// undefined members were left out.
bool equal_after_round_trip(const json::Value& original, const json::Value& reread) {
  if (original.is_number() && !std::isfinite(original.as_number())) return reread.is_null();
  if (original.kind() != reread.kind()) return false;
  if (original.is_array()) {
    const json::Array& a = original.as_array();
    const json::Array& b = reread.as_array();
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!equal_after_round_trip(a[i], b[i])) return false;
    return true;
  }
  if (original.is_object()) {
    const json::Object& a = original.as_object();
    const json::Object& b = reread.as_object();
    if (a.size() != b.size()) return false;
    std::size_t i = 0;
    for (const auto& [key, member] : a) {  // same keys in the same (JavaScript) order
      if (b.at(i).first != key || !equal_after_round_trip(member, b.at(i).second)) return false;
      ++i;
    }
    return true;
  }
  return original.deep_equals(reread);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the options, so the limits themselves get exercised at small sizes.
  const std::uint8_t mode = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  json::ParseOptions options;
  options.allow_bom = mode & 1;
  options.allow_surrogates = mode & 2;
  json::SourceMap spans;
  std::vector<json::DuplicateKey> duplicates;
  if (mode & 4) options.source_map = &spans;
  if (mode & 8) options.duplicates = &duplicates;
  if (mode & 16) {
    options.limits.max_depth = 4;
    options.limits.max_string_bytes = 16;
    options.limits.max_container_size = 4;
    options.limits.max_bytes = 256;
  }
  const json::ParseResult parsed = json::parse(text, options);
  if (!parsed.ok()) {
    if (parsed.error->offset > text.size()) fuzz::violated("error offset past the end");
    return 0;
  }
  for (const json::DuplicateKey& d : duplicates)
    if (d.offset >= text.size()) fuzz::violated("duplicate key offset past the end");
  const std::optional<std::string> written = json::stringify(parsed.value, (mode & 32) ? 2 : 0);
  if (!written) fuzz::violated("stringify of a parsed value gave undefined");
  json::ParseOptions reread_options;
  reread_options.limits = options.limits;
  reread_options.limits.max_bytes = SIZE_MAX;  // indentation and escapes make the text longer
  reread_options.limits.max_string_bytes = SIZE_MAX;  // \u escapes of control characters
  const json::ParseResult reread = json::parse(*written, reread_options);
  if (!reread.ok()) fuzz::violated("stringify's output does not parse", *written);
  if (!equal_after_round_trip(parsed.value, reread.value))
    fuzz::violated("round trip changed the value", *written);
  const std::optional<std::string> again = json::stringify(reread.value, (mode & 32) ? 2 : 0);
  if (!again || *again != *written) fuzz::violated("stringify is not a fixed point", *written);
  (void)json::to_js_string(parsed.value);
  return 0;
}
