// parseFql with destination-subscriptions 3.37.0 semantics (see parser.hpp).
#include "fql/parser.hpp"

#include <array>
#include <string_view>

#include "json/number.hpp"
#include "json/write.hpp"
#include "text/unicode.hpp"

namespace mapcheck::fql {

using json::Object;
using json::Value;

namespace {

constexpr const char* kUndefinedType = "Cannot read properties of undefined (reading 'type')";

// The field an identifier's first dot-segment names. parseFql looks the segment up in a plain
// object, so Object.prototype's members are "found" too: they consume an operator and a value
// like a field but add no condition.
enum class FieldLookup { none, field, prototype_member };

FieldLookup lookup_field(std::string_view segment, std::string& type) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kFields{{
      {"type", "event-type"},
      {"event", "event"},
      {"name", "name"},
      {"userId", "userId"},
      {"context", "event-context"},
      {"properties", "event-property"},
      {"traits", "event-trait"},
  }};
  static constexpr std::array<std::string_view, 12> kObjectPrototype{
      "constructor",      "__defineGetter__", "__defineSetter__", "hasOwnProperty",
      "__lookupGetter__", "__lookupSetter__", "isPrototypeOf",    "propertyIsEnumerable",
      "toString",         "valueOf",          "__proto__",        "toLocaleString"};
  for (const auto& [field, condition_type] : kFields) {
    if (segment == field) {
      type = std::string(condition_type);
      return FieldLookup::field;
    }
  }
  for (std::string_view member : kObjectPrototype)
    if (segment == member) return FieldLookup::prototype_member;
  return FieldLookup::none;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// `name.replace(/^(prefix)\./, '')`.
std::string strip_prefix_dot(std::string_view name, std::string_view prefix) {
  if (starts_with(name, prefix) && name.size() > prefix.size() && name[prefix.size()] == '.')
    return std::string(name.substr(prefix.size() + 1));
  return std::string(name);
}

// getTokenValue: strings lose one leading and one trailing double quote, numbers go through
// Number(), the identifiers true and false become booleans, anything else is its text.
Value token_value(const Token& token) {
  if (token.type == TokenType::string) {
    std::string_view s = token.value;
    if (!s.empty() && s.front() == '"') s.remove_prefix(1);
    if (!s.empty() && s.back() == '"') s.remove_suffix(1);
    return Value::string(s);
  }
  if (token.type == TokenType::number) return Value::number(json::string_to_number(token.value));
  if (token.type == TokenType::ident && (token.value == "true" || token.value == "false"))
    return Value::boolean(token.value == "true");
  return Value::string(token.value);
}

std::string token_string(const Token& token) {
  return json::to_js_string(token_value(token));
}

bool is_function(const Token* token) {
  return token != nullptr && token->type == TokenType::ident &&
         (token->value == "contains" || token->value == "match");
}

// `str.slice(from, to)` in UTF-16 units (negative `to` counts from the end).
std::string slice_utf16(std::string_view s, long from, long to_from_end) {
  std::u16string u = text::to_utf16(s);
  const long n = static_cast<long>(u.size());
  long begin = from < n ? from : n;
  long end = n + to_from_end;
  if (end < begin) end = begin;
  return text::from_utf16(std::u16string_view(u).substr(begin, end - begin));
}

// Thrown-error emulation: the first error aborts the whole parse.
struct Failure {
  bool failed = false;
  Error error;
  void set(std::string name, std::string message) {
    if (failed) return;
    failed = true;
    error = Error{std::move(name), std::move(message)};
  }
};

class Parser {
 public:
  Parser(std::vector<Ignored>& ignored, Failure& failure) : ignored_(ignored), failure_(failure) {}

