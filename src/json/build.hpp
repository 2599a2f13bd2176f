// Internal to src/json: direct construction of Objects by the parsers, which already know the
// final member order (no array-index keys, no duplicate keys) and so can skip Object::set's
// per-member lookup and ordering work. Not part of the public API.
#pragma once

#include <cstddef>
#include <vector>

#include "json/value.hpp"

namespace mapcheck::json::detail {

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
};

}  // namespace mapcheck::json::detail
