// FQL generation with destination-subscriptions generateFql semantics (see generate.hpp).
#include "fql/generate.hpp"

#include "json/number.hpp"
#include "json/write.hpp"
#include "text/unicode.hpp"

namespace mapcheck::fql {

using json::Value;

namespace {

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

// stringifyValue: booleans and numbers bare, anything else String()ed inside double quotes.
std::string stringify_value(const Value& v) {
  if (v.is_boolean() || v.is_number()) return json::to_js_string(v);
  return "\"" + json::to_js_string(v) + "\"";
}

std::string expression(const std::string& name, const Value& op_value, const Value& value) {
  const std::string op = json::to_js_string(op_value);
  const std::string text = json::to_js_string(value);
  if (op_value.is_string()) {
    if (op == "contains") return "contains(" + name + ", " + stringify_value(value) + ")";
    if (op == "not_contains") return "!contains(" + name + ", " + stringify_value(value) + ")";
    if (op == "exists") return name + " != null";
    if (op == "not_exists") return name + " = null";
    if (op == "is_true") return name + " = true";
    if (op == "is_false") return name + " = false";
    if (op == "starts_with") return "match(" + name + ", \"" + text + "*\")";
    if (op == "not_starts_with") return "!match(" + name + ", \"" + text + "*\")";
    if (op == "ends_with") return "match(" + name + ", \"*" + text + "\")";
    if (op == "not_ends_with") return "!match(" + name + ", \"*" + text + "\")";
    if (op == "<" || op == ">" || op == "<=" || op == ">=")
      return name + " " + op + " " + json::format_number(to_number(value));
    if (op == "number_equals") return name + " = " + json::format_number(to_number(value));
    if (op == "number_not_equals") return name + " != " + json::format_number(to_number(value));
  }
  return name + " " + op + " " + stringify_value(value);
}

struct Generator {
  std::optional<Error> error;

  Value get(const Value& obj, std::string_view key) {
    if (obj.is_nullish()) {
      if (!error)
        error = Error{"TypeError", std::string("Cannot read properties of ") +
                                       (obj.is_null() ? "null" : "undefined") + " (reading '" +
                                       std::string(key) + "')"};
      return {};
    }
    const Value* v = obj.find(key);
    return v ? *v : Value();
  }

  std::string group(const Value& node) {
    const Value children = get(node, "children");
    if (error) return {};
    if (children.is_nullish()) {
      get(children, "map");
      return {};
    }
    if (!children.is_array()) {
      error = Error{"TypeError", "node.children.map is not a function"};
      return {};
    }
    std::vector<std::string> parts;
    for (const Value& child : children.as_array()) {
      const Value type = get(child, "type");
      if (error) return {};
      if (type.is_string() && type.as_string() == "group") {
        std::string inner = group(child);
        if (error) return {};
        parts.push_back("(" + inner + ")");
      } else {
        parts.push_back(condition(child, type));
        if (error) return {};
      }
    }
    const std::string separator = " " + json::to_js_string(get(node, "operator")) + " ";
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i) out += separator;
      out += parts[i];
    }
    return out;
  }

  std::string condition(const Value& node, const Value& type_value) {
    const std::string type = type_value.is_string() ? type_value.as_string() : "";
    const Value op = get(node, "operator");
    const Value value = get(node, "value");
    if (type == "name" || type == "userId" || type == "event") return expression(type, op, value);
    if (type == "event-type") return expression("type", op, value);
    const char* prefix = type == "event-property"  ? "properties."
                         : type == "event-trait"   ? "traits."
                         : type == "event-context" ? "context."
                                                   : nullptr;
    if (prefix == nullptr) {
      error = Error{"Error", "Unknown condition type"};
      return {};
    }
    const Value name = get(node, "name");
    const std::string escaped =
        name.is_string() ? escape_field_name(name.as_string()) : json::to_js_string(name);
    return expression(prefix + escaped, op, value);
  }
};

}  // namespace

std::string escape_field_name(std::string_view name) {
  const std::u16string units = text::to_utf16(name);
  std::u16string out;
  out.reserve(units.size() * 2);
  for (char16_t u : units) {
    const bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                       u == '.' || u == '_' || u == '-';
    if (!plain) out.push_back(u'\\');
    out.push_back(u);
  }
  return text::from_utf16(out);
}

GenerateResult generate(const Value& ast) {
  GenerateResult result;
  Generator g;
  const Value failed = g.get(ast, "error");
  if (g.error) {
    result.error = g.error;
    return result;
  }
  if (failed.truthy()) {
    const Value* message = failed.find("message");
    const Value* name = failed.find("name");
    result.error = Error{name && name->is_string() ? name->as_string() : "Error",
                         message ? json::to_js_string(*message) : json::to_js_string(failed)};
    return result;
  }
  std::string fql = g.group(ast);
  if (g.error) {
    result.error = g.error;
    return result;
  }
  std::size_t parens = 0;
  for (char c : fql) parens += (c == '(' || c == ')');
  if (fql.size() >= 2 && fql.front() == '(' && fql.back() == ')' && parens == 2)
    fql = fql.substr(1, fql.size() - 2);
  result.fql = std::move(fql);
  return result;
}

}  // namespace mapcheck::fql
