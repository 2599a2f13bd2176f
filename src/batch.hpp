// Batch checking: NDJSON events in, one result line per event out, and a coverage report.
// The runner holds no I/O: callers feed it lines (the CLI streams a file or stdin, the wasm
// module a string) and memory stays flat in the number of events.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "activation/config.hpp"
#include "diagnostics.hpp"
#include "json/parse.hpp"
#include "json/raw.hpp"
#include "json/value.hpp"
#include "activation/simulate.hpp"
#include "mapping/path.hpp"
#include "mapping/raw_plan.hpp"
#include "mapping/transform.hpp"

namespace mapcheck::batch {

struct MappingCoverage {
  std::string name;
  std::size_t matched = 0;
  std::size_t failed = 0;                           // the mapping threw for the event
  std::map<std::string, std::size_t> empty_fields;  // top-level field → events where it was empty
};

class Runner {
 public:
  // A runner for the mappings of an activation config (their triggers and required fields).
  explicit Runner(std::vector<activation::MappingConfig> mappings);

  // Checks one NDJSON line (1-based `line_number`) and appends one JSON result line, with a
  // trailing newline, to `out`. Blank lines are skipped; a line that is not a JSON object is
  // reported as {"line", "error"} and counted.
  void process_line(std::string_view line, std::size_t line_number, std::string& out);

  // Reports a line the caller could not hand over (longer than its limit) as a bad line, in
  // the same shape as a line that does not parse: {"line", "error"}, counted as JSON-03.
  void report_bad_line(std::size_t line_number, std::string_view message, std::string& out);

  // The coverage report: {events, badLines, mappings: [{name, matched, failed, emptyFields}],
  // diagnostics: {code: count}}.
  json::Value summary() const;

  std::size_t events() const { return events_; }

 private:
  std::vector<activation::MappingConfig> mappings_;
  std::vector<mapping::PreparedMapping> prepared_;
  // What the mappings and triggers read of an event, when that is known: events are then
  // parsed with only those parts built (json::parse_projected).
  std::unique_ptr<json::Projection> reads_;
  // The raw path (mapping::RawPlan), when every mapping has a raw plan and what the triggers
  // read is known: outputs are written straight from the event's text.
  bool process_raw(std::string_view line, std::size_t line_number, std::string& out);
  std::vector<std::unique_ptr<mapping::RawPlan>> raw_plans_;
  json::Projection raw_reads_;                        // what the raw plans read
  // What the triggers read (trigger_reads), when some mapping has a trigger and that is known.
  std::unique_ptr<json::Projection> trigger_reads_;
  bool any_trigger_ = false;
  // Trigger outcomes (for every mapping) by what the triggers read of an event: a batch repeats
  // a handful of event types and trigger values, so each combination is evaluated once.
  const std::vector<activation::TriggerOutcome>& triggers_for(const json::Value& event);
  const std::vector<activation::TriggerOutcome>& triggers_for_raw();
  const std::vector<activation::TriggerOutcome>& evaluate_triggers(const json::Value& read,
                                                                    bool remember);
  void raw_trigger_key(const json::RawNode& node, const json::Projection& need);
  std::unordered_map<std::string, std::vector<activation::TriggerOutcome>> trigger_memo_;
  std::vector<activation::TriggerOutcome> trigger_scratch_;
  std::string trigger_key_;
  json::RawIndex raw_index_;
  std::string raw_text_;
  std::vector<mapping::RawPlan::Field> raw_fields_;
  mapping::PathCache paths_;
  std::vector<MappingCoverage> coverage_;
  std::map<std::string, std::size_t> diagnostic_counts_;
  std::size_t events_ = 0;
  std::size_t bad_lines_ = 0;
};

// Builds the mappings a batch runs from the command-line form: a mapping-kit mapping and an
// optional trigger in FQL. Problems (the mapping does not parse or is not an object) come back
// as diagnostics.
std::optional<activation::MappingConfig> single_mapping(std::string_view mapping_text,
                                                        std::optional<std::string> trigger_fql,
                                                        std::vector<Diagnostic>& diagnostics);

}  // namespace mapcheck::batch
