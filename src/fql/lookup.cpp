// JavaScript member access over event values, for trigger field reads (see lookup.hpp).
#include "fql/lookup.hpp"

#include <array>

#include "json/number.hpp"
#include "json/write.hpp"
#include "text/unicode.hpp"

namespace mapcheck::fql {

using json::Value;

namespace {

struct Builtin {
  std::string_view key;
  std::string_view name;  // the function's `name` (differs for aliases such as trimLeft)
  int length;
};

// Own function-valued members of the built-in prototypes in Node 20, with `name` and `length`.
constexpr Builtin kObjectProto[] = {{"constructor", "Object", 1},
                                    {"__defineGetter__", "__defineGetter__", 2},
                                    {"__defineSetter__", "__defineSetter__", 2},
                                    {"hasOwnProperty", "hasOwnProperty", 1},
                                    {"__lookupGetter__", "__lookupGetter__", 1},
                                    {"__lookupSetter__", "__lookupSetter__", 1},
                                    {"isPrototypeOf", "isPrototypeOf", 1},
                                    {"propertyIsEnumerable", "propertyIsEnumerable", 1},
                                    {"toString", "toString", 0},
                                    {"valueOf", "valueOf", 0},
                                    {"toLocaleString", "toLocaleString", 0}};
constexpr Builtin kArrayProto[] = {{"constructor", "Array", 1},
                                   {"at", "at", 1},
                                   {"concat", "concat", 1},
                                   {"copyWithin", "copyWithin", 2},
                                   {"fill", "fill", 1},
                                   {"find", "find", 1},
                                   {"findIndex", "findIndex", 1},
                                   {"findLast", "findLast", 1},
                                   {"findLastIndex", "findLastIndex", 1},
                                   {"lastIndexOf", "lastIndexOf", 1},
                                   {"pop", "pop", 0},
                                   {"push", "push", 1},
                                   {"reverse", "reverse", 0},
                                   {"shift", "shift", 0},
                                   {"unshift", "unshift", 1},
                                   {"slice", "slice", 2},
                                   {"sort", "sort", 1},
                                   {"splice", "splice", 2},
                                   {"includes", "includes", 1},
                                   {"indexOf", "indexOf", 1},
                                   {"join", "join", 1},
                                   {"keys", "keys", 0},
                                   {"entries", "entries", 0},
                                   {"values", "values", 0},
                                   {"forEach", "forEach", 1},
                                   {"filter", "filter", 1},
                                   {"flat", "flat", 0},
                                   {"flatMap", "flatMap", 1},
                                   {"map", "map", 1},
                                   {"every", "every", 1},
                                   {"some", "some", 1},
                                   {"reduce", "reduce", 1},
                                   {"reduceRight", "reduceRight", 1},
                                   {"toLocaleString", "toLocaleString", 0},
                                   {"toString", "toString", 0},
                                   {"toReversed", "toReversed", 0},
                                   {"toSorted", "toSorted", 1},
                                   {"toSpliced", "toSpliced", 2},
                                   {"with", "with", 2}};
constexpr Builtin kStringProto[] = {{"constructor", "String", 1},
                                    {"anchor", "anchor", 1},
                                    {"at", "at", 1},
                                    {"big", "big", 0},
                                    {"blink", "blink", 0},
                                    {"bold", "bold", 0},
                                    {"charAt", "charAt", 1},
                                    {"charCodeAt", "charCodeAt", 1},
                                    {"codePointAt", "codePointAt", 1},
                                    {"concat", "concat", 1},
                                    {"endsWith", "endsWith", 1},
                                    {"fontcolor", "fontcolor", 1},
                                    {"fontsize", "fontsize", 1},
                                    {"fixed", "fixed", 0},
                                    {"includes", "includes", 1},
                                    {"indexOf", "indexOf", 1},
                                    {"isWellFormed", "isWellFormed", 0},
                                    {"italics", "italics", 0},
                                    {"lastIndexOf", "lastIndexOf", 1},
                                    {"link", "link", 1},
                                    {"localeCompare", "localeCompare", 1},
                                    {"match", "match", 1},
                                    {"matchAll", "matchAll", 1},
                                    {"normalize", "normalize", 0},
                                    {"padEnd", "padEnd", 1},
                                    {"padStart", "padStart", 1},
                                    {"repeat", "repeat", 1},
                                    {"replace", "replace", 2},
                                    {"replaceAll", "replaceAll", 2},
                                    {"search", "search", 1},
                                    {"slice", "slice", 2},
                                    {"small", "small", 0},
                                    {"split", "split", 2},
                                    {"strike", "strike", 0},
                                    {"sub", "sub", 0},
                                    {"substr", "substr", 2},
                                    {"substring", "substring", 2},
                                    {"sup", "sup", 0},
                                    {"startsWith", "startsWith", 1},
                                    {"toString", "toString", 0},
                                    {"toWellFormed", "toWellFormed", 0},
                                    {"trim", "trim", 0},
                                    {"trimStart", "trimStart", 0},
                                    {"trimLeft", "trimStart", 0},
                                    {"trimEnd", "trimEnd", 0},
                                    {"trimRight", "trimEnd", 0},
                                    {"toLocaleLowerCase", "toLocaleLowerCase", 0},
                                    {"toLocaleUpperCase", "toLocaleUpperCase", 0},
                                    {"toLowerCase", "toLowerCase", 0},
                                    {"toUpperCase", "toUpperCase", 0},
                                    {"valueOf", "valueOf", 0}};
constexpr Builtin kNumberProto[] = {{"constructor", "Number", 1},
                                    {"toExponential", "toExponential", 1},
                                    {"toFixed", "toFixed", 1},
                                    {"toPrecision", "toPrecision", 1},
                                    {"toString", "toString", 1},
                                    {"valueOf", "valueOf", 0},
                                    {"toLocaleString", "toLocaleString", 0}};
constexpr Builtin kBooleanProto[] = {
    {"constructor", "Boolean", 1}, {"toString", "toString", 0}, {"valueOf", "valueOf", 0}};
constexpr Builtin kFunctionProto[] = {{"constructor", "Function", 1},
                                      {"apply", "apply", 2},
                                      {"bind", "bind", 1},
                                      {"call", "call", 1},
                                      {"toString", "toString", 0}};

template <std::size_t N>
const Builtin* find_builtin(const Builtin (&table)[N], std::string_view key) {
  for (const Builtin& b : table)
    if (b.key == key) return &b;
  return nullptr;
}

Actual function(const Builtin& b) {
  Actual a;
  a.kind = Actual::Kind::function;
  a.name = std::string(b.name);
  a.length = b.length;
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
  const Builtin* b = nullptr;
  if (owner == "Array")
    b = find_builtin(kArrayProto, key);
  else if (owner == "String")
    b = find_builtin(kStringProto, key);
  else if (owner == "Number")
    b = find_builtin(kNumberProto, key);
  else if (owner == "Boolean")
    b = find_builtin(kBooleanProto, key);
  else if (owner == "Function")
    b = find_builtin(kFunctionProto, key);
  if (b == nullptr) b = find_builtin(kObjectProto, key);
  if (b != nullptr) return function(*b);
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
