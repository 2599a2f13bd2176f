// A strict reader for ISO-8601 extended date-times (the subset Segment's docs use).
#include "events/timestamp.hpp"

#include <cstdint>

namespace mapcheck::events {

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t count, int& out) {
  if (at + count > s.size()) return false;
  out = 0;
  for (std::size_t k = at; k < at + count; ++k) {
    if (s[k] < '0' || s[k] > '9') return false;
    out = out * 10 + (s[k] - '0');
  }
  return true;
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar.
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Date {
  int year = 0, month = 0, day = 0;
};

// YYYY-MM-DD at the start of `s`; false when the shape does not match.
bool read_date(std::string_view s, Date& d) {
  return digits(s, 0, 4, d.year) && s.size() > 4 && s[4] == '-' && digits(s, 5, 2, d.month) &&
         s.size() > 7 && s[7] == '-' && digits(s, 8, 2, d.day);
}

}  // namespace

bool starts_with_date(std::string_view text) {
  Date d;
  return read_date(text, d) && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

bool looks_like_date_time(std::string_view text) {
  Date d;
  int h, m;
  return read_date(text, d) && text.size() > 10 &&
         (text[10] == 'T' || text[10] == 't' || text[10] == ' ') && digits(text, 11, 2, h) &&
         text.size() > 13 && text[13] == ':' && digits(text, 14, 2, m);
}

TimestampProblem check_timestamp(std::string_view s) {
  Date d;
  if (!read_date(s, d)) return TimestampProblem::not_iso;
  if (s.size() == 10) {
    return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= days_in_month(d.year, d.month)
               ? TimestampProblem::date_only
               : TimestampProblem::out_of_range;
  }
  const char sep = s[10];
  if (sep != 'T' && sep != 't' && sep != ' ') return TimestampProblem::not_iso;
  int hour = 0, minute = 0, second = 0;
  std::size_t i = 11;
  if (!digits(s, i, 2, hour) || i + 2 >= s.size() || s[i + 2] != ':' ||
      !digits(s, i + 3, 2, minute))
    return TimestampProblem::not_iso;
  i += 5;
  if (i < s.size() && s[i] == ':') {
    if (!digits(s, i + 1, 2, second)) return TimestampProblem::not_iso;
    i += 3;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      const std::size_t start = ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == start) return TimestampProblem::not_iso;
    }
  }
  int offset_minutes = 0;
  bool zone = false;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    zone = true;
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!digits(s, i + 1, 2, oh)) return TimestampProblem::not_iso;
    i += 3;
    if (i < s.size() && s[i] == ':') {
      if (!digits(s, i + 1, 2, om)) return TimestampProblem::not_iso;
      i += 3;
    } else if (i < s.size()) {
      if (!digits(s, i, 2, om)) return TimestampProblem::not_iso;
      i += 2;
    }
    if (oh > 23 || om > 59) return TimestampProblem::out_of_range;
    offset_minutes = sign * (oh * 60 + om);
    zone = true;
  }
  if (i != s.size()) return TimestampProblem::not_iso;
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month) ||
      hour > 23 || minute > 59 || second > 60)
    return TimestampProblem::out_of_range;
  if (sep == ' ') return TimestampProblem::space;
  if (!zone) return TimestampProblem::no_zone;
  const std::int64_t seconds = days_from_civil(d.year, d.month, d.day) * 86400 + hour * 3600 +
                               minute * 60 + second - offset_minutes * 60;
  if (seconds < 0) return TimestampProblem::before_1970;
  return TimestampProblem::none;
}

const char* describe(TimestampProblem problem) {
  switch (problem) {
    case TimestampProblem::none:
      return "a valid ISO-8601 timestamp";
    case TimestampProblem::not_iso:
      return "not an ISO-8601 date-time";
    case TimestampProblem::space:
      return "written with a space between date and time where ISO-8601 needs \"T\"";
    case TimestampProblem::date_only:
      return "a date without a time or timezone";
    case TimestampProblem::no_zone:
      return "a date-time without a timezone";
    case TimestampProblem::out_of_range:
      return "not a real date and time";
    case TimestampProblem::before_1970:
      return "before 1970-01-01, which Engage may not ingest";
  }
  return "";
}

}  // namespace mapcheck::events
