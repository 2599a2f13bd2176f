// The values a Liquid template computes with, and the JavaScript rules liquidjs applies to them.
//
// liquidjs evaluates templates on JavaScript values, so its output depends on JS conversions:
// String(), Number(), `+`, `<`, `===`, property lookup on strings and arrays. This file gives
// those rules for `json::Value`, plus liquidjs's "drops": the objects behind the literals `nil`
// (and `null`), `empty` and `blank`, and the `block` variable of a `{% block %}` tag.
//
// A drop is stored as a json::Value object with one member whose key starts with the byte 0xFF.
// That byte never occurs in WTF-8 text, so no payload or template can produce such an object;
// every function here checks for drops before treating a value as a plain object.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "json/value.hpp"

namespace mapcheck::liquid {

using json::Value;

enum class Drop : unsigned char { nil, empty, blank, block };

// A drop value.
Value make_drop(Drop kind);
// The drop a value is, or nullopt for every other value.
std::optional<Drop> drop_of(const Value& v) noexcept;
inline bool is_drop(const Value& v) noexcept {
  return drop_of(v).has_value();
}
// An object that is not a drop.
inline bool is_plain_object(const Value& v) noexcept {
  return v.is_object() && !is_drop(v);
}
// The JavaScript class name of a drop ("NullDrop", "EmptyDrop", ...).
const char* drop_class(Drop kind) noexcept;

// liquidjs toValue(): nil → null, empty/blank → "", every other value unchanged.
Value to_value(const Value& v);
// liquidjs isFalsy(): false, null and undefined (after toValue); "" and 0 are truthy.
bool is_falsy(const Value& v) noexcept;
// JavaScript truthiness (`!!v`): objects, arrays and drops are truthy.
bool js_truthy(const Value& v) noexcept;

// liquidjs liquid_string(): how output and most string filters turn a value into text. null and
// undefined give "", arrays concatenate their elements without separator.
std::string liquid_string(const Value& v);
void append_liquid_string(std::string& out, const Value& v);

// JavaScript String(v): arrays join with ",", objects and drops are "[object Object]".
std::string js_string(const Value& v);
void append_js_text(std::string& out, const Value& v);
// ToPrimitive(v) with the default (number) hint: arrays become their joined text, objects
// "[object Object]", nil null, empty and blank "".
Value js_primitive(const Value& v);
// Number(v).
double js_number(const Value& v);
// liquidjs toNumber(): `+toValue(v) || 0` (NaN and -0 become 0).
double to_number(const Value& v);
// ToIntegerOrInfinity(v): NaN → 0, fractions truncated toward zero.
double to_integer_or_infinity(const Value& v);
// JavaScript `a + b`: concatenation when either side is (or becomes) a string.
Value js_add(const Value& a, const Value& b);
// JavaScript `a < b`: nullopt when the comparison is undefined (a NaN operand).
std::optional<bool> js_less(const Value& a, const Value& b);
// JavaScript `a === b`: objects and arrays compare by identity.
bool strict_equals(const Value& a, const Value& b) noexcept;
// The property key JavaScript uses for `obj[key]` once liquidjs has applied toValue().
std::string property_key(const Value& key);

// liquidjs equals() (the `==` operator): drops compare with their own rules, arrays element by
// element, everything else with `===`.
bool liquid_equals(const Value& a, const Value& b);
// The comparison operators `<`, `>`, `<=`, `>=` of liquidjs (drops always compare false).
bool liquid_less(const Value& a, const Value& b);
bool liquid_greater(const Value& a, const Value& b);
bool liquid_less_equal(const Value& a, const Value& b);
bool liquid_greater_equal(const Value& a, const Value& b);
// The `contains` operator.
bool liquid_contains(const Value& a, const Value& b);

// An own property of a value as liquidjs reads it with ownPropertyOnly: string and array
// indices and `length`, object members. Undefined when absent.
Value own_property(const Value& obj, std::string_view key);
bool has_own_property(const Value& obj, std::string_view key);

// Whether `key in drop` holds: the drop classes' methods and Object.prototype's members.
bool drop_has_property(Drop kind, std::string_view key);

// Result of reading a property of a value; `error` holds the message of a JavaScript
// TypeError when the read called a drop method that throws.
struct PropertyRead {
  Value value;
  std::optional<std::string> error;
};
// liquidjs Context.readProperty(obj, key): `size`, `first` and `last` work on arrays, strings
// and objects; negative array indices count from the end; drops answer their methods.
PropertyRead read_property(const Value& obj, const Value& key);
// readArrayElement(): negative indices count from the end; only own elements.
Value read_array_element(const Value& arr, double index);

// UTF-16 length (String.prototype.length) of a value's text.
std::size_t utf16_size(std::string_view s) noexcept;
// Appends WTF-8 text, joining a high surrogate at the end of `out` with a low surrogate at
// the start of `s` into one supplementary character, as JavaScript concatenation does.
void append_text(std::string& out, std::string_view s);
// True when `c` is in JavaScript's whitespace set (\s): WhiteSpace and LineTerminator.
bool is_js_space(char16_t c) noexcept;

}  // namespace mapcheck::liquid
