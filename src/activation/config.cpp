// Reading the activation config, with a CFG-00 diagnostic for every problem.
#include "activation/config.hpp"

#include <set>

#include "json/parse.hpp"
#include "json/write.hpp"
#include "limits.hpp"

namespace mapcheck::activation {

using json::Value;

namespace {

// How many rows of a list are read: all of them up to `max`; past that a LIM-01 error points
// at the first row left out (the config is then not simulated).
std::size_t rows_within_limit(std::size_t size, std::size_t max, const std::string& pointer,
                              const char* what, std::vector<Diagnostic>& out) {
  if (size <= max) return size;
  out.push_back(make_diagnostic(
      "LIM-01", "config", pointer + "/" + std::to_string(max),
      {{"detail", "The config has " + std::to_string(size) + " " + what +
                      "; mapcheck reads at most " + std::to_string(max) + "."}}));
  return max;
}

}  // namespace

const char* kind_name(DestinationKind kind) {
  switch (kind) {
    case DestinationKind::actions: return "actions";
    case DestinationKind::function: return "function";
    case DestinationKind::classic: return "classic";
    case DestinationKind::facebook_custom_audiences: return "facebook_custom_audiences";
    case DestinationKind::facebook_custom_audiences_actions: return "facebook_custom_audiences_actions";
    case DestinationKind::google_ads_remarketing_lists: return "google_ads_remarketing_lists";
    case DestinationKind::google_customer_match_actions: return "google_customer_match_actions";
  }
  return "actions";
}

bool is_list_destination(DestinationKind kind) {
  return kind == DestinationKind::facebook_custom_audiences ||
         kind == DestinationKind::google_ads_remarketing_lists;
}

const char* strategy_name(Strategy s) {
  switch (s) {
    case Strategy::last_added: return "last_added";
    case Strategy::first_added: return "first_added";
    case Strategy::all: return "all";
  }
  return "last_added";
}

bool ConfigResult::ok() const {
  for (const Diagnostic& d : diagnostics)
    if (d.severity == Severity::error) return false;
  return true;
}

namespace {

// Reads typed members of one object of the config, reporting problems by pointer.
class Reader {
 public:
  Reader(const Value& object, std::string pointer, std::vector<Diagnostic>& out)
      : object_(object), pointer_(std::move(pointer)), out_(out) {}

  std::string at(std::string_view key) const {
    std::string p = pointer_;
    json::append_pointer_token(p, key);
    return p;
  }

  void problem(const std::string& pointer, const std::string& text) const {
    out_.push_back(make_diagnostic("CFG-00", "config", pointer, {{"problem", text}}));
  }

  const Value* get(std::string_view key) {
    known_.insert(std::string(key));
    const Value* v = object_.find(key);
    return v && !v->is_null() ? v : nullptr;
  }

  void string(std::string_view key, std::string& into) {
    if (const Value* v = get(key)) {
      if (v->is_string()) into = v->as_string();
      else problem(at(key), std::string(key) + " must be a string, not " + json::real_type_of(*v) + ".");
    }
  }

  void boolean(std::string_view key, bool& into) {
    if (const Value* v = get(key)) {
      if (v->is_boolean()) into = v->as_boolean();
      else problem(at(key), std::string(key) + " must be true or false, not " + json::real_type_of(*v) + ".");
    }
  }

  void count(std::string_view key, std::size_t& into) {
    if (const Value* v = get(key)) {
      if (v->is_number() && v->as_number() >= 0 && v->as_number() <= 1e6) into = static_cast<std::size_t>(v->as_number());
      else problem(at(key), std::string(key) + " must be a non-negative number.");
    }
  }

  void one_of(std::string_view key, std::string& into, std::initializer_list<const char*> allowed) {
    std::string value = into;
    string(key, value);
    for (const char* a : allowed)
      if (value == a) {
        into = value;
        return;
      }
    std::string list;
    for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
    problem(at(key), std::string(key) + " \"" + value + "\" is not one of " + list + ".");
  }

  // Reports members that no getter asked for (typos).
  void finish() const {
    if (!object_.is_object()) return;
    for (const auto& [key, member] : object_.as_object())
      if (!known_.count(key))
        out_.push_back(make_diagnostic("CFG-05", "config", at(key), {{"key", key}}));
  }

