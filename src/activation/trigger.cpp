// Trigger evaluation for the simulation. Until the FQL engine is connected, a mapping without a
// trigger receives every event and a mapping with one is reported as not evaluated.
#include "activation/simulate.hpp"

namespace mapcheck::activation {

TriggerOutcome evaluate_trigger(const MappingConfig& mapping, const json::Value&) {
  TriggerOutcome outcome;
  if (mapping.trigger.is_undefined() && !mapping.trigger_fql) return outcome;
  outcome.details = json::Value::object(json::Object{{"evaluated", json::Value::boolean(false)}});
  return outcome;
}

// The placeholder above reads nothing from the event.
bool trigger_reads(const MappingConfig&, json::Projection&) { return true; }

}  // namespace mapcheck::activation
