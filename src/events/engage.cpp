// Checks that an Identify or Track event has the shape Engage gives audience and computed-trait
// events (ENGAGE.md §2, rules ENG-01..ENG-08).
#include "events/event.hpp"

namespace mapcheck::events {

using json::Value;

namespace {

enum class Computation { unknown, audience, trait, journey_step };

const Value* object_at(const Value& v, const char* key) {
  const Value* m = v.find(key);
  return m != nullptr && m->is_object() ? m : nullptr;
}

const std::string* string_at(const Value* v, const char* key) {
  if (v == nullptr) return nullptr;
  const Value* m = v->find(key);
  return m != nullptr && m->is_string() && !m->as_string().empty() ? &m->as_string() : nullptr;
}

class EngageChecker {
 public:
  EngageChecker(const Value& event, const EventOptions& options)
      : event_(event), options_(options) {}

  std::vector<Diagnostic> run() {
    type_ = event_type_of(event_);
    if (!event_.is_object() || type_ == EventType::other) return {};
    const Value* context = object_at(event_, "context");
    properties_ = object_at(event_, "properties");
    traits_ = object_at(event_, "traits");
    context_traits_ = context ? object_at(*context, "traits") : nullptr;
    check_personas(context);
    classify();
    check_keys();
    if (computation_ == Computation::audience) check_membership();
    if (computation_ == Computation::trait) check_computed_trait();
    check_email();
    return std::move(out_);
  }

 private:
  void add(const char* code, std::string ptr, const Args& args = {}) {
    out_.push_back(make_diagnostic(code, "event", std::move(ptr), args));
  }

  // The object the audience flag and enriched traits live in: traits or properties.
  const char* data_object() const { return type_ == EventType::identify ? "traits" : "properties"; }
  const Value* data() const { return type_ == EventType::identify ? traits_ : properties_; }

  void check_personas(const Value* context) {
    const Value* personas = context ? context->find("personas") : nullptr;
    if (personas == nullptr) {
      add("ENG-01", "/context/personas");
      return;
    }
    if (!personas->is_object()) {
      add("ENG-02", "/context/personas",
          {{"problem", "context.personas is " + describe_type(*personas) + ", not an object."}});
      return;
    }
    personas_ = personas;
    const Value* cls = personas->find("computation_class");
    if (cls == nullptr || cls->is_null()) {
      add("ENG-02", "/context/personas/computation_class",
          {{"problem", "context.personas has no computation_class."}});
    } else if (cls->is_string() && cls->as_string() == "audience") {
      computation_ = Computation::audience;
    } else if (cls->is_string() && cls->as_string() == "trait") {
      computation_ = Computation::trait;
    } else if (cls->is_string() && cls->as_string() == "journey_step") {
      computation_ = Computation::journey_step;
    } else {
      add("ENG-02", "/context/personas/computation_class",
          {{"problem", "context.personas.computation_class is " + quote(*cls) +
                           "; Engage uses \"audience\", \"trait\" or \"journey_step\"."}});
    }
    const Value* key = personas->find("computation_key");
    if (key == nullptr || key->is_null())
      add("ENG-02", "/context/personas/computation_key",
          {{"problem",
            "context.personas has no computation_key, so Actions destinations "
            "cannot find the audience or trait key."}});
    else if (!key->is_string() || key->as_string().empty())
      add("ENG-02", "/context/personas/computation_key",
          {{"problem", "context.personas.computation_key is " + quote(*key) +
                           "; it must name the audience or trait key."}});
  }

  // Without a personas block, the event name and properties tell what Engage computed.
  void classify() {
    if (computation_ != Computation::unknown || personas_ != nullptr) return;
    if (type_ == EventType::track) {
      const std::string* name = string_at(&event_, "event");
      if (name && (*name == options_.entered || *name == options_.exited))
        computation_ = Computation::audience;
      else if (name && *name == options_.computed)
        computation_ = Computation::trait;
      else if (string_at(properties_, "audience_key"))
        computation_ = Computation::audience;
      else if (string_at(properties_, "trait_key"))
        computation_ = Computation::trait;
    } else if (options_.audience_key) {
      computation_ = Computation::audience;
    }
  }

  // The key of the audience or trait: configured, else computation_key, else the event's own.
  void check_keys() {
    const std::string* computation_key = string_at(personas_, "computation_key");
    if (options_.audience_key) {
      key_ = *options_.audience_key;
      if (computation_key && *computation_key != key_)
        add("ENG-06", "/context/personas/computation_key",
            {{"problem", "context.personas.computation_key is \"" + *computation_key +
                             "\", but the expected audience key is \"" + key_ + "\"."}});
    } else if (computation_key) {
      key_ = *computation_key;
    }
    if (type_ != EventType::track) return;
    if (computation_ == Computation::audience) {
      const Value* audience_key = properties_ ? properties_->find("audience_key") : nullptr;
      if (audience_key == nullptr || audience_key->is_null()) {
        add("ENG-06", "/properties/audience_key",
            {{"problem", "This Track audience event has no properties.audience_key."}});
      } else if (!audience_key->is_string()) {
        add("ENG-06", "/properties/audience_key",
            {{"problem",
              "properties.audience_key is " + describe_type(*audience_key) + ", not a string."}});
      } else if (key_.empty()) {
        key_ = audience_key->as_string();
      } else if (audience_key->as_string() != key_) {
        add("ENG-06", "/properties/audience_key",
            {{"problem", "properties.audience_key is " + quote(*audience_key) + ", but " +
                             (options_.audience_key ? "the expected audience key"
                                                    : "context.personas.computation_key") +
                             " is \"" + key_ + "\"."}});
      }
    } else if (computation_ == Computation::trait && key_.empty()) {
      if (const std::string* trait_key = string_at(properties_, "trait_key")) key_ = *trait_key;
    }
  }