 private:
  const Value& object_;
  std::string pointer_;
  std::vector<Diagnostic>& out_;
  std::set<std::string> known_;
};

bool require_object(const Value* v, const std::string& pointer, const char* what,
                    std::vector<Diagnostic>& out) {
  if (v == nullptr) return false;
  if (v->is_object()) return true;
  out.push_back(make_diagnostic("CFG-00", "config", pointer,
                                {{"problem", std::string(what) + " must be an object, not " +
                                                 json::real_type_of(*v) + "."}}));
  return false;
}

}  // namespace

ConfigResult read_config(const Value& doc) {
  ConfigResult result;
  Config& c = result.config;
  std::vector<Diagnostic>& out = result.diagnostics;
  if (!doc.is_object()) {
    out.push_back(make_diagnostic("CFG-00", "config", "",
                                  {{"problem", std::string("The activation config must be a JSON object, not ") +
                                                   json::real_type_of(doc) + "."}}));
    return result;
  }
  Reader root(doc, "", out);
  if (const Value* v = root.get("version"); !v || !v->is_number() || v->as_number() != 1)
    root.problem("/version", "version must be 1 (the only version of the activation config).");

  if (const Value* comp = root.get("computation"); require_object(comp, "/computation", "computation", out)) {
    Reader r(*comp, "/computation", out);
    r.one_of("class", c.computation_class, {"audience", "journey_step", "trait"});
    r.string("key", c.computation_key);
    r.string("id", c.computation_id);
    if (c.computation_class == "trait") c.action = "computed";
    r.one_of("action", c.action, {"entered", "exited", "computed"});
    if (const Value* v = r.get("value")) c.computed_value = *v;
    bool include_anonymous = false;
    r.boolean("include_anonymous", include_anonymous);
    r.string("space_id", c.space_id);
    r.finish();
    if (c.computation_key.empty()) r.problem("/computation/key", "computation.key (the audience, trait or journey step key) is required.");
  } else if (!comp) {
    root.problem("/computation", "computation (the audience, trait or journey step) is required.");
  }

  if (const Value* dest = root.get("destination"); require_object(dest, "/destination", "destination", out)) {
    Reader r(*dest, "/destination", out);
    std::string kind = kind_name(c.kind);
    r.one_of("kind", kind, {"actions", "function", "classic", "facebook_custom_audiences",
                            "facebook_custom_audiences_actions", "google_ads_remarketing_lists",
                            "google_customer_match_actions"});
    for (DestinationKind k : {DestinationKind::actions, DestinationKind::function, DestinationKind::classic,
                              DestinationKind::facebook_custom_audiences,
                              DestinationKind::facebook_custom_audiences_actions,
                              DestinationKind::google_ads_remarketing_lists,
                              DestinationKind::google_customer_match_actions})
      if (kind == kind_name(k)) c.kind = k;
    r.string("name", c.destination_name);
    r.boolean("send_identify", c.send_identify);
    r.boolean("send_track", c.send_track);
    r.boolean("send_mobile_ids", c.send_mobile_ids);
    std::string setup = "default";
    if (doc.find("trait_enrichment") || doc.find("id_sync")) setup = "customized";
    r.one_of("setup", setup, {"default", "customized"});
    c.customized = setup == "customized";
    if (const Value* names = r.get("event_names"); require_object(names, r.at("event_names"), "event_names", out)) {
      Reader n(*names, r.at("event_names"), out);
      n.string("entered", c.entered_event);
      n.string("exited", c.exited_event);
      n.string("computed", c.computed_event);
      n.finish();
    }
    if (const Value* google = r.get("google"); require_object(google, r.at("google"), "google", out)) {
      Reader g(*google, r.at("google"), out);
      g.string("phone_country_code", c.google_phone_country_code);
      g.one_of("external_id_type", c.google_list_type, {"CONTACT_INFO", "CRM_ID", "MOBILE_ADVERTISING_ID"});
      g.string("app_id", c.google_app_id);
      if (const Value* consent = g.get("consent"); require_object(consent, g.at("consent"), "consent", out)) {
        Reader k(*consent, g.at("consent"), out);
        k.string("ad_user_data", c.google_consent_ad_user_data);
        k.string("ad_personalization", c.google_consent_ad_personalization);
        k.finish();
      }
      g.finish();
    }
    r.finish();
  }

  auto rows = [&](const char* key) -> const json::Array* {
    const Value* v = root.get(key);
    if (v == nullptr) return nullptr;
    if (!v->is_array()) {
      root.problem(std::string("/") + key, std::string(key) + " must be an array of rows.");
      return nullptr;
    }
    return &v->as_array();
  };

  if (const json::Array* list = rows("trait_enrichment")) {
    const std::size_t n = rows_within_limit(list->size(), limits::kMaxSetupRows,
                                            "/trait_enrichment", "Trait Enrichment rows", out);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string p = "/trait_enrichment/" + std::to_string(i);
      if (!require_object(&(*list)[i], p, "A Trait Enrichment row", out)) continue;
      Reader r((*list)[i], p, out);
      TraitRow row;
      row.pointer = p;
      r.string("segment", row.segment);
      r.string("destination", row.destination);
      r.finish();
      if (row.segment.empty()) {
        r.problem(p + "/segment", "Each Trait Enrichment row needs the Segment trait to send.");
        continue;
      }
      if (row.destination.empty()) row.destination = row.segment;  // the UI pre-fills the same name
      c.trait_enrichment.push_back(std::move(row));
    }
  }

