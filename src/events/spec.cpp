// Segment Spec checks for Identify and Track events (ENGAGE.md §1, rules SPEC-01..SPEC-16).
#include <cctype>
#include <unordered_map>

#include "events/event.hpp"
#include "events/timestamp.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"
#include "text/unicode.hpp"

namespace mapcheck::events {

using json::Value;

namespace {

constexpr std::size_t kMaxEventBytes = 32768;  // Segment HTTP API: 32 KB per call
constexpr std::size_t kMessageIdLimit = 100;   // HTTP API: "fewer than 100 characters"

// "the string \"42\"", "the number 42", "an object", ... for type complaints.
std::string describe_value(const Value& v) {
  switch (v.kind()) {
    case json::Kind::string:
      return "the string " + quote(v);
    case json::Kind::number:
      return "the number " + quote(v);
    case json::Kind::boolean:
      return std::string("the boolean ") + (v.as_boolean() ? "true" : "false");
    default:
      return describe_type(v);
  }
}

enum class Expect { string, number, object, date, string_or_number, currency };

bool matches(const Value& v, Expect e) {
  switch (e) {
    case Expect::string:
      return v.is_string();
    case Expect::number:
      return v.is_number();
    case Expect::object:
      return v.is_object();
    case Expect::date:
      return v.is_string() && starts_with_date(v.as_string());
    case Expect::string_or_number:
      return v.is_string() || v.is_number();
    case Expect::currency: {
      if (!v.is_string() || v.as_string().size() != 3) return false;
      for (char c : v.as_string())
        if (!std::isalpha(static_cast<unsigned char>(c))) return false;
      return true;
    }
  }
  return true;
}

const char* expected_text(Expect e) {
  switch (e) {
    case Expect::string:
      return "a string";
    case Expect::number:
      return "a number";
    case Expect::object:
      return "an object";
    case Expect::date:
      return "an ISO-8601 date string";
    case Expect::string_or_number:
      return "a string or a number";
    case Expect::currency:
      return "a 3-letter ISO 4217 code such as \"USD\"";
  }
  return "";
}

struct Reserved {
  const char* name;
  Expect expect;
};

// Identify reserved traits (Segment Spec), in both naming styles where they have two words.
const Reserved kReservedTraits[] = {
    {"address", Expect::object},   {"age", Expect::number},         {"avatar", Expect::string},
    {"birthday", Expect::date},    {"company", Expect::object},     {"createdAt", Expect::date},
    {"created_at", Expect::date},  {"description", Expect::string}, {"email", Expect::string},
    {"firstName", Expect::string}, {"first_name", Expect::string},  {"gender", Expect::string},
    {"id", Expect::string},        {"lastName", Expect::string},    {"last_name", Expect::string},
    {"name", Expect::string},      {"phone", Expect::string},       {"title", Expect::string},
    {"username", Expect::string},  {"website", Expect::string},
};
const Reserved kAddressKeys[] = {{"city", Expect::string},       {"country", Expect::string},
                                 {"postalCode", Expect::string}, {"postal_code", Expect::string},
                                 {"state", Expect::string},      {"street", Expect::string}};
const Reserved kCompanyKeys[] = {{"name", Expect::string},
                                 {"id", Expect::string_or_number},
                                 {"industry", Expect::string},
                                 {"employee_count", Expect::number},
                                 {"plan", Expect::string}};
// Reserved properties of every Track event.
const Reserved kReservedProperties[] = {
    {"revenue", Expect::number}, {"value", Expect::number}, {"currency", Expect::currency}};

class SpecChecker {
 public:
  explicit SpecChecker(const Value& event) : event_(event) {}

  std::vector<Diagnostic> run() {
    if (!event_.is_object()) {
      add("SPEC-01", "", {{"type", describe_type(event_)}});
      return std::move(out_);
    }
    type_ = event_type_of(event_);
    check_type();
    check_identity();
    check_containers();
    if (type_ == EventType::track) check_track();
    if (type_ == EventType::identify) check_identify();
    check_size();
    check_message_id();
    check_timestamps();
    for (const auto& [path, ptr] : trait_objects()) {
      if (const Value* traits = at(path)) {
        check_reserved_traits(*traits, path, ptr);
        check_naming_styles(*traits, path, ptr);
        check_trait_timestamps(*traits, path, ptr);
      }
    }
    if (type_ == EventType::track)
      if (const Value* properties = event_.find("properties");
          properties && properties->is_object())
        check_reserved(*properties, kReservedProperties, "properties", "/properties", "SPEC-12",
                       "property");
    check_advertising_id();
    check_unknown_fields();
    return std::move(out_);
  }

 private:
  void add(const char* code, std::string ptr, const Args& args = {}) {
    out_.push_back(make_diagnostic(code, "event", std::move(ptr), args));
  }

