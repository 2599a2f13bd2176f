// A prepared mapping run straight from an event's text: for the common mapping shapes (plain
// objects of @path, @template, @arrayPath fields and literals), batch mode writes the mapped
// payload as JSON directly from a json::RawIndex of the event, copying each value's text when it
// is already what JSON.stringify writes. The output is byte for byte what transform() and
// json::append_json give; whenever an event holds something this path does not reproduce
// exactly, run() declines and the caller takes the general path for that event.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "json/parse.hpp"
#include "json/raw.hpp"
#include "mapping/transform.hpp"

namespace mapcheck::mapping {

struct RawObjectPlan;  // internal (raw_plan.cpp)

class RawPlan {
 public:
  // How a top-level field of the output came out, for batch coverage.
  enum class Field : unsigned char { absent, null, empty_string, other };

  ~RawPlan();
  RawPlan(RawPlan&&) noexcept;

  // The plan for a prepared mapping, or nullptr when its shape is not covered. `reads` receives
  // what the plan reads of an event (scan events with it).
  static std::unique_ptr<RawPlan> make(const PreparedMapping& prepared, json::Projection& reads,
                                       std::size_t max_work = TransformOptions{}.max_work);

  // Appends the JSON text of transform(mapping, event) to `out` and one entry per top-level
  // mapping field (in mapping order) to `fields`. Returns false, appending nothing, when this
  // event needs the general path.
  bool run(const json::RawIndex& event, std::string& out, std::vector<Field>& fields) const;

  // The top-level field names, in mapping order.
  const std::vector<std::string>& field_names() const { return names_; }

 private:
  RawPlan();
  std::unique_ptr<RawObjectPlan> root_;
  std::vector<std::string> names_;
  std::size_t max_work_ = 0;
};

}  // namespace mapcheck::mapping
