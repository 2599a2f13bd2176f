// Value → text, as JavaScript writes it: JSON.stringify and String(value).
#pragma once

#include <optional>
#include <string>

#include "json/value.hpp"

namespace mapcheck::json {

// JSON.stringify(value, null, indent): undefined object members are left out, undefined array
// elements and non-finite numbers become null, lone surrogates are escaped. Returns nullopt
// where JSON.stringify returns undefined (the value itself is undefined).
std::optional<std::string> stringify(const Value& value, int indent = 0);
// Appends JSON.stringify's text; writes nothing for undefined.
void append_json(std::string& out, const Value& value, int indent = 0);
// Appends a JSON string literal (with quotes) for WTF-8 text.
void append_json_string(std::string& out, std::string_view text);

// String(value): arrays join their elements with "," (null and undefined elements are empty),
// plain objects are "[object Object]", numbers use Number.prototype.toString.
std::string to_js_string(const Value& value);
void append_js_string(std::string& out, const Value& value);

// The type name mapping-kit reports ("string", "number", "boolean", "null", "undefined",
// "array", "object"): Object.prototype.toString's tag, lowercased.
const char* real_type_of(const Value& value);

}  // namespace mapcheck::json