  if (const json::Array* list = rows("id_sync")) {
    const std::size_t n =
        rows_within_limit(list->size(), limits::kMaxSetupRows, "/id_sync", "ID Sync rows", out);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string p = "/id_sync/" + std::to_string(i);
      if (!require_object(&(*list)[i], p, "An ID Sync row", out)) continue;
      Reader r((*list)[i], p, out);
      IdSyncRow row;
      row.pointer = p;
      r.string("segment", row.segment);
      r.string("destination", row.destination);
      std::string strategy = "last_added";
      r.string("strategy", strategy);
      r.finish();
      if (strategy == "last_added") row.strategy = Strategy::last_added;
      else if (strategy == "first_added") row.strategy = Strategy::first_added;
      else if (strategy == "all") row.strategy = Strategy::all;
      else {
        out.push_back(make_diagnostic("IDS-02", "config", p + "/strategy", {{"strategy", strategy}}));
        continue;
      }
      if (row.segment.empty()) {
        r.problem(p + "/segment", "Each ID Sync row needs the Segment identifier to send.");
        continue;
      }
      if (row.destination.empty()) row.destination = row.segment;
      c.id_sync.push_back(std::move(row));
    }
  }

  if (const Value* profile = root.get("profile"); require_object(profile, "/profile", "profile", out)) {
    Reader r(*profile, "/profile", out);
    if (const Value* traits = r.get("traits"); require_object(traits, "/profile/traits", "profile.traits", out))
      c.traits = *traits;
    if (const Value* ids = r.get("identifiers")) {
      if (!ids->is_array()) {
        r.problem("/profile/identifiers", "profile.identifiers must be an array of {type, id, created_at}.");
      } else {
        const json::Array& list = ids->as_array();
        const std::size_t n = rows_within_limit(list.size(), limits::kMaxIdentifiers,
                                                "/profile/identifiers", "identifiers", out);
        for (std::size_t i = 0; i < n; ++i) {
          const std::string p = "/profile/identifiers/" + std::to_string(i);
          if (!require_object(&list[i], p, "An identifier", out)) continue;
          Reader ir(list[i], p, out);
          Identifier id;
          id.position = i;
          ir.string("type", id.type);
          ir.string("id", id.id);
          ir.string("created_at", id.created_at);
          ir.finish();
          if (id.type.empty() || id.id.empty()) {
            ir.problem(p, "Each identifier needs a type and an id.");
            continue;
          }
          c.identifiers.push_back(std::move(id));
        }
      }
    }
    r.finish();
  }

  if (const Value* event = root.get("event")) c.event = *event;
  root.string("timestamp", c.timestamp);

  if (const json::Array* list = rows("mappings")) {
    const std::size_t n =
        rows_within_limit(list->size(), limits::kMaxMappings, "/mappings", "mappings", out);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string p = "/mappings/" + std::to_string(i);
      if (!require_object(&(*list)[i], p, "A mapping", out)) continue;
      Reader r((*list)[i], p, out);
      MappingConfig m;
      m.pointer = p;
      m.name = "Mapping " + std::to_string(i + 1);
      r.string("name", m.name);
      r.string("action", m.action);
      r.boolean("enabled", m.enabled);
      if (const Value* t = r.get("trigger")) {
        if (t->is_object()) m.trigger = *t;
        else r.problem(p + "/trigger", "trigger must be a condition object (the AST); use trigger_fql for FQL text.");
      }
      std::string fql;
      if (r.get("trigger_fql")) {
        r.string("trigger_fql", fql);
        m.trigger_fql = fql;
      }
      if (const Value* f = r.get("fields")) {
        if (f->is_object()) m.fields = *f;
        else r.problem(p + "/fields", "fields must be an object of destination field → mapping directive.");
      } else {
        m.fields = Value::object();
      }
      if (const Value* req = r.get("required_fields")) {
        if (req->is_array()) {
          for (const Value& name : req->as_array())
            if (name.is_string()) m.required_fields.push_back(name.as_string());
        } else {
          r.problem(p + "/required_fields", "required_fields must be an array of field names.");
        }
      }
      r.finish();
      c.mappings.push_back(std::move(m));
    }
  }

  if (const Value* limits = root.get("limits"); require_object(limits, "/limits", "limits", out)) {
    Reader r(*limits, "/limits", out);
    std::size_t event_bytes = 32768;
    r.count("max_event_bytes", event_bytes);
    r.count("max_mappings", c.max_mappings);
    r.count("max_conditions", c.max_conditions);
    r.count("max_all_strategy", c.max_all_strategy);
    r.finish();
  }
  root.finish();
  return result;
}

}  // namespace mapcheck::activation
