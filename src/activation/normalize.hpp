// What Facebook and Google receive: the normalization and SHA-256 hashing Segment's
// destinations apply to identifiers and traits, reproduced so users can preview them.
//
// The rules follow action-destinations' Facebook Custom Audiences `sync` action and Google
// Customer Match `userList` action, quirks included (see ENGAGE.md §4.2 and §4.4).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mapcheck::activation {

// Facebook's schema keys, in the order Segment sends them.
inline constexpr const char* kFacebookSchema[] = {"EXTERN_ID", "EMAIL", "PHONE", "DOBY", "DOBM",
                                                  "DOBD",      "LN",    "FN",    "FI",   "GEN",
                                                  "CT",        "ST",    "ZIP",   "COUNTRY", "MADID"};

// One value as it leaves for the destination.
struct Outgoing {
  std::string raw;          // the value Segment had
  std::string normalized;   // after the destination's normalization
  std::string sent;         // what is sent: the SHA-256 hex, the pre-hashed value, or raw
  bool hashed = false;      // `sent` is a hash Segment computed
  bool prehashed = false;   // the value already was a SHA-256 hex string and passes through
  std::optional<std::string> error;  // the destination rejects the value (message)
};

// True for exactly 64 hex digits (either case): Segment treats such values as already hashed.
bool is_sha256_hex(std::string_view value);

// Facebook Custom Audiences: the value sent under `key` (EMAIL, PHONE, FN, ..., MADID).
// EXTERN_ID and MADID are sent raw; every other key is normalized, then hashed.
Outgoing facebook_value(std::string_view key, std::string_view raw);

// Facebook normalizers (exposed for lints and tests).
std::string facebook_phone(std::string_view value);     // digits only, leading zeros removed
std::string facebook_name(std::string_view value);      // trim, lowercase, punctuation removed
std::string facebook_gender(std::string_view value);    // m / f, else unchanged
std::string facebook_month(std::string_view value);     // 2 characters or month name → MM
std::string facebook_compact(std::string_view value);   // city, country: [A-Za-z0-9] lowercased
std::string facebook_state(std::string_view value);     // US state name → code, else compact
std::string facebook_zip(std::string_view value);       // before "-", or trimmed and lowercased

// Google Customer Match (Actions): email normalization and format check.
Outgoing google_email(std::string_view raw);
// Google Customer Match: phone in E.164 with the given country code (default "+1"), hashed.
Outgoing google_phone(std::string_view raw, std::string_view country_code);
// Google Customer Match: names are hashed without normalization.
Outgoing google_name(std::string_view raw);

}  // namespace mapcheck::activation
