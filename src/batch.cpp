// The batch runner: per-line transform and trigger evaluation with a running coverage count.
#include "batch.hpp"

#include "activation/simulate.hpp"
#include "api.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"
#include "limits.hpp"
#include "mapping/reads.hpp"
#include "mapping/transform.hpp"

namespace mapcheck::batch {

using json::Object;
using json::Value;

Runner::Runner(std::vector<activation::MappingConfig> mappings) : mappings_(std::move(mappings)) {
  reads_ = std::make_unique<json::Projection>();
  for (const activation::MappingConfig& m : mappings_) {
    coverage_.push_back({m.name, 0, 0, {}});
    prepared_.push_back(mapping::prepare(m.fields));
    // A mapping that fails validation throws before reading anything.
    if (reads_ && !activation::trigger_reads(m, *reads_)) reads_.reset();
    if (reads_ && !prepared_.back().error && !mapping::payload_reads(prepared_.back().mapping, *reads_))
      reads_.reset();
  }
  auto triggers = std::make_unique<json::Projection>();
  bool triggers_known = true;
  for (const activation::MappingConfig& m : mappings_) {
    any_trigger_ = any_trigger_ || !m.trigger.is_undefined() || m.trigger_fql.has_value();
    triggers_known = triggers_known && activation::trigger_reads(m, *triggers);
  }
  if (any_trigger_ && triggers_known) trigger_reads_ = std::move(triggers);
  // The raw path needs a raw plan for every mapping and, with triggers, what they read.
  if (any_trigger_ && !trigger_reads_) return;
  for (const mapping::PreparedMapping& prepared : prepared_) {
    std::unique_ptr<mapping::RawPlan> plan = mapping::RawPlan::make(prepared, raw_reads_);
    if (!plan) {
      raw_plans_.clear();
      return;
    }
    raw_plans_.push_back(std::move(plan));
  }
  if (trigger_reads_) raw_reads_.merge(*trigger_reads_);  // the raw scan records them too
}

const std::vector<activation::TriggerOutcome>& Runner::triggers_for(const Value& event) {
  if (!trigger_reads_) return evaluate_triggers(event, false);
  // `event` holds at least what the triggers read; the outcome depends on nothing else.
  const Value read = json::project(event, *trigger_reads_);
  trigger_key_.assign("V");
  json::append_json(trigger_key_, read);
  if (auto it = trigger_memo_.find(trigger_key_); it != trigger_memo_.end()) return it->second;
  return evaluate_triggers(read, true);
}

// The raw texts of what the triggers read, as the memo key: equal texts are equal values.
// Control characters cannot occur in JSON text, so they delimit.
void Runner::raw_trigger_key(const json::RawNode& node, const json::Projection& need) {
  for (const auto& [name, child_need] : need.members) {
    trigger_key_ += name;
    trigger_key_.push_back('\x01');
    const json::RawNode* child = raw_index_.member(node, name);
    if (child == nullptr) {
      trigger_key_.push_back('\x02');
    } else if (child_need->whole || child->type != json::RawNode::Type::object) {
      trigger_key_ += raw_index_.text(*child);
    } else {
      trigger_key_.push_back('{');
      raw_trigger_key(*child, *child_need);
      trigger_key_.push_back('}');
    }
    trigger_key_.push_back('\x03');
  }
}

const std::vector<activation::TriggerOutcome>& Runner::triggers_for_raw() {
  if (!trigger_reads_) return evaluate_triggers(Value::object(), false);  // no trigger reads it
  trigger_key_.assign("R");
  raw_trigger_key(raw_index_.root(), *trigger_reads_);
  if (auto it = trigger_memo_.find(trigger_key_); it != trigger_memo_.end()) return it->second;
  return evaluate_triggers(raw_index_.projected(*trigger_reads_), true);
}

const std::vector<activation::TriggerOutcome>& Runner::evaluate_triggers(const Value& read,
                                                                         bool remember) {
  std::vector<activation::TriggerOutcome>* outcomes = &trigger_scratch_;
  if (remember) {
    if (trigger_memo_.size() >= 1024) trigger_memo_.clear();  // bounded: memory stays flat
    outcomes = &trigger_memo_[trigger_key_];
  }
  outcomes->clear();
  for (const activation::MappingConfig& m : mappings_)
    outcomes->push_back(activation::evaluate_trigger(m, read));
  return *outcomes;
}

bool Runner::process_raw(std::string_view line, std::size_t line_number, std::string& out) {
  if (!raw_index_.scan(line, raw_reads_) || raw_index_.root().type != json::RawNode::Type::object)
    return false;
  const std::vector<activation::TriggerOutcome>& triggers = triggers_for_raw();
  // Everything is worked out first; nothing is counted unless every mapping ran on this path.
  std::string& text = raw_text_;
  text.clear();
  raw_fields_.clear();
  for (std::size_t i = 0; i < mappings_.size(); ++i) {
    const activation::MappingConfig& m = mappings_[i];
    const bool matched = triggers[i].matches;
    if (i) text.push_back(',');
    text += matched ? "{\"matched\":true" : "{\"matched\":false";
    if (matched) {
      const std::size_t first_field = raw_fields_.size();
      text += ",\"output\":";
      if (!raw_plans_[i]->run(raw_index_, text, raw_fields_)) return false;
      const std::vector<std::string>& names = raw_plans_[i]->field_names();
      bool first_missing = true;
      for (const std::string& field : m.required_fields) {
        mapping::RawPlan::Field status = mapping::RawPlan::Field::absent;
        for (std::size_t k = 0; k < names.size(); ++k)
          if (names[k] == field) status = raw_fields_[first_field + k];
        if (status == mapping::RawPlan::Field::other) continue;
        text += first_missing ? ",\"missingRequired\":[" : ",";
        first_missing = false;
        json::append_json_string(text, field);
      }
      if (!first_missing) text.push_back(']');
    }
    text.push_back('}');
  }
  // Count, as process_line does.
  ++events_;
  std::size_t field_at = 0;
  for (std::size_t i = 0; i < mappings_.size(); ++i) {
    const activation::MappingConfig& m = mappings_[i];
    MappingCoverage& cov = coverage_[i];
    for (const Diagnostic& d : triggers[i].diagnostics) ++diagnostic_counts_[d.code];
    if (!triggers[i].matches) continue;
    ++cov.matched;
    const std::vector<std::string>& names = raw_plans_[i]->field_names();
    for (std::size_t k = 0; k < names.size(); ++k) {
      const mapping::RawPlan::Field status = raw_fields_[field_at + k];
      if (status == mapping::RawPlan::Field::absent || status == mapping::RawPlan::Field::null)
        ++cov.empty_fields[names[k]];
    }
    for (const std::string& field : m.required_fields) {
      mapping::RawPlan::Field status = mapping::RawPlan::Field::absent;
      for (std::size_t k = 0; k < names.size(); ++k)
        if (names[k] == field) status = raw_fields_[field_at + k];
      if (status != mapping::RawPlan::Field::other) ++diagnostic_counts_["MAP-03"];
    }
    field_at += names.size();
  }
  out += "{\"line\":";
  out += std::to_string(line_number);
  out += ",\"mappings\":[";
  out += text;
  out += "]}\n";
  return true;
}

void Runner::process_line(std::string_view line, std::size_t line_number, std::string& out) {
  std::size_t first = line.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return;  // blank line
  const std::string line_text = std::to_string(line_number);
  // One line is one event: longer lines are refused before they are parsed.
  json::ParseOptions options;
  options.limits.max_bytes = limits::kMaxBatchLineBytes;
  if (line.size() <= options.limits.max_bytes && !raw_plans_.empty() &&
      process_raw(line, line_number, out))
    return;
  json::ParseResult parsed =
      reads_ ? json::parse_projected(line, *reads_, options) : json::parse(line, options);
  if (!parsed.ok() || !parsed.value.is_object()) {
    ++bad_lines_;
    std::string message =
        parsed.ok() ? "The line is not a JSON object"
        : parsed.error->kind == json::ParseErrorKind::too_large
            ? "The line is " + std::to_string(line.size()) +
                  " bytes long; mapcheck reads lines of at most " +
                  std::to_string(limits::kMaxBatchLineBytes) + " bytes"
            : parsed.error->message + " at column " + std::to_string(parsed.error->offset + 1);
    ++diagnostic_counts_[parsed.ok() ? "JSON-01" : api::parse_error_code(parsed.error->kind)];
    out += "{\"line\":" + line_text + ",\"error\":";
    json::append_json_string(out, message);
    out += "}\n";
    return;
  }
  ++events_;
  const Value& event = parsed.value;
  const std::vector<activation::TriggerOutcome>& triggers = triggers_for(event);
  out += "{\"line\":";
  out += line_text;
  out += ",\"mappings\":[";
  for (std::size_t i = 0; i < mappings_.size(); ++i) {
    const activation::MappingConfig& m = mappings_[i];
    MappingCoverage& cov = coverage_[i];
    if (i) out.push_back(',');
    const activation::TriggerOutcome& trigger = triggers[i];
    out += "{\"matched\":";
    out += trigger.matches ? "true" : "false";
    for (const Diagnostic& d : trigger.diagnostics) ++diagnostic_counts_[d.code];
    if (trigger.matches) {
      ++cov.matched;
      mapping::TransformOptions options;
      options.paths = &paths_;
      mapping::TransformResult r = mapping::run_prepared(prepared_[i], event, options);
      if (r.error) {
        ++cov.failed;
        ++diagnostic_counts_[r.error->name == "LimitError" ? "LIM-01" : "MK-02"];
        out += ",\"error\":{\"name\":";
        json::append_json_string(out, r.error->name);
        out += ",\"message\":";
        json::append_json_string(out, r.error->message);
        out.push_back('}');
      } else {
        if (!r.output.is_undefined()) {
          out += ",\"output\":";
          json::append_json(out, r.output);
        }
        if (m.fields.is_object()) {
          for (const auto& [field, directive] : m.fields.as_object()) {
            const Value* v = r.output.find(field);
            if (v == nullptr || v->is_null()) ++cov.empty_fields[field];
          }
        }
        bool first_missing = true;
        for (const std::string& field : m.required_fields) {
          const Value* v = r.output.find(field);
          if (v != nullptr && !v->is_nullish() && !(v->is_string() && v->as_string().empty())) continue;
          ++diagnostic_counts_["MAP-03"];
          out += first_missing ? ",\"missingRequired\":[" : ",";
          first_missing = false;
          json::append_json_string(out, field);
        }
        if (!first_missing) out.push_back(']');
      }
    }
    out.push_back('}');
  }
  out += "]}\n";
}

void Runner::report_bad_line(std::size_t line_number, std::string_view message, std::string& out) {
  ++bad_lines_;
  ++diagnostic_counts_["JSON-03"];
  out += "{\"line\":";
  out += std::to_string(line_number);
  out += ",\"error\":";
  json::append_json_string(out, message);
  out += "}\n";
}

Value Runner::summary() const {
  json::Array mappings;
  for (const MappingCoverage& cov : coverage_) {
    Object empty;
    for (const auto& [field, count] : cov.empty_fields) empty.set(field, Value::number(static_cast<double>(count)));
    mappings.push_back(Value::object(Object{{"name", Value::string(cov.name)},
                                            {"matched", Value::number(static_cast<double>(cov.matched))},
                                            {"failed", Value::number(static_cast<double>(cov.failed))},
                                            {"emptyFields", Value::object(std::move(empty))}}));
  }
  Object counts;
  for (const auto& [code, count] : diagnostic_counts_) counts.set(code, Value::number(static_cast<double>(count)));
  return Value::object(Object{{"events", Value::number(static_cast<double>(events_))},
                              {"badLines", Value::number(static_cast<double>(bad_lines_))},
                              {"mappings", Value::array(std::move(mappings))},
                              {"diagnostics", Value::object(std::move(counts))}});
}

std::optional<activation::MappingConfig> single_mapping(std::string_view mapping_text,
                                                        std::optional<std::string> trigger_fql,
                                                        std::vector<Diagnostic>& diagnostics) {
  api::Input input = api::parse_input(mapping_text, "mapping");
  if (!input.ok) {
    diagnostics = input.diagnostics;
    return std::nullopt;
  }
  activation::MappingConfig m;
  m.name = "mapping";
  m.fields = input.value;
  m.trigger_fql = std::move(trigger_fql);
  return m;
}

}  // namespace mapcheck::batch
