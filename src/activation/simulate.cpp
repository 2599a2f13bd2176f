// Engage's event rendering (Trait Enrichment, ID Sync, Default Setup), the destination rules
// of ENGAGE.md §9 (CFG, TE, IDS, FB, GA) and the mapping step over the emitted events.
#include "activation/simulate.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "activation/normalize.hpp"
#include "events/event.hpp"
#include "mapping/lint.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"
#include "mapping/path.hpp"
#include "mapping/transform.hpp"

namespace mapcheck::activation {

using json::Array;
using json::Object;
using json::Value;

namespace {

constexpr std::size_t kMaxEvents = 200;
// Steps all mapping runs of one simulation may take together (see docs/limits.md).
constexpr std::size_t kMaxSimulationWork = 1'000'000;

bool is_mobile_id(const std::string& type) { return type == "ios.idfa" || type == "android.idfa"; }

const char* const kFacebookTraits[] = {"email",         "context.device.advertisingId",
                                       "firstName",     "lastName",
                                       "phone",         "gender",
                                       "birthYear",     "birthMonth",
                                       "birthday",      "address.state",
                                       "address.city",  "address.postalCode",
                                       "address.country"};

Value str(const std::string& s) { return Value::string(s); }

// One outgoing event before it is rendered: which identifier value each slot carries.
struct Slot {
  std::string name;      // where it goes: a destination name, or a default location
  std::string type;      // identifier type
  std::string value;
  bool default_location = false;  // traits.email / context.traits.email / context.device.*
};
using Combination = std::vector<Slot>;

class Simulator {
 public:
  Simulator(const Config& c, const std::vector<Diagnostic>& config_diagnostics)
      : c_(c), config_diagnostics_(config_diagnostics) {}

  Value run() {
    diagnostics_ = config_diagnostics_;
    check_config();
    Array events;
    if (!c_.event.is_undefined()) {
      add_assumption("A0", "The pasted event is checked as it is; Trait Enrichment and ID Sync are not applied to it.",
                     "mapcheck");
      events.push_back(event_entry("Pasted event", c_.event, Value::object()));
      if (c_.event.is_object()) check_event_type_enabled(c_.event);
    } else if (is_list_destination(c_.kind)) {
      // Classic list destinations get membership rows, not Identify/Track events.
    } else {
      for (const std::string& type : event_types())
        for (const Combination& combo : combinations()) {
          if (events.size() >= kMaxEvents) break;
          Value event = render(type, combo);
          events.push_back(event_entry(label(type, combo), event, identifiers_value(combo)));
        }
      if (events.size() >= kMaxEvents)
        diagnostics_.push_back(make_diagnostic("LIM-01", "config", "/id_sync",
            {{"detail", "The profile's identifier combinations produce more than " +
                            std::to_string(kMaxEvents) + " events; mapcheck shows the first " +
                            std::to_string(kMaxEvents) + "."}}));
    }
    Object report;
    report.set("setup", str(c_.customized ? "customized" : "default"));
    report.set("destination", str(kind_name(c_.kind)));
    report.set("events", Value::array(std::move(events)));
    if (is_list_destination(c_.kind)) report.set("rows", list_rows());
    check_no_mapping_matches(report);
    Array assumptions;
    for (const auto& [id, pair] : assumptions_)
      assumptions.push_back(Value::object(Object{{"id", str(id)}, {"text", str(pair.first)}, {"source", str(pair.second)}}));
    report.set("assumptions", Value::array(std::move(assumptions)));
    Array diags;
    std::set<std::string> seen;
    for (const Diagnostic& d : diagnostics_)
      if (seen.insert(d.code + "\n" + d.pointer + "\n" + d.message).second) diags.push_back(diagnostic_to_value(d));
    report.set("diagnostics", Value::array(std::move(diags)));
    return Value::object(std::move(report));
  }

 private:
  // ---- configuration rules --------------------------------------------------------------------

  void add(const char* code, const std::string& pointer, const Args& args = {}) {
    diagnostics_.push_back(make_diagnostic(code, "config", pointer, args));
  }

  void add_assumption(const std::string& id, const std::string& text, const std::string& source) {
    assumptions_[id] = {text, source};
  }

  bool exited() const { return c_.action == "exited"; }
  bool uses_id_sync() const { return c_.customized && !c_.id_sync.empty() && !exited(); }
  bool uses_enrichment() const {
    return c_.customized && !c_.trait_enrichment.empty() && c_.kind != DestinationKind::classic;
  }

