// Helpers shared by the libFuzzer harnesses: splitting one input into several texts and the
// properties every entry point's result must have.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "api.hpp"
#include "json/parse.hpp"
#include "json/value.hpp"

namespace mapcheck::fuzz {

// Splits the input at NUL bytes (which never occur in valid JSON, FQL or Liquid text) into at
// most `parts` pieces; the last piece keeps any further NULs.
inline std::vector<std::string_view> split(const std::uint8_t* data, std::size_t size,
                                           std::size_t parts) {
  std::vector<std::string_view> out;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  while (out.size() + 1 < parts) {
    const std::size_t nul = rest.find('\0');
    if (nul == std::string_view::npos) break;
    out.push_back(rest.substr(0, nul));
    rest.remove_prefix(nul + 1);
  }
  out.push_back(rest);
  return out;
}

// Reports a broken property and aborts, so libFuzzer saves the input.
[[noreturn]] inline void violated(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "property violated: %s\n%.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// An API result is an object that serializes to JSON our own parser reads back.
inline void check_result(const json::Value& result) {
  if (!result.is_object()) violated("an API result is not an object");
  const std::string text = api::to_json(result);
  json::ParseOptions options;
  options.allow_surrogates = true;
  options.limits.max_depth = 1u << 20;  // results may nest deeper than inputs may
  options.limits.max_bytes = SIZE_MAX;
  options.limits.max_string_bytes = SIZE_MAX;
  options.limits.max_container_size = SIZE_MAX;
  const json::ParseResult again = json::parse(text, options);
  if (!again.ok())
    violated("an API result is not valid JSON",
             again.error->message + " at " + std::to_string(again.error->offset) + ": " +
                 text.substr(again.error->offset > 200 ? again.error->offset - 200 : 0, 400));
  const json::Value* diagnostics = result.find("diagnostics");
  if (diagnostics && !diagnostics->is_array()) violated("diagnostics is not an array");
}

}  // namespace mapcheck::fuzz