  // parse(tokens): the node of one group level; Kind::undefined when it produced nothing.
  Node parse(std::vector<Token> tokens) {
    std::vector<Node> nodes;
    std::vector<Token> conditionals;
    std::string op = "and";
    std::size_t i = 0;
    auto shift = [&]() -> const Token* { return i < tokens.size() ? &tokens[i++] : nullptr; };
    std::size_t unknown_record = SIZE_MAX, unknown_until = 0;

    const Token* token = shift();
    while (token != nullptr && token->type != TokenType::eos && !failure_.failed) {
      const std::size_t index = i - 1;
      bool used = false;
      if (token->type == TokenType::ident) {
        const std::string_view value = token->value;
        const std::string_view segment = value.substr(0, value.find('.'));
        std::string type;
        const FieldLookup found = lookup_field(segment, type);
        if (found != FieldLookup::none) {
          used = true;
          const Token* op_token = shift();
          if (op_token == nullptr) return fail("Error", "Operator token is missing");
          const Token* value_token = shift();
          if (value_token == nullptr) return fail("Error", "Value token is missing");
          if (found == FieldLookup::field) {
            nodes.push_back(field_condition(type, *token, *op_token, *value_token));
          } else {
            ignored_.push_back({Ignored::Reason::prototype_field, *token, value_token->end});
          }
        }
        if (is_function(token)) {
          used = true;
          const std::size_t begin = token->begin;
          function_call(token->value, nodes, tokens, i, false, begin);
        }
        if (!used) {
          if (value == "not") {
            ignored_.push_back({Ignored::Reason::not_keyword, *token, token->end});
          } else {
            unknown_record = ignored_.size();
            unknown_until = index + 2;
            ignored_.push_back({Ignored::Reason::unknown_field, *token, token->end});
          }
          used = true;
        }
      }
      if (token->type == TokenType::op && token->value == "!") {
        used = true;
        if (i >= tokens.size()) return fail("TypeError", kUndefinedType);
        if (is_function(&tokens[i])) {
          const Token function = *shift();
          function_call(function.value, nodes, tokens, i, true, token->begin);
        } else {
          ignored_.push_back({Ignored::Reason::bang, *token, token->end});
        }
      }
      if (token->type == TokenType::paren_left) {
        used = true;
        const std::size_t begin = token->begin;
        std::vector<Token> group;
        const Token* inner = shift();
        while (true) {
          if (inner == nullptr) return fail("TypeError", kUndefinedType);
          if (inner->type == TokenType::paren_right) break;
          group.push_back(*inner);
          inner = shift();
        }
        const std::size_t end = inner->end;
        group.push_back(Token{TokenType::eos, "eos", end, end});
        Node child = parse(std::move(group));
        if (failure_.failed) return {};
        if (child.kind == Node::Kind::undefined) {
          child.begin = begin;
          child.end = end;
        }
        nodes.push_back(std::move(child));
      }
      if (token->type == TokenType::conditional) {
        used = true;
        op = token->value;
        conditionals.push_back(*token);
      }
      if (!used) {
        const bool part_of_unknown =
            unknown_record != SIZE_MAX && index <= unknown_until &&
            (token->type == TokenType::op || token->type == TokenType::string ||
             token->type == TokenType::number || token->type == TokenType::null ||
             token->type == TokenType::ident);
        if (part_of_unknown) {
          ignored_[unknown_record].end = token->end;
        } else {
          ignored_.push_back({Ignored::Reason::stray, *token, token->end});
        }
      }
      token = shift();
    }
    if (failure_.failed) return {};
    if (nodes.size() > 1) {
      Node group;
      group.kind = Node::Kind::group;
      group.type = "group";
      group.op = op;
      group.begin = nodes.front().begin;
      group.end = nodes.back().end;
      group.children = std::move(nodes);
      group.conditionals = std::move(conditionals);
      return group;
    }
    if (nodes.empty()) {
      Node none;
      none.kind = Node::Kind::undefined;
      return none;
    }
    Node only = std::move(nodes.front());
    // A lone condition keeps its group's and/or words so lints can still see them.
    if (only.kind == Node::Kind::condition && !conditionals.empty())
      only.conditionals = conditionals;
    return only;
  }

 private:
  Node fail(const char* name, const char* message) {
    failure_.set(name, message);
    return {};
  }

  Node field_condition(const std::string& type, const Token& field, const Token& op,
                       const Token& value) {
    Node n;
    n.type = type;
    n.field_token = field;
    n.operator_token = op;
    n.value_token = value;
    n.begin = field.begin;
    n.end = value.end;
    const bool is_true = op.value == "=" && value.value == "true";
    const bool is_false = op.value == "=" && value.value == "false";
    const bool is_exists = op.value == "!=" && value.value == "null";
    const bool is_not_exists = op.value == "=" && value.value == "null";
    const bool is_number_equals = op.value == "=" && value.type == TokenType::number;
    const bool is_number_not_equals = op.value == "!=" && value.type == TokenType::number;
    if (type == "event" || type == "event-type") {
      n.op = op.value;
      n.value = Value::string(token_string(value));
      return n;
    }
    if (type == "name" || type == "userId") {
      if (is_exists)
        n.op = "exists";
      else if (is_not_exists)
        n.op = "not_exists";
      else if (type == "userId" && is_true)
        n.op = "is_true";
      else if (type == "userId" && is_false)
        n.op = "is_false";
      else {
        n.op = op.value;
        n.value = Value::string(token_string(value));
      }
      return n;
    }
    const std::string_view prefix = type == "event-property" ? "properties"
                                    : type == "event-trait"  ? "traits"
                                                             : "context";
    n.name = strip_prefix_dot(field.value, prefix);
    if (is_exists)
      n.op = "exists";
    else if (is_not_exists)
      n.op = "not_exists";
    else if (is_true)
      n.op = "is_true";
    else if (is_false)
      n.op = "is_false";
    else if (is_number_equals || is_number_not_equals) {
      n.op = is_number_equals ? "number_equals" : "number_not_equals";
      n.value = token_value(value);
    } else {
      n.op = op.value;
      n.value = token_value(value);
    }
    return n;
  }

