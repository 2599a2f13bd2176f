// The activation config: one JSON document describing a profile, an audience or journey step,
// a destination connection (its Customized Setup: Trait Enrichment and ID Sync) and its
// destination mappings. Documented in docs/activation-config.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "json/value.hpp"

namespace mapcheck::activation {

enum class DestinationKind {
  actions,                             // any other Destination Actions destination
  function,                            // Destination Functions
  classic,                             // classic (non-Actions) event destinations
  facebook_custom_audiences,           // classic Engage list destination
  facebook_custom_audiences_actions,   // Facebook Custom Audiences (Actions)
  google_ads_remarketing_lists,        // classic Engage list destination
  google_customer_match_actions,       // Google Ads Conversions: Customer Match User List
};
const char* kind_name(DestinationKind kind);
bool is_list_destination(DestinationKind kind);  // classic list kinds: rows, not events

enum class Strategy { last_added, first_added, all };
const char* strategy_name(Strategy s);

struct TraitRow {
  std::string segment;      // profile trait (a dotted path such as address.state)
  std::string destination;  // outgoing name (for Facebook: a schema key such as ST)
  std::string pointer;      // of the row in the config
};

struct IdSyncRow {
  std::string segment;      // identifier type: email, phone, ios.idfa, ...
  std::string destination;  // outgoing name
  Strategy strategy = Strategy::last_added;
  std::string pointer;
};

struct Identifier {
  std::string type;
  std::string id;
  std::string created_at;  // ISO-8601; orders values for first_added / last_added
  std::size_t position = 0;  // order in the config, the tie-breaker
};

struct MappingConfig {
  std::string name;
  std::string action;
  bool enabled = true;
  json::Value trigger;                     // the trigger as conditions (AST), when given
  std::optional<std::string> trigger_fql;  // the trigger as FQL text, when given
  json::Value fields;                      // mapping-kit directives per destination field
  std::vector<std::string> required_fields;
  std::string pointer;
};

struct Config {
  int version = 1;
  // The computation whose change is synced.
  std::string computation_class = "audience";  // audience, journey_step, trait
  std::string computation_key;
  std::string computation_id;
  std::string action = "entered";              // entered, exited, computed
  json::Value computed_value;                  // the trait value, for computed traits
  std::string space_id = "spa_mapcheck_example";
  // The destination connection.
  DestinationKind kind = DestinationKind::actions;
  std::string destination_name = "Destination";
  bool send_identify = true;
  bool send_track = true;
  std::string entered_event = "Audience Entered";
  std::string exited_event = "Audience Exited";
  std::string computed_event = "Trait Computed";
  bool send_mobile_ids = false;
  bool customized = false;   // Customized Setup (true) or Default Setup
  std::string google_phone_country_code = "+1";
  std::string google_list_type = "CONTACT_INFO";
  std::string google_app_id;
  std::string google_consent_ad_user_data;
  std::string google_consent_ad_personalization;
  std::vector<TraitRow> trait_enrichment;
  std::vector<IdSyncRow> id_sync;
  // The profile.
  json::Value traits = json::Value::object();
  std::vector<Identifier> identifiers;
  // A pasted event to check instead of simulating one.
  json::Value event;
  std::string timestamp = "2024-02-22T22:10:13.640Z";
  std::vector<MappingConfig> mappings;
  // Limits Segment applies.
  std::size_t max_mappings = 50;
  std::size_t max_conditions = 2;
  std::size_t max_all_strategy = 3;
};

struct ConfigResult {
  Config config;
  std::vector<Diagnostic> diagnostics;  // CFG-00 for every problem, with its pointer
  bool ok() const;                      // no error diagnostics
};

// Reads and checks an activation config. Unknown keys are reported (CFG-00, warning-free
// error) so typos do not silently change the simulation.
ConfigResult read_config(const json::Value& document);

}  // namespace mapcheck::activation