  void check_config() {
    const bool event_destination = !is_list_destination(c_.kind);
    if (event_destination && c_.event.is_undefined() && !c_.send_identify && !c_.send_track)
      add("CFG-01", "/destination");
    if (c_.kind == DestinationKind::classic && !c_.trait_enrichment.empty())
      add("CFG-03", "/trait_enrichment");
    if (c_.kind == DestinationKind::google_customer_match_actions && (c_.send_identify || !c_.send_track))
      add("CFG-04", "/destination", {{"destination", "Google Ads Conversions (Customer Match)"}});
    if (c_.mappings.size() > c_.max_mappings)
      diagnostics_.push_back(make_diagnostic("MAP-04", "config", "/mappings", {{"count", std::to_string(c_.mappings.size())}}));

    // Trait Enrichment.
    std::map<std::string, std::string> by_destination;
    for (const TraitRow& row : c_.trait_enrichment) {
      auto [it, inserted] = by_destination.emplace(row.destination, row.segment);
      if (!inserted)
        add("TE-01", row.pointer + "/destination", {{"first", it->second}, {"second", row.segment}, {"name", row.destination}});
      if (!c_.computation_key.empty() && row.segment == c_.computation_key)
        add("TE-02", row.pointer + "/segment", {{"trait", row.segment}});
      for (const IdSyncRow& ids : c_.id_sync)
        if (ids.destination == row.destination)
          add("TE-03", row.pointer + "/destination",
              {{"name", row.destination}, {"other", "an ID Sync destination name (" + ids.segment + ")"},
               {"effect", "the enriched trait and the identifier overwrite each other."}});
      if (row.destination == "audience_key" || (!c_.computation_key.empty() && row.destination == c_.computation_key))
        add("TE-03", row.pointer + "/destination",
            {{"name", row.destination}, {"other", "a key Engage sets itself"},
             {"effect", "the enriched value replaces the audience key or membership flag."}});
      if (uses_enrichment() && mapping::get_path(c_.traits, row.segment).is_undefined())
        add("TE-04", row.pointer + "/segment", {{"trait", row.segment}, {"name", row.destination}});
    }

    // ID Sync.
    std::size_t all_count = 0;
    std::map<std::string, std::string> segments, destinations;
    for (const IdSyncRow& row : c_.id_sync) {
      if (row.strategy == Strategy::all) ++all_count;
      if (is_mobile_id(row.segment) && !c_.send_mobile_ids)
        add("IDS-03", row.pointer + "/segment", {{"identifier", row.segment}});
      if (!segments.emplace(row.segment, row.pointer).second)
        add("IDS-04", row.pointer + "/segment", {{"problem", "The identifier " + row.segment + " has two ID Sync rows; only one can apply."}});
      if (!destinations.emplace(row.destination, row.pointer).second)
        add("IDS-04", row.pointer + "/destination", {{"problem", "Two ID Sync rows send to \"" + row.destination + "\"; one overwrites the other."}});
      if (row.destination.find('.') != std::string::npos)
        add("IDS-05", row.pointer + "/destination", {{"name", row.destination}});
    }
    if (all_count > c_.max_all_strategy) add("IDS-01", "/id_sync", {{"count", std::to_string(all_count)}});
    if (!c_.id_sync.empty() && c_.customized) add("IDS-08", "/id_sync");
    if (exited() && c_.customized && !c_.id_sync.empty()) add("IDS-06", "/computation/action");
    if (!c_.customized || c_.id_sync.empty())
      add("IDS-07", "/destination/setup",
          {{"setup", c_.customized ? "Customized Setup without identifier rows" : "Default Setup"}});

    check_facebook();
    check_google();
  }

