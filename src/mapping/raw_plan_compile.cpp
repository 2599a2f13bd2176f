// Compiling mappings into raw plans (once per mapping; the run is in raw_plan.cpp). Compiled
// for size in the wasm module.
#include "json/write.hpp"
#include "mapping/path.hpp"
#include "mapping/raw_plan_detail.hpp"
#include "mapping/reads.hpp"
#include "mapping/template.hpp"
#include "mapping/validate.hpp"

namespace mapcheck::mapping {

using json::Value;

namespace {

bool plain_key(const std::string& key) { return key != "__proto__" && !json::is_array_index(key); }

std::string json_text(std::string_view s) {
  std::string out;
  json::append_json_string(out, s);
  return out;
}

bool compile_field(const std::string& key, const Value& member, RawField& field, std::size_t& steps) {
  field.prefix = json_text(key) + ":";
  if (!member.is_object() && !member.is_array()) {  // a literal resolves to itself
    field.kind = RawField::Kind::literal;
    field.literal = *json::stringify(member);
    field.literal_status = member.is_null() ? RawPlan::Field::null
                           : member.is_string() && member.as_string().empty()
                               ? RawPlan::Field::empty_string
                               : RawPlan::Field::other;
    steps += 1;
    return true;
  }
  if (member.is_array()) return false;
  if (!is_directive(member)) {
    field.kind = RawField::Kind::object;
    field.object = std::make_unique<RawObjectPlan>();
    if (!compile_raw_object(member, *field.object)) return false;
    steps += field.object->steps;
    return true;
  }
  const std::string& name = *directive_name(member);
  const Value& opts = *member.as_object().find(name);
  if (name == "@path" && opts.is_string()) {
    field.kind = RawField::Kind::path;
    const std::string path = strip_dollar_dot(opts.as_string());
    field.whole = path.empty() || path == ".";
    if (!field.whole) field.keys = split_path(path);
    steps += 2;  // the directive, then its path string
    return true;
  }
  if (name == "@template" && opts.is_string()) {
    field.kind = RawField::Kind::tmpl;
    // Rendering joins surrogate halves that end up side by side (template.cpp); a template
    // holding any (their encoding starts with 0xED) is left to the general path.
    if (opts.as_string().find('\xED') != std::string::npos) return false;
    std::vector<TemplatePiece> pieces;
    if (!template_pieces(opts.as_string(), pieces)) return false;
    for (const TemplatePiece& p : pieces) {
      RawPiece piece;
      piece.is_path = p.is_path;
      if (!p.is_path) {
        piece.text = json_text(p.text);
        piece.text = piece.text.substr(1, piece.text.size() - 2);
      } else {
        piece.whole = p.text.empty() || p.text == ".";
        if (!piece.whole) piece.keys = split_path(p.text);
      }
      field.pieces.push_back(std::move(piece));
    }
    steps += 2;
    return true;
  }
  if (name == "@arrayPath" && opts.is_array() && !opts.as_array().empty() &&
      opts.as_array()[0].is_string()) {
    field.kind = RawField::Kind::array_path;
    const std::string path = strip_dollar_dot(opts.as_array()[0].as_string());
    field.whole = path.empty() || path == ".";
    if (!field.whole) field.keys = split_path(path);
    const Value shape = opts.as_array().size() > 1 ? opts.as_array()[1] : Value();
    if (shape.is_object() && !shape.as_object().empty()) {
      if (is_directive(shape)) return false;
      field.object = std::make_unique<RawObjectPlan>();
      if (!compile_raw_object(shape, *field.object)) return false;
    }
    steps += 1;  // the directive; items are counted as they are mapped
    return true;
  }
  return false;
}

}  // namespace

bool compile_raw_object(const Value& mapping, RawObjectPlan& plan) {
  plan.steps = 1;
  for (const auto& [key, member] : mapping.as_object()) {
    if (!plain_key(key)) return false;
    RawField field;
    if (!compile_field(key, member, field, plan.steps)) return false;
    plan.fields.push_back(std::move(field));
  }
  return true;
}

std::unique_ptr<RawPlan> RawPlan::make(const PreparedMapping& prepared, json::Projection& reads,
                                       std::size_t max_work) {
  const Value& mapping = prepared.mapping;
  if (prepared.error || !mapping.is_object() || is_directive(mapping)) return nullptr;
  std::unique_ptr<RawPlan> plan(new RawPlan());
  plan->root_ = std::make_unique<RawObjectPlan>();
  if (!compile_raw_object(mapping, *plan->root_)) return nullptr;
  if (!payload_reads(mapping, reads)) return nullptr;
  for (const auto& [key, member] : mapping.as_object()) plan->names_.push_back(key);
  plan->max_work_ = max_work;
  return plan;
}

}  // namespace mapcheck::mapping
