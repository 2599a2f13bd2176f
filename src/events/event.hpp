// What the event checks need to know about an event and the destination connection it is sent
// to: the event type, and the connection's audience event names and audience key.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"
#include "json/value.hpp"

namespace mapcheck::events {

enum class EventType : std::uint8_t { identify, track, other };

// The event's "type" member: identify, track, or other (anything else, missing, not a string).
EventType event_type_of(const json::Value& event);
// "Identify", "Track" or "other", for messages.
const char* event_type_label(EventType type);

// Settings of the destination connection that change what a correct Engage event looks like.
struct EventOptions {
  // The connection's Enter Event, Exit Event and Compute Event names (editable per connection).
  std::string entered = "Audience Entered";
  std::string exited = "Audience Exited";
  std::string computed = "Trait Computed";
  // The audience (or computed trait) key the user expects; empty when not given.
  std::optional<std::string> audience_key;
};

// Reads event options from a JSON object:
//   {"eventNames": {"entered": "...", "exited": "...", "computed": "..."}, "audienceKey": "..."}
// ("event_names" and "audience_key", as in the activation config, are accepted too). Members
// of the wrong type are ignored and reported in `problems` as OPT-01 (source "options").
EventOptions read_event_options(const json::Value& options, std::vector<Diagnostic>* problems);

// Segment Spec checks SPEC-01..SPEC-16 for one event (source "event"). SPEC-01 (not an
// object) stops the other checks; an unsupported type (SPEC-04) skips the type-specific ones.
std::vector<Diagnostic> check_spec(const json::Value& event);

// Engage event shape checks ENG-01..ENG-08 for an Identify or Track event (source "event");
// nothing for other events.
std::vector<Diagnostic> check_engage(const json::Value& event, const EventOptions& options);

// Both of the above, Spec first.
std::vector<Diagnostic> check_event(const json::Value& event, const EventOptions& options);

// "a string", "a number", "null", "an array", ... for messages.
std::string describe_type(const json::Value& value);
// RFC 6901 pointer from unescaped keys, e.g. pointer({"context", "traits", "email"}).
std::string pointer(std::initializer_list<std::string_view> keys);
// A value quoted for a message: strings as JSON literals (cut at 60 characters), others as
// JSON.
std::string quote(const json::Value& value);

}  // namespace mapcheck::events
