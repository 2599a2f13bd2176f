// Trigger evaluation for the simulation and the batch runner: a mapping's trigger (FQL text
// and/or conditions) judged against one event with the FQL engine, as Segment judges it, with
// the condition-by-condition explanation and the trigger lints for that event.
#include "activation/simulate.hpp"

#include "fql/evaluate.hpp"
#include "fql/lookup.hpp"
#include "fql/lint.hpp"
#include "fql/parser.hpp"

namespace mapcheck::activation {

using json::Object;
using json::Value;

TriggerOutcome evaluate_trigger(const MappingConfig& mapping, const Value& event,
                                const TriggerContext& context) {
  TriggerOutcome outcome;
  if (mapping.trigger.is_undefined() && !mapping.trigger_fql) return outcome;
  fql::LintOptions options;
  options.event = &event;
  options.event_names = context.event_names;
  options.max_conditions = context.max_conditions;
  Value ast = mapping.trigger;
  std::optional<fql::Error> parse_error;
  if (mapping.trigger_fql) {
    const fql::ParseResult parsed = fql::parse(*mapping.trigger_fql);
    outcome.diagnostics = fql::lint(*mapping.trigger_fql, parsed, options);
    if (!mapping.trigger.is_undefined()) {
      for (Diagnostic& d : fql::compare_trigger(*mapping.trigger_fql, mapping.trigger))
        outcome.diagnostics.push_back(std::move(d));
    }
    // Segment runs what it parsed from the text.
    if (parsed.ok()) {
      ast = parsed.ast;
    } else {
      parse_error = parsed.error;
      ast = Value::object(Object{
          {"error", Value::object(Object{{"message", Value::string(parsed.error->message)}})}});
    }
  } else {
    outcome.diagnostics = fql::lint_ast(ast, options);
  }
  const fql::MatchResult m = fql::validate(ast, event);
  outcome.matches = m.matches;
  Object details{{"evaluated", Value::boolean(true)}, {"matches", Value::boolean(m.matches)}};
  const std::optional<fql::Error>& error = m.error ? m.error : parse_error;
  if (error)
    details.set("error", Value::object(Object{{"name", Value::string(error->name)},
                                              {"message", Value::string(error->message)}}));
  details.set("conditions", fql::explanation_to_value(fql::explain(ast, event)));
  outcome.details = Value::object(std::move(details));
  return outcome;
}

namespace {

// Adds what fql::validate, fql::explain and the event lints read of an event for one node of
// a condition tree: each condition's field (fql::path_keys of its name under properties,
// traits or context). False for shapes this does not know.
bool condition_reads(const Value& node, json::Projection& at) {
  const Value* type = node.is_object() ? node.find("type") : nullptr;
  if (type == nullptr || !type->is_string()) return false;
  const std::string& t = type->as_string();
  if (t == "group") {
    const Value* children = node.find("children");
    if (children == nullptr || !children->is_array()) return false;
    for (const Value& child : children->as_array())
      if (!condition_reads(child, at)) return false;
    return true;
  }
  const char* field = t == "event-type" ? "type"
                      : t == "event"    ? "event"
                      : t == "name"     ? "name"
                      : t == "userId"   ? "userId"
                                        : nullptr;
  if (field != nullptr) {
    at.member(field).whole = true;
    return true;
  }
  const char* root = t == "event-property" ? "properties"
                     : t == "event-trait"  ? "traits"
                     : t == "event-context" ? "context"
                                            : nullptr;
  const Value* name = node.find("name");
  if (root == nullptr || name == nullptr || !name->is_string()) return false;
  json::Projection* n = &at.member(root);
  for (const std::string& key : fql::path_keys(name->as_string())) n = &n->member(key);
  n->whole = true;
  return true;
}

}  // namespace

bool trigger_reads(const MappingConfig& mapping, json::Projection& at) {
  if (mapping.trigger.is_undefined() && !mapping.trigger_fql) return true;
  at.member("type").whole = true;  // the event lints read the event's type
  if (mapping.trigger_fql) {
    const fql::ParseResult parsed = fql::parse(*mapping.trigger_fql);
    if (!parsed.ok() || !condition_reads(parsed.ast, at)) return false;
  }
  return mapping.trigger.is_undefined() || condition_reads(mapping.trigger, at);
}

}  // namespace mapcheck::activation
