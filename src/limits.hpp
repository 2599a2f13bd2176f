// mapcheck's own bounds on what one request may make it do, beyond the JSON input limits
// (json::Limits): each keeps a hostile configuration, batch or option list from hanging the
// page. Documented in docs/limits.md; a bound that is hit is an LIM-01 (or JSON-*) diagnostic.
#pragma once

#include <algorithm>
#include <cstddef>

namespace mapcheck::limits {

// Mappings in one activation config, or in validateEvent's "mappings" option (Segment itself
// allows 50 per destination, which MAP-04 reports).
inline constexpr std::size_t kMaxMappings = 100;
// Identifiers in a config's profile.
inline constexpr std::size_t kMaxIdentifiers = 1000;
// Rows of a config's Trait Enrichment and of its ID Sync, each.
inline constexpr std::size_t kMaxSetupRows = 100;
// Events one simulation builds (combinations of identifier values).
inline constexpr std::size_t kMaxSimulatedEvents = 200;
// Mapping values (directives, fields and literals) a simulation resolves over all its events:
// the events simulated are cut so that events × the mappings' size stays within it.
inline constexpr std::size_t kMaxSimulationWork = 250'000;
// Steps (values resolved) all mapping runs of one simulation may take together, counted as
// they run: the estimate above cannot see how far @arrayPath or @transform multiply the work.
inline constexpr std::size_t kMaxSimulationSteps = 1'000'000;
// Bytes of one line of a batch (one event).
inline constexpr std::size_t kMaxBatchLineBytes = std::size_t{1} << 20;
// Bytes of the simulated events of one simulation, in all (Value::weight of each event):
// profile traits can be large and every event carries them.
inline constexpr std::size_t kMaxSimulatedBytes = std::size_t{16} << 20;
// Bytes of JSON one call may answer with (transform, simulate, ...).
inline constexpr std::size_t kMaxResultBytes = std::size_t{64} << 20;
// Bytes of results runBatch holds in memory (the CLI streams them instead): twice the NDJSON
// it was given, and at least 32 MiB, so results in proportion to the events always fit while a
// small input cannot make it build gigabytes. Its answer may be that much larger than
// kMaxResultBytes.
inline std::size_t batch_results_limit(std::size_t ndjson_bytes) {
  return std::max(kMaxResultBytes / 2, 2 * ndjson_bytes);
}

}  // namespace mapcheck::limits
