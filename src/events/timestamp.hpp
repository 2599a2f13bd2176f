// ISO-8601 timestamps as Segment and Engage want them: a date, a time and a timezone.
#pragma once

#include <string_view>

namespace mapcheck::events {

enum class TimestampProblem {
  none,          // an ISO-8601 date-time with a zone, on or after 1970-01-01T00:00:00Z
  not_iso,       // not an ISO-8601 date or date-time at all
  space,         // "2024-02-22 22:11:15Z": a space where ISO-8601 needs "T"
  date_only,     // "2024-02-22": no time and no zone
  no_zone,       // "2024-02-22T22:11:15": a date-time without a timezone
  out_of_range,  // "2024-02-30T..." or "T25:00": the fields do not name a real instant
  before_1970,   // a valid instant before the Unix epoch, which Engage may not ingest
};

// Checks `text` as an ISO-8601 extended-format date-time with a zone:
// YYYY-MM-DDThh:mm[:ss[.fraction]] followed by Z or ±hh:mm (also ±hhmm or ±hh). Lowercase t and
// z are accepted, as RFC 3339 allows. Never fails; returns the first problem found.
TimestampProblem check_timestamp(std::string_view text);

// A short phrase for a problem, completing "... which is <phrase>".
const char* describe(TimestampProblem problem);

// True when `text` starts like a date-time (YYYY-MM-DD followed by "T" or a space and hh:mm):
// strings that Engage would try to store as timestamps.
bool looks_like_date_time(std::string_view text);

// True when `text` starts with a plausible YYYY-MM-DD date (used for date-typed traits).
bool starts_with_date(std::string_view text);

}  // namespace mapcheck::events
