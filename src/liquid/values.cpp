// JavaScript conversions and liquidjs value rules over json::Value (see values.hpp).
#include "liquid/values.hpp"

#include <cmath>

#include "json/number.hpp"
#include "text/unicode.hpp"

namespace mapcheck::liquid {

namespace {

constexpr char kDropMarker = '\xFF';

bool is_surrogate_at(std::string_view s, std::size_t i, unsigned char lo, unsigned char hi) {
  return i + 3 <= s.size() && static_cast<unsigned char>(s[i]) == 0xED &&
         static_cast<unsigned char>(s[i + 1]) >= lo && static_cast<unsigned char>(s[i + 1]) <= hi;
}

// Decodes the 3-byte WTF-8 surrogate at s[i].
char32_t surrogate_at(std::string_view s, std::size_t i) {
  return 0xD000 | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
         (static_cast<unsigned char>(s[i + 2]) & 0x3F);
}

bool js_string_less(const std::string& a, const std::string& b) {
  const std::u16string x = text::to_utf16(a);
  const std::u16string y = text::to_utf16(b);
  return x < y;
}

}  // namespace

Value make_drop(Drop kind) {
  std::string key(1, kDropMarker);
  key.push_back(static_cast<char>('0' + static_cast<int>(kind)));
  return Value::object(json::Object{{std::move(key), Value::null()}});
}

std::optional<Drop> drop_of(const Value& v) noexcept {
  if (!v.is_object()) return std::nullopt;
  const json::Object& o = v.as_object();
  if (o.size() != 1) return std::nullopt;
  const std::string& key = o.at(0).first;
  if (key.size() != 2 || key[0] != kDropMarker) return std::nullopt;
  return static_cast<Drop>(key[1] - '0');
}

const char* drop_class(Drop kind) noexcept {
  switch (kind) {
    case Drop::nil:
      return "NullDrop";
    case Drop::empty:
      return "EmptyDrop";
    case Drop::blank:
      return "BlankDrop";
    case Drop::block:
      return "BlockDrop";
  }
  return "Drop";
}

Value to_value(const Value& v) {
  if (auto d = drop_of(v)) {
    if (*d == Drop::nil) return Value::null();
    if (*d == Drop::empty || *d == Drop::blank) return Value::string("");
  }
  return v;
}

bool is_falsy(const Value& v) noexcept {
  if (auto d = drop_of(v)) return *d == Drop::nil;
  return v.is_nullish() || (v.is_boolean() && !v.as_boolean());
}

bool js_truthy(const Value& v) noexcept {
  if (v.is_object() || v.is_array()) return true;
  return v.truthy();
}

void append_text(std::string& out, std::string_view s) {
  // A high surrogate ending `out` and a low surrogate starting `s` form one code point.
  if (out.size() >= 3 && is_surrogate_at(out, out.size() - 3, 0xA0, 0xAF) &&
      is_surrogate_at(s, 0, 0xB0, 0xBF)) {
    const char32_t hi = surrogate_at(out, out.size() - 3);
    const char32_t lo = surrogate_at(s, 0);
    out.resize(out.size() - 3);
    text::append_utf8(out, 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
    out.append(s.substr(3));
    return;
  }
  out.append(s);
}

void append_liquid_string(std::string& out, const Value& value) {
  const Value v = to_value(value);
  switch (v.kind()) {
    case json::Kind::undefined:
    case json::Kind::null:
      return;
    case json::Kind::string:
      append_text(out, v.as_string());
      return;
    case json::Kind::array:
      for (const Value& item : v.as_array()) append_liquid_string(out, item);
      return;
    default:
      append_js_text(out, v);
      return;
  }
}

std::string liquid_string(const Value& v) {
  if (v.is_string()) return v.as_string();
  std::string out;
  append_liquid_string(out, v);
  return out;
}

void append_js_text(std::string& out, const Value& v) {
  switch (v.kind()) {
    case json::Kind::undefined:
      out += "undefined";
      return;
    case json::Kind::null:
      out += "null";
      return;
    case json::Kind::boolean:
      out += v.as_boolean() ? "true" : "false";
      return;
    case json::Kind::number:
      json::append_number(out, v.as_number());
      return;
    case json::Kind::string:
      append_text(out, v.as_string());
      return;
    case json::Kind::array: {
      bool first = true;
      for (const Value& item : v.as_array()) {
        if (!first) out.push_back(',');
        first = false;
        if (!item.is_nullish()) append_js_text(out, item);
      }
      return;
    }
    case json::Kind::object:
      out += "[object Object]";
      return;
  }
}

std::string js_string(const Value& v) {
  if (v.is_string()) return v.as_string();
  std::string out;
  append_js_text(out, v);
  return out;
}

Value js_primitive(const Value& v) {
  if (auto d = drop_of(v)) {
    if (*d == Drop::block) return Value::string("[object Object]");
    return to_value(v);
  }
  if (v.is_array() || v.is_object()) return Value::string(js_string(v));
  return v;
}

double js_number(const Value& value) {
  const Value v = js_primitive(value);
  switch (v.kind()) {
    case json::Kind::undefined:
      return std::nan("");
    case json::Kind::null:
      return 0;
    case json::Kind::boolean:
      return v.as_boolean() ? 1 : 0;
    case json::Kind::number:
      return v.as_number();
    case json::Kind::string:
      return json::string_to_number(v.as_string());
    default:
      return std::nan("");
  }
}

double to_number(const Value& v) {
  const double n = js_number(to_value(v));
  return (n != n || n == 0) ? 0.0 : n;
}

double to_integer_or_infinity(const Value& v) {
  const double n = js_number(v);
  if (n != n) return 0;
  if (std::isinf(n)) return n;
  const double t = std::trunc(n);
  return t == 0 ? 0.0 : t;
}

Value js_add(const Value& a, const Value& b) {
  const Value pa = js_primitive(a);
  const Value pb = js_primitive(b);
  if (pa.is_string() || pb.is_string()) {
    std::string s = js_string(pa);
    append_text(s, js_string(pb));
    return Value::string(std::move(s));
  }
  return Value::number(js_number(pa) + js_number(pb));
}

std::optional<bool> js_less(const Value& a, const Value& b) {
  const Value pa = js_primitive(a);
  const Value pb = js_primitive(b);
  if (pa.is_string() && pb.is_string()) return js_string_less(pa.as_string(), pb.as_string());
  const double x = js_number(pa);
  const double y = js_number(pb);
  if (x != x || y != y) return std::nullopt;
  return x < y;
}

bool strict_equals(const Value& a, const Value& b) noexcept {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case json::Kind::undefined:
    case json::Kind::null:
      return true;
    case json::Kind::boolean:
      return a.as_boolean() == b.as_boolean();
    case json::Kind::number:
      return a.as_number() == b.as_number();
    case json::Kind::string:
      return a.as_string() == b.as_string();
    case json::Kind::array:
      return &a.as_array() == &b.as_array();
    case json::Kind::object: {
      // The literals nil, empty and blank are singletons in liquidjs.
      auto da = drop_of(a);
      auto db = drop_of(b);
      if (da || db) return da == db;
      return &a.as_object() == &b.as_object();
    }
  }
  return false;
}

std::string property_key(const Value& key) {
  return js_string(key);
}

namespace {

bool is_blank_text(const std::string& s) {
  const std::u16string u = text::to_utf16(s);
  for (char16_t c : u)
    if (!is_js_space(c)) return false;
  return true;
}

// EmptyDrop.equals / BlankDrop.equals / NullDrop.equals.
bool drop_equals(Drop kind, const Value& value) {
  auto vd = drop_of(value);
  if (kind == Drop::nil) return to_value(value).is_nullish();
  if (kind == Drop::blank) {
    if (value.is_boolean() && !value.as_boolean()) return true;
    if (to_value(value).is_nullish()) return true;
    if (value.is_string()) return is_blank_text(value.as_string());
  }
  // EmptyDrop.equals (also BlankDrop's fallback).
  if (vd && (*vd == Drop::empty || *vd == Drop::blank)) return false;
  const Value v = to_value(value);
  if (v.is_string()) return v.as_string().empty();
  if (v.is_array()) return v.as_array().empty();
  if (auto d = drop_of(v)) return *d != Drop::block;  // own keys of a drop: none but block's
  if (v.is_object()) return v.as_object().empty();
  return false;
}

bool comparable(const Value& v, Drop* kind) {
  auto d = drop_of(v);
  if (!d || *d == Drop::block) return false;
  *kind = *d;
  return true;
}

}  // namespace

bool liquid_equals(const Value& a, const Value& b) {
  Drop kind;
  if (comparable(a, &kind)) return drop_equals(kind, b);
  if (comparable(b, &kind)) return drop_equals(kind, a);
  const Value l = to_value(a);
  const Value r = to_value(b);
  if (l.is_array()) {
    if (!r.is_array()) return false;
    const json::Array& x = l.as_array();
    const json::Array& y = r.as_array();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!liquid_equals(x[i], y[i])) return false;
    return true;
  }
  return strict_equals(l, r);
}

