// Static analysis of the payload paths a mapping reads, directive by directive, following the
// same resolution rules as transform.cpp.
#include "mapping/reads.hpp"

#include <string>
#include <vector>

#include "mapping/path.hpp"
#include "mapping/template.hpp"
#include "mapping/validate.hpp"

namespace mapcheck::mapping {

using json::Projection;
using json::Value;

namespace {

// The node for get(payload, keys): the value there is used as a whole.
Projection& path_node(Projection& at, const std::vector<std::string>& keys) {
  Projection* node = &at;
  for (const std::string& key : keys) node = &node->member(key);
  return *node;
}

// The node for @path / @arrayPath's path string (its first "$." removed).
Projection& dollar_path_node(Projection& at, const std::string& raw) {
  const std::string path = strip_dollar_dot(raw);
  if (path.empty() || path == ".") return at;
  return path_node(at, split_path(path));
}

}  // namespace

bool payload_reads(const Value& mapping, Projection& at) {
  if (!mapping.is_object() && !mapping.is_array()) return true;  // literals read nothing
  if (mapping.is_array()) {
    for (const Value& item : mapping.as_array())
      if (!payload_reads(item, at)) return false;
    return true;
  }
  if (!is_directive(mapping)) {
    for (const auto& [key, member] : mapping.as_object())
      if (!payload_reads(member, at)) return false;
    return true;
  }
  const std::string& name = *directive_name(mapping);
  const Value& opts = *mapping.as_object().find(name);
  if (name == "@path") {
    if (!opts.is_string()) return false;
    dollar_path_node(at, opts.as_string()).whole = true;
    return true;
  }
  if (name == "@template") {
    if (!opts.is_string()) return false;
    std::vector<std::string> paths;
    if (!template_paths(opts.as_string(), paths)) return false;
    for (const std::string& path : paths) {
      if (path.empty() || path == ".") at.whole = true;
      else path_node(at, split_path(path)).whole = true;
    }
    return true;
  }
  if (name == "@arrayPath") {
    if (!opts.is_array() || opts.as_array().empty()) return true;  // throws before reading
    const Value& path = opts.as_array()[0];
    const Value shape = opts.as_array().size() > 1 ? opts.as_array()[1] : Value();
    if (!path.is_string()) return payload_reads(path, at);  // the root is a computed value
    Projection& root = dollar_path_node(at, path.as_string());
    if (!shape.is_object() || shape.as_object().empty()) {
      root.whole = true;  // the root is returned as it is
      return true;
    }
    // An object root is mapped as [root], an array root element by element; either way only
    // what the shape reads of each item is needed.
    return payload_reads(shape, root) && payload_reads(shape, root.each());
  }
  if (name == "@transform") {
    // `mapping` resolves against the result of `apply`, never against this payload.
    if (!opts.is_object()) return true;
    const Value* apply = opts.as_object().find("apply");
    return apply == nullptr || payload_reads(*apply, at);
  }
  if (name == "@literal" || name == "@excludeWhenNull" || name == "@if" || name == "@case" ||
      name == "@replace" || name == "@merge" || name == "@flatten" || name == "@json") {
    // These resolve some of their options against the same payload: all of them is a safe
    // superset.
    return payload_reads(opts, at);
  }
  return false;  // @liquid reads whatever its template names; unknown directives
}

}  // namespace mapcheck::mapping