  void check_facebook() {
    if (c_.kind != DestinationKind::facebook_custom_audiences &&
        c_.kind != DestinationKind::facebook_custom_audiences_actions)
      return;
    const bool classic = c_.kind == DestinationKind::facebook_custom_audiences;
    std::map<std::string, std::string> keys;
    for (const TraitRow& row : c_.trait_enrichment) {
      if (classic && std::find(std::begin(kFacebookTraits), std::end(kFacebookTraits), row.segment) == std::end(kFacebookTraits))
        add("FB-01", row.pointer + "/segment", {{"trait", row.segment}});
      if (!classic) continue;
      if (std::find(std::begin(kFacebookSchema), std::end(kFacebookSchema), row.destination) == std::end(kFacebookSchema)) {
        add("FB-02", row.pointer + "/destination",
            {{"problem", "The trait " + row.segment + " maps to \"" + row.destination + "\", which is not a Facebook key."}});
      } else if (!keys.emplace(row.destination, row.segment).second) {
        add("FB-02", row.pointer + "/destination",
            {{"problem", "The traits " + keys[row.destination] + " and " + row.segment + " both map to " + row.destination + "."}});
      }
    }
    bool has_email = false, has_madid = false;
    for (const Identifier& id : c_.identifiers) {
      if (id.type == "email") has_email = true;
      if (is_mobile_id(id.type) && c_.send_mobile_ids) has_madid = true;
    }
    if (!has_email && !has_madid) add("FB-03", "/profile/identifiers");
    if (!classic && !has_identifier("user_id"))
      add("FB-09", "/profile/identifiers");
  }

  void check_google() {
    if (c_.kind == DestinationKind::google_ads_remarketing_lists) {
      if (c_.customized && !c_.trait_enrichment.empty() && !has_identifier("email"))
        add("GA-01", "/profile/identifiers");
      if (c_.customized && !c_.trait_enrichment.empty()) {
        if (c_.trait_enrichment.size() > 1)
          add("GA-02", "/trait_enrichment", {{"problem", std::to_string(c_.trait_enrichment.size()) + " traits are mapped; Google accepts one, mapped to phone."}});
        for (const TraitRow& row : c_.trait_enrichment)
          if (row.destination != "phone")
            add("GA-02", row.pointer + "/destination", {{"problem", "The trait " + row.segment + " maps to \"" + row.destination + "\"; the one Google trait must map to phone."}});
      }
      std::size_t additional = 0;
      for (const IdSyncRow& row : c_.id_sync)
        if (row.segment != "email") ++additional;
      if (c_.customized && additional > 1) add("GA-03", "/id_sync", {{"count", std::to_string(additional)}});
    }
    if (c_.kind == DestinationKind::google_customer_match_actions) {
      if (c_.google_consent_ad_user_data.empty() || c_.google_consent_ad_personalization.empty())
        add("GA-08", "/destination/google/consent",
            {{"problem", "The Ad User Data and Ad Personalization consent states are required (GRANTED, DENIED or UNSPECIFIED)."}});
      if (c_.google_list_type == "MOBILE_ADVERTISING_ID" && c_.google_app_id.empty())
        add("GA-08", "/destination/google/app_id", {{"problem", "MOBILE_ADVERTISING_ID lists need an app ID."}});
    }
  }

  bool has_identifier(const std::string& type) const {
    for (const Identifier& id : c_.identifiers)
      if (id.type == type) return true;
    return false;
  }

  void check_event_type_enabled(const Value& event) {
    const Value* type = event.find("type");
    if (type == nullptr || !type->is_string()) return;
    if (type->as_string() == "identify" && !c_.send_identify)
      add("CFG-02", "/destination/send_identify", {{"type", "an Identify event"}, {"toggle", "Identify"}});
    if (type->as_string() == "track" && !c_.send_track)
      add("CFG-02", "/destination/send_track", {{"type", "a Track event"}, {"toggle", "Track"}});
  }

  // ---- identifiers ----------------------------------------------------------------------------

  // Values of one identifier type, oldest first (created_at, then config order).
  std::vector<const Identifier*> values_of(const std::string& type) const {
    std::vector<const Identifier*> out;
    for (const Identifier& id : c_.identifiers)
      if (id.type == type) out.push_back(&id);
    std::stable_sort(out.begin(), out.end(), [](const Identifier* a, const Identifier* b) {
      if (a->created_at != b->created_at) return a->created_at < b->created_at;
      return a->position < b->position;
    });
    return out;
  }

  std::string last_value(const std::string& type) const {
    const auto values = values_of(type);
    return values.empty() ? std::string() : values.back()->id;
  }

