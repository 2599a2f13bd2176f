// Running the common mapping shapes straight from an event's raw index. Every step mirrors the
// general engine (transform.cpp resolve, path.cpp get_path, template.cpp rendering,
// removeUndefined and json::append_json); anything outside what is mirrored here makes the
// plan decline for the event.
#include "mapping/raw_plan.hpp"

#include "json/number.hpp"
#include "json/write.hpp"
#include "mapping/path.hpp"
#include "mapping/raw_plan_detail.hpp"

namespace mapcheck::mapping {

using json::RawIndex;
using json::RawNode;
using json::Value;

namespace {

constexpr std::size_t kMaxStringBytes = 16u << 20;  // as transform.cpp

std::string json_text(std::string_view s) {
  std::string out;
  json::append_json_string(out, s);
  return out;
}

// One run over one event.
class Run {
 public:
  // `out_limit`: the length of the output text past which the run declines, so the general
  // path reports the output limit (TransformOptions::max_output_bytes) as it does.
  Run(const RawIndex& index, std::size_t max_work, std::size_t out_limit)
      : index_(index), max_work_(max_work), out_limit_(out_limit) {}

  bool object(const RawObjectPlan& plan, const RawNode& data, std::string& out,
              std::vector<RawPlan::Field>* statuses) {
    if (!count(plan.steps)) return false;
    out.push_back('{');
    bool first = true;
    for (const RawField& field : plan.fields) {
      const std::size_t mark = out.size();
      if (!first) out.push_back(',');
      out += field.prefix;
      RawPlan::Field status = RawPlan::Field::other;
      bool present = true;
      if (!value(field, data, out, present, status) || out.size() > out_limit_) return false;
      if (!present) {
        out.resize(mark);
        status = RawPlan::Field::absent;
      } else {
        first = false;
      }
      if (statuses) statuses->push_back(status);
    }
    out.push_back('}');
    return true;
  }

 private:
  enum class Walk { undefined, node, decline };

  bool count(std::size_t steps) {
    work_ += steps;
    return work_ <= max_work_;
  }

  static bool is_zero_number(std::string_view token) { return json::parse_json_number(token) == 0; }

  bool falsy(const RawNode& n) const {
    switch (n.type) {
      case RawNode::Type::null:
      case RawNode::Type::false_: return true;
      case RawNode::Type::string: return n.end - n.begin == 2;
      case RawNode::Type::number: return is_zero_number(index_.text(n));
      default: return false;
    }
  }

  // get(data, keys) (path.cpp), over recorded nodes. Own members of objects are followed; a
  // key that is not an own member reads undefined unless JavaScript would find something for
  // it (a prototype's member, an array's or string's length or index), which is left to the
  // general path.
  Walk walk(const RawNode& data, const std::vector<std::string>& keys, const RawNode*& result) const {
    const RawNode* current = &data;
    for (const std::string& key : keys) {
      if (falsy(*current)) break;
      if (current->type == RawNode::Type::object) {
        if (const RawNode* member = index_.member(*current, key)) {
          current = member;
          continue;
        }
      } else if (current->type == RawNode::Type::array ||
                 (current->type == RawNode::Type::string &&
                  (key == "length" || json::is_array_index(key)))) {
        return Walk::decline;
      }
      return may_reach_builtin(key) ? Walk::decline : Walk::undefined;
    }
    result = current;
    return Walk::node;
  }

  // JSON.stringify(value) of a recorded value.
  void emit(const RawNode& n, std::string& out) const {
    if (n.canonical) out += index_.text(n);
    else json::append_json(out, index_.value(n));
  }

  static RawPlan::Field status_of(const RawNode& n) {
    if (n.type == RawNode::Type::null) return RawPlan::Field::null;
    if (n.type == RawNode::Type::string && n.end - n.begin == 2) return RawPlan::Field::empty_string;
    return RawPlan::Field::other;
  }

