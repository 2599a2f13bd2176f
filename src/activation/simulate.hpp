// The simulation: from a profile and a destination connection to the Identify and Track
// events Engage would emit, the payload each destination mapping produces from them, and what
// list destinations (Facebook, Google) receive after normalization and hashing.
#pragma once

#include <vector>

#include "activation/config.hpp"
#include "diagnostics.hpp"
#include "json/parse.hpp"
#include "json/value.hpp"

namespace mapcheck::activation {

// How a mapping's trigger judged one event.
struct TriggerOutcome {
  bool matches = true;          // a mapping without a trigger receives every event
  json::Value details;          // explanation (condition by condition) when there is a trigger
  std::vector<Diagnostic> diagnostics;  // trigger problems (source "trigger")
};

// What the destination connection tells the trigger lints.
struct TriggerContext {
  std::vector<std::string> event_names;  // the connection's enter / exit / computed names
  std::size_t max_conditions = 2;        // conditions per trigger on self-service plans
};

// Evaluates a mapping's trigger (FQL text and/or conditions) against an event, as Segment
// does, with the condition-by-condition explanation and the trigger lints for that event.
TriggerOutcome evaluate_trigger(const MappingConfig& mapping, const json::Value& event,
                                const TriggerContext& context = {});

// Adds to `at` (the node standing for the event) every part of the event that
// evaluate_trigger reads for `mapping`; false when that is not known. Batch mode builds only
// what this and the mapping's own reads report, so it must change whenever evaluate_trigger
// starts reading something new. Implemented next to evaluate_trigger.
bool trigger_reads(const MappingConfig& mapping, json::Projection& at);

// Runs the simulation. The report is a JSON object (shape in docs/activation-config.md):
// {setup, events: [{label, type, event, identifiers, diagnostics, mappings: [...]}],
//  rows?, assumptions, diagnostics}.
json::Value simulate(const Config& config, const std::vector<Diagnostic>& config_diagnostics);

}  // namespace mapcheck::activation