  // Every combination of identifier values the events carry: the product over identifiers
  // that send more than one value (assumption A1).
  std::vector<Combination> combinations() {
    std::vector<std::vector<Slot>> choices;  // per identifier: the values, one event each
    if (uses_id_sync()) {
      add_assumption("A2", "With ID Sync, \"last added\" and \"first added\" pick the newest and oldest value by created_at; ID-Synced identifiers go into traits (Identify) or properties (Track) under their destination names, and email also into context.traits.email on Track.",
                     "ENGAGE.md §2.7, §3 (inference from destination defaults)");
      for (const IdSyncRow& row : c_.id_sync) {
        if (is_mobile_id(row.segment) && !c_.send_mobile_ids) continue;
        const auto values = values_of(row.segment);
        if (values.empty()) continue;
        std::vector<Slot> slots;
        if (row.strategy == Strategy::all) {
          for (const Identifier* v : values) slots.push_back({row.destination, row.segment, v->id, false});
        } else {
          const Identifier* v = row.strategy == Strategy::last_added ? values.back() : values.front();
          slots.push_back({row.destination, row.segment, v->id, false});
        }
        choices.push_back(std::move(slots));
      }
    } else {
      // Default Setup, and Audience Exited: every value of each standard identifier the
      // events carry, at its default location; custom identifiers are not sent.
      for (const char* type : {"email", "ios.idfa", "android.idfa"}) {
        if (is_mobile_id(type) && !c_.send_mobile_ids) continue;
        const auto values = values_of(type);
        if (values.empty()) continue;
        std::vector<Slot> slots;
        for (const Identifier* v : values) slots.push_back({type, type, v->id, true});
        choices.push_back(std::move(slots));
      }
    }
    std::vector<Combination> out{{}};
    bool fans_out = false;
    for (const auto& slots : choices) {
      if (slots.size() > 1) fans_out = true;
      std::vector<Combination> next;
      for (const Combination& base : out)
        for (const Slot& s : slots) {
          if (next.size() >= kMaxEvents) break;
          Combination combo = base;
          combo.push_back(s);
          next.push_back(std::move(combo));
        }
      out = std::move(next);
    }
    if (fans_out)
      add_assumption("A1", "An identifier that sends several values (strategy \"all\", Default Setup, or an exit) produces one event per value; with several such identifiers, one event per combination of values.",
                     "ENGAGE.md §2.7 and §3; Segment docs say one event per value and, for exits, every identifier combination");
    return out;
  }

  Value identifiers_value(const Combination& combo) const {
    Object o;
    for (const Slot& s : combo) o.set(s.type, str(s.value));
    return Value::object(std::move(o));
  }

  // ---- rendering ------------------------------------------------------------------------------

  std::vector<std::string> event_types() const {
    std::vector<std::string> types;
    if (c_.send_identify) types.push_back("identify");
    if (c_.send_track) types.push_back("track");
    return types;
  }

  std::string label(const std::string& type, const Combination& combo) const {
    std::string l = type == "identify" ? "Identify" : "Track";
    for (const Slot& s : combo) l += " · " + s.type + " " + s.value;
    return l;
  }

  Value membership_value() const {
    if (c_.action == "computed") return c_.computed_value;
    return Value::boolean(c_.action == "entered");
  }

  Value render(const std::string& type, const Combination& combo) {
    const bool track = type == "track";
    Object event;
    event.set("type", str(type));
    if (track) {
      const std::string& name = c_.action == "computed" ? c_.computed_event
                                : c_.action == "exited" ? c_.exited_event
                                                        : c_.entered_event;
      event.set("event", str(name));
    }
    const std::string user_id = last_value("user_id");
    const std::string anonymous_id = last_value("anonymous_id");
    if (!user_id.empty()) event.set("userId", str(user_id));
    if (!anonymous_id.empty()) event.set("anonymousId", str(anonymous_id));
    event.set("messageId", str("personas_" + c_.computation_key + "_" + type + "_" + std::to_string(++message_counter_)));
    event.set("timestamp", str(c_.timestamp));

    Object body;  // traits (Identify) or properties (Track)
    if (c_.action == "computed") {
      if (track) body.set("trait_key", str(c_.computation_key));
      body.set(c_.computation_key, membership_value());
    } else {
      if (track) body.set("audience_key", str(c_.computation_key));
      body.set(c_.computation_key, membership_value());
    }
    if (uses_enrichment()) {
      add_assumption("A3", "Enriched traits are added to traits (Identify) and properties (Track) under their destination names, as written (a name with a dot stays one key).",
                     "Segment docs: Trait Enrichment");
      for (const TraitRow& row : c_.trait_enrichment) {
        Value v = mapping::get_path(c_.traits, row.segment);
        if (!v.is_undefined()) body.set(row.destination, v);
      }
    }
    Object context_traits;
    Object device;
    for (const Slot& s : combo) {
      if (!s.default_location) {
        body.set(s.name, str(s.value));
        if (track && s.type == "email") context_traits.set("email", str(s.value));
        continue;
      }
      if (s.type == "email") {
        if (track) context_traits.set("email", str(s.value));
        else body.set("email", str(s.value));
      } else if (is_mobile_id(s.type)) {
        device.set("advertisingId", str(s.value));
        device.set("type", str(s.type == "ios.idfa" ? "ios" : "android"));
        device.set("adTrackingEnabled", Value::boolean(true));
      }
    }
    event.set(track ? "properties" : "traits", Value::object(std::move(body)));

    Object context;
    if (track && !context_traits.empty()) context.set("traits", Value::object(std::move(context_traits)));
    if (!device.empty()) context.set("device", Value::object(std::move(device)));
    Object personas{{"computation_class", str(c_.computation_class)},
                    {"computation_id", str(c_.computation_id.empty() ? (c_.computation_class == "trait" ? "tra_" : "aud_") + c_.computation_key : c_.computation_id)},
                    {"computation_key", str(c_.computation_key)},
                    {"namespace", str(c_.space_id)},
                    {"space_id", str(c_.space_id)}};
    context.set("personas", Value::object(std::move(personas)));
    event.set("context", Value::object(std::move(context)));
    event.set("integrations", Value::object(Object{{"All", Value::boolean(false)}, {c_.destination_name, Value::boolean(true)}}));
    return Value::object(std::move(event));
  }