  // String(value) of a recorded value, JSON-escaped, as a template inserts it. Objects and
  // arrays are left to the general path (String() throws for an object with its own toString).
  bool emit_string(const RawNode& n, std::string& out) const {
    switch (n.type) {
      case RawNode::Type::null: return true;
      case RawNode::Type::true_: out += "true"; return true;
      case RawNode::Type::false_: out += "false"; return true;
      case RawNode::Type::object:
      case RawNode::Type::array: return false;
      case RawNode::Type::string:
        if (n.canonical) {
          const std::string_view text = index_.text(n);
          out += text.substr(1, text.size() - 2);
          return true;
        }
        break;
      case RawNode::Type::number:
        if (n.canonical) {
          out += index_.text(n);
          return true;
        }
        break;
    }
    const std::string text = json_text(json::to_js_string(index_.value(n)));
    out.append(text, 1, text.size() - 2);
    return true;
  }

  bool value(const RawField& field, const RawNode& data, std::string& out, bool& present,
             RawPlan::Field& status) {
    switch (field.kind) {
      case RawField::Kind::literal:
        out += field.literal;
        status = field.literal_status;
        return true;
      case RawField::Kind::object: return object(*field.object, data, out, nullptr);
      case RawField::Kind::path: {
        const RawNode* n = &data;
        const Walk w = field.whole ? Walk::node : walk(data, field.keys, n);
        if (w == Walk::decline) return false;
        if (w == Walk::undefined) {
          present = false;
          return true;
        }
        emit(*n, out);
        status = status_of(*n);
        return true;
      }
      case RawField::Kind::tmpl: {
        out.push_back('"');
        const std::size_t start = out.size();
        for (const RawPiece& piece : field.pieces) {
          if (!piece.is_path) {
            out += piece.text;
            continue;
          }
          const RawNode* n = &data;
          const Walk w = piece.whole ? Walk::node : walk(data, piece.keys, n);
          if (w == Walk::decline) return false;
          if (w == Walk::node && !emit_string(*n, out)) return false;
          if (out.size() - start > kMaxStringBytes) return false;  // let the engine report it
        }
        status = out.size() == start ? RawPlan::Field::empty_string : RawPlan::Field::other;
        out.push_back('"');
        return true;
      }
      case RawField::Kind::array_path: {
        const RawNode* root = &data;
        const Walk w = field.whole ? Walk::node : walk(data, field.keys, root);
        if (w == Walk::decline) return false;
        if (w == Walk::undefined) {
          present = false;
          return true;
        }
        const bool container = root->type == RawNode::Type::object || root->type == RawNode::Type::array;
        if (!field.object || !container) {  // returned as it is
          emit(*root, out);
          status = status_of(*root);
          return true;
        }
        out.push_back('[');
        if (root->type == RawNode::Type::object) {
          if (!object(*field.object, *root, out, nullptr)) return false;
        } else {
          if (!root->elements) return false;
          bool first = true;
          for (std::int32_t e = root->first_child; e >= 0; e = index_.node(e).next_sibling) {
            if (!first) out.push_back(',');
            first = false;
            if (!object(*field.object, index_.node(e), out, nullptr)) return false;
          }
        }
        out.push_back(']');
        return true;
      }
    }
    return false;
  }

  const RawIndex& index_;
  std::size_t max_work_;
  std::size_t out_limit_;
  std::size_t work_ = 0;
};

}  // namespace

RawPlan::RawPlan() = default;
RawPlan::~RawPlan() = default;
RawPlan::RawPlan(RawPlan&&) noexcept = default;

bool RawPlan::run(const json::RawIndex& event, std::string& out, std::vector<Field>& fields) const {
  const std::size_t mark = out.size();
  const std::size_t fields_mark = fields.size();
  Run run(event, max_work_, mark + TransformOptions{}.max_output_bytes);
  if (event.root().type != RawNode::Type::object || !run.object(*root_, event.root(), out, &fields)) {
    out.resize(mark);
    fields.resize(fields_mark);
    return false;
  }
  return true;
}

}  // namespace mapcheck::mapping
