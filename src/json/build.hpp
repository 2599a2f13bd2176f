// Internal to the core: direct construction of Objects by code that already knows the final
// member order (no array-index keys, no duplicate keys): the parsers and prepared mapping plans,
// which so skip Object::set's per-member lookup and ordering work. Not part of the public API.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "json/value.hpp"

namespace mapcheck::json {
struct ParseResult;
struct ParseOptions;
}  // namespace mapcheck::json

namespace mapcheck::json::detail {

// The complete parser (positions, duplicate reports, exact errors); parse_full.cpp.
ParseResult parse_full(std::string_view text, const ParseOptions& options);

struct ObjectAccess {
  // Members in their final order; the caller guarantees there are no array-index keys and no
  // duplicate keys among them.
  static Object from_plain_members(std::vector<Object::Member>::iterator first,
                                   std::vector<Object::Member>::iterator last) {
    Object o;
    o.members_.reserve(static_cast<std::size_t>(last - first));
    for (; first != last; ++first) o.members_.push_back(std::move(*first));
    return o;
  }
  // Appends a member; the caller guarantees the key is not an array index and not already in
  // the object.
  static void append_plain(Object& o, std::string key, Value value) {
    o.members_.emplace_back(std::move(key), std::move(value));
  }
};

}  // namespace mapcheck::json::detail