bool liquid_less(const Value& a, const Value& b) {
  Drop kind;
  if (comparable(a, &kind) || comparable(b, &kind)) return false;
  return js_less(to_value(a), to_value(b)).value_or(false);
}

bool liquid_greater(const Value& a, const Value& b) {
  Drop kind;
  if (comparable(a, &kind) || comparable(b, &kind)) return false;
  return js_less(to_value(b), to_value(a)).value_or(false);
}

bool liquid_less_equal(const Value& a, const Value& b) {
  Drop kind;
  if (comparable(a, &kind) || comparable(b, &kind)) return false;
  auto r = js_less(to_value(b), to_value(a));
  return r.has_value() && !*r;
}

bool liquid_greater_equal(const Value& a, const Value& b) {
  Drop kind;
  if (comparable(a, &kind) || comparable(b, &kind)) return false;
  auto r = js_less(to_value(a), to_value(b));
  return r.has_value() && !*r;
}

bool liquid_contains(const Value& a, const Value& b) {
  const Value l = to_value(a);
  if (l.is_array()) {
    for (const Value& item : l.as_array())
      if (liquid_equals(item, b)) return true;
    return false;
  }
  if (!l.is_string()) return false;
  const std::u16string hay = text::to_utf16(l.as_string());
  const std::u16string needle = text::to_utf16(js_string(to_value(b)));
  return hay.find(needle) != std::u16string::npos;
}

