// Internal to the raw plan (raw_plan.cpp runs it, raw_plan_compile.cpp builds it): a mapping
// object compiled field by field.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "json/value.hpp"
#include "mapping/raw_plan.hpp"

namespace mapcheck::mapping {

struct RawPiece {
  std::string text;               // literal text, JSON-escaped (without quotes)
  bool is_path = false;
  bool whole = false;             // the path is "" or ".": the data itself
  std::vector<std::string> keys;  // the path's keys
};

struct RawField {
  enum class Kind { literal, path, tmpl, object, array_path };
  Kind kind = Kind::literal;
  std::string prefix;               // "\"key\":" as JSON
  std::string literal;              // literal: its JSON text
  RawPlan::Field literal_status = RawPlan::Field::other;
  bool whole = false;               // path / array_path: the path is the data itself
  std::vector<std::string> keys;    // path / array_path
  std::vector<RawPiece> pieces;        // tmpl
  std::unique_ptr<RawObjectPlan> object;  // object, or the array_path item shape (may be null)
};

struct RawObjectPlan {
  std::vector<RawField> fields;
  std::size_t steps = 0;  // resolution steps the general engine counts for this object
};

// Compiles a plain-object mapping; false when a field has a shape the raw plan does not cover.
bool compile_raw_object(const json::Value& mapping, RawObjectPlan& plan);

}  // namespace mapcheck::mapping
