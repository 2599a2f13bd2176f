// mapping-kit's transform(mapping, payload): resolve every directive of a mapping against an
// event, exactly as Segment's Actions runtime does.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "json/value.hpp"
#include "mapping/error.hpp"
#include "mapping/path.hpp"

namespace mapcheck::mapping {

// Where one field of a mapped payload came from, for "explain this output".
struct Provenance {
  std::string pointer;                 // JSON pointer of the field in the output
  std::string directive;               // "@path", "@if", ... or "" for a literal value
  std::vector<std::string> reads;      // payload paths the field's directives looked up
  bool resolved_empty = false;         // the field resolved to undefined and was dropped
};

struct TransformOptions {
  // Collects one Provenance per mapped field (members of plain objects in the mapping).
  std::vector<Provenance>* provenance = nullptr;
  // Upper bound on values the mapping may create, so a hostile mapping cannot exhaust memory.
  std::size_t max_work = 4'000'000;
  // When set, steps are counted here across calls and `max_work` bounds their total: a caller
  // that runs many mappings (the simulation) shares one budget between them.
  std::size_t* work_used = nullptr;
  // Deepest payload an @transform may build for its mapping. Each @transform can nest the
  // payload it was given inside its `apply` mapping, so a chain of them could otherwise build
  // values thousands of levels deep, deeper than any recursive step (serializing, comparing,
  // freeing) can follow on a browser's stack.
  std::size_t max_payload_depth = 512;
  // Largest value resolution may build, as JSON text (Value::weight). Shared parts count every
  // time they occur: a few @path directives can point at one large payload value many times
  // over, and writing, copying or checking such a value would not finish.
  std::size_t max_output_bytes = std::size_t{32} << 20;
  // Memoizes path splitting across calls (batches); nullptr for none.
  PathCache* paths = nullptr;
};

struct TransformResult {
  json::Value output;                  // undefined when the reference returns undefined
  std::optional<Error> error;          // the error the reference throws, if it throws
  bool ok() const { return !error.has_value(); }
};

// transform(mapping, payload). An undefined payload acts as {}. Never throws.
TransformResult transform(const json::Value& mapping, const json::Value& payload,
                          const TransformOptions& options = {});

// A mapping made ready once for many payloads: the root directive applied and validated.
// Validation does not depend on the payload, so running a prepared mapping gives exactly what
// transform() gives, without validating again for every event.
struct PreparedPlan;  // internal (transform.cpp)
struct PreparedMapping {
  json::Value mapping;          // what resolution runs (after the root directive is applied)
  std::optional<Error> error;   // what transform() throws for this mapping, whatever the payload
  // A faster form of `mapping` for its most common shape (a plain object of fields, @path
  // fields with their keys split ahead of time); null for other shapes. Gives the same results.
  std::shared_ptr<const PreparedPlan> plan;
};
PreparedMapping prepare(const json::Value& mapping);
TransformResult run_prepared(const PreparedMapping& prepared, const json::Value& payload,
                             const TransformOptions& options = {});

// removeUndefined: drops undefined object members at every depth (array elements stay).
json::Value remove_undefined(const json::Value& value);

}  // namespace mapcheck::mapping