namespace {

// A canonical array index ("0", "17"; not "01", "-1" or "1.5") below `size`.
std::optional<std::size_t> index_key(std::string_view key, std::size_t size) {
  if (key.empty() || key.size() > 10 || (key.size() > 1 && key[0] == '0')) return std::nullopt;
  std::size_t n = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n >= size) return std::nullopt;
  return n;
}

}  // namespace

bool has_own_property(const Value& obj, std::string_view key) {
  if (obj.is_string()) {
    return key == "length" || index_key(key, utf16_size(obj.as_string())).has_value();
  }
  if (obj.is_array()) return key == "length" || index_key(key, obj.as_array().size()).has_value();
  if (is_plain_object(obj)) return obj.as_object().find(key) != nullptr;
  return false;
}

Value own_property(const Value& obj, std::string_view key) {
  if (obj.is_string()) {
    const std::string& s = obj.as_string();
    if (key == "length") return Value::number(static_cast<double>(utf16_size(s)));
    if (auto i = index_key(key, utf16_size(s))) return Value::string(text::utf16_unit_at(s, *i));
    return {};
  }
  if (obj.is_array()) {
    const json::Array& a = obj.as_array();
    if (key == "length") return Value::number(static_cast<double>(a.size()));
    if (auto i = index_key(key, a.size())) return a[*i];
    return {};
  }
  if (is_plain_object(obj)) {
    const Value* v = obj.as_object().find(key);
    return v ? *v : Value();
  }
  return {};
}