  // ---- mappings -------------------------------------------------------------------------------

  Value event_entry(const std::string& event_label, const Value& event, Value identifiers) {
    Object entry;
    entry.set("label", str(event_label));
    const Value* type = event.find("type");
    entry.set("type", type && type->is_string() ? *type : Value::null());
    entry.set("event", event);
    entry.set("identifiers", std::move(identifiers));
    Array runs;
    for (std::size_t i = 0; i < c_.mappings.size(); ++i) runs.push_back(run_mapping(i, event));
    entry.set("mappings", Value::array(std::move(runs)));
    events::EventOptions options;
    options.entered = c_.entered_event;
    options.exited = c_.exited_event;
    options.computed = c_.computed_event;
    if (!c_.computation_key.empty()) options.audience_key = c_.computation_key;
    entry.set("diagnostics", diagnostics_to_value(events::check_event(event, options)));
    return Value::object(std::move(entry));
  }

  Value run_mapping(std::size_t index, const Value& event) {
    const MappingConfig& m = c_.mappings[index];
    Object run;
    run.set("index", Value::number(static_cast<double>(index)));
    run.set("name", str(m.name));
    run.set("enabled", Value::boolean(m.enabled));
    Array diags;
    if (!m.enabled) {
      run.set("matched", Value::boolean(false));
      run.set("diagnostics", Value::array());
      return Value::object(std::move(run));
    }
    TriggerContext context;
    context.event_names = {c_.entered_event, c_.exited_event, c_.computed_event};
    context.max_conditions = c_.max_conditions;
    TriggerOutcome trigger = evaluate_trigger(m, event, context);
    run.set("matched", Value::boolean(trigger.matches));
    if (!trigger.details.is_undefined()) run.set("trigger", trigger.details);
    for (Diagnostic& d : trigger.diagnostics) {
      if (d.pointer.rfind(m.pointer, 0) != 0) d.pointer = m.pointer + "/trigger_fql" + d.pointer;
      diags.push_back(diagnostic_to_value(d));
    }
    if (trigger.matches) {
      std::vector<mapping::Provenance> provenance;
      mapping::TransformOptions options;
      options.provenance = &provenance;
      options.work_used = &work_used_;   // one budget for every mapping run of the simulation
      options.max_work = kMaxSimulationWork;
      mapping::TransformResult r = mapping::transform(m.fields, event, options);
      if (r.error) {
        Object err{{"name", str(r.error->name)}, {"message", str(r.error->message)}};
        run.set("error", Value::object(std::move(err)));
        const char* code = r.error->name == "ValidationError" || r.error->name == "AggregateError" ? "MK-01"
                           : r.error->name == "UnsupportedError" ? "MK-03"
                           : r.error->name == "LimitError" ? "LIM-01" : "MK-02";
        Args args{{"message", r.error->message}, {"name", r.error->name}, {"detail", r.error->message}};
        diags.push_back(diagnostic_to_value(make_diagnostic(code, "config", m.pointer + "/fields", args)));
      } else {
        if (!r.output.is_undefined()) run.set("output", r.output);
        Array explain;
        for (const mapping::Provenance& p : provenance) {
          Array reads;
          for (const std::string& path : p.reads) reads.push_back(str(path));
          explain.push_back(Value::object(Object{{"pointer", str(p.pointer)}, {"directive", str(p.directive)},
                                                 {"reads", Value::array(std::move(reads))},
                                                 {"empty", Value::boolean(p.resolved_empty)}}));
        }
        run.set("explain", Value::array(std::move(explain)));
        std::vector<Diagnostic> value_checks;
        if (Value preview = destination_preview(r.output, m.pointer + "/fields", value_checks); !preview.is_undefined())
          run.set("preview", preview);
        for (const Diagnostic& d : value_checks) diags.push_back(diagnostic_to_value(d));
      }
    }
    if (trigger.matches) {
      // Where the mapping reads from, judged against this event (MAP-*), and the mapping-kit
      // traps (MK-*, the same for every event, so reported once at the top level).
      mapping::LintContext lint;
      lint.event = &event;
      lint.required_fields = m.required_fields;
      const Value* output = run.find("output");
      const Value empty_output = Value::object();
      lint.output = output ? output : &empty_output;
      lint.output_failed = run.find("error") != nullptr;
      for (Diagnostic& d : mapping::lint_mapping(m.fields, lint)) {
        d.source = "config";
        d.pointer = m.pointer + "/fields" + d.pointer;
        if (d.code.rfind("MAP-", 0) == 0) diags.push_back(diagnostic_to_value(d));
        else diagnostics_.push_back(std::move(d));
      }
    }
    run.set("diagnostics", Value::array(std::move(diags)));
    return Value::object(std::move(run));
  }