  // contains(field, value) / match(field, value), optionally negated; `i` indexes `tokens`.
  void function_call(const std::string& function, std::vector<Node>& nodes,
                     const std::vector<Token>& tokens, std::size_t& i, bool negate,
                     std::size_t begin) {
    auto shift = [&]() -> const Token* { return i < tokens.size() ? &tokens[i++] : nullptr; };
    const Token* function_token = &tokens[i - 1];
    std::size_t end = function_token->end;
    if (const Token* t = shift()) end = t->end;
    const Token* name_token = shift();
    if (name_token == nullptr) {
      failure_.set("Error", function + "() is missing a 1st argument");
      return;
    }
    end = name_token->end;
    if (const Token* t = shift()) end = t->end;
    const Token* value_token = shift();
    if (value_token == nullptr) {
      failure_.set("Error", function + "() is missing a 2nd argument");
      return;
    }
    end = value_token->end;
    if (const Token* t = shift()) end = t->end;

    std::string op;
    Value value;
    if (function == "contains") {
      op = negate ? "not_contains" : "contains";
      value = Value::string(token_string(*value_token));
    } else {
      const std::string_view raw = value_token->value;
      if (raw.size() >= 2 && raw.substr(raw.size() - 2) == "*\"") {
        op = negate ? "not_starts_with" : "starts_with";
        value = Value::string(slice_utf16(token_string(*value_token), 0, -1));
      } else {
        op = negate ? "not_ends_with" : "ends_with";
        value = Value::string(slice_utf16(token_string(*value_token), 1, 0));
      }
    }
    auto add = [&](std::string type, std::optional<std::string> name) {
      Node n;
      n.type = std::move(type);
      n.name = std::move(name);
      n.op = op;
      n.value = value;
      n.function = function;
      n.negated = negate;
      n.field_token = *name_token;
      n.value_token = *value_token;
      n.begin = begin;
      n.end = end;
      nodes.push_back(std::move(n));
    };
    const std::string& field = name_token->value;
    const std::size_t before = nodes.size();
    if (field == "event" || field == "name" || field == "userId") add(field, std::nullopt);
    if (starts_with(field, "properties"))
      add("event-property", strip_prefix_dot(field, "properties"));
    if (starts_with(field, "traits")) add("event-trait", strip_prefix_dot(field, "traits"));
    if (starts_with(field, "context")) add("event-context", strip_prefix_dot(field, "context"));
    if (nodes.size() == before)
      ignored_.push_back({Ignored::Reason::function_field, *name_token, end});
  }

  std::vector<Ignored>& ignored_;
  Failure& failure_;
};

// Merges `ident . ident` into one identifier, repeatedly ("properties.a.b").
std::vector<Token> normalize(std::vector<Token> tokens) {
  std::vector<Token> out;
  out.reserve(tokens.size());
  std::size_t i = 0;
  while (i < tokens.size()) {
    const Token& current = tokens[i];
    if (!out.empty() && out.back().type == TokenType::ident && current.type == TokenType::dot &&
        i + 1 < tokens.size() && tokens[i + 1].type == TokenType::ident) {
      Token& previous = out.back();
      previous.value += current.value;
      previous.value += tokens[i + 1].value;
      previous.end = tokens[i + 1].end;
      i += 2;
    } else {
      out.push_back(current);
      ++i;
    }
  }
  return out;
}

}  // namespace

Value to_value(const Node& node) {
  switch (node.kind) {
    case Node::Kind::undefined:
      return Value();
    case Node::Kind::group: {
      json::Array children;
      children.reserve(node.children.size());
      for (const Node& child : node.children) children.push_back(to_value(child));
      return Value::object(Object{{"type", Value::string("group")},
                                  {"operator", Value::string(node.op)},
                                  {"children", Value::array(std::move(children))}});
    }
    case Node::Kind::condition: {
      Object o{{"type", Value::string(node.type)}};
      if (node.name) o.set("name", Value::string(*node.name));
      o.set("operator", Value::string(node.op));
      if (!node.value.is_undefined()) o.set("value", node.value);
      return Value::object(std::move(o));
    }
  }
  return Value();
}

ParseResult parse(std::string_view fql) {
  ParseResult result;
  LexResult lexed = lex(fql);
  if (lexed.error) result.lex_error = lexed.error;
  result.tokens = normalize(std::move(lexed.tokens));
  Failure failure;
  Parser parser(result.ignored, failure);
  Node root = parser.parse(result.tokens);
  if (failure.failed) {
    result.error = failure.error;
    return result;
  }
  if (root.kind == Node::Kind::undefined) {
    result.error = Error{"TypeError", kUndefinedType};
    return result;
  }
  if (root.kind != Node::Kind::group) {
    Node group;
    group.kind = Node::Kind::group;
    group.type = "group";
    group.op = "and";
    group.begin = root.begin;
    group.end = root.end;
    group.conditionals = root.conditionals;
    group.children.push_back(std::move(root));
    root = std::move(group);
  }
  result.ast = to_value(root);
  result.tree = std::move(root);
  return result;
}

}  // namespace mapcheck::fql
