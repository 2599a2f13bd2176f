// Trigger matching with destination-subscriptions validate semantics, and its explanation.
#include "fql/evaluate.hpp"

#include "json/number.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"
#include "text/unicode.hpp"

namespace mapcheck::fql {

using json::Value;

namespace {

Error cannot_read(const Value& base, std::string_view key) {
  return Error{"TypeError", std::string("Cannot read properties of ") +
                                (base.is_null() ? "null" : "undefined") + " (reading '" +
                                std::string(key) + "')"};
}

// `obj.key` on an AST or payload value: own members of objects; nothing on other values
// (the keys read here are not members of any prototype). Throws on null and undefined.
Value member_of(const Value& obj, std::string_view key, std::optional<Error>& error) {
  if (obj.is_nullish()) {
    error = cannot_read(obj, key);
    return {};
  }
  if (const Value* v = obj.find(key)) return *v;
  return {};
}

bool is_text(const Value& v, std::string_view s) {
  return v.is_string() && v.as_string() == s;
}

// Number(value) in JavaScript.
double to_number(const Value& v) {
  switch (v.kind()) {
    case json::Kind::undefined:
      return 0.0 / 0.0;
    case json::Kind::null:
      return 0;
    case json::Kind::boolean:
      return v.as_boolean() ? 1 : 0;
    case json::Kind::number:
      return v.as_number();
    case json::Kind::string:
      return json::string_to_number(v.as_string());
    default:
      return json::string_to_number(json::to_js_string(v));
  }
}

bool includes(std::string_view haystack, std::string_view needle) {
  const std::u16string h = text::to_utf16(haystack), n = text::to_utf16(needle);
  return h.find(n) != std::u16string::npos;
}
bool begins(std::string_view s, std::string_view prefix) {
  const std::u16string h = text::to_utf16(s), p = text::to_utf16(prefix);
  return h.size() >= p.size() && h.compare(0, p.size(), p) == 0;
}
bool ends(std::string_view s, std::string_view suffix) {
  const std::u16string h = text::to_utf16(s), x = text::to_utf16(suffix);
  return h.size() >= x.size() && h.compare(h.size() - x.size(), x.size(), x) == 0;
}

// validateValue(actual, operator, expected).
bool compare(const Actual& actual, const Value& op_value, const Value& expected) {
  if (!op_value.is_string()) return false;
  const std::string& op = op_value.as_string();
  const bool is_string = actual.is_json() && actual.value.is_string();
  const bool is_number = actual.is_json() && actual.value.is_number();
  const bool is_boolean = actual.is_json() && actual.value.is_boolean();
  const std::string& s = is_string ? actual.value.as_string() : op;  // `op` as a dummy
  const double n = is_number ? actual.value.as_number() : 0;
  if (op == "=") return is_string && s == json::to_js_string(expected);
  if (op == "!=") return !(is_string && s == json::to_js_string(expected));
  if (op == "number_equals") return is_number && n == to_number(expected);
  if (op == "number_not_equals") return is_number && n != to_number(expected);
  if (op == "<") return is_number && n < to_number(expected);
  if (op == "<=") return is_number && n <= to_number(expected);
  if (op == ">") return is_number && n > to_number(expected);
  if (op == ">=") return is_number && n >= to_number(expected);
  if (op == "contains") return is_string && includes(s, json::to_js_string(expected));
  if (op == "not_contains") return is_string && !includes(s, json::to_js_string(expected));
  if (op == "starts_with") return is_string && begins(s, json::to_js_string(expected));
  if (op == "not_starts_with") return is_string && !begins(s, json::to_js_string(expected));
  if (op == "ends_with") return is_string && ends(s, json::to_js_string(expected));
  if (op == "not_ends_with") return is_string && !ends(s, json::to_js_string(expected));
  const bool nullish = actual.is_json() && actual.value.is_nullish();
  if (op == "exists") return !nullish;
  if (op == "not_exists") return nullish;
  if (op == "is_true") return is_boolean && actual.value.as_boolean();
  if (op == "is_false") return is_boolean && !actual.value.as_boolean();
  return false;
}

// The payload member a condition type reads first, and whether a path follows.
const char* payload_key(std::string_view type, bool& has_path) {
  has_path = false;
  if (type == "event-type") return "type";
  if (type == "event") return "event";
  if (type == "name") return "name";
  if (type == "userId") return "userId";
  has_path = true;
  if (type == "event-property") return "properties";
  if (type == "event-trait") return "traits";
  if (type == "event-context") return "context";
  return nullptr;
}

// The value a condition reads from the payload.
Actual read_actual(const Value& condition, const Value& type, const Value& data,
                   std::optional<Error>& error) {
  bool has_path = false;
  const char* key = type.is_string() ? payload_key(type.as_string(), has_path) : nullptr;
  if (key == nullptr) return {};
  const Value first = member_of(data, key, error);
  if (error || !has_path) return Actual::of(first);
  const Value name = member_of(condition, "name", error);
  return get_path(first, name, error);
}

class Validator {
 public:
  explicit Validator(const Value& data) : data_(data) {}
  std::optional<Error> error;