  void check_no_mapping_matches(Object& report) {
    if (c_.mappings.empty()) return;
    const Value* events = report.find("events");
    for (std::size_t i = 0; i < events->as_array().size(); ++i) {
      const Value& entry = events->as_array()[i];
      bool matched = false;
      for (const Value& run : entry.find("mappings")->as_array())
        if (const Value* m = run.find("matched"); m && m->is_boolean() && m->as_boolean()) matched = true;
      if (!matched)
        diagnostics_.push_back(make_diagnostic("TRG-07", "config", "/mappings"));
    }
  }

  // ---- destination previews ------------------------------------------------------------------

  static Value outgoing_value(const std::string& key, const Outgoing& o) {
    Object v{{"key", str(key)}, {"raw", str(o.raw)}, {"normalized", str(o.normalized)}, {"sent", str(o.sent)},
             {"hashed", Value::boolean(o.hashed)}, {"prehashed", Value::boolean(o.prehashed)}};
    if (o.error) v.set("error", str(*o.error));
    return Value::object(std::move(v));
  }

  static std::string string_at(const Value& v, std::string_view path) {
    Value found = mapping::get_path(v, path);
    if (found.is_string()) return found.as_string();
    if (found.is_number() || found.is_boolean()) return json::to_js_string(found);
    return {};
  }

