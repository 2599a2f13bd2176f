// Path lookup as mapping-kit's `get` does it, used by @path, @arrayPath and @template.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "json/value.hpp"

namespace mapcheck::mapping {

// The keys a path walks: split on ".", on "[" before a quote or digit and on a run of "]"
// after one; empty pieces dropped, then every quote character removed.
std::vector<std::string> split_path(std::string_view path);

// `value[key]` for a JSON value: own object members, array elements and `length`, the UTF-16
// units and `length` of strings; undefined otherwise.
json::Value get_property(const json::Value& value, std::string_view key);

// get(root, path): "" and "." give the root; a falsy value met on the way is returned as is
// (`a.b` with a = 0 gives 0), a missing one gives undefined.
json::Value get_path(const json::Value& root, std::string_view path);

// Memoized split_path, for mappings that run over many events (bounded in size).
class PathCache {
 public:
  const std::vector<std::string>& split(std::string_view path);
  // The keys @path and @arrayPath look up for the path string `raw`: split_path of
  // strip_dollar_dot(raw). `whole` is set when that path is "" or "." (the root itself).
  const std::vector<std::string>& split_dollar_path(std::string_view raw, bool& whole);

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  struct Split {
    std::vector<std::string> keys;
    bool whole = false;
  };
  std::unordered_map<std::string, std::vector<std::string>, Hash, std::equal_to<>> pieces_;
  std::unordered_map<std::string, Split, Hash, std::equal_to<>> dollar_;
};

// get_path over keys already split (`whole` for the paths "" and ".", which return the root).
json::Value get_path(const json::Value& root, const std::vector<std::string>& keys);
// get_path through a cache (nullptr: no cache).
json::Value get_path(const json::Value& root, std::string_view path, PathCache* cache);

// `path.replace("$.", "")`: removes the first occurrence of "$." anywhere in the path.
std::string strip_dollar_dot(std::string_view path);

}  // namespace mapcheck::mapping
