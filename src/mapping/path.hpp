// Path lookup as mapping-kit's `get` does it, used by @path, @arrayPath and @template.
#pragma once

#include <functional>
#include <optional>
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
// units and `length` of strings, then members inherited from JavaScript's prototypes (see
// lookup_path); undefined otherwise.
json::Value get_property(const json::Value& value, std::string_view key);

// What get() returns. Besides payload data, a path can reach the members every JavaScript value
// inherits: `__proto__` gives the prototype (which serializes as {}, [], "", 0 or false),
// `constructor`, `toString`, `hasOwnProperty` ... give built-in functions whose `name`, `length`
// and own members can be looked up further.
struct Lookup {
  json::Value value;        // the data found, in JSON form (a function is undefined, a wrapper its
                            // primitive)
  bool is_builtin = false;  // the lookup ended on a built-in (see builtin_value) ...
  json::Value builtin;      // ... represented as function_value() or wrapper_value()
  std::optional<std::string> type_error;  // the TypeError the lookup throws (`fn.caller`)
};

// Resolution's stand-ins for the JavaScript built-ins a path can reach that JSON cannot hold:
// functions (`constructor`, `toString`) and the prototypes String.prototype, Number.prototype
// and Boolean.prototype, objects that wrap "", 0 and false. Each is an object whose only key is
// not UTF-8, so no JSON input contains one. Lookups treat them as the built-in; transform()
// turns them into their JSON form before it returns.
json::Value function_value(std::string_view name, int length);
json::Value wrapper_value(const json::Value& primitive);
bool is_builtin_value(const json::Value& value);
bool is_function_value(const json::Value& value);
// The primitive a wrapper_value wraps; nullptr for any other value.
const json::Value* wrapped_primitive(const json::Value& value);
// realTypeOf: "function", or the wrapped primitive's type; json::real_type_of otherwise.
const char* js_type_name(const json::Value& value);
// String(value) of a built-in: "function NAME() { [native code] }", or the primitive's text.
std::string builtin_text(const json::Value& value);
// What JSON.stringify makes of a value holding built-ins: a function is undefined at the top,
// left out of objects and null in arrays; a wrapper is its primitive.
json::Value json_form(const json::Value& value);

// get(root, path): "" and "." give the root; a falsy value met on the way is returned as is
// (`a.b` with a = 0 gives 0), a missing one gives undefined.
json::Value get_path(const json::Value& root, std::string_view path);

// Memoized split_path, for mappings that run over many events (bounded in size).
class PathCache {
 public:
  const std::vector<std::string>& split(std::string_view path);

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, std::vector<std::string>, Hash, std::equal_to<>> pieces_;
};

// get_path over keys already split (`whole` for the paths "" and ".", which return the root).
json::Value get_path(const json::Value& root, const std::vector<std::string>& keys);
// get_path through a cache (nullptr: no cache).
json::Value get_path(const json::Value& root, std::string_view path, PathCache* cache);

// get(root, path) with everything JSON output cannot show (see Lookup); `cache` may be nullptr.
Lookup lookup_path(const json::Value& root, std::string_view path, PathCache* cache = nullptr);
// lookup_path over keys already split (no keys: the root itself).
Lookup lookup_keys(const json::Value& root, const std::vector<std::string>& keys);

// Whether a lookup of `key` can reach one of JavaScript's built-ins when the value has no own
// member of that name: a method or `constructor` of some prototype, or `__proto__`.
bool may_reach_builtin(std::string_view key);

// `path.replace("$.", "")`: removes the first occurrence of "$." anywhere in the path.
std::string strip_dollar_dot(std::string_view path);

}  // namespace mapcheck::mapping