  // What a Facebook or Google Actions mapping's output becomes on the wire.
  Value destination_preview(const Value& output, const std::string& pointer, std::vector<Diagnostic>& checks) {
    if (!output.is_object()) return {};
    if (c_.kind == DestinationKind::facebook_custom_audiences_actions) {
      static const char* const fields[][2] = {
          {"EXTERN_ID", "externalId"}, {"EMAIL", "email"},        {"PHONE", "phone"},
          {"DOBY", "birth.year"},      {"DOBM", "birth.month"},   {"DOBD", "birth.day"},
          {"LN", "name.last"},         {"FN", "name.first"},      {"FI", "name.firstInitial"},
          {"GEN", "gender"},           {"CT", "city"},            {"ST", "state"},
          {"ZIP", "zip"},              {"COUNTRY", "country"},    {"MADID", "mobileAdId"}};
      Array row;
      const bool country_mapped = !string_at(output, "country").empty();
      for (const auto& f : fields) {
        const Outgoing o = facebook_value(f[0], string_at(output, f[1]));
        check_outgoing(f[0], o, pointer + "/" + std::string(f[1]).substr(0, std::string(f[1]).find('.')), country_mapped, checks);
        row.push_back(outgoing_value(f[0], o));
      }
      return Value::object(Object{{"destination", str("facebook")}, {"schema", str("EXTERN_ID, EMAIL, PHONE, DOBY, DOBM, DOBD, LN, FN, FI, GEN, CT, ST, ZIP, COUNTRY, MADID")},
                                  {"values", Value::array(std::move(row))}});
    }
    if (c_.kind == DestinationKind::google_customer_match_actions) {
      Array values;
      auto emit = [&](const std::string& key, const char* field, const Outgoing& o) {
        check_outgoing(key, o, pointer + "/" + field, false, checks);
        values.push_back(outgoing_value(key, o));
      };
      const std::string email = string_at(output, "email");
      if (!email.empty()) emit("hashedEmail", "email", google_email(email));
      const std::string phone = string_at(output, "phone");
      std::string country = string_at(output, "phone_country_code");
      if (country.empty()) country = c_.google_phone_country_code;
      if (!phone.empty()) emit("hashedPhoneNumber", "phone", google_phone(phone, country));
      const bool any_address = !string_at(output, "first_name").empty() || !string_at(output, "last_name").empty() ||
                               !string_at(output, "country_code").empty() || !string_at(output, "postal_code").empty();
      std::string missing;
      for (const char* part : {"first_name", "last_name", "country_code", "postal_code"})
        if (string_at(output, part).empty()) missing += std::string(missing.empty() ? "" : ", ") + part;
      if (any_address && !missing.empty())
        checks.push_back(make_diagnostic("GA-07", "config", pointer, {{"missing", missing + (missing.find(',') == std::string::npos ? " is" : " are")}}));
      const std::string first = string_at(output, "first_name"), last = string_at(output, "last_name");
      if (!first.empty()) values.push_back(outgoing_value("hashedFirstName", google_name(first)));
      if (!last.empty()) values.push_back(outgoing_value("hashedLastName", google_name(last)));
      return Value::object(Object{{"destination", str("google")}, {"values", Value::array(std::move(values))}});
    }
    return {};
  }

  // Value checks on what leaves for Facebook or Google (FB-04..08, FB-10, GA-04..06).
  void check_outgoing(const std::string& key, const Outgoing& o, const std::string& pointer,
                      bool country_mapped, std::vector<Diagnostic>& out) const {
    auto add_to = [&](const char* code, const Args& args) {
      out.push_back(make_diagnostic(code, "config", pointer, args));
    };
    if (o.raw.empty()) return;
    if (o.prehashed) {
      add_to("FB-10", {{"field", key}});
      return;
    }
    auto digits_only = [](const std::string& v) {
      return !v.empty() && std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    };
    // Up to 4 digits as a number; not std::stoi, whose error path links printf into the wasm module.
    auto digits_value = [](const std::string& v) {
      int n = 0;
      for (char ch : v) n = n * 10 + (ch - '0');
      return n;
    };
    if (key == "PHONE" && !country_mapped && o.normalized.size() <= 10)
      add_to("FB-04", {{"value", o.raw}, {"digits", o.normalized.empty() ? "nothing" : o.normalized}});
    if (key == "GEN" && o.normalized != "m" && o.normalized != "f") add_to("FB-05", {{"value", o.raw}});
    if (key == "DOBY") {
      const int year = digits_only(o.normalized) && o.normalized.size() == 4 ? digits_value(o.normalized) : 0;
      if (year < 1900 || year > current_year())
        add_to("FB-06", {{"problem", "Birth year \"" + o.raw + "\" is not a year between 1900 and " + std::to_string(current_year()) + " (YYYY)."}});
    }
    if (key == "DOBM") {
      const int month = digits_only(o.normalized) && o.normalized.size() == 2 ? digits_value(o.normalized) : 0;
      if (month < 1 || month > 12)
        add_to("FB-06", {{"problem", "Birth month \"" + o.raw + "\" does not normalize to 01-12; Segment sends \"" + o.normalized + "\"."}});
    }
    if (key == "DOBD") {
      const int day = digits_only(o.normalized) && o.normalized.size() <= 2 ? digits_value(o.normalized) : 0;
      if (o.normalized.size() > 2)
        add_to("FB-06", {{"problem", "\"" + o.raw + "\" looks like a full date, but DOBD is the day of the month only (DD); split birthday into DOBY, DOBM and DOBD."}});
      else if (day < 1 || day > 31)
        add_to("FB-06", {{"problem", "Birth day \"" + o.raw + "\" is not a day between 01 and 31."}});
    }
    if (key == "COUNTRY" && o.normalized.size() != 2) add_to("FB-07", {{"value", o.raw}, {"normalized", o.normalized}});
    if (key == "ST" && o.normalized.size() != 2)
      add_to("FB-08", {{"problem", "State \"" + o.raw + "\" becomes \"" + o.normalized + "\", not a 2-letter code."}});
    if (key == "ZIP" && digits_only(o.normalized) && o.normalized.size() > 5)
      add_to("FB-08", {{"problem", "Zip \"" + o.raw + "\" has more than 5 digits and no hyphen; Segment sends all of them."}});
    if (key == "hashedEmail") {
      if (o.error) add_to("GA-04", {{"value", o.raw}});
      const std::string lower = text_lower(o.raw);
      const std::size_t at = lower.find('@');
      if (at != std::string::npos) {
        const std::string domain = lower.substr(at + 1);
        if (domain.rfind("gmail", 0) == 0 || domain.rfind("googlemail", 0) == 0) {
          const std::string local = lower.substr(0, at);
          const std::size_t dots = static_cast<std::size_t>(std::count(local.begin(), local.end(), '.'));
          std::string problem;
          if (dots > 1) problem = std::to_string(dots) + " dots";
          if (local.find('+') != std::string::npos) problem += (problem.empty() ? "" : " and ") + std::string("a +tag");
          if (!problem.empty()) add_to("GA-06", {{"value", o.raw}, {"problem", problem}});
        }
      }
    }
    if (key == "hashedPhoneNumber") {
      const std::size_t digits = o.normalized.size() > 0 ? o.normalized.size() - 1 : 0;
      if (digits < 8 || digits > 15)
        add_to("GA-05", {{"value", o.raw}, {"e164", o.normalized}, {"country", c_.google_phone_country_code},
                          {"problem", "E.164 numbers have 8 to 15 digits."}});
    }
  }

