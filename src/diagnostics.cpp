// The diagnostics catalogue and helpers to build diagnostics from it.
#include "diagnostics.hpp"

#include <cctype>

#include "json/value.hpp"

namespace mapcheck {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "error";
}

namespace {
constexpr Severity E = Severity::error;
constexpr Severity W = Severity::warning;
constexpr Severity I = Severity::info;
}  // namespace

const std::vector<CodeInfo>& catalogue() {
  static const std::vector<CodeInfo> codes = {
      // ---- Input text -------------------------------------------------------------------------
      {"JSON-01", E, "Invalid JSON", "{detail} (line {line}, column {column}).",
       "Fix the JSON at the marked position: keys and strings need double quotes, and trailing "
       "commas, comments and single quotes are not allowed.",
       "JSON.parse, as Segment's runtime reads events"},
      {"JSON-02", E, "Invalid UTF-8", "{detail} (line {line}, column {column}).",
       "Save or paste the text as UTF-8.", "RFC 8259 §8.1"},
      {"JSON-03", E, "Input too large", "{detail}.",
       "Split the input; one event must stay under Segment's 32 KB limit anyway.",
       "mapcheck limits (docs/limits.md)"},
      {"JSON-04", E, "Nesting too deep", "{detail} (line {line}, column {column}).",
       "Flatten the structure; real events are rarely nested more than a few levels.",
       "mapcheck limits (docs/limits.md)"},
      {"JSON-05", E, "String too long", "{detail} (line {line}, column {column}).",
       "Shorten the string.", "mapcheck limits (docs/limits.md)"},
      {"JSON-06", E, "Too many elements", "{detail} (line {line}, column {column}).",
       "Reduce the number of members or elements.", "mapcheck limits (docs/limits.md)"},
      {"JSON-07", W, "Duplicate key",
       "The key \"{key}\" appears more than once; like JSON.parse, the last value wins.",
       "Remove one of the duplicates so the event says what you mean.", "ECMA-262 JSON.parse"},
      {"JSON-08", W, "Number loses precision",
       "{number} cannot be represented exactly as a JavaScript number; Segment reads it as "
       "{value}.",
       "Send long numeric ids as strings.", "ECMA-262 Number (IEEE 754 double)"},
      {"JSON-09", E, "Not JSON data", "{detail}.",
       "Pass plain data (objects, arrays, strings, finite numbers, booleans, null) or JSON "
       "text; cycles, BigInt values, functions and undefined have no JSON form.",
       "ECMA-262 JSON.stringify, as the npm package converts JavaScript values"},

      // ---- Mapping-kit ------------------------------------------------------------------------
      {"MK-01", E, "Invalid mapping", "{message}",
       "Fix the directive named in the message; Segment rejects the whole mapping.",
       "@segment/actions-core mapping-kit validate"},
      {"MK-02", E, "Mapping fails at run time", "{name}: {message}",
       "Segment's runtime throws this error for this event, so nothing is sent.",
       "@segment/actions-core mapping-kit transform"},
      {"MK-03", W, "@liquid not checked", "{message}",
       "mapcheck cannot evaluate this part of the @liquid template (the message says which); "
       "test it in Segment.",
       "mapcheck"},
      {"MK-04", W, "@if ignores a falsy else",
       "@if's \"else\" is {value}, which @if ignores: when the condition fails the field is "
       "dropped instead of being set to {value}.",
       "Wrap the value: \"else\": {\"@literal\": {value}}.",
       "mapping-kit @if (MAPPING-KIT §4.2)"},
      {"MK-05", W, "@if with a literal exists",
       "@if's \"exists\" is the literal {value}, not a directive that reads the event; {effect}.",
       "Point \"exists\" at the field to test: {\"@path\": \"$.traits.email\"}.",
       "mapping-kit @if"},
      {"MK-06", W, "$ patterns in @replace",
       "The replacement \"{replacement}\" contains {sequence}, which JavaScript expands: $& is "
       "the match, $` the text before it, $' the text after it, $$ a single $.",
       "Write $$ for a literal dollar sign.", "ECMA-262 GetSubstitution; mapping-kit @replace"},
      {"MK-07", I, "@literal resolves directives",
       "@literal does not keep its value literal: the {directive} directive inside it is "
       "resolved against the event.",
       "Use @literal only for plain values, or move the directive out of it.",
       "mapping-kit @literal (MAPPING-KIT §4.3)"},
      {"MK-08", W, "\"$.\" inside a template",
       "The placeholder {placeholder} keeps \"$.\": @template does not strip it, so it looks up "
       "a key named \"$\" and renders an empty string.",
       "Write the path without \"$.\", for example {{traits.email}}.",
       "mapping-kit @template (MAPPING-KIT §4.5)"},
      {"MK-09", W, "Directive Segment does not validate",
       "{directive} sits where Segment does not validate mappings (inside an array, @literal "
       "or @excludeWhenNull); {problem}",
       "Fix the directive: Segment only notices when an event reaches it, and then the mapping "
       "fails or sends the directive's keys as data.",
       "mapping-kit validate (arrays and @literal are not descended into)"},
      {"MK-10", W, "Option case matters at run time",
       "{option} \"{value}\" passes validation, but at run time only the exact lowercase "
       "\"{expected}\" works; {effect}",
       "Write \"{expected}\" in lowercase.", "mapping-kit @merge, @json"},
      {"MK-11", W, "Required at run time",
       "{directive} has no {option}; validation lets this through, but every event fails at run "
       "time with: {error}.",
       "Add the missing option.", "mapping-kit run-time checks (MAPPING-KIT §2.7)"},
      {"MK-12", W, "Unvalidated option",
       "{option} is not validated by Segment; {problem}", "Fix the option value.",
       "mapping-kit @replace"},
      {"MK-13", W, "@case operator",
       "@case's operator \"{value}\" is not \"lower\" or \"upper\"; string values make the "
       "mapping fail at run time.",
       "Use \"lower\" or \"upper\" (lowercase).", "mapping-kit @case"},
      {"MK-14", W, "@json value is a falsy literal",
       "@json's \"value\" is the literal {value}; validation accepts it, but every event fails "
       "at run time with: @json requires a \"value\" key.",
       "Point the value at a field with @path.", "mapping-kit @json"},

      // ---- Limits -----------------------------------------------------------------------------
      {"LIM-01", E, "Limit reached", "{detail}",
       "mapcheck stops work that exceeds its documented limits so a hostile input cannot hang "
       "the page; see docs/limits.md.",
       "mapcheck limits (docs/limits.md)"},
      {"LIM-02", E, "Engine stopped",
       "The WebAssembly engine stopped while checking this input ({detail}); it was restarted "
       "and this result is empty.",
       "Reduce the size or nesting of the input; if it is small, report it to the mapcheck "
       "maintainers with the input.",
       "WebAssembly traps and stack overflow (docs/limits.md)"},

      // ---- Options ----------------------------------------------------------------------------
      {"OPT-01", W, "Option not understood", "{option} {problem}; it is ignored.",
       "Options are eventNames {entered, exited, computed}, audienceKey, required (field names; "
       "also requiredFields), mapping and mappings.",
       "mapcheck API (src/api.hpp)"},

      // ---- Segment Spec -----------------------------------------------------------------------
      {"SPEC-01", E, "Event is not an object", "The event is {type}, not a JSON object.",
       "Paste one event object, such as {\"type\": \"track\", ...}.",
       "Segment HTTP API errors; analytics-next assertions"},
      {"SPEC-02", E, "No userId or anonymousId",
       "The event has neither userId nor anonymousId; Segment does not accept it "
       "(no_user_anon_id).",
       "Add a userId, or an anonymousId for unknown users.",
       "Segment Spec: userId / anonymousId; HTTP API errors"},
      {"SPEC-03", E, "Identifier is not a string", "{field} is {type}; it must be a string.",
       "Send {field} as a string.", "Segment Spec field types; analytics-next assertUserIdentity"},
      {"SPEC-04", E, "Unsupported event type",
       "type is {value}; mapcheck checks \"identify\" and \"track\" events, the two Engage sends.",
       "Set \"type\" to \"identify\" or \"track\".", "Segment Spec: type"},
      {"SPEC-05", E, "Track event without a name",
       "This Track event has {problem}; Segment rejects Track calls without a string event name.",
       "Add \"event\": \"Audience Entered\" (or your event name).",
       "Segment Spec: Track; HTTP API errors"},
      {"SPEC-06", E, "Traits or properties not an object", "{field} is {type}; it must be an object.",
       "Make {field} a JSON object.", "analytics-next assertions"},
      {"SPEC-07", E, "context or integrations not an object",
       "{field} is {type}; it must be an object when present.", "Make {field} a JSON object.",
       "Segment Protocols error table"},
      {"SPEC-08", E, "Event larger than 32 KB",
       "The event is {bytes} bytes; Segment rejects single events over 32 KB (32768 bytes).",
       "Remove large properties or traits.", "Segment HTTP API: Max request size"},
      {"SPEC-09", W, "messageId", "{problem}; Segment deduplicates events on messageId.",
       "Give every event a unique string messageId of fewer than 100 characters (Engage's start "
       "with personas_).",
       "Segment Spec: messageId"},
      {"SPEC-10", W, "Timestamp not ISO-8601 with a zone",
       "{field} is {value}, which is {problem}.",
       "Use ISO-8601 with a timezone, such as 2024-02-22T22:11:15.595Z; Engage does not store "
       "trait timestamps without a timezone as timestamps.",
       "Segment Spec: Timestamps"},
      {"SPEC-11", W, "Reserved trait with the wrong type",
       "The reserved trait {trait} is {type}; the Segment Spec expects {expected}.",
       "Send {trait} as {expected}, or rename the trait if it means something else.",
       "Segment Spec: Identify reserved traits"},
      {"SPEC-12", W, "Reserved property with the wrong type",
       "The reserved property {property} is {type}; the Segment Spec expects {expected}.",
       "Send {property} as {expected}.", "Segment Spec: Track reserved properties"},
      {"SPEC-13", I, "Both camelCase and snake_case",
       "Both {first} and {second} are present; some destinations then get two copies of the "
       "trait.",
       "Keep one naming style.", "Segment Spec: Identify traits"},
      {"SPEC-14", W, "Traits on a Track event",
       "This Track event carries top-level traits; on Track calls traits belong in "
       "context.traits, and mappings reading traits.* get nothing from Engage Track events.",
       "Move them to context.traits.", "Segment Spec: Track, Sending Traits in a Track Call"},
      {"SPEC-15", W, "Advertising ID not promoted",
       "context.device.advertisingId is set but {problem}, so identity resolution will not "
       "promote it to ios.idfa / android.idfa.",
       "Send context.device.type (\"ios\" or \"android\") and adTrackingEnabled: true.",
       "Segment Identity Resolution settings"},
      {"SPEC-16", I, "Field outside the Spec",
       "The top-level field {field} is not part of a Segment {type} event{hint}.",
       "Nothing to change if a test-event generator added it (the docs' test events carry email "
       "and projectId); mappings should read user data from traits or context.traits.",
       "Segment Spec: common fields; ENGAGE.md §2.5 (test events)"},

      // ---- Engage event shape -----------------------------------------------------------------
      {"ENG-01", W, "No context.personas",
       "The event has no context.personas block, so it does not look like an event Engage "
       "generated.",
       "Paste an event from an Engage audience or journey, or add context.personas.",
       "Segment docs: Using Engage Data"},
      {"ENG-02", E, "personas computation incomplete", "{problem}",
       "Engage events carry context.personas.computation_key and a computation_class of "
       "audience, trait or journey_step.",
       "action-destinations audience-membership; Using Engage Data"},
      {"ENG-03", E, "Audience membership flag missing",
       "{problem}; Actions audience syncs cannot tell whether the user entered or exited.",
       "Engage sets {expected} to true on entry and false on exit.",
       "action-destinations audience-membership"},
      {"ENG-04", W, "Membership flag is a string",
       "{path} is the string \"{value}\", not a boolean; \"is true\" triggers and Actions "
       "audience syncs do not recognise it.",
       "Use the boolean {value} without quotes.",
       "destination-subscriptions validate; audience-membership; Journeys v1 docs (C6)"},
      {"ENG-05", W, "Event name and membership disagree", "{problem}",
       "Check the connection's enter and exit event names and the membership flag.",
       "Using Engage Data; destination event-name settings"},
      {"ENG-06", W, "audience_key", "{problem}",
       "Engage Track audience events carry properties.audience_key equal to "
       "context.personas.computation_key.",
       "Using Engage Data; Listrak docs"},
      {"ENG-07", W, "Email in an unexpected place",
       "Email is at {found}; on {type} events Engage puts it at {expected}.",
       "Test with an event shaped like Engage's, and read email from {expected} in mappings.",
       "Using Engage Data: Additional identifiers"},
      {"ENG-08", W, "Computed trait event incomplete", "{problem}",
       "Engage Track events for computed traits carry properties.trait_key and "
       "properties.<trait_key>.",
       "Using Engage Data: computed traits"},

      // ---- Activation configuration -----------------------------------------------------------
      {"CFG-00", E, "Invalid activation config", "{problem}",
       "See docs/activation-config.md for the format.", "mapcheck activation config"},
      {"CFG-01", E, "Nothing is sent",
       "Neither Send Identify nor Send Track is on, so this destination receives nothing.",
       "Turn on Send Track or Send Identify for this connection.",
       "Segment docs: Trait Enrichment setup step 6"},
      {"CFG-02", W, "Event type disabled",
       "The event is {type}, but Send {toggle} is off for this connection.",
       "Turn Send {toggle} on, or test with the other event type.",
       "Segment docs: Trait Enrichment; destination setup pages"},
      {"CFG-03", E, "Trait Enrichment on a Classic destination",
       "Classic destinations support ID Sync only; Trait Enrichment rows are ignored.",
       "Remove the Trait Enrichment rows, or use an Actions destination.",
       "Segment docs: Trait Activation overview"},
      {"CFG-04", W, "List destination toggles",
       "{destination} expects Send Track on and Send Identify off.",
       "Turn Send Identify off and Send Track on.",
       "Google Ads Conversions, TikTok, Yahoo, Criteo audience docs"},

      {"CFG-05", W, "Unknown config setting",
       "The activation config has no setting \"{key}\"; it is ignored.",
       "Check the spelling against docs/activation-config.md.", "mapcheck activation config"},
      {"CFG-06", I, "Simulation assumption", "{text}",
       "Segment's documentation is silent here; mapcheck states the assumption it made.",
       "{source}"},
      // ---- Trait Enrichment -------------------------------------------------------------------
      {"TE-01", E, "Destination name used twice",
       "The traits {first} and {second} both map to \"{name}\"; one overwrites the other.",
       "Give each enriched trait its own destination name.", "mapcheck (key collision)"},
      {"TE-02", W, "Enriching with the audience key",
       "\"{trait}\" is the audience's own key; enriching with it sends the previous value and "
       "overwrites the membership flag on the profile.",
       "Remove this row; Send Identify already carries the key as a boolean.",
       "Segment docs: Trait Enrichment FAQ"},
      {"TE-03", W, "Name collision", "\"{name}\" is also {other}; {effect}",
       "Use a different destination name.", "mapcheck (key collision)"},
      {"TE-04", I, "Trait not on the profile",
       "The profile has no trait {trait}, so {name} is left out of the payload.",
       "Add the trait to the sample profile if you expect it.", "mapcheck simulation"},

      // ---- ID Sync ----------------------------------------------------------------------------
      {"IDS-01", E, "Too many \"all\" identifiers",
       "{count} identifiers use the \"all\" strategy; Segment allows at most three.",
       "Use last added or first added for the others.", "Segment docs: ID Sync"},
      {"IDS-02", E, "Unknown strategy",
       "Strategy \"{strategy}\" is not one of last_added, first_added or all.",
       "Choose last added, first added or all.", "Segment docs: ID Sync"},
      {"IDS-03", E, "Mobile IDs need Send Mobile IDs",
       "{identifier} is selected but Send Mobile IDs is off, so it is not sent.",
       "Turn on Send Mobile IDs for this connection.",
       "Segment docs: ID Sync (Send Mobile IDs warning)"},
      {"IDS-04", W, "Duplicate ID Sync row", "{problem}", "Keep one row per identifier and name.",
       "mapcheck"},
      {"IDS-05", W, "Dotted destination name",
       "The destination name \"{name}\" contains \".\", which mappings read as a nested path.",
       "Use underscores, for example ios_idfa.", "Snap docs; Actions mapping field limitations"},
      {"IDS-06", I, "Exits ignore ID Sync",
       "Audience Exited ignores ID Sync: Segment sends every identifier combination so the user "
       "is removed wherever they were matched.",
       "Nothing to change; expect one exit event per identifier value.",
       "Segment docs: ID Sync; Audiences"},
      {"IDS-07", I, "Identifiers without ID Sync",
       "No ID Sync rows apply ({setup}), so Segment sends every value of each identifier (one "
       "event per value) and no custom identifiers.",
       "Add ID Sync rows under Customized Setup to choose identifiers and strategies.",
       "Segment docs: ID Sync FAQ; Using Engage Data"},
      {"IDS-08", I, "ID Sync changes are forward-only",
       "ID Sync changes apply to new data after about 5 minutes; there is no resync and no "
       "history.",
       "Prefer setting ID Sync up on new audiences.", "Segment docs: ID Sync"},

      // ---- Facebook ---------------------------------------------------------------------------
      {"FB-01", E, "Trait not allowed for Facebook",
       "Facebook Custom Audiences cannot receive the trait {trait}.",
       "Use one of: email, context.device.advertisingId, firstName, lastName, phone, gender, "
       "birthYear, birthMonth, birthday, address.state, address.city, address.postalCode, "
       "address.country.",
       "Segment docs: Trait Enrichment, Facebook requirements"},
      {"FB-02", E, "Facebook key", "{problem}",
       "Map each trait to one Facebook key (EMAIL, PHONE, FN, LN, GEN, DOBY, DOBM, DOBD, ST, CT, "
       "ZIP, COUNTRY, MADID).",
       "Segment docs: Trait Enrichment (each trait must map to a Facebook key)"},
      {"FB-03", W, "No Facebook identifier",
       "Neither an email nor a mobile advertising ID reaches Facebook for this profile.",
       "Sync email or a mobile advertising ID.", "Facebook Custom Audiences (Engage) docs"},
      {"FB-04", W, "Phone without country code",
       "The phone \"{value}\" normalizes to {digits}, which looks like it lacks a country code, "
       "and no COUNTRY is mapped.",
       "Store phone numbers with their country code, such as +1 202 309 5976.",
       "Facebook customer file guidelines"},
      {"FB-05", W, "Gender not normalizable",
       "Gender \"{value}\" does not normalize to m or f; it is hashed as it is.",
       "Send m/f (or male/female).", "Facebook guidelines; action-destinations normalizeGender"},
      {"FB-06", W, "Birth date format", "{problem}", "Send DOBY as YYYY, DOBM as MM, DOBD as DD.",
       "Facebook guidelines; Segment Spec birthday (C4)"},
      {"FB-07", W, "Country not ISO alpha-2",
       "Country \"{value}\" is not a 2-letter ISO code; Segment sends \"{normalized}\" without "
       "converting it.",
       "Send ISO 3166-1 alpha-2 codes such as us.",
       "Facebook guidelines; action-destinations normalizeCountry"},
      {"FB-08", W, "State or zip format", "{problem}",
       "Send US states as 2-letter codes and zips as 5 digits.",
       "Facebook guidelines; action-destinations normalization"},
      {"FB-09", E, "External ID missing",
       "Facebook Custom Audiences (Actions) requires External ID, and it resolved empty "
       "(the profile has no userId).",
       "Map External ID to an identifier every profile has.",
       "action-destinations facebook-custom-audiences sync fields"},
      {"FB-10", I, "Value already hashed",
       "{field} is already a SHA-256 hex string: Facebook Actions passes it through, the classic "
       "destination hashes it again.",
       "Send raw values and let Segment hash them.", "Contradiction C2 in Segment sources"},

      // ---- Google -----------------------------------------------------------------------------
      {"GA-01", E, "Google needs email",
       "Google Ads Remarketing Lists needs email when Trait Enrichment is used: every payload "
       "sends email as an identifier.",
       "Sync email for this audience.", "Segment docs: Trait Enrichment, Google requirements"},
      {"GA-02", E, "One phone trait only", "{problem}",
       "Map exactly one trait, to phone.",
       "Segment docs: Trait Enrichment; Google Ads Remarketing Lists FAQ"},
      {"GA-03", E, "One additional identifier",
       "Google Ads Remarketing Lists accepts only one additional identifier through ID Sync; "
       "{count} are configured.",
       "Keep one additional identifier.", "Google Ads Remarketing Lists docs: ID Sync"},
      {"GA-04", E, "Email format",
       "\"{value}\" is not a valid email address; Customer Match rejects the record.",
       "Fix the email address.", "action-destinations google-enhanced-conversions email check"},
      {"GA-05", W, "Phone not E.164",
       "Phone \"{value}\" becomes \"{e164}\" with country code {country}; {problem}",
       "Store phones with their country code or set the phone country code.",
       "action-destinations formatPhone"},
      {"GA-06", W, "Gmail normalization",
       "\"{value}\" has {problem}; Segment removes only the first dot of a Gmail address and "
       "keeps +tags, while Google removes all dots and the +tag, so matches may be lost.",
       "Normalize Gmail addresses before sending them.", "Contradiction C11 in Segment sources"},
      {"GA-07", W, "Partial address",
       "Address matching needs first name, last name, country and zip together; {missing} "
       "missing.",
       "Send all four, or none.", "Google Customer Match prepare-data docs"},
      {"GA-08", E, "Customer Match requirement", "{problem}",
       "Set the consent states and, for MOBILE_ADVERTISING_ID lists, the advertising ID and app "
       "ID.",
       "action-destinations google-enhanced-conversions userList"},

      // ---- Triggers ---------------------------------------------------------------------------
      {"TRG-01", E, "Event Trait on a Track event",
       "The condition on {field} reads traits.*, which Engage Track events do not have; it can "
       "never match this Track event.",
       "Use an Event Property condition: properties.{name}.",
       "destination-subscriptions generate-fql and validate (C17)"},
      {"TRG-02", E, "Event Property on an Identify event",
       "The condition on {field} reads properties.*, which Engage Identify events do not have; "
       "the value is in traits.",
       "Use an Event Trait condition: traits.{name}.",
       "destination-subscriptions validate; Using Engage Data"},
      {"TRG-03", W, "Trigger structure", "{problem}",
       "Keep triggers to one ALL/ANY group; self-service plans allow 2 conditions.",
       "Segment docs: Destination Actions conditions"},
      {"TRG-04", E, "Condition field name", "{problem}",
       "Field names start with a letter or underscore, contain no \" or ~, and do not reference "
       "arrays.",
       "Segment docs: Destination Actions conditions"},
      {"TRG-05", W, "Operator and type mismatch", "{problem}",
       "Match the operator to the value's type: \"is\" compares strings, \"is true\" needs a "
       "boolean, < and > need numbers.",
       "destination-subscriptions validate (C8)"},
      {"TRG-06", W, "Hard-coded event name",
       "The trigger tests event = \"{name}\", but this connection sends \"{configured}\".",
       "Use the connection's event name.", "destination event-name settings"},
      {"TRG-07", I, "No mapping matches",
       "No enabled mapping's trigger matches this event, so Segment drops it (\"No matching "
       "mapping\").",
       "Check the triggers against the emitted events.", "Segment docs: Destination Actions FAQ"},
      {"TRG-08", W, "Trigger text and conditions", "{problem}",
       "Invalid FQL means the event is not sent; keep the FQL and the conditions in sync.",
       "destination-subscriptions parse-fql; FQL docs"},

      // ---- FQL trigger text ----------------------------------------------------------------
      {"FQL-01", W, "and/or without precedence",
       "This group mixes \"and\" and \"or\", but FQL has no precedence: the last one, "
       "\"{last}\", combines all {count} conditions, so it reads as {reading}.",
       "Put the conditions that belong together in parentheses, e.g. (A or B) and C.",
       "destination-subscriptions parse-fql (MAPPING-KIT §3.3)"},
      {"FQL-02", W, "Negation ignored",
       "\"{text}\" is ignored: FQL triggers cannot negate a condition or a group, so {what} is "
       "used as written, not negated.",
       "Negate the operator instead: != for =, !contains(...) and !match(...) for text, "
       "\"= null\" for \"exists\".",
       "destination-subscriptions parse-fql (MAPPING-KIT §3.3)"},
      {"FQL-03", W, "Condition silently dropped", "{problem}",
       "Triggers can test type, event, name, userId, properties.*, traits.* and context.*; "
       "contains() and match() work on event, name, userId, properties.*, traits.* and "
       "context.*.",
       "destination-subscriptions parse-fql (MAPPING-KIT §3.3)"},
      {"FQL-04", W, "Single-quoted value",
       "The value {value} is in single quotes; FQL keeps single quotes as part of the text, so "
       "the condition compares with {value}, quotes included.",
       "Use double quotes: \"{inner}\".", "fql-ts lexer; parse-fql getTokenValue"},
      {"FQL-05", W, "match() pattern", "{problem}",
       "match() supports only \"text*\" (starts with) and \"*text\" (ends with).",
       "destination-subscriptions parse-fql (MAPPING-KIT §3.3)"},
      {"FQL-06", W, "Text ignored", "{problem}",
       "Separate every value, operator and keyword with a space (not a line break with a "
       "carriage return), and quote text values.",
       "fql-ts lexer (MAPPING-KIT §3.1)"},
      {"FQL-07", W, "Not a keyword", "{problem}",
       "Write the keywords and/or in lowercase with a space on both sides.",
       "fql-ts lexer (MAPPING-KIT §3.1)"},
      {"FQL-08", W, "Not an operator",
       "The condition on {field} has {found} where the operator belongs, so Segment tests "
       "operator \"{operator}\" with the value {value}; it never matches.",
       "Use one of =, !=, <, <=, >, >= with a space on both sides.",
       "destination-subscriptions parse-fql and validate"},
      {"FQL-09", W, "Compared as text",
       "{field} {operator} {value} compares {field} with the text \"{text}\"; for {field} "
       "Segment never reads {value} as {meaning}.",
       "{fix}", "destination-subscriptions parse-fql (event and type conditions)"},
      {"FQL-10", E, "Empty parentheses",
       "\"()\" adds an empty condition; Segment's matcher then fails with \"{error}\" for every "
       "event this group reaches, so the mapping does not run.",
       "Remove the empty parentheses.", "destination-subscriptions parse-fql and validate"},
      {"FQL-11", I, "Condition does not survive a round trip",
       "Segment saves the condition on {field} as {fql}, which reads back as {reading}.",
       "Avoid {cause} in this condition.", "destination-subscriptions generate-fql and parse-fql"},

      // ---- Mapping locations ------------------------------------------------------------------
      {"MAP-01", E, "traits.email on a Track event",
       "The mapping reads {path} on a Track event; Engage puts email in context.traits.email on "
       "Track events, so this field is empty.",
       "Read context.traits.email (or the ID-Synced properties.<name>).",
       "Engage Event Mapping docs; action-destinations#2391"},
      {"MAP-02", E, "Wrong part of the payload",
       "The mapping reads {path} on {event} event; {explanation}",
       "Read {suggestion} instead.", "Engage Event Mapping docs; Trait Enrichment docs"},
      {"MAP-03", E, "Required field empty",
       "The required field {field} {problem}, so Segment rejects the payload for a missing "
       "required field.",
       "Point {field} at a value this event has.", "Action field definitions (required)"},
      {"MAP-04", W, "Too many mappings",
       "This destination has {count} mappings; Segment allows at most 50.",
       "Merge mappings, for example enter and exit into one.",
       "Segment docs: Destination Actions limits"},
      {"MAP-05", W, "Key with a literal dot",
       "The path {path} needs the key \"{key}\", which contains a dot; mapping paths cannot "
       "reach keys with dots.",
       "Rename the key without dots.", "Segment docs: mapping field limitations"},
  };
  return codes;
}

