// JavaScript member access over event values, for trigger field reads (see lookup.hpp).
#include "fql/lookup.hpp"

#include <array>

#include "json/builtins.hpp"
#include "json/number.hpp"
#include "json/write.hpp"
#include "text/unicode.hpp"

namespace mapcheck::fql {

using json::Value;

namespace {

using json::builtins::find_method;
using json::builtins::Method;

Actual function(std::string_view name, int length) {
  Actual a;
  a.kind = Actual::Kind::function;
  a.name = std::string(name);
  a.length = length;
  return a;
}

Actual prototype(std::string_view owner) {
  if (owner == "Function") {  // Function.prototype is itself a function
    Actual a;
    a.kind = Actual::Kind::function;
    a.name = "";
    a.length = 0;
    return a;
  }
  Actual a;
  a.kind = Actual::Kind::prototype;
  a.name = std::string(owner);
  return a;
}

bool is_constructor_name(std::string_view name) {
  return name == "Object" || name == "Array" || name == "String" || name == "Number" ||
         name == "Boolean" || name == "Function";
}

// A member found on `owner`.prototype or, failing that, on Object.prototype; `__proto__`
// gives the prototype object itself.
Actual inherited(std::string_view owner, std::string_view key) {
  if (key == "constructor") return function(is_constructor_name(owner) ? owner : "Object", 1);
  const Method* m = nullptr;
  if (owner == "Array")
    m = find_method(json::builtins::kArrayProto, key);
  else if (owner == "String")
    m = find_method(json::builtins::kStringProto, key);
  else if (owner == "Number")
    m = find_method(json::builtins::kNumberProto, key);
  else if (owner == "Boolean")
    m = find_method(json::builtins::kBooleanProto, key);
  else if (owner == "Function")
    m = find_method(json::builtins::kFunctionProto, key);
  if (m == nullptr) m = find_method(json::builtins::kObjectProto, key);
  if (m != nullptr) return function(m->name, m->length);
  if (key == "__proto__") return prototype(owner);
  return {};
}

std::size_t parse_index(std::string_view key) {
  std::size_t n = 0;
  for (char c : key) n = n * 10 + static_cast<std::size_t>(c - '0');
  return n;
}

constexpr const char* kStrictArguments =
    "'caller', 'callee', and 'arguments' properties may not be accessed on strict mode "
    "functions or the arguments objects for calls to them";

}  // namespace

const char* Actual::type_of() const {
  switch (kind) {
    case Kind::function:
      return "function";
    case Kind::prototype:
      return "object";
    case Kind::json:
      break;
  }
  switch (value.kind()) {
    case json::Kind::undefined:
      return "undefined";
    case json::Kind::boolean:
      return "boolean";
    case json::Kind::number:
      return "number";
    case json::Kind::string:
      return "string";
    default:
      return "object";
  }
}

std::string Actual::describe() const {
  switch (kind) {
    case Kind::function:
      return "the built-in function " + (name.empty() ? "(anonymous)" : name);
    case Kind::prototype:
      return name + ".prototype";
    case Kind::json:
      break;
  }
  if (value.is_undefined()) return "undefined";
  if (value.is_number()) return json::format_number(value.as_number());  // NaN, Infinity
  std::optional<std::string> s = json::stringify(value);
  return s ? *s : "undefined";
}

Actual member(const Actual& base, std::string_view key, std::optional<Error>& error) {
  switch (base.kind) {
    case Actual::Kind::function: {
      if (key == "name") return Actual::of(Value::string(base.name));
      if (key == "length") return Actual::of(Value::number(base.length));
      if (key == "arguments" || key == "caller") {
        error = Error{"TypeError", kStrictArguments};
        return {};
      }
      if (key == "prototype" && is_constructor_name(base.name)) return prototype(base.name);
      // The only anonymous function reachable is Function.prototype, whose prototype is
      // Object.prototype.
      if (key == "__proto__" && base.name.empty()) return prototype("Object");
      return inherited("Function", key);
    }
    case Actual::Kind::prototype: {
      if (key == "__proto__") {
        if (base.name == "Object") return Actual::of(Value::null());
        return prototype("Object");
      }
      if ((base.name == "Array" || base.name == "String") && key == "length")
        return Actual::of(Value::number(0));
      return inherited(base.name, key);
    }
    case Actual::Kind::json:
      break;
  }
  const Value& v = base.value;
  switch (v.kind()) {
    case json::Kind::object:
      if (const Value* own = v.as_object().find(key)) return Actual::of(*own);
      return inherited("Object", key);
    case json::Kind::array: {
      const json::Array& items = v.as_array();
      if (key == "length") return Actual::of(Value::number(static_cast<double>(items.size())));
      if (json::is_array_index(key)) {
        const std::size_t i = parse_index(key);
        if (i < items.size()) return Actual::of(items[i]);
        return {};
      }
      return inherited("Array", key);
    }
    case json::Kind::string: {
      const std::string& s = v.as_string();
      if (key == "length")
        return Actual::of(Value::number(static_cast<double>(text::utf16_length(s))));
      if (json::is_array_index(key)) {
        std::string unit = text::utf16_unit_at(s, parse_index(key));
        if (!unit.empty()) return Actual::of(Value::string(std::move(unit)));
        return {};
      }
      return inherited("String", key);
    }
    case json::Kind::number:
      return inherited("Number", key);
    case json::Kind::boolean:
      return inherited("Boolean", key);
    default:
      return {};  // undefined and null are never reached: callers stop at falsy values
  }
}

std::vector<std::string> path_keys(std::string_view path) {
  std::vector<std::string> keys;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && (path[i] == '[' || path[i] == '.' || path[i] == ']')) ++i;
    const std::size_t start = i;
    while (i < path.size() && path[i] != '[' && path[i] != '.' && path[i] != ']') ++i;
    if (i > start) keys.emplace_back(path.substr(start, i - start));
  }
  return keys;
}

Actual get_path(const Value& object, const Value& path, std::optional<Error>& error) {
  if (!path.truthy()) return {};
  std::vector<std::string> keys;
  if (path.is_array()) {
    for (const Value& k : path.as_array()) keys.push_back(json::to_js_string(k));
  } else if (path.is_string()) {
    keys = path_keys(path.as_string());
    if (keys.empty()) {
      error = Error{"TypeError", "Cannot read properties of null (reading 'reduce')"};
      return {};
    }
  } else {
    error = Error{"TypeError", "path.match is not a function"};
    return {};
  }
  Actual current = Actual::of(object);
  for (const std::string& key : keys) {
    if (!current.truthy()) return current;
    current = member(current, key, error);
    if (error) return {};
  }
  return current;
}

}  // namespace mapcheck::fql