  void check_membership() {
    if (key_.empty()) return;
    const std::string flag = std::string(data_object()) + "." + key_;
    const std::string ptr = pointer({data_object(), key_});
    const Value* value = data() ? data()->find(key_) : nullptr;
    bool member = false, known = false;
    if (value == nullptr || value->is_null()) {
      add("ENG-03", ptr,
          {{"problem", "There is no membership flag at " + flag}, {"expected", flag}});
    } else if (value->is_string() &&
               (value->as_string() == "true" || value->as_string() == "false")) {
      add("ENG-04", ptr, {{"path", flag}, {"value", value->as_string()}});
      member = value->as_string() == "true";
      known = true;
    } else if (!value->is_boolean()) {
      add("ENG-03", ptr,
          {{"problem", flag + " is " + describe_type(*value) + ", not a boolean"},
           {"expected", flag}});
    } else {
      member = value->as_boolean();
      known = true;
    }
    if (type_ != EventType::track) return;
    const std::string* name = string_at(&event_, "event");
    if (name == nullptr) return;  // SPEC-05 already reports it
    if (*name == options_.entered) {
      if (known && !member)
        add("ENG-05", "/event",
            {{"problem", "The event is \"" + *name + "\" (the Enter Event), but " + flag +
                             " is false, which means the user exited."}});
    } else if (*name == options_.exited) {
      if (known && member)
        add("ENG-05", "/event",
            {{"problem", "The event is \"" + *name + "\" (the Exit Event), but " + flag +
                             " is true, which means the user entered."}});
    } else {
      add("ENG-05", "/event",
          {{"problem", "The audience event is named \"" + *name +
                           "\", which is neither the Enter Event \"" + options_.entered +
                           "\" nor the Exit Event \"" + options_.exited +
                           "\" configured for this connection."}});
    }
  }

  void check_computed_trait() {
    if (type_ == EventType::identify) {
      if (!key_.empty() && (traits_ == nullptr || traits_->find(key_) == nullptr))
        add("ENG-08", pointer({"traits", key_}),
            {{"problem",
              "This computed-trait Identify event has no value at traits." + key_ + "."}});
      return;
    }
    if (const std::string* name = string_at(&event_, "event"); name && *name != options_.computed)
      add("ENG-05", "/event",
          {{"problem", "The computed-trait event is named \"" + *name +
                           "\", not the Compute Event \"" + options_.computed +
                           "\" configured for this connection."}});
    const std::string* trait_key = string_at(properties_, "trait_key");
    if (trait_key == nullptr) {
      add("ENG-08", "/properties/trait_key",
          {{"problem", "This computed-trait Track event has no properties.trait_key."}});
      return;
    }
    if (!key_.empty() && *trait_key != key_)
      add("ENG-08", "/properties/trait_key",
          {{"problem",
            "properties.trait_key is \"" + *trait_key + "\", but " +
                (options_.audience_key ? "the expected key" : "context.personas.computation_key") +
                " is \"" + key_ + "\"."}});
    if (properties_->find(*trait_key) == nullptr)
      add("ENG-08", pointer({"properties", *trait_key}),
          {{"problem", "properties.trait_key names \"" + *trait_key + "\", but properties." +
                           *trait_key + " is missing."}});
  }

  // Identify events carry email in traits.email, Track events in context.traits.email.
  void check_email() {
    if (type_ == EventType::identify) {
      if (traits_ && traits_->find("email")) return;
      if (context_traits_ && context_traits_->find("email"))
        add("ENG-07", "/context/traits/email",
            {{"found", "context.traits.email"},
             {"type", "Identify"},
             {"expected", "traits.email"}});
      else if (properties_ && properties_->find("email"))
        add("ENG-07", "/properties/email",
            {{"found", "properties.email"}, {"type", "Identify"}, {"expected", "traits.email"}});
    } else {
      if (context_traits_ && context_traits_->find("email")) return;
      if (traits_ && traits_->find("email"))
        add("ENG-07", "/traits/email",
            {{"found", "traits.email"}, {"type", "Track"}, {"expected", "context.traits.email"}});
    }
  }

  const Value& event_;
  const EventOptions& options_;
  EventType type_ = EventType::other;
  const Value* personas_ = nullptr;
  const Value* properties_ = nullptr;
  const Value* traits_ = nullptr;
  const Value* context_traits_ = nullptr;
  Computation computation_ = Computation::unknown;
  std::string key_;
  std::vector<Diagnostic> out_;
};

}  // namespace

std::vector<Diagnostic> check_engage(const Value& event, const EventOptions& options) {
  return EngageChecker(event, options).run();
}

}  // namespace mapcheck::events