  int current_year() const {
    const int year = c_.timestamp.size() >= 4 ? std::atoi(c_.timestamp.substr(0, 4).c_str()) : 0;
    return year > 1900 ? year : 2100;
  }

  static std::string text_lower(const std::string& s) {
    std::string out = s;
    for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
  }

  // Classic list destinations: one membership row per identifier value.
  Value list_rows() {
    Array rows;
    const bool facebook = c_.kind == DestinationKind::facebook_custom_audiences;
    std::vector<std::pair<std::string, std::string>> traits;  // destination key → raw value
    if (uses_enrichment())
      for (const TraitRow& row : c_.trait_enrichment) {
        Value v = mapping::get_path(c_.traits, row.segment);
        if (v.is_string() || v.is_number()) traits.emplace_back(row.destination, json::to_js_string(v));
      }
    for (const Combination& combo : combinations()) {
      Array values;
      bool country_mapped = false;
      for (const auto& [key, raw] : traits) country_mapped = country_mapped || key == "COUNTRY";
      auto emit = [&](const std::string& key, const Outgoing& o, const std::string& pointer) {
        check_outgoing(key, o, pointer, country_mapped, diagnostics_);
        values.push_back(outgoing_value(key, o));
      };
      for (const Slot& s : combo) {
        if (facebook) {
          const std::string key = s.type == "email" ? "EMAIL" : is_mobile_id(s.type) ? "MADID" : s.name;
          emit(key, facebook_value(key, s.value), "/profile/identifiers");
        } else if (s.type == "email") {
          emit("hashedEmail", google_email(s.value), "/profile/identifiers");
        }
      }
      for (const auto& [key, raw] : traits) {
        if (facebook) emit(key, facebook_value(key, raw), "/trait_enrichment");
        else if (key == "phone") emit("hashedPhoneNumber", google_phone(raw, c_.google_phone_country_code), "/trait_enrichment");
      }
      rows.push_back(Value::object(Object{{"membership", str(exited() ? "remove" : "add")},
                                          {"identifiers", identifiers_value(combo)},
                                          {"values", Value::array(std::move(values))}}));
    }
    return Value::array(std::move(rows));
  }

  const Config& c_;
  const std::vector<Diagnostic>& config_diagnostics_;
  std::vector<Diagnostic> diagnostics_;
  std::map<std::string, std::pair<std::string, std::string>> assumptions_;
  std::size_t message_counter_ = 0;
  std::size_t work_used_ = 0;
};

}  // namespace

Value simulate(const Config& config, const std::vector<Diagnostic>& config_diagnostics) {
  return Simulator(config, config_diagnostics).run();
}

}  // namespace mapcheck::activation
