// Event type, connection options and message helpers shared by the Spec and Engage checks.
#include "events/event.hpp"

#include "json/parse.hpp"
#include "json/write.hpp"
#include "text/unicode.hpp"

namespace mapcheck::events {

using json::Value;

EventType event_type_of(const Value& event) {
  const Value* type = event.find("type");
  if (type == nullptr || !type->is_string()) return EventType::other;
  if (type->as_string() == "identify") return EventType::identify;
  if (type->as_string() == "track") return EventType::track;
  return EventType::other;
}

const char* event_type_label(EventType type) {
  switch (type) {
    case EventType::identify:
      return "Identify";
    case EventType::track:
      return "Track";
    case EventType::other:
      return "other";
  }
  return "other";
}

std::string describe_type(const Value& value) {
  switch (value.kind()) {
    case json::Kind::undefined:
      return "missing";
    case json::Kind::null:
      return "null";
    case json::Kind::boolean:
      return "a boolean";
    case json::Kind::number:
      return "a number";
    case json::Kind::string:
      return "a string";
    case json::Kind::array:
      return "an array";
    case json::Kind::object:
      return "an object";
  }
  return "a value";
}

std::string pointer(std::initializer_list<std::string_view> keys) {
  std::string p;
  for (std::string_view key : keys) json::append_pointer_token(p, key);
  return p;
}

std::string quote(const Value& value) {
  if (value.is_string()) {
    const std::string& s = value.as_string();
    std::string out;
    if (text::utf16_length(s) > 60) {
      std::u16string units = text::to_utf16(s);
      units.resize(57);
      json::append_json_string(out, text::from_utf16(units) + "...");
    } else {
      json::append_json_string(out, s);
    }
    return out;
  }
  std::optional<std::string> text = json::stringify(value);
  if (!text) return "undefined";
  if (text->size() > 60) return value.is_array() ? "an array" : "an object";
  return *text;
}

namespace {

void option_problem(std::vector<Diagnostic>* problems, std::string ptr, std::string option,
                    std::string problem) {
  if (problems == nullptr) return;
  problems->push_back(
      make_diagnostic("OPT-01", "options", std::move(ptr),
                      {{"option", std::move(option)}, {"problem", std::move(problem)}}));
}

// The first of `names` present in `options`, with its key.
const Value* member(const Value& options, std::initializer_list<const char*> names,
                    std::string& key) {
  for (const char* name : names)
    if (const Value* v = options.find(name)) {
      key = name;
      return v;
    }
  return nullptr;
}

}  // namespace

EventOptions read_event_options(const Value& options, std::vector<Diagnostic>* problems) {
  EventOptions out;
  if (!options.is_object()) return out;
  std::string key;
  if (const Value* names = member(options, {"eventNames", "event_names"}, key)) {
    if (!names->is_object()) {
      option_problem(problems, pointer({key}), key,
                     "is " + describe_type(*names) + ", not an object");
    } else {
      const std::pair<const char*, std::string*> fields[] = {
          {"entered", &out.entered}, {"exited", &out.exited}, {"computed", &out.computed}};
      for (const auto& [name, target] : fields) {
        const Value* v = names->find(name);
        if (v == nullptr) continue;
        if (v->is_string() && !v->as_string().empty())
          *target = v->as_string();
        else
          option_problem(problems, pointer({key, name}), key + "." + name,
                         "is " + describe_type(*v) + ", not a non-empty string");
      }
    }
  }
  if (const Value* k = member(options, {"audienceKey", "audience_key"}, key)) {
    if (k->is_string() && !k->as_string().empty())
      out.audience_key = k->as_string();
    else if (!k->is_null())
      option_problem(problems, pointer({key}), key,
                     "is " + describe_type(*k) + ", not a non-empty string");
  }
  return out;
}

std::vector<Diagnostic> check_event(const Value& event, const EventOptions& options) {
  std::vector<Diagnostic> out = check_spec(event);
  std::vector<Diagnostic> engage = check_engage(event, options);
  out.insert(out.end(), engage.begin(), engage.end());
  return out;
}

}  // namespace mapcheck::events
