// Mapping validation: the same checks, order, stacks and wording as mapping-kit's validate.
#include "mapping/validate.hpp"

#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "json/write.hpp"
#include "text/unicode.hpp"

namespace mapcheck::mapping {

using json::Kind;
using json::Value;

bool is_directive(const Value& value) {
  if (!value.is_object()) return false;
  bool has_directive_key = false;
  for (const auto& [key, member] : value.as_object()) {
    if (!key.empty() && key[0] == '@') has_directive_key = true;
    else if (key != "_metadata") return false;
  }
  return has_directive_key;
}

const std::string* directive_name(const Value& value) {
  if (!value.is_object()) return nullptr;
  for (const auto& [key, member] : value.as_object())
    if (!key.empty() && key[0] == '@') return &key;
  return nullptr;
}

namespace {

using Stack = std::vector<std::string>;

// A thrown validation problem: one ValidationError message, or an AggregateError's list.
struct Failure {
  bool aggregate = false;
  std::vector<std::string> messages;
  std::vector<std::string> pointers;  // where each message points in the mapping
};

std::string to_pointer(const Stack& stack) {
  std::string pointer;
  for (const std::string& key : stack) {
    pointer.push_back('/');
    for (char c : key) {
      if (c == '~') pointer += "~0";
      else if (c == '/') pointer += "~1";
      else pointer.push_back(c);
    }
  }
  return pointer;
}
using Check = std::optional<Failure>;

Check fail(const std::string& text, const Stack& stack) {
  std::string message = "/";
  for (std::size_t i = 0; i < stack.size(); ++i) {
    if (i) message.push_back('/');
    message += stack[i];
  }
  message += " " + text + ".";
  return Failure{false, {std::move(message)}, {to_pointer(stack)}};
}

Check aggregate(const std::vector<Failure>& failures) {
  if (failures.empty()) return std::nullopt;
  Failure all{true, {}, {}};
  for (const Failure& f : failures) {
    all.messages.insert(all.messages.end(), f.messages.begin(), f.messages.end());
    all.pointers.insert(all.pointers.end(), f.pointers.begin(), f.pointers.end());
  }
  return all;
}

Stack push(const Stack& stack, const std::string& key) {
  Stack next = stack;
  next.push_back(key);
  return next;
}

const char* article(const std::string& type) {
  switch (type.empty() ? 'x' : type[0]) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return "an";
    default: return "a";
  }
}

std::string type_or_directive(const Value& v) {
  if (v.is_object())
    for (const auto& [key, member] : v.as_object())
      if (!key.empty() && key[0] == '@') return "directive";
  return json::real_type_of(v);
}

std::string it_is(const std::string& type) { return std::string(article(type)) + " " + type; }

using Validator = std::function<Check(const Value&, const Stack&)>;

Check validate_any(const Value& mapping, const Stack& stack);
Check validate_directive(const Value& obj, const Stack& stack);
Check validate_directive_unchecked(const Value& obj, const Stack& stack);

// mapping-kit validates the members of a directive's options twice: once as plain values
// (validateObject) and again with each field's own validator, which for a nested directive
// starts over. Done literally that is 2^depth work, so a few dozen nested @if would hang. A
// value's validation does not depend on where it sits (only the messages carry the path), so
// objects already found valid during this validation are remembered and not checked again.
// They are remembered by the address of their members, and each is kept alive until the
// validation ends: validation works on copies in places, and a copy's address could otherwise
// be reused by a different object. Failures are not remembered: a failing member stops its
// parent before the second pass.
struct ValidCache {
  std::unordered_set<const json::Object*> valid;
  std::vector<Value> kept;  // holds every remembered object's members at their address
  ValidCache* previous;
};
ValidCache* g_valid_cache = nullptr;

bool known_valid(const Value& v) {
  return g_valid_cache != nullptr && g_valid_cache->valid.count(&v.as_object()) != 0;
}

Check remember(const Value& v, Check result) {
  if (!result && g_valid_cache != nullptr && g_valid_cache->valid.insert(&v.as_object()).second)
    g_valid_cache->kept.push_back(v);
  return result;
}

Check validate_directive_or_raw(const Value& v, const Stack& stack) {
  const std::string type = type_or_directive(v);
  if (type == "directive") return validate_directive(v, stack);
  if (type == "undefined")
    return fail("should be a mapping directive or a JSON value but it is " + it_is(type), stack);
  return std::nullopt;
}

Check validate_directive_or_string(const Value& v, const Stack& stack) {
  const std::string type = type_or_directive(v);
  if (type == "directive") return validate_directive(v, stack);
  if (type == "string") return std::nullopt;
  return fail("should be a string or a mapping directive but it is " + it_is(type), stack);
}

Check validate_object(const Value& value, const Stack& stack) {
  const std::string type = type_or_directive(value);
  if (type != "object") return fail("should be an object but it is " + it_is(type), stack);
  std::vector<Failure> failures;
  for (const auto& [key, member] : value.as_object())
    if (Check c = validate_any(member, push(stack, key))) failures.push_back(std::move(*c));
  return aggregate(failures);
}

Check validate_directive_or_object(const Value& v, const Stack& stack) {
  const std::string type = type_or_directive(v);
  if (type == "directive") return validate_directive(v, stack);
  if (type == "object") return validate_object(v, stack);
  return fail("should be a object or a mapping directive but it is " + it_is(type), stack);
}

Check validate_string(const Value& v, const Stack& stack) {
  const std::string type = type_or_directive(v);
  if (type != "string") return fail("should be a string but it is " + it_is(type), stack);
  return std::nullopt;
}

Validator string_length(std::size_t min, std::size_t max) {
  return [min, max](const Value& v, const Stack& stack) -> Check {
    if (!v.is_string()) return std::nullopt;
    const std::size_t length = text::utf16_length(v.as_string());
    if (length < min) return fail("should be a string of length " + std::to_string(min) + " or greater", stack);
    if (length > max) return fail("should be a string of length " + std::to_string(max) + " or less", stack);
    return std::nullopt;
  };
}

Validator chain(std::vector<Validator> validators) {
  return [validators](const Value& v, const Stack& stack) -> Check {
    for (const Validator& validate : validators)
      if (Check c = validate(v, stack)) return c;
    return std::nullopt;
  };
}

Validator allowed_strings(std::vector<std::string> allowed) {
  return [allowed](const Value& v, const Stack& stack) -> Check {
    if (Check c = validate_string(v, stack)) return c;
    const std::string lower = text::to_lower(v.as_string());
    for (const std::string& a : allowed)
      if (a == lower) return std::nullopt;
    std::string list;
    for (std::size_t i = 0; i < allowed.size(); ++i) list += (i ? ", " : "") + allowed[i];
    std::string quoted;
    json::append_json_string(quoted, v.as_string());
    return fail("should be one of " + list + " but it is " + quoted, stack);
  };
}

Check validate_boolean(const Value& v, const Stack& stack) {
  const std::string type = type_or_directive(v);
  if (type != "boolean") return fail("should be a boolean but it is " + it_is(type), stack);
  return std::nullopt;
}

Check validate_array(const Value& v, const Stack& stack) {
  const std::string type = json::real_type_of(v);
  if (type != "array") return fail("should be an array but it is " + it_is(type), stack);
  return std::nullopt;
}

struct Field {
  const char* name;
  bool required;
  Validator check;
};

Check validate_object_with_fields(const Value& input, const std::vector<Field>& fields,
                                  const Stack& stack) {
  if (Check c = validate_object(input, stack)) return c;
  std::vector<Failure> failures;
  for (const Field& field : fields) {
    const Value* value = input.as_object().find(field.name);
    const bool present = value != nullptr && !value->is_undefined();
    if (field.required && !present) {
      std::string quoted;
      json::append_json_string(quoted, field.name);
      failures.push_back(*fail("should have field " + quoted + " but it doesn't", stack));
      continue;
    }
    if (present)
      if (Check c = field.check(*value, push(stack, field.name))) failures.push_back(std::move(*c));
  }
  return aggregate(failures);
}

Check run_rules(const std::string& name, const Value& v, const Stack& stack) {
  if (name == "@path" || name == "@template") return validate_directive_or_string(v, stack);
  if (name == "@literal" || name == "@excludeWhenNull") return validate_directive_or_raw(v, stack);
  if (name == "@liquid") return validate_string(v, stack);
  if (name == "@if")
    return validate_object_with_fields(v,
                                       {{"exists", false, validate_directive_or_raw},
                                        {"then", false, validate_directive_or_raw},
                                        {"else", false, validate_directive_or_raw}},
                                       stack);
  if (name == "@case")
    return validate_object_with_fields(
        v, {{"operator", false, validate_string}, {"value", false, validate_directive_or_string}},
        stack);
  if (name == "@replace")
    return validate_object_with_fields(
        v,
        {{"pattern", true, chain({validate_string, string_length(1, 10)})},
         {"replacement", false, chain({validate_string, string_length(0, 10)})},
         {"value", true, validate_directive_or_string},
         {"ignorecase", false, validate_boolean},
         {"global", false, validate_boolean}},
        stack);
  if (name == "@arrayPath") {
    if (Check c = validate_array(v, stack)) return c;
    const json::Array& items = v.as_array();
    if (Check c = validate_directive_or_string(items.empty() ? Value() : items[0], stack)) return c;
    return validate_any(items.size() > 1 ? items[1] : Value(), stack);
  }
  if (name == "@json")
    return validate_object_with_fields(
        v,
        {{"value", true, validate_directive_or_raw},
         {"mode", true, allowed_strings({"encode", "decode"})}},
        stack);
  if (name == "@flatten")
    return validate_object_with_fields(
        v, {{"separator", false, validate_string}, {"value", true, validate_directive_or_raw}},
        stack);
  if (name == "@merge") {
    if (Check c = validate_object_with_fields(
            v,
            {{"direction", false, allowed_strings({"left", "right"})},
             {"objects", true, validate_array}},
            stack))
      return c;
    // The elements are checked with an empty stack; the first failure is reported.
    const json::Array& objects = v.as_object().find("objects")->as_array();
    for (std::size_t i = 0; i < objects.size(); ++i) {
      if (Check c = validate_directive_or_object(objects[i], {})) {
        const std::string prefix = to_pointer(push(push(stack, "objects"), std::to_string(i)));
        for (std::string& pointer : c->pointers) pointer = prefix + pointer;
        return c;
      }
    }
    return std::nullopt;
  }
  if (name == "@transform")
    return validate_object_with_fields(
        v,
        {{"apply", true, validate_directive_or_object},
         {"mapping", true, validate_directive_or_object}},
        stack);
  return std::nullopt;
}

bool is_known_directive(const std::string& name) {
  static const char* const known[] = {"@if",      "@case",      "@replace",  "@arrayPath",
                                      "@path",    "@json",      "@flatten",  "@merge",
                                      "@template", "@literal",  "@transform", "@excludeWhenNull",
                                      "@liquid"};
  for (const char* k : known)
    if (name == k) return true;
  return false;
}

Check validate_directive(const Value& obj, const Stack& stack) {
  if (known_valid(obj)) return std::nullopt;
  return remember(obj, validate_directive_unchecked(obj, stack));
}

Check validate_directive_unchecked(const Value& obj, const Stack& stack) {
  const json::Object& members = obj.as_object();
  std::size_t directive_keys = 0;
  bool other_keys = false;
  const std::string* name = nullptr;
  for (const auto& [key, member] : members) {
    if (!key.empty() && key[0] == '@') {
      if (++directive_keys == 1) name = &key;
    } else if (key != "_metadata") {
      other_keys = true;
    }
  }
  if (directive_keys > 1)
    return fail("should only have one @-prefixed key but it has " + std::to_string(directive_keys) + " keys", stack);
  if (other_keys)
    return fail("should only have one @-prefixed key but it has " + std::to_string(members.size()) + " keys", stack);
  if (!is_known_directive(*name)) return fail("has an invalid directive: " + *name, stack);
  return run_rules(*name, *members.find(*name), push(stack, *name));
}

Check validate_any(const Value& mapping, const Stack& stack) {
  const std::string type = type_or_directive(mapping);
  if (type == "directive") return validate_directive(mapping, stack);
  if (type == "object") {
    if (known_valid(mapping)) return std::nullopt;
    return remember(mapping, validate_object(mapping, stack));
  }
  return std::nullopt;  // arrays are not descended into; scalars are always valid
}

}  // namespace

std::optional<Error> validate_mapping(const Value& mapping) {
  ValidCache cache{{}, {}, g_valid_cache};
  g_valid_cache = &cache;
  Check c = validate_any(mapping, {});
  g_valid_cache = cache.previous;
  if (!c) return std::nullopt;
  Error error;
  error.name = c->aggregate ? "AggregateError" : "ValidationError";
  for (std::size_t i = 0; i < c->messages.size(); ++i) error.message += (i ? "\n" : "") + c->messages[i];
  error.errors = std::move(c->messages);
  error.pointers = std::move(c->pointers);
  return error;
}

}  // namespace mapcheck::mapping