const CodeInfo* find_code(std::string_view code) {
  for (const CodeInfo& info : catalogue())
    if (info.code == code) return &info;
  return nullptr;
}

std::string docs_anchor(std::string_view code) {
  std::string anchor;
  for (char c : code) anchor.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return anchor;
}

std::string fill_template(std::string_view tmpl, const Args& args) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  for (std::size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] == '{') {
      const std::size_t close = tmpl.find('}', i + 1);
      if (close != std::string_view::npos) {
        const std::string_view name = tmpl.substr(i + 1, close - i - 1);
        bool replaced = false;
        for (const auto& [key, value] : args) {
          if (key == name) {
            out += value;
            replaced = true;
            break;
          }
        }
        if (replaced) {
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(tmpl[i++]);
  }
  return out;
}

Diagnostic make_diagnostic(std::string_view code, std::string source, std::string pointer,
                           const Args& args) {
  Diagnostic d;
  d.code = std::string(code);
  d.source = std::move(source);
  d.pointer = std::move(pointer);
  if (const CodeInfo* info = find_code(code)) {
    d.severity = info->severity;
    d.message = fill_template(info->message, args);
    d.fix = fill_template(info->fix, args);
  } else {
    d.message = "Unknown diagnostic code " + d.code;
  }
  return d;
}

namespace {
using json::Object;
using json::Value;
Value position_to_value(const text::Position& p) {
  return Value::object(Object{{"offset", Value::number(static_cast<double>(p.offset))},
                              {"line", Value::number(static_cast<double>(p.line))},
                              {"column", Value::number(static_cast<double>(p.column))},
                              {"utf16Column", Value::number(static_cast<double>(p.utf16_column))},
                              {"utf16Offset", Value::number(static_cast<double>(p.utf16_offset))}});
}

}  // namespace

Value diagnostic_to_value(const Diagnostic& d) {
  Object o{{"code", Value::string(d.code)},
           {"severity", Value::string(severity_name(d.severity))},
           {"message", Value::string(d.message)},
           {"fix", Value::string(d.fix)},
           {"source", Value::string(d.source)},
           {"pointer", Value::string(d.pointer)},
           {"docs", Value::string("docs/diagnostics.md#" + docs_anchor(d.code))}};
  if (d.range)
    o.set("range", Value::object(Object{{"start", position_to_value(d.range->start)},
                                        {"end", position_to_value(d.range->end)}}));
  return Value::object(std::move(o));
}

Value diagnostics_to_value(const std::vector<Diagnostic>& list) {
  json::Array out;
  out.reserve(list.size());
  for (const Diagnostic& d : list) out.push_back(diagnostic_to_value(d));
  return Value::array(std::move(out));
}

std::string catalogue_markdown() {
  std::string md;
  md += "# Diagnostics reference\n\n";
  md += "Generated from the catalogue in `src/diagnostics.cpp` by `mapcheck catalogue`; do not "
        "edit by hand.\nEvery diagnostic mapcheck reports has one of these codes. Codes are "
        "permanent: a code never changes meaning.\n\n";
  md += "| code | severity | title |\n|---|---|---|\n";
  for (const CodeInfo& info : catalogue()) {
    md += "| [" + std::string(info.code) + "](#" + docs_anchor(info.code) + ") | " +
          severity_name(info.severity) + " | " + std::string(info.title) + " |\n";
  }
  for (const CodeInfo& info : catalogue()) {
    md += "\n## " + std::string(info.code) + "\n\n";
    md += "**" + std::string(info.title) + "** (" + severity_name(info.severity) + ")\n\n";
    md += "Message: " + std::string(info.message) + "\n\n";
    md += "Fix: " + std::string(info.fix) + "\n\n";
    md += "Basis: " + std::string(info.basis) + "\n";
  }
  return md;
}

}  // namespace mapcheck
