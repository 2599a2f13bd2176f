// Mapping lints: where a mapping reads from, judged against the event it runs on (MAP-01..05),
// and the mapping-kit traps that Segment's validation lets through (MK-04..MK-14).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"
#include "json/value.hpp"

namespace mapcheck::mapping {

struct LintContext {
  // The event the mapping runs on. Its "type" decides MAP-01/MAP-02 (Identify or Track), its
  // keys MAP-05 and, with `required_fields`, MAP-03. Without an event only the MK-* lints run.
  const json::Value* event = nullptr;
  // Top-level fields of the mapping the destination action requires (MAP-03).
  std::vector<std::string> required_fields;
  // transform(mapping, event) when the caller has already run it (saves a second run); a
  // mapping that throws gets no MAP-03 (its error is reported as MK-01/MK-02 instead).
  const json::Value* output = nullptr;
  bool output_failed = false;
};

// One payload path the mapping reads, as found by walking @path, @template placeholders and
// @arrayPath roots.
struct PathRead {
  std::string pointer;    // of the directive value in the mapping
  std::string path;       // as written (for @path and @arrayPath with "$." removed once)
  bool relative = false;  // read from something other than the event (@arrayPath item,
                          // @transform's mapping), so not judged against the event
};

// Every path a mapping reads, in mapping order.
std::vector<PathRead> paths_read(const json::Value& mapping);

// Lints for one mapping; diagnostics have source "mapping" and pointers into the mapping.
// Never fails; an invalid mapping simply yields fewer lints (its errors are MK-01's job).
std::vector<Diagnostic> lint_mapping(const json::Value& mapping, const LintContext& context);

// MAP-04 when a destination has more than 50 mappings (`pointer` into `source`).
std::optional<Diagnostic> check_mapping_count(std::size_t count, std::string source,
                                              std::string pointer);

}  // namespace mapcheck::mapping