Value read_array_element(const Value& arr, double index) {
  if (index < 0) index = js_number(own_property(arr, "length")) + index;
  std::string key;
  json::append_number(key, index);
  return own_property(arr, key);
}

namespace {

// A property of a drop: its prototype methods are called without arguments.
PropertyRead read_drop_property(Drop kind, const Value& drop, const std::string& key) {
  const bool comparable_drop = kind != Drop::block;
  if (comparable_drop && key == "equals") return {Value::boolean(drop_equals(kind, Value())), {}};
  if (comparable_drop && (key == "gt" || key == "geq" || key == "lt" || key == "leq"))
    return {Value::boolean(false), {}};
  if (key == "valueOf") return {kind == Drop::block ? drop : to_value(drop), {}};
  if (key == "toString" || key == "toLocaleString") return {Value::string("[object Object]"), {}};
  if (key == "hasOwnProperty" || key == "isPrototypeOf" || key == "propertyIsEnumerable")
    return {Value::boolean(false), {}};
  if (key == "__proto__") return {drop, {}};
  if (key == "constructor")
    return {
        {},
        std::string("Class constructor ") + drop_class(kind) + " cannot be invoked without 'new'"};
  if (key == "__defineGetter__" || key == "__defineSetter__")
    return {{}, "Object.prototype." + key + ": Expecting function"};
  if (kind == Drop::block && (key == "super" || key == "superBlockRender"))
    return {Value::string(""), {}};
  return {};  // liquidMethodMissing
}

}  // namespace

bool drop_has_property(Drop kind, std::string_view key) {
  static const std::string_view kObjectMembers[] = {
      "constructor",        "toString",         "toLocaleString",       "valueOf",
      "hasOwnProperty",     "isPrototypeOf",    "propertyIsEnumerable", "__proto__",
      "__defineGetter__",   "__defineSetter__", "__lookupGetter__",     "__lookupSetter__",
      "liquidMethodMissing"};
  for (std::string_view m : kObjectMembers)
    if (key == m) return true;
  if (kind == Drop::block) return key == "super" || key == "superBlockRender";
  return key == "equals" || key == "gt" || key == "geq" || key == "lt" || key == "leq";
}

PropertyRead read_property(const Value& obj, const Value& key_value) {
  const Value key = to_value(key_value);
  if (obj.is_nullish()) return {obj, {}};
  if (auto d = drop_of(obj)) return read_drop_property(*d, obj, property_key(key));
  if (obj.is_array() && key.is_number()) return {read_array_element(obj, key.as_number()), {}};
  const std::string k = property_key(key);
  Value value = own_property(obj, k);
  if (!key.is_string()) return {value, {}};
  if (k == "size") {
    if (!value.is_undefined()) return {value, {}};
    if (obj.is_array()) return {Value::number(static_cast<double>(obj.as_array().size())), {}};
    if (obj.is_string())
      return {Value::number(static_cast<double>(utf16_size(obj.as_string()))), {}};
    if (obj.is_object()) return {Value::number(static_cast<double>(obj.as_object().size())), {}};
    return {};
  }
  if (k == "first" && obj.is_array()) return {read_array_element(obj, 0), {}};
  if (k == "last" && obj.is_array()) return {read_array_element(obj, -1), {}};
  return {value, {}};
}

std::size_t utf16_size(std::string_view s) noexcept {
  return text::utf16_length(s);
}

bool is_js_space(char16_t c) noexcept {
  return text::is_js_whitespace(c);
}

}  // namespace mapcheck::liquid