  // The object at a dotted path of plain keys, or nullptr.
  const Value* at(std::string_view path) const {
    const Value* cur = &event_;
    std::size_t start = 0;
    while (cur != nullptr) {
      const std::size_t dot = path.find('.', start);
      cur = cur->find(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    return cur != nullptr && cur->is_object() ? cur : nullptr;
  }

  // Where user traits live on this event: traits (Identify) and context.traits (both).
  std::vector<std::pair<std::string, std::string>> trait_objects() const {
    std::vector<std::pair<std::string, std::string>> list;
    if (type_ == EventType::identify) list.push_back({"traits", "/traits"});
    if (type_ != EventType::other) list.push_back({"context.traits", "/context/traits"});
    return list;
  }

  void check_type() {
    const Value* type = event_.find("type");
    if (type == nullptr)
      add("SPEC-04", "/type", {{"value", "missing"}});
    else if (type_ == EventType::other)
      add("SPEC-04", "/type", {{"value", quote(*type)}});
  }

  void check_identity() {
    bool has_id = false;
    for (const char* field : {"userId", "anonymousId"}) {
      const Value* v = event_.find(field);
      if (v == nullptr || v->is_null()) continue;
      if (!v->is_string()) {
        add("SPEC-03", pointer({field}), {{"field", field}, {"type", describe_value(*v)}});
        has_id = true;
      } else if (!v->as_string().empty()) {
        has_id = true;
      }
    }
    if (!has_id) add("SPEC-02", "");
  }

  void check_containers() {
    for (const char* field : {"context", "integrations"}) {
      const Value* v = event_.find(field);
      if (v != nullptr && !v->is_object())
        add("SPEC-07", pointer({field}), {{"field", field}, {"type", describe_type(*v)}});
    }
  }

  void check_track() {
    const Value* name = event_.find("event");
    if (name == nullptr || name->is_null())
      add("SPEC-05", "/event", {{"problem", "no event name"}});
    else if (!name->is_string())
      add("SPEC-05", "/event", {{"problem", "an event name that is " + describe_type(*name)}});
    else if (name->as_string().empty())
      add("SPEC-05", "/event", {{"problem", "an empty event name"}});
    if (const Value* p = event_.find("properties"); p && !p->is_object())
      add("SPEC-06", "/properties", {{"field", "properties"}, {"type", describe_type(*p)}});
    if (event_.find("traits") != nullptr) add("SPEC-14", "/traits");
  }

  void check_identify() {
    if (const Value* t = event_.find("traits"); t && !t->is_object())
      add("SPEC-06", "/traits", {{"field", "traits"}, {"type", describe_type(*t)}});
  }

  void check_size() {
    const std::size_t bytes = json::stringify(event_).value_or("").size();
    if (bytes > kMaxEventBytes) add("SPEC-08", "", {{"bytes", std::to_string(bytes)}});
  }

  void check_message_id() {
    const Value* id = event_.find("messageId");
    std::string problem;
    if (id == nullptr || id->is_null()) {
      problem = "The event has no messageId (Segment's libraries and Engage always set one)";
    } else if (!id->is_string()) {
      problem = "messageId is " + describe_value(*id) + ", not a string";
    } else if (id->as_string().empty()) {
      problem = "messageId is empty";
    } else {
      const std::size_t length = text::utf16_length(id->as_string());
      if (length >= kMessageIdLimit)
        problem = "messageId is " + std::to_string(length) +
                  " characters long; mapcheck applies the HTTP API's \"fewer than 100 "
                  "characters\" (the Spec's field page says \"limited to 100\"; see C14)";
    }
    if (!problem.empty()) add("SPEC-09", "/messageId", {{"problem", problem}});
  }

  void check_timestamps() {
    for (const char* field : {"timestamp", "originalTimestamp", "sentAt", "receivedAt"}) {
      const Value* v = event_.find(field);
      if (v == nullptr || v->is_null()) continue;
      if (!v->is_string()) {
        add("SPEC-10", pointer({field}),
            {{"field", field}, {"value", quote(*v)}, {"problem", "not a string"}});
        continue;
      }
      const TimestampProblem problem = check_timestamp(v->as_string());
      if (problem != TimestampProblem::none)
        add("SPEC-10", pointer({field}),
            {{"field", field}, {"value", quote(*v)}, {"problem", describe(problem)}});
    }
  }

  // Custom traits that look like date-times but lack a zone are not stored as timestamps.
  void check_trait_timestamps(const Value& traits, const std::string& path,
                              const std::string& ptr) {
    for (const auto& [key, v] : traits.as_object()) {
      if (!v.is_string() || !looks_like_date_time(v.as_string())) continue;
      const TimestampProblem problem = check_timestamp(v.as_string());
      if (problem == TimestampProblem::none) continue;
      std::string member = ptr;
      json::append_pointer_token(member, key);
      add("SPEC-10", member,
          {{"field", path + "." + key}, {"value", quote(v)}, {"problem", describe(problem)}});
    }
  }

  template <std::size_t N>
  void check_reserved(const Value& object, const Reserved (&table)[N], const std::string& path,
                      const std::string& ptr, const char* code, const char* noun) {
    for (const Reserved& r : table) {
      const Value* v = object.find(r.name);
      if (v == nullptr || v->is_null() || matches(*v, r.expect)) continue;
      std::string member = ptr;
      json::append_pointer_token(member, r.name);
      add(code, member,
          {{noun, path + "." + r.name},
           {"type", describe_value(*v)},
           {"expected", expected_text(r.expect)}});
    }
  }

  void check_reserved_traits(const Value& traits, const std::string& path, const std::string& ptr) {
    check_reserved(traits, kReservedTraits, path, ptr, "SPEC-11", "trait");
    if (const Value* address = traits.find("address"); address && address->is_object())
      check_reserved(*address, kAddressKeys, path + ".address", ptr + "/address", "SPEC-11",
                     "trait");
    if (const Value* company = traits.find("company"); company && company->is_object())
      check_reserved(*company, kCompanyKeys, path + ".company", ptr + "/company", "SPEC-11",
                     "trait");
  }

  // camelCase keys ("firstName") whose snake_case form ("first_name") is also present.
  void check_naming_styles(const Value& traits, const std::string& path, const std::string& ptr) {
    const json::Object& members = traits.as_object();
    std::unordered_map<std::string_view, std::size_t> position;
    for (std::size_t i = 0; i < members.size(); ++i) position.emplace(members.at(i).first, i);
    for (std::size_t i = 0; i < members.size(); ++i) {
      const std::string& key = members.at(i).first;
      std::string snake;
      bool camel = false;
      for (char c : key) {
        if (c >= 'A' && c <= 'Z') {
          if (snake.empty()) break;
          snake.push_back('_');
          snake.push_back(static_cast<char>(c - 'A' + 'a'));
          camel = true;
        } else {
          snake.push_back(c);
        }
      }
      const auto other = camel ? position.find(snake) : position.end();
      if (other == position.end()) continue;
      // Point at whichever of the two comes later in the object.
      std::string member = ptr;
      json::append_pointer_token(member, other->second > i ? snake : key);
      add("SPEC-13", member, {{"first", path + "." + key}, {"second", path + "." + snake}});
    }
  }

  void check_advertising_id() {
    const Value* device = at("context.device");
    if (device == nullptr) return;
    const Value* id = device->find("advertisingId");
    if (id == nullptr || id->is_null() || (id->is_string() && id->as_string().empty())) return;
    std::vector<std::string> problems;
    const Value* type = device->find("type");
    if (type == nullptr || type->is_null())
      problems.push_back("context.device.type is missing");
    else if (!type->is_string() || (type->as_string() != "ios" && type->as_string() != "android"))
      problems.push_back("context.device.type is " + quote(*type) + ", not \"ios\" or \"android\"");
    const Value* tracking = device->find("adTrackingEnabled");
    if (tracking == nullptr)
      problems.push_back("context.device.adTrackingEnabled is missing");
    else if (!tracking->is_boolean() || !tracking->as_boolean())
      problems.push_back("context.device.adTrackingEnabled is " + quote(*tracking) + ", not true");
    if (problems.empty()) return;
    std::string joined = problems[0];
    if (problems.size() > 1) joined += " and " + problems[1];
    add("SPEC-15", "/context/device/advertisingId", {{"problem", joined}});
  }

  void check_unknown_fields() {
    if (type_ == EventType::other) return;
    static const char* const common[] = {
        "type",     "userId",     "anonymousId", "messageId", "timestamp",    "originalTimestamp",
        "sentAt",   "receivedAt", "version",     "context",   "integrations", "channel",
        "writeKey", "_metadata",  "external_ids"};
    for (const auto& [key, v] : event_.as_object()) {
      bool known = false;
      for (const char* k : common) known = known || key == k;
      if (type_ == EventType::track)
        known = known || key == "event" || key == "properties" || key == "traits";
      if (type_ == EventType::identify) known = known || key == "traits";
      if (known) continue;
      std::string hint;
      if (key == "email")
        hint =
            "; Engage puts email in traits.email on Identify events and in "
            "context.traits.email on Track events";
      else if (key == "properties" || key == "event")
        hint =
            "; only Track events have an event name and properties, Identify events carry "
            "their data in traits";
      add("SPEC-16", pointer({key}),
          {{"field", key}, {"type", event_type_label(type_)}, {"hint", hint}});
    }
  }

  const Value& event_;
  EventType type_ = EventType::other;
  std::vector<Diagnostic> out_;
};

}  // namespace

std::vector<Diagnostic> check_spec(const Value& event) {
  return SpecChecker(event).run();
}

}  // namespace mapcheck::events
