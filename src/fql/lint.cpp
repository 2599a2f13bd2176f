// Trigger lints (see lint.hpp).
#include "fql/lint.hpp"

#include <algorithm>
#include <cctype>

#include "fql/evaluate.hpp"
#include "fql/generate.hpp"
#include "json/number.hpp"
#include "json/write.hpp"
#include "text/position.hpp"
#include "text/unicode.hpp"

namespace mapcheck::fql {

using json::Value;

namespace {

std::string quoted(std::string_view s) {
  std::string out;
  json::append_json_string(out, s);
  return out;
}

bool is_number_operator(std::string_view op) {
  return op == "number_equals" || op == "number_not_equals" || op == "<" || op == "<=" ||
         op == ">" || op == ">=";
}
bool is_text_operator(std::string_view op) {
  return op == "contains" || op == "not_contains" || op == "starts_with" ||
         op == "not_starts_with" || op == "ends_with" || op == "not_ends_with";
}

double to_number(const Value& v) {
  if (v.is_number()) return v.as_number();
  if (v.is_boolean()) return v.as_boolean() ? 1 : 0;
  if (v.is_null()) return 0;
  if (v.is_undefined()) return 0.0 / 0.0;
  return json::string_to_number(json::to_js_string(v));
}

// How a value reads in a sentence.
std::string describe(const Value& v) {
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

class Linter {
 public:
  Linter(std::string_view fql, const ParseResult& parsed, const LintOptions& options)
      : fql_(fql),
        parsed_(parsed),
        options_(options),
        offsets_(utf16_to_byte_offsets(fql)),
        lines_(fql) {}

  std::vector<Diagnostic> run() {
    if (!parsed_.ok()) {
      parse_failure();
      return std::move(out_);
    }
    ignored_tokens();
    unconsumed_quotes();
    const Node& root = *parsed_.tree;
    std::size_t conditions = 0;
    walk(root, "", nullptr, 0, conditions);
    if (conditions > options_.max_conditions) {
      add("TRG-03", "", root.begin, root.end,
          {{"problem", "This trigger has " + std::to_string(conditions) +
                           " conditions; Segment's self-service plans allow " +
                           std::to_string(options_.max_conditions) + " per trigger."}});
    }
    return std::move(out_);
  }

 private:
  // ---- helpers ----------------------------------------------------------------------------
  std::string slice(std::size_t begin, std::size_t end) const {
    begin = std::min(begin, offsets_.size() - 1);
    end = std::min(std::max(end, begin), offsets_.size() - 1);
    return std::string(fql_.substr(offsets_[begin], offsets_[end] - offsets_[begin]));
  }

  Diagnostic& add(std::string_view code, std::string pointer, std::size_t begin, std::size_t end,
                  const Args& args) {
    Diagnostic d = make_diagnostic(code, "trigger", std::move(pointer), args);
    begin = std::min(begin, offsets_.size() - 1);
    end = std::min(std::max(end, begin), offsets_.size() - 1);
    d.range = TextRange{lines_.at(offsets_[begin]), lines_.at(offsets_[end])};
    out_.push_back(std::move(d));
    return out_.back();
  }

  // ---- parse failures (TRG-08) ------------------------------------------------------------
  void parse_failure() {
    std::size_t begin = 0, end = offsets_.size() - 1;
    if (parsed_.lex_error) {
      begin = parsed_.lex_error->offset > 0 ? parsed_.lex_error->offset - 1 : 0;
      end = std::min(parsed_.lex_error->offset + 1, offsets_.size() - 1);
      if (end <= begin) end = begin + 1;
    }
    add("TRG-08", "", begin, end, {{"problem", parse_failure_detail(fql_, parsed_)}});
  }

  // ---- what the parser ignored (FQL-02, FQL-03, FQL-06, FQL-07) ---------------------------
  void ignored_tokens() {
    const Ignored* stray_start = nullptr;
    std::size_t stray_end = 0;
    auto flush = [&]() {
      if (stray_start == nullptr) return;
      const std::string text = slice(stray_start->token.begin, stray_end);
      add("FQL-06", "", stray_start->token.begin, stray_end,
          {{"problem", quoted(text) + " is not part of any condition, so Segment ignores it."}});
      stray_start = nullptr;
    };
    for (const Ignored& ig : parsed_.ignored) {
      if (ig.reason != Ignored::Reason::stray) flush();
      const Token& t = ig.token;
      const std::string text = slice(t.begin, ig.end);
      switch (ig.reason) {
        case Ignored::Reason::not_keyword:
          add("FQL-02", "", t.begin, t.end, {{"text", "not"}, {"what", "the condition after it"}});
          break;
        case Ignored::Reason::bang: {
          const bool group = t.end < offsets_.size() - 1 && slice(t.end, t.end + 1) == "(";
          add("FQL-02", "", t.begin, t.end,
              {{"text", group ? "!(" : "!"},
               {"what", group ? "the group in parentheses" : "what follows it"}});
          break;
        }
        case Ignored::Reason::unknown_field: {
          std::string lower;
          for (char c : t.value)
            lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
          if ((lower == "and" || lower == "or") && t.value != lower) {
            add("FQL-07", "", t.begin, t.end,
                {{"problem",
                  quoted(t.value) +
                      " is not a keyword (FQL keywords are lowercase), so "
                      "Segment ignores it and the conditions around it are combined by the "
                      "group's lowercase and/or (\"and\" when there is none)."}});
          } else if (lower == "and" || lower == "or") {
            add("FQL-07", "", t.begin, t.end,
                {{"problem",
                  quoted(t.value) +
                      " directly followed by \"(\" is read as a name, not "
                      "as the keyword, so Segment ignores it and the group is combined by "
                      "its other and/or words (\"and\" when there are none)."}});
          } else {
            add("FQL-03", "", t.begin, ig.end,
                {{"problem", quoted(text) + " tests " + quoted(t.value) +
                                 ", which is not a field triggers can test; Segment drops it "
                                 "without an error, so the trigger matches more events than it "
                                 "says."}});
          }
          break;
        }
        case Ignored::Reason::prototype_field:
          add("FQL-03", "", t.begin, ig.end,
              {{"problem", quoted(text) + " tests " + quoted(t.value) +
                               ", which is not a field triggers can test; Segment drops it without "
                               "an error, so the trigger matches more events than it says."}});
          break;
        case Ignored::Reason::function_field:
          add("FQL-03", "", t.begin, ig.end,
              {{"problem", "contains() and match() do not support the field " + quoted(t.value) +
                               ", so Segment drops this condition without an error and the "
                               "trigger matches more events than it says."}});
          break;
        case Ignored::Reason::stray:
          if (swallowed(t)) break;
          if (stray_start != nullptr && t.begin > stray_end + 1) flush();
          if (stray_start == nullptr) stray_start = &ig;
          stray_end = ig.end;
          break;
      }
    }
    flush();
  }

  // A string token whose opening quote is the unconsumed closing quote of the string before.
  bool swallowed(const Token& t) const {
    if (t.type != TokenType::string) return false;
    for (const Token& s : parsed_.tokens)
      if (s.type == TokenType::string && s.end == t.begin && quote_unconsumed(s)) return true;
    return false;
  }
  static bool quote_unconsumed(const Token& s) {
    return s.end - s.begin < text::utf16_length(s.value);
  }

  void unconsumed_quotes() {
    for (std::size_t k = 0; k < parsed_.tokens.size(); ++k) {
      const Token& s = parsed_.tokens[k];
      if (s.type != TokenType::string || !quote_unconsumed(s)) continue;
      // Only the first of a chain: the following strings are its consequence.
      bool chained = false;
      for (const Token& p : parsed_.tokens)
        if (p.type == TokenType::string && p.end == s.begin && quote_unconsumed(p)) chained = true;
      if (chained) continue;
      const std::string after = slice(s.end + 1, s.end + 2);
      const std::string rest = slice(s.end + 1, offsets_.size() - 1);
      std::string what = after == "\r"
                             ? "a carriage return (\\r), which FQL does not treat as a space"
                             : quoted(after);
      add("FQL-06", "", s.begin, offsets_.size() - 1,
          {{"problem", "The closing quote of " + slice(s.begin, s.end + 1) +
                           " is directly followed by " + what +
                           ", so the quote also opens a new string: " + quoted(rest) +
                           " is swallowed and ignored."}});
    }
  }

  // ---- the condition tree -----------------------------------------------------------------
  void walk(const Node& node, const std::string& pointer, const Node* parent, int depth,
            std::size_t& conditions) {
    if (node.kind == Node::Kind::undefined) {
      add("FQL-10", pointer, node.begin, node.end,
          {{"error", "Cannot read properties of undefined (reading 'type')"}});
      return;
    }
    if (node.kind == Node::Kind::group) {
      if (depth > 0)
        add("TRG-03", pointer, node.begin, node.end,
            {{"problem",
              "Conditions are grouped in parentheses inside the trigger; the Segment UI "
              "offers one ALL/ANY group and cannot show nested groups, and FQL "
              "supports only one level of them."}});
      mixed_conditionals(node, pointer);
      for (std::size_t i = 0; i < node.children.size(); ++i)
        walk(node.children[i], pointer + "/children/" + std::to_string(i), &node, depth + 1,
             conditions);
      return;
    }
    ++conditions;
    condition(node, pointer, parent);
  }

  void mixed_conditionals(const Node& group, const std::string& pointer) {
    bool has_and = false, has_or = false;
    for (const Token& t : group.conditionals) (t.value == "and" ? has_and : has_or) = true;
    if (!has_and || !has_or) return;
    const std::string last = group.conditionals.back().value;
    add("FQL-01", pointer, group.begin, group.end,
        {{"last", last},
         {"count", std::to_string(group.children.size())},
         {"reading",
          last == "and" ? "\"all of them must match\"" : "\"any one of them is enough\""}});
  }

  std::string field_text(const Node& n) const { return field_of(to_value(n)); }

  void condition(const Node& n, const std::string& pointer, const Node* parent) {
    const std::string field = field_text(n);
    // FQL-04 single quotes
    if (n.value_token && n.value_token->type == TokenType::string &&
        n.value_token->value.front() == '\'') {
      const std::string& v = n.value_token->value;
      add("FQL-04", pointer, n.value_token->begin, n.value_token->end,
          {{"value", v}, {"inner", v.size() >= 2 ? v.substr(1, v.size() - 2) : v}});
    }
    if (n.function == "match") match_pattern(n, pointer, field);
    if (n.function.empty() && n.operator_token && n.value_token) operator_checks(n, pointer, field);
    field_name(n, pointer, field);
    static_types(n, pointer, field);
    if (options_.event != nullptr) event_checks(n, pointer, parent, field);
    event_names(n, pointer);
  }

  void match_pattern(const Node& n, const std::string& pointer, const std::string& field) {
    const std::string raw = n.value_token->value;
    const std::string value = n.value.is_string() ? n.value.as_string() : "";
    std::string problem;
    const std::string call =
        std::string(n.negated ? "!" : "") + "match(" + field + ", " + raw + ")";
    const bool quoted_double = raw.size() >= 2 && raw.front() == '"';
    const bool leading_star = quoted_double && raw.size() >= 3 && raw[1] == '*';
    if (n.op == "ends_with" || n.op == "not_ends_with") {
      if (!leading_star)
        problem = call +
                  " has no \"*\" at the end, so Segment reads it as \"ends with\" and drops "
                  "the first character of the pattern: it tests ends with " +
                  quoted(value) + ".";
      else if (value.find('*') != std::string::npos)
        problem = call +
                  " has a \"*\" that is not at the start or end; Segment keeps it as a "
                  "literal character: it tests ends with " +
                  quoted(value) + ".";
    } else {
      if (leading_star)
        problem = call +
                  " has \"*\" at both ends; Segment reads it as \"starts with\" and keeps the "
                  "leading \"*\" as text: it tests starts with " +
                  quoted(value) + ".";
      else if (value.find('*') != std::string::npos)
        problem = call +
                  " has a \"*\" inside the pattern; Segment keeps it as a literal character: "
                  "it tests starts with " +
                  quoted(value) + ".";
    }
    if (!problem.empty()) add("FQL-05", pointer, n.begin, n.end, {{"problem", problem}});
  }

  void operator_checks(const Node& n, const std::string& pointer, const std::string& field) {
    const Token& op = *n.operator_token;
    const Token& val = *n.value_token;
    const bool valid_op = op.type == TokenType::op && op.value != "!";
    if (op.value == "." && val.type == TokenType::number) {
      add("TRG-04", pointer, n.begin, n.end,
          {{"problem", "The condition on " + field + " continues with ." + val.value +
                           ": a number after a dot ends the field name, so Segment reads the "
                           "field " +
                           field +
                           " with the operator \".\" and never matches. "
                           "Triggers cannot reference array elements."}});
      return;
    }
    if (val.type == TokenType::eos) {
      add("FQL-06", pointer, n.begin, n.end,
          {{"problem", "The condition on " + field + " has no value after " + quoted(op.value) +
                           "; Segment uses the text \"eos\" (end of input) as the value."}});
      return;
    }
    if (!valid_op || val.type == TokenType::op) {
      const std::string found = slice(op.begin, val.type == TokenType::op ? val.end : op.end);
      add("FQL-08", pointer, op.begin, val.end,
          {{"field", field},
           {"found", quoted(found)},
           {"operator", op.value},
           {"value", n.value.is_undefined() ? std::string("(none)")
                                            : json::stringify(n.value).value_or("")}});
      return;
    }
    // FQL-09: null/true/false against fields compared as text.
    const bool text_field = n.type == "event" || n.type == "event-type" ||
                            ((n.type == "name" || n.type == "userId") && n.op == op.value);
    if (text_field &&
        (val.type == TokenType::null ||
         (val.type == TokenType::ident && (val.value == "true" || val.value == "false")))) {
      const bool is_null = val.type == TokenType::null;
      std::string fix;
      if (is_null && n.type == "event")
        fix = "To require an event name, use match(event, \"*\").";
      else if (is_null && n.type == "event-type")
        fix = "Test the type itself, e.g. type = \"track\".";
      else if (is_null)
        fix = "Use " + field +
              " != null or = null only on name, userId, properties.*, traits.* or context.*.";
      else
        fix = "Quote the value if you mean the text: " + field + " " + op.value + " \"" +
              val.value + "\".";
      add("FQL-09", pointer, n.begin, n.end,
          {{"field", field},
           {"operator", op.value},
           {"value", val.value},
           {"text", val.value},
           {"meaning", is_null ? "a missing value" : "a boolean"},
           {"fix", fix}});
    }
  }

  void field_name(const Node& n, const std::string& pointer, const std::string& field) {
    if (!n.name) return;
    const std::string& name = *n.name;
    std::string problem;
    if (name.empty()) return;
    const char c = name.front();
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool array_ref = name.find('[') != std::string::npos || name.find(']') != std::string::npos;
    for (const std::string& key : path_keys(name)) {
      bool digits = !key.empty();
      for (char k : key) digits = digits && k >= '0' && k <= '9';
      if (digits || key == "$") array_ref = true;
    }
    if (array_ref)
      problem = "The field " + field +
                " references an array element; Segment's trigger "
                "conditions do not support array fields.";
    else if (!letter)
      problem = "The field name " + quoted(name) + " starts with " + quoted(name.substr(0, 1)) +
                "; Segment rejects trigger field names that do not start with a letter or an "
                "underscore (\"Invalid Trigger\").";
    else if (name.find('"') != std::string::npos || name.find('~') != std::string::npos)
      problem = "The field name " + quoted(name) +
                " contains \" or ~, which Segment does not "
                "allow in trigger fields.";
    if (!problem.empty()) add("TRG-04", pointer, n.begin, n.end, {{"problem", problem}});
  }

  void static_types(const Node& n, const std::string& pointer, const std::string& field) {
    if (!is_number_operator(n.op) || n.value.is_undefined()) return;
    const double e = to_number(n.value);
    if (e == e) return;
    add("TRG-05", pointer, n.begin, n.end,
        {{"problem", "The condition " + field + " " + operator_words(n.op) + " " +
                         json::to_js_string(n.value) +
                         " compares with a value that is not a "
                         "number, so it never matches."}});
  }

  // Whether an `and` group also requires a type other than `type` (so a condition on the
  // other event type's fields is intended for other events).
  static bool group_requires_other_type(const Node* parent, std::string_view type) {
    if (parent == nullptr || parent->op != "and") return false;
    for (const Node& sibling : parent->children)
      if (sibling.kind == Node::Kind::condition && sibling.type == "event-type" &&
          sibling.op == "=" && sibling.value.is_string() && sibling.value.as_string() != type)
        return true;
    return false;
  }

  void event_checks(const Node& n, const std::string& pointer, const Node* parent,
                    const std::string& field) {
    const Value& event = *options_.event;
    const Value* type = event.is_object() ? event.find("type") : nullptr;
    const std::string event_type = type && type->is_string() ? type->as_string() : "";
    const std::vector<ConditionResult> results =
        explain(Value::object(json::Object{{"type", Value::string("group")},
                                           {"operator", Value::string("and")},
                                           {"children", Value::array({to_value(n)})}}),
                event);
    if (results.empty()) return;
    const ConditionResult& r = results.front();
    if (r.error) return;
    const std::string name = n.name.value_or("");
    if (n.type == "event-trait" && event_type == "track" && r.actual.is_undefined() &&
        !group_requires_other_type(parent, "track")) {
      add("TRG-01", pointer, n.begin, n.end, {{"field", field}, {"name", name}});
      return;
    }
    if (n.type == "event-property" && event_type == "identify" && r.actual.is_undefined() &&
        !group_requires_other_type(parent, "identify")) {
      add("TRG-02", pointer, n.begin, n.end, {{"field", field}, {"name", name}});
      return;
    }
    if (!r.actual.is_json()) return;
    const Value& a = r.actual.value;
    std::string problem;
    const std::string expected = json::to_js_string(n.value);
    if ((n.op == "=" || n.op == "!=") && (a.is_boolean() || a.is_number())) {
      const std::string bare =
          a.is_boolean() ? (a.as_boolean() ? "true" : "false") : json::format_number(a.as_number());
      problem = field + " is " + describe(a) + " in this event, but " + quoted(n.op) +
                " compares text: " + field + " " + n.op + " " + quoted(expected) +
                (n.op == "=" ? " never matches it" : " always matches it") + ". Write " + field +
                " " + n.op + " " + bare + " without quotes to compare the " +
                (a.is_boolean() ? "boolean." : "number.");
    } else if ((n.op == "is_true" || n.op == "is_false") && !a.is_boolean() && !a.is_nullish()) {
      problem = field + " is " + describe(a) + " in this event, not a boolean; " + field + " = " +
                (n.op == "is_true" ? "true" : "false") +
                " only matches the booleans true and false, so it "
                "never matches this event.";
    } else if (is_number_operator(n.op) && !a.is_number() && !a.is_nullish()) {
      const bool numeric_text = a.is_string() && json::string_to_number(a.as_string()) ==
                                                     json::string_to_number(a.as_string());
      const std::string sym = n.op == "number_equals"       ? "="
                              : n.op == "number_not_equals" ? "!="
                                                            : n.op;
      problem = field + " is " + describe(a) + " in this event; \"" + sym +
                "\" with a number"
                " compares numbers only" +
                (numeric_text ? ", and text that looks like a number does not count" : "") +
                ", so this condition never matches.";
    } else if (is_text_operator(n.op) && !a.is_string() && !a.is_nullish()) {
      problem =
          field + " is " + describe(a) + " in this event; " + operator_words(n.op) +
          " only applies to text, so this condition never matches (the negated forms neither).";
    }
    if (!problem.empty()) add("TRG-05", pointer, n.begin, n.end, {{"problem", problem}});
  }

  void event_names(const Node& n, const std::string& pointer) {
    if (options_.event_names.empty() || n.type != "event" || n.op != "=" || !n.value.is_string())
      return;
    const std::string& v = n.value.as_string();
    if (v != "Audience Entered" && v != "Audience Exited" && v != "Trait Computed") return;
    for (const std::string& configured : options_.event_names)
      if (configured == v) return;
    std::string configured;
    for (const std::string& c : options_.event_names) {
      if (!configured.empty()) configured += "\", \"";
      configured += c;
    }
    add("TRG-06", pointer, n.begin, n.end, {{"name", v}, {"configured", configured}});
  }

  std::string_view fql_;
  const ParseResult& parsed_;
  const LintOptions& options_;
  std::vector<std::size_t> offsets_;
  text::LineIndex lines_;
  std::vector<Diagnostic> out_;
};

}  // namespace

std::string parse_failure_detail(std::string_view fql, const ParseResult& parsed) {
  std::string detail;
  if (parsed.lex_error) {
    const std::string& m = parsed.lex_error->message;
    auto after = [&](std::string_view prefix) { return m.substr(prefix.size()); };
    if (m.rfind("invalid character ", 0) == 0) {
      const std::string c = after("invalid character ");
      const bool ascii = c.size() == 3;
      detail = "the character " + c + " is not allowed outside a quoted value" +
               (ascii ? " (FQL has no & | ~ or similar operators)"
                      : "; field names can only use ASCII letters, digits, _ and -");
    } else if (m.rfind("expected '=' after '!'", 0) == 0) {
      detail = "\"!\" must be written \"!=\" with spaces on both sides, as in event != \"A\"";
    } else if (m.rfind("expected termination character after identifier, got ", 0) == 0) {
      const std::string c = after("expected termination character after identifier, got ");
      detail = "a name is directly followed by \"" + c + "\"" +
               (c == "[" ? "; brackets cannot follow a field name, and array elements cannot be "
                           "used in triggers"
                         : "; put a space between a field and its operator, as in "
                           "properties.total > 5");
    } else if (m == "unterminated string") {
      detail = "a quoted value has no closing quote";
    } else if (m == "multiple decimal points in one number" ||
               m == "unexpected terminator after decimal point") {
      detail = "a number is malformed (" + m + ")";
    } else if (m.rfind("expected character after escape", 0) == 0) {
      detail = "the trigger ends with a backslash";
    } else {
      detail = "the text is too long (" + m + ")";
    }
  } else if (parsed.error && parsed.error->name == "Error") {
    const std::string& m = parsed.error->message;
    if (m == "Value token is missing" || m == "Operator token is missing")
      detail = "the last field has no operator and value";
    else
      detail = m;
  } else {
    int depth = 0, max_depth = 0, open = 0;
    bool in_string = false;
    char quote = 0;
    for (char c : fql) {
      if (in_string) {
        if (c == quote) in_string = false;
        continue;
      }
      if (c == '"' || c == '\'') {
        in_string = true;
        quote = c;
      } else if (c == '(') {
        ++open;
        max_depth = std::max(max_depth, ++depth);
      } else if (c == ')' && depth > 0) {
        --depth;
      }
    }
    bool blank = true;
    for (char c : fql) blank = blank && (c == ' ' || c == '\t' || c == '\n' || c == '\r');
    if (blank)
      detail = "the trigger is empty";
    else if (max_depth > 1)
      detail = "parentheses are nested; FQL supports only one level of parentheses";
    else if (depth > 0)
      detail = "a \"(\" has no matching \")\"";
    else if (open > 0 && fql.find("()") != std::string_view::npos)
      detail = "the trigger holds only empty parentheses";
    else
      detail = "it holds no condition Segment recognises (unknown fields are dropped)";
  }
  std::string out = "The trigger does not parse: " + detail + ". Segment keeps the error (" +
                    (parsed.error ? parsed.error->name + ": " + parsed.error->message : "") +
                    ") instead of conditions, so this mapping never runs.";
  return out;
}

std::vector<Diagnostic> lint(std::string_view fql, const ParseResult& parsed,
                             const LintOptions& options) {
  return Linter(fql, parsed, options).run();
}

namespace {
void collect_leaves(const Value& node, const std::string& pointer,
                    std::vector<std::pair<std::string, Value>>& out) {
  const Value* type = node.is_object() ? node.find("type") : nullptr;
  if (type && type->is_string() && type->as_string() == "group") {
    const Value* children = node.find("children");
    if (!children || !children->is_array()) return;
    std::size_t i = 0;
    for (const Value& child : children->as_array())
      collect_leaves(child, pointer + "/children/" + std::to_string(i++), out);
    return;
  }
  out.emplace_back(pointer, node);
}

std::string round_trip_cause(const Value& condition) {
  const Value* value = condition.find("value");
  const Value* name = condition.find("name");
  if (value && value->is_string() && value->as_string().find('"') != std::string::npos)
    return "double quotes in the value";
  if (value && value->is_number() &&
      json::format_number(value->as_number()).find('e') != std::string::npos)
    return "numbers that JavaScript writes with an exponent";
  if (value && value->is_string() && value->as_string().find('*') != std::string::npos)
    return "\"*\" in a starts with / ends with value";
  if (name && name->is_string()) {
    for (const std::string& key : path_keys(name->as_string()))
      if (!key.empty() && key[0] >= '0' && key[0] <= '9')
        return "path segments that start with a digit";
  }
  return "this combination of field, operator and value";
}
}  // namespace

std::vector<Diagnostic> lint_ast(const Value& ast, const LintOptions& options) {
  std::vector<Diagnostic> out;
  const GenerateResult generated = generate(ast);
  if (generated.error) return out;
  const ParseResult parsed = parse(generated.fql);
  out = lint(generated.fql, parsed, options);
  for (Diagnostic& d : out) d.range.reset();  // the ranges point into generated text
  std::vector<std::pair<std::string, Value>> leaves;
  collect_leaves(ast, "", leaves);
  for (const auto& [pointer, condition] : leaves) {
    const Value single = Value::object(json::Object{{"type", Value::string("group")},
                                                    {"operator", Value::string("and")},
                                                    {"children", Value::array({condition})}});
    const GenerateResult one = generate(single);
    if (one.error) continue;
    const ParseResult back = parse(one.fql);
    bool same = false;
    std::string reading = "an error that never matches";
    if (back.ok()) {
      const Value* children = back.ast.find("children");
      same = children && children->as_array().size() == 1 &&
             children->as_array()[0].deep_equals(condition);
      const GenerateResult again = generate(back.ast);
      reading = again.error ? "something else" : quoted(again.fql);
    }
    if (same) continue;
    out.push_back(make_diagnostic("FQL-11", "trigger", pointer,
                                  {{"field", field_of(condition)},
                                   {"fql", quoted(one.fql)},
                                   {"reading", reading},
                                   {"cause", round_trip_cause(condition)}}));
  }
  return out;
}

std::vector<Diagnostic> compare_trigger(std::string_view fql, const Value& ast) {
  std::vector<Diagnostic> out;
  const ParseResult parsed = parse(fql);
  if (!parsed.ok()) {
    out.push_back(
        make_diagnostic("TRG-08", "trigger", "", {{"problem", parse_failure_detail(fql, parsed)}}));
    return out;
  }
  if (json::stringify(parsed.ast) == json::stringify(ast)) return out;
  const GenerateResult conditions = generate(ast);
  const GenerateResult text = generate(parsed.ast);
  out.push_back(make_diagnostic(
      "TRG-08", "trigger", "",
      {{"problem",
        "The FQL text and the conditions disagree: the text reads as " + quoted(text.fql) +
            ", the conditions as " +
            (conditions.error ? std::string("an invalid tree") : quoted(conditions.fql)) +
            ". Segment runs the conditions it parsed from the text."}}));
  return out;
}

}  // namespace mapcheck::fql
