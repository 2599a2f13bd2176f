// JavaScript's built-in prototypes as a property lookup sees them: the own methods of each
// prototype in Node 20, with each function's `name` and `length`. Both lookups that reach
// built-ins read them: mapping-kit paths (mapping/path.cpp) and trigger fields (fql/lookup.cpp).
#pragma once

#include <span>
#include <string_view>

namespace mapcheck::json::builtins {

// A built-in method: the property key, the function's `name` and `length`.
struct Method {
  std::string_view key;
  std::string_view name;  // differs for aliases such as trimLeft
  int length;
};

// Own methods of each prototype in Node 20 (Object.getOwnPropertyNames), constructors excluded.
inline constexpr Method kObjectProto[] = {{"__defineGetter__", "__defineGetter__", 2},
                                          {"__defineSetter__", "__defineSetter__", 2},
                                          {"__lookupGetter__", "__lookupGetter__", 1},
                                          {"__lookupSetter__", "__lookupSetter__", 1},
                                          {"hasOwnProperty", "hasOwnProperty", 1},
                                          {"isPrototypeOf", "isPrototypeOf", 1},
                                          {"propertyIsEnumerable", "propertyIsEnumerable", 1},
                                          {"toLocaleString", "toLocaleString", 0},
                                          {"toString", "toString", 0},
                                          {"valueOf", "valueOf", 0}};
inline constexpr Method kArrayProto[] = {{"at", "at", 1},
                                         {"concat", "concat", 1},
                                         {"copyWithin", "copyWithin", 2},
                                         {"entries", "entries", 0},
                                         {"every", "every", 1},
                                         {"fill", "fill", 1},
                                         {"filter", "filter", 1},
                                         {"find", "find", 1},
                                         {"findIndex", "findIndex", 1},
                                         {"findLast", "findLast", 1},
                                         {"findLastIndex", "findLastIndex", 1},
                                         {"flat", "flat", 0},
                                         {"flatMap", "flatMap", 1},
                                         {"forEach", "forEach", 1},
                                         {"includes", "includes", 1},
                                         {"indexOf", "indexOf", 1},
                                         {"join", "join", 1},
                                         {"keys", "keys", 0},
                                         {"lastIndexOf", "lastIndexOf", 1},
                                         {"map", "map", 1},
                                         {"pop", "pop", 0},
                                         {"push", "push", 1},
                                         {"reduce", "reduce", 1},
                                         {"reduceRight", "reduceRight", 1},
                                         {"reverse", "reverse", 0},
                                         {"shift", "shift", 0},
                                         {"slice", "slice", 2},
                                         {"some", "some", 1},
                                         {"sort", "sort", 1},
                                         {"splice", "splice", 2},
                                         {"toLocaleString", "toLocaleString", 0},
                                         {"toReversed", "toReversed", 0},
                                         {"toSorted", "toSorted", 1},
                                         {"toSpliced", "toSpliced", 2},
                                         {"toString", "toString", 0},
                                         {"unshift", "unshift", 1},
                                         {"values", "values", 0},
                                         {"with", "with", 2}};
inline constexpr Method kStringProto[] = {{"anchor", "anchor", 1},
                                          {"at", "at", 1},
                                          {"big", "big", 0},
                                          {"blink", "blink", 0},
                                          {"bold", "bold", 0},
                                          {"charAt", "charAt", 1},
                                          {"charCodeAt", "charCodeAt", 1},
                                          {"codePointAt", "codePointAt", 1},
                                          {"concat", "concat", 1},
                                          {"endsWith", "endsWith", 1},
                                          {"fixed", "fixed", 0},
                                          {"fontcolor", "fontcolor", 1},
                                          {"fontsize", "fontsize", 1},
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
                                          {"startsWith", "startsWith", 1},
                                          {"strike", "strike", 0},
                                          {"sub", "sub", 0},
                                          {"substr", "substr", 2},
                                          {"substring", "substring", 2},
                                          {"sup", "sup", 0},
                                          {"toLocaleLowerCase", "toLocaleLowerCase", 0},
                                          {"toLocaleUpperCase", "toLocaleUpperCase", 0},
                                          {"toLowerCase", "toLowerCase", 0},
                                          {"toString", "toString", 0},
                                          {"toUpperCase", "toUpperCase", 0},
                                          {"toWellFormed", "toWellFormed", 0},
                                          {"trim", "trim", 0},
                                          {"trimEnd", "trimEnd", 0},
                                          {"trimLeft", "trimStart", 0},
                                          {"trimRight", "trimEnd", 0},
                                          {"trimStart", "trimStart", 0},
                                          {"valueOf", "valueOf", 0}};
inline constexpr Method kNumberProto[] = {{"toExponential", "toExponential", 1},
                                          {"toFixed", "toFixed", 1},
                                          {"toLocaleString", "toLocaleString", 0},
                                          {"toPrecision", "toPrecision", 1},
                                          {"toString", "toString", 1},
                                          {"valueOf", "valueOf", 0}};
inline constexpr Method kBooleanProto[] = {{"toString", "toString", 0}, {"valueOf", "valueOf", 0}};
inline constexpr Method kFunctionProto[] = {
    {"apply", "apply", 2}, {"bind", "bind", 1}, {"call", "call", 1}, {"toString", "toString", 0}};
// The method of `table` whose key is `key`, or nullptr.
inline const Method* find_method(std::span<const Method> table, std::string_view key) {
  for (const Method& m : table)
    if (m.key == key) return &m;
  return nullptr;
}

}  // namespace mapcheck::json::builtins
