// Lookups in a raw index (the scan itself lives with the parser in parse.cpp).
#include "json/raw.hpp"

namespace mapcheck::json {

const RawNode* RawIndex::member(const RawNode& object, std::string_view key) const {
  for (std::int32_t c = object.first_child; c >= 0; c = node(c).next_sibling)
    if (node(c).key == key) return &node(c);
  return nullptr;
}

Value RawIndex::value(const RawNode& n) const {
  ParseOptions options;
  return parse(text(n), options).value;
}

Value RawIndex::projected(const RawNode& n, const Projection& need) const {
  if (need.whole || n.type != RawNode::Type::object) return value(n);  // arrays kept whole: a superset
  Object members;
  for (std::int32_t c = n.first_child; c >= 0; c = node(c).next_sibling) {
    const RawNode& child = node(c);
    if (const Projection* child_need = need.find(child.key))
      members.set(std::string(child.key), projected(child, *child_need));
  }
  return Value::object(std::move(members));
}

}  // namespace mapcheck::json