  bool group(const Value& condition) {
    const Value op = member_of(condition, "operator", error);
    if (error) return false;
    const bool all = is_text(op, "and");
    if (!all && !is_text(op, "or")) return false;
    const Value children = member_of(condition, "children", error);
    if (error) return false;
    const char* method = all ? "every" : "some";
    if (children.is_nullish()) {
      error = cannot_read(children, method);
      return false;
    }
    if (!children.is_array()) {
      error =
          Error{"TypeError", std::string("condition.children.") + method + " is not a function"};
      return false;
    }
    for (const Value& child : children.as_array()) {
      const bool ok = condition_matches(child);
      if (error) return false;
      if (all && !ok) return false;
      if (!all && ok) return true;
    }
    return all;
  }

  bool condition_matches(const Value& condition) {
    const Value type = member_of(condition, "type", error);
    if (error) return false;
    if (is_text(type, "group")) return group(condition);
    bool has_path = false;
    if (!type.is_string() || payload_key(type.as_string(), has_path) == nullptr) return false;
    const Actual actual = read_actual(condition, type, data_, error);
    if (error) return false;
    const Value op = member_of(condition, "operator", error);
    const Value expected = member_of(condition, "value", error);
    return compare(actual, op, expected);
  }

 private:
  const Value& data_;
};

// ---- Explanation ------------------------------------------------------------------------

std::string quoted(const std::string& s) {
  std::string out;
  json::append_json_string(out, s);
  return out;
}

// How a value reads in a sentence: `the text "x"`, `the number 5`, `missing`...
std::string describe_value(const Actual& a) {
  if (!a.is_json()) return a.describe();
  const Value& v = a.value;
  switch (v.kind()) {
    case json::Kind::undefined:
      return "missing";
    case json::Kind::null:
      return "null";
    case json::Kind::boolean:
      return std::string("the boolean ") + (v.as_boolean() ? "true" : "false");
    case json::Kind::number:
      return "the number " + json::format_number(v.as_number());
    case json::Kind::string:
      return "the text " + quoted(v.as_string());
    case json::Kind::array:
      return "an array";
    case json::Kind::object:
      return "an object";
  }
  return "missing";
}

std::string reason_for(const ConditionResult& c) {
  const std::string& f = c.field.empty() ? std::string("the field") : c.field;
  const std::string& op = c.op;
  const Actual& a = c.actual;
  const std::string is = f + " is " + describe_value(a);
  const bool is_string = a.is_json() && a.value.is_string();
  const bool is_number = a.is_json() && a.value.is_number();
  const bool missing = a.is_json() && a.value.is_nullish();
  const std::string e_text = json::to_js_string(c.expected);
  if (op == "=" || op == "!=") {
    const bool equal = is_string && a.value.as_string() == e_text;
    if (equal) return f + " is " + quoted(e_text);
    if (a.is_undefined())
      return f + " is missing" +
             (op == "!=" ? ", and a missing field counts as different from " + quoted(e_text) : "");
    if (!is_string)
      return is + "; \"" + op + "\" compares text only, so it is never equal to " + quoted(e_text);
    return is + ", not " + quoted(e_text);
  }
  if (op == "number_equals" || op == "number_not_equals" || op == "<" || op == "<=" || op == ">" ||
      op == ">=") {
    const double e = to_number(c.expected);
    const std::string e_num = json::format_number(e);
    const std::string sym = op == "number_equals" ? "=" : op == "number_not_equals" ? "!=" : op;
    if (!is_number) return is + "; \"" + sym + "\" with a number compares numbers only";
    if (e != e)
      return json::to_js_string(c.expected) + " is not a number, so \"" + sym + "\" never matches";
    const std::string a_num = json::format_number(a.value.as_number());
    return f + " is " + a_num + (c.matched ? ", and " : ", but not ") + a_num + " " + sym + " " +
           e_num + (c.matched ? " holds" : "");
  }
  if (op == "contains" || op == "not_contains" || op == "starts_with" || op == "not_starts_with" ||
      op == "ends_with" || op == "not_ends_with") {
    if (!is_string) return is + "; " + operator_words(op) + " only applies to text";
    std::string base = op;
    const bool negated = base.rfind("not_", 0) == 0;
    if (negated) base = base.substr(4);
    const bool holds = negated ? !c.matched : c.matched;
    const std::string verb = base == "contains" ? (holds ? "contains" : "does not contain")
                             : base == "starts_with"
                                 ? (holds ? "starts with" : "does not start with")
                                 : (holds ? "ends with" : "does not end with");
    return quoted(a.value.as_string()) + " " + verb + " " + quoted(e_text);
  }
  if (op == "exists" || op == "not_exists") return missing ? is : is;
  if (op == "is_true" || op == "is_false") {
    if (missing) return is;
    if (!(a.is_json() && a.value.is_boolean()))
      return is + ", not a boolean" + (is_string ? " (text is never true or false)" : "");
    return is;
  }
  return "\"" + op + "\" is not an operator Segment knows, so this condition never matches";
}

void explain_node(const Value& node, const std::string& pointer, const Value& payload,
                  std::vector<ConditionResult>& out) {
  if (node.is_object()) {
    const Value* type = node.find("type");
    if (type && is_text(*type, "group")) {
      const Value* children = node.find("children");
      if (children && children->is_array()) {
        std::size_t i = 0;
        for (const Value& child : children->as_array())
          explain_node(child, pointer + "/children/" + std::to_string(i++), payload, out);
      }
      return;
    }
  }
  ConditionResult c;
  c.pointer = pointer;
  if (node.is_nullish()) {
    c.error = cannot_read(node, "type");
    c.reason = "an empty condition \"()\": Segment fails with " + c.error->message;
    out.push_back(std::move(c));
    return;
  }
  if (const Value* t = node.find("type"); t && t->is_string()) c.type = t->as_string();
  if (const Value* o = node.find("operator"); o && o->is_string()) c.op = o->as_string();
  if (const Value* v = node.find("value")) c.expected = *v;
  c.field = field_of(node);
  if (payload.is_undefined()) {
    c.reason = "there is no event to test";
    out.push_back(std::move(c));
    return;
  }
  bool has_path = false;
  if (payload_key(c.type, has_path) == nullptr) {
    c.reason = c.type.empty() ? "this condition has no type Segment knows, so it never matches"
                              : "\"" + c.type +
                                    "\" is not a condition type Segment knows, so it never matches";
    out.push_back(std::move(c));
    return;
  }
  std::optional<Error> error;
  const Value type = Value::string(c.type);
  c.actual = read_actual(node, type, payload, error);
  if (error) {
    c.error = error;
    c.reason = "reading " + c.field + " fails with " + error->name + ": " + error->message;
    out.push_back(std::move(c));
    return;
  }
  // Where a path lookup stopped at a falsy value before its last key.
  const Value* name = node.find("name");
  if (has_path && name && name->is_string()) {
    const std::vector<std::string> keys = path_keys(name->as_string());
    std::optional<Error> ignored;
    Actual cur = Actual::of(member_of(payload, payload_key(c.type, has_path), ignored));
    std::string walked = payload_key(c.type, has_path);
    for (std::size_t k = 0; k < keys.size() && !ignored; ++k) {
      if (!cur.truthy()) {
        c.stopped_at = walked;
        break;
      }
      cur = member(cur, keys[k], ignored);
      walked += "." + keys[k];
    }
  }
  c.matched =
      compare(c.actual, node.find("operator") ? *node.find("operator") : Value(), c.expected);
  c.reason = reason_for(c);
  if (c.stopped_at && c.actual.is_json() && !c.actual.value.is_undefined())
    c.reason += " (the lookup stopped at " + *c.stopped_at + ", which is " +
                describe_value(c.actual) + ", and returned that value)";
  out.push_back(std::move(c));
}

}  // namespace

MatchResult validate(const Value& ast, const Value& payload) {
  MatchResult result;
  std::optional<Error> error;
  const Value failed = member_of(ast, "error", error);
  if (error) {
    result.error = error;
    return result;
  }
  if (failed.truthy() || payload.is_undefined()) return result;
  Validator v(payload);
  result.matches = v.group(ast);
  if (v.error) {
    result.matches = false;
    result.error = v.error;
  }
  return result;
}

std::vector<ConditionResult> explain(const Value& ast, const Value& payload) {
  std::vector<ConditionResult> out;
  if (!ast.is_object() || ast.find("error")) return out;
  explain_node(ast, "", payload, out);
  return out;
}

json::Value explanation_to_value(const std::vector<ConditionResult>& conditions) {
  json::Array out;
  for (const ConditionResult& c : conditions) {
    json::Object o{{"pointer", Value::string(c.pointer)},
                   {"type", Value::string(c.type)},
                   {"field", Value::string(c.field)},
                   {"operator", Value::string(c.op)}};
    if (!c.expected.is_undefined()) o.set("expected", c.expected);
    const Value actual = c.actual.is_json() ? c.actual.value : Value::string(c.actual.describe());
    if (!actual.is_undefined()) o.set("actual", actual);
    const char* type = c.actual.is_json() && c.actual.value.is_array()  ? "array"
                       : c.actual.is_json() && c.actual.value.is_null() ? "null"
                                                                        : c.actual.type_of();
    o.set("actualType", Value::string(type));
    o.set("matched", Value::boolean(c.matched));
    o.set("reason", Value::string(c.reason));
    if (c.stopped_at) o.set("stoppedAt", Value::string(*c.stopped_at));
    if (c.error)
      o.set("error", Value::object(json::Object{{"name", Value::string(c.error->name)},
                                                {"message", Value::string(c.error->message)}}));
    out.push_back(Value::object(std::move(o)));
  }
  return Value::array(std::move(out));
}

std::string field_of(const Value& condition) {
  const Value* type = condition.find("type");
  if (type == nullptr || !type->is_string()) return {};
  const std::string& t = type->as_string();
  if (t == "event-type") return "type";
  if (t == "event" || t == "name" || t == "userId") return t;
  const Value* name = condition.find("name");
  const std::string n = name ? json::to_js_string(*name) : "undefined";
  if (t == "event-property") return "properties." + n;
  if (t == "event-trait") return "traits." + n;
  if (t == "event-context") return "context." + n;
  return {};
}

std::string operator_words(std::string_view op) {
  if (op == "=") return "is";
  if (op == "!=") return "is not";
  if (op == "number_equals") return "equals (number)";
  if (op == "number_not_equals") return "does not equal (number)";
  if (op == "<") return "is less than";
  if (op == "<=") return "is at most";
  if (op == ">") return "is greater than";
  if (op == ">=") return "is at least";
  if (op == "contains") return "contains";
  if (op == "not_contains") return "does not contain";
  if (op == "starts_with") return "starts with";
  if (op == "not_starts_with") return "does not start with";
  if (op == "ends_with") return "ends with";
  if (op == "not_ends_with") return "does not end with";
  if (op == "exists") return "exists";
  if (op == "not_exists") return "does not exist";
  if (op == "is_true") return "is true";
  if (op == "is_false") return "is false";
  return std::string(op);
}

}  // namespace mapcheck::fql
