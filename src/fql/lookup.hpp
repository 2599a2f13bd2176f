// Reading a trigger's field from an event with JavaScript member-access semantics.
//
// destination-subscriptions reads `payload.properties` and then walks the condition's name
// with its own `get`: the name is split on ".", "[" and "]" (regex `[^[.\]]+`, quotes kept),
// and each step is `cur && cur[key]`, so a falsy value met on the way is the result, strings
// and arrays answer `length` and indices, and every value answers its prototype's members
// (`properties.constructor` exists). `Actual` is what such a read can yield: a JSON value or
// one of the built-in functions and prototype objects JavaScript reaches that way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fql/parser.hpp"
#include "json/value.hpp"

namespace mapcheck::fql {

struct Actual {
  enum class Kind { json, function, prototype };
  Kind kind = Kind::json;
  json::Value value;  // Kind::json
  // Kind::function: the function's `name`; Kind::prototype: whose prototype ("Object",
  // "Array", "String", "Number", "Boolean", "Function").
  std::string name;
  int length = 0;  // Kind::function: the function's `length`

  static Actual of(json::Value v) {
    Actual a;
    a.value = std::move(v);
    return a;
  }
  bool is_json() const { return kind == Kind::json; }
  bool is_undefined() const { return kind == Kind::json && value.is_undefined(); }
  // JavaScript truthiness.
  bool truthy() const { return kind != Kind::json || value.truthy(); }
  // `typeof`: "undefined", "object" (null, arrays, objects, prototypes), "boolean", "number",
  // "string" or "function".
  const char* type_of() const;
  // How the value reads in an explanation: JSON text, "undefined", or e.g. "function toString".
  std::string describe() const;
};

// `base[key]` in JavaScript for a truthy `base`. Fails (TypeError) only where JavaScript
// throws: `arguments` and `caller` of built-in functions.
Actual member(const Actual& base, std::string_view key, std::optional<Error>& error);

// destination-subscriptions `get(object, path)`. A non-string path is handled as JavaScript
// would: an array is used as the keys, other truthy values throw "path.match is not a
// function"; a path without any key character throws "Cannot read properties of null
// (reading 'reduce')".
Actual get_path(const json::Value& object, const json::Value& path, std::optional<Error>& error);

// The keys get() walks for a string path (runs of characters other than ".", "[" and "]").
std::vector<std::string> path_keys(std::string_view path);

}  // namespace mapcheck::fql
