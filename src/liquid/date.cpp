// JavaScript date parsing (V8's rules) and liquidjs's strftime for the date filters.
#include "liquid/date.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#include "json/number.hpp"
#include "liquid/codecs.hpp"
#include "liquid/limits.hpp"
#include "liquid/values.hpp"
#include "text/unicode.hpp"

namespace mapcheck::liquid {

namespace {

constexpr double kMsPerDay = 86400000.0;
constexpr double kMaxTime = 8.64e15;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

double time_clip(double t) {
  if (!std::isfinite(t) || std::fabs(t) > kMaxTime) return kNaN;
  return std::trunc(t) + 0.0;
}

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2);
}

// ECMAScript MakeDay / MakeTime / MakeDate.
double make_day(double year, double month, double date) {
  if (!std::isfinite(year) || !std::isfinite(month) || !std::isfinite(date)) return kNaN;
  const double ym = std::trunc(year) + std::floor(std::trunc(month) / 12);
  if (std::fabs(ym) > 400000) return kNaN;
  double mn = std::fmod(std::trunc(month), 12);
  if (mn < 0) mn += 12;
  const double days = static_cast<double>(
      days_from_civil(static_cast<std::int64_t>(ym), static_cast<int>(mn) + 1, 1));
  return days + std::trunc(date) - 1;
}

double make_time(double h, double m, double s, double ms) {
  return h * 3600000.0 + m * 60000.0 + s * 1000.0 + ms;
}

// ---- V8's date parser -------------------------------------------------------------------------

constexpr int kNone = std::numeric_limits<int>::max();

bool between(int x, int lo, int hi) {
  return static_cast<unsigned>(x - lo) <= static_cast<unsigned>(hi - lo);
}

enum KeywordType { kInvalidWord = 0, kMonthName, kTimeZoneName, kTimeSeparator, kAmPm };

struct Keyword {
  char text[3];
  KeywordType type;
  int value;
};

constexpr Keyword kKeywords[] = {{{'j', 'a', 'n'}, kMonthName, 1},
                                 {{'f', 'e', 'b'}, kMonthName, 2},
                                 {{'m', 'a', 'r'}, kMonthName, 3},
                                 {{'a', 'p', 'r'}, kMonthName, 4},
                                 {{'m', 'a', 'y'}, kMonthName, 5},
                                 {{'j', 'u', 'n'}, kMonthName, 6},
                                 {{'j', 'u', 'l'}, kMonthName, 7},
                                 {{'a', 'u', 'g'}, kMonthName, 8},
                                 {{'s', 'e', 'p'}, kMonthName, 9},
                                 {{'o', 'c', 't'}, kMonthName, 10},
                                 {{'n', 'o', 'v'}, kMonthName, 11},
                                 {{'d', 'e', 'c'}, kMonthName, 12},
                                 {{'a', 'm', 0}, kAmPm, 0},
                                 {{'p', 'm', 0}, kAmPm, 12},
                                 {{'u', 't', 0}, kTimeZoneName, 0},
                                 {{'u', 't', 'c'}, kTimeZoneName, 0},
                                 {{'z', 0, 0}, kTimeZoneName, 0},
                                 {{'g', 'm', 't'}, kTimeZoneName, 0},
                                 {{'c', 'd', 't'}, kTimeZoneName, -5},
                                 {{'c', 's', 't'}, kTimeZoneName, -6},
                                 {{'e', 'd', 't'}, kTimeZoneName, -4},
                                 {{'e', 's', 't'}, kTimeZoneName, -5},
                                 {{'m', 'd', 't'}, kTimeZoneName, -6},
                                 {{'m', 's', 't'}, kTimeZoneName, -7},
                                 {{'p', 'd', 't'}, kTimeZoneName, -7},
                                 {{'p', 's', 't'}, kTimeZoneName, -8},
                                 {{'t', 0, 0}, kTimeSeparator, 0}};

struct DateToken {
  enum Tag { invalid = -6, unknown = -5, space = -4, number = -3, symbol = -2, end = -1 };
  int tag = end;  // >= 0: a word, tag is its KeywordType
  int length = 0;
  int value = 0;

  bool is_number() const { return tag == number; }
  bool is_symbol(char c) const { return tag == symbol && value == c; }
  bool is_end() const { return tag == end; }
  bool is_space() const { return tag == space; }
  bool is_invalid() const { return tag == invalid; }
  bool is_keyword() const { return tag >= 0; }
  bool is_sign() const { return tag == symbol && (value == '-' || value == '+'); }
  int sign() const { return 44 - value; }
  bool is_fixed_number(int n) const { return tag == number && length == n; }
  bool is_keyword_z() const { return tag == kTimeZoneName && length == 1 && value == 0; }
};

class DateScanner {
 public:
  explicit DateScanner(std::u16string_view s) : s_(s) {
    advance();
    next_ = scan();
  }
  DateToken next() {
    DateToken t = next_;
    next_ = scan();
    return t;
  }
  const DateToken& peek() const { return next_; }
  bool skip_symbol(char c) {
    if (!next_.is_symbol(c)) return false;
    next_ = scan();
    return true;
  }

 private:
  std::u16string_view s_;
  std::size_t index_ = 0;
  char32_t ch_ = 0;
  DateToken next_;

  void advance() {
    ch_ = index_ < s_.size() ? s_[index_] : 0;
    ++index_;
  }
  bool digit() const { return ch_ >= '0' && ch_ <= '9'; }
  // ECMAScript WhiteSpace (not line terminators): ends a word.
  bool white_space() const {
    return text::is_js_whitespace(ch_) && ch_ != '\n' && ch_ != '\r' && ch_ != 0x2028 &&
           ch_ != 0x2029;
  }

  DateToken scan() {
    const std::size_t start = index_;
    if (ch_ == 0) return DateToken{DateToken::end, 0, -1};
    if (digit()) {
      int value = 0, count = 0;
      while (ch_ == '0') advance();  // leading zeros are not significant digits
      while (digit()) {
        if (count < 9) value = value * 10 + static_cast<int>(ch_ - '0');
        ++count;
        advance();
      }
      return DateToken{DateToken::number, static_cast<int>(index_ - start), value};
    }
    for (char c : {':', '-', '+', '.', ')'}) {
      if (ch_ == static_cast<char32_t>(c)) {
        advance();
        return DateToken{DateToken::symbol, 1, c};
      }
    }
    if (ch_ >= 'A' && !white_space()) {
      std::uint32_t prefix[3] = {0, 0, 0};
      int len = 0;
      for (; ch_ >= 'A' && !white_space(); advance(), ++len)
        if (len < 3) prefix[len] = ch_ | 0x20;
      for (const Keyword& k : kKeywords) {
        int j = 0;
        while (j < 3 &&
               prefix[j] == static_cast<std::uint32_t>(static_cast<unsigned char>(k.text[j])))
          ++j;
        if (j == 3 && (len <= 3 || k.type == kMonthName)) return DateToken{k.type, len, k.value};
      }
      return DateToken{kInvalidWord, len, 0};
    }
    if (text::is_js_whitespace(ch_)) {
      advance();
      return DateToken{DateToken::space, static_cast<int>(index_ - start), -1};
    }
    if (ch_ == '(') {
      int balance = 0;
      do {
        if (ch_ == ')')
          --balance;
        else if (ch_ == '(')
          ++balance;
        advance();
      } while (balance > 0 && ch_ != 0);
      return DateToken{DateToken::unknown, 1, -1};
    }
    advance();
    return DateToken{DateToken::unknown, 1, -1};
  }
};

struct TimeZoneComposer {
  int sign = kNone, hour = kNone, minute = kNone;
  void set(int offset_hours) {
    sign = offset_hours < 0 ? -1 : 1;
    hour = offset_hours * sign;
    minute = 0;
  }
  bool expecting(int n) const { return hour != kNone && minute == kNone && between(n, 0, 59); }
  bool is_utc() const { return hour == 0 && minute == 0; }
  bool empty() const { return hour == kNone; }
};

struct TimeComposer {
  int comp[4] = {0, 0, 0, 0};
  int index = 0;
  int hour_offset = kNone;
  bool empty() const { return index == 0; }
  bool expecting(int n) const {
    return (index == 1 && between(n, 0, 59)) || (index == 2 && between(n, 0, 59)) ||
           (index == 3 && between(n, 0, 999));
  }
  bool add(int n) {
    if (index >= 4) return false;
    comp[index++] = n;
    return true;
  }
  bool add_final(int n) {
    if (!add(n)) return false;
    while (index < 4) comp[index++] = 0;
    return true;
  }
};

struct DayComposer {
  int comp[3] = {0, 0, 0};
  int index = 0;
  int named_month = kNone;
  bool iso = false;
  bool empty() const { return index == 0; }
  bool add(int n) {
    if (index >= 3) return false;
    comp[index++] = n;
    return true;
  }
};

int read_milliseconds(const DateToken& t) {
  int number = t.value, length = t.length;
  if (length == 1)
    number *= 100;
  else if (length == 2)
    number *= 10;
  else if (length > 3) {
    if (length > 9) length = 9;
    int factor = 1;
    do {
      factor *= 10;
      --length;
    } while (length > 3);
    number /= factor;
  }
  return number;
}

// ParseES5DateTime: the token the legacy parser continues with, end when fully parsed, or
// invalid.
DateToken parse_es5(DateScanner& sc, DayComposer& day, TimeComposer& time, TimeZoneComposer& tz) {
  if (sc.peek().is_sign()) {
    DateToken sign_token = sc.next();
    if (!sc.peek().is_fixed_number(6)) return sign_token;
    const int sign = sign_token.sign();
    const int year = sc.next().value;
    if (sign < 0 && year == 0) return sign_token;
    day.add(sign * year);
  } else if (sc.peek().is_fixed_number(4)) {
    day.add(sc.next().value);
  } else {
    return sc.next();
  }
  if (sc.skip_symbol('-')) {
    if (!sc.peek().is_fixed_number(2) || !between(sc.peek().value, 1, 12)) return sc.next();
    day.add(sc.next().value);
    if (sc.skip_symbol('-')) {
      if (!sc.peek().is_fixed_number(2) || !between(sc.peek().value, 1, 31)) return sc.next();
      day.add(sc.next().value);
    }
  }
  if (sc.peek().tag != kTimeSeparator) {
    if (!sc.peek().is_end()) return sc.next();
  } else {
    sc.next();
    const DateToken invalid{DateToken::invalid, 0, -1};
    if (!sc.peek().is_fixed_number(2) || !between(sc.peek().value, 0, 24)) return invalid;
    const bool hour_is_24 = sc.peek().value == 24;
    time.add(sc.next().value);
    if (!sc.skip_symbol(':')) return invalid;
    if (!sc.peek().is_fixed_number(2) || !between(sc.peek().value, 0, 59) ||
        (hour_is_24 && sc.peek().value > 0))
      return invalid;
    time.add(sc.next().value);
    if (sc.skip_symbol(':')) {
      if (!sc.peek().is_fixed_number(2) || !between(sc.peek().value, 0, 59) ||
          (hour_is_24 && sc.peek().value > 0))
        return invalid;
      time.add(sc.next().value);
      if (sc.skip_symbol('.')) {
        if (!sc.peek().is_number() || (hour_is_24 && sc.peek().value > 0)) return invalid;
        time.add(read_milliseconds(sc.next()));
      }
    }
    if (sc.peek().is_keyword_z()) {
      sc.next();
      tz.set(0);
    } else if (sc.peek().is_symbol('+') || sc.peek().is_symbol('-')) {
      tz.sign = sc.next().value == '+' ? 1 : -1;
      if (sc.peek().is_fixed_number(4)) {
        const int hourmin = sc.next().value;
        const int hour = hourmin / 100, min = hourmin % 100;
        if (!between(hour, 0, 23) || !between(min, 0, 59)) return invalid;
        tz.hour = hour;
        tz.minute = min;
      } else {
        if (!sc.peek().is_fixed_number(2) || !between(sc.peek().value, 0, 23)) return invalid;
        tz.hour = sc.next().value;
        if (!sc.skip_symbol(':')) return invalid;
        if (!sc.peek().is_fixed_number(2) || !between(sc.peek().value, 0, 59)) return invalid;
        tz.minute = sc.next().value;
      }
    }
    if (!sc.peek().is_end()) return invalid;
  }
  if (tz.empty() && time.empty()) tz.set(0);
  day.iso = true;
  return DateToken{DateToken::end, 0, -1};
}

struct ParsedDate {
  int year, month, day, hour, minute, second, ms;
  bool has_offset;
  int offset_seconds;
};

bool write_day(DayComposer& day, ParsedDate& out) {
  if (day.index < 1) return false;
  while (day.index < 3) day.comp[day.index++] = 1;
  int year = 0, month = kNone, d = kNone;
  if (day.named_month == kNone) {
    if (day.iso || !between(day.comp[0], 1, 31)) {
      year = day.comp[0];
      month = day.comp[1];
      d = day.comp[2];
    } else {
      month = day.comp[0];
      d = day.comp[1];
      year = day.comp[2];
    }
  } else {
    month = day.named_month;
    if (!between(day.comp[0], 1, 31)) {
      year = day.comp[0];
      d = day.comp[1];
    } else {
      d = day.comp[0];
      year = day.comp[1];
    }
  }
  if (!day.iso) {
    if (between(year, 0, 49))
      year += 2000;
    else if (between(year, 50, 99))
      year += 1900;
  }
  if (!between(month, 1, 12) || !between(d, 1, 31)) return false;
  out.year = year;
  out.month = month - 1;
  out.day = d;
  return true;
}

bool write_time(TimeComposer& time, ParsedDate& out) {
  while (time.index < 4) time.comp[time.index++] = 0;
  int hour = time.comp[0], minute = time.comp[1], second = time.comp[2], ms = time.comp[3];
  if (time.hour_offset != kNone) {
    if (!between(hour, 0, 12)) return false;
    hour %= 12;
    hour += time.hour_offset;
  }
  if (!between(hour, 0, 23) || !between(minute, 0, 59) || !between(second, 0, 59) ||
      !between(ms, 0, 999)) {
    if (hour != 24 || minute != 0 || second != 0 || ms != 0) return false;
  }
  out.hour = hour;
  out.minute = minute;
  out.second = second;
  out.ms = ms;
  return true;
}

bool write_zone(TimeZoneComposer& tz, ParsedDate& out) {
  out.has_offset = tz.sign != kNone;
  if (!out.has_offset) return true;
  const std::uint32_t hour = tz.hour == kNone ? 0u : static_cast<std::uint32_t>(tz.hour);
  const std::uint32_t minute = tz.minute == kNone ? 0u : static_cast<std::uint32_t>(tz.minute);
  // V8 computes this in 32-bit unsigned arithmetic, which wraps for absurd hours, and rejects
  // results above its largest small integer (2^30 - 1).
  const std::uint32_t total = hour * 3600u + minute * 60u;
  if (total > 0x3FFFFFFFu) return false;
  out.offset_seconds = tz.sign < 0 ? -static_cast<int>(total) : static_cast<int>(total);
  return true;
}

bool parse_v8(std::u16string_view text, ParsedDate& out) {
  DateScanner sc(text);
  TimeZoneComposer tz;
  TimeComposer time;
  DayComposer day;
  DateToken token = parse_es5(sc, day, time, tz);
  if (token.is_invalid()) return false;
  bool has_read_number = !day.empty();
  for (; !token.is_end(); token = sc.next()) {
    if (token.is_number()) {
      has_read_number = true;
      const int n = token.value;
      if (sc.skip_symbol(':')) {
        if (sc.skip_symbol(':')) {
          if (!time.empty()) return false;
          time.add(n);
          time.add(0);
        } else {
          if (!time.add(n)) return false;
          if (sc.peek().is_symbol('.')) sc.next();
        }
      } else if (sc.skip_symbol('.') && time.expecting(n)) {
        time.add(n);
        if (!sc.peek().is_number()) return false;
        const int ms = read_milliseconds(sc.next());
        if (ms < 0) return false;
        time.add_final(ms);
      } else if (tz.expecting(n)) {
        tz.minute = n;
      } else if (time.expecting(n)) {
        time.add_final(n);
        const DateToken& p = sc.peek();
        if (!p.is_end() && !p.is_space() && !p.is_keyword_z() && !p.is_sign()) return false;
      } else {
        if (!day.add(n)) return false;
        sc.skip_symbol('-');
      }
    } else if (token.is_keyword()) {
      if (token.tag == kAmPm && !time.empty()) {
        time.hour_offset = token.value;
      } else if (token.tag == kMonthName) {
        day.named_month = token.value;
        sc.skip_symbol('-');
      } else if (token.tag == kTimeZoneName && has_read_number) {
        tz.set(token.value);
      } else {
        if (has_read_number) return false;
        if (sc.peek().is_number()) return false;
      }
    } else if (token.is_sign() && (tz.is_utc() || !time.empty())) {
      tz.sign = token.sign() < 0 ? -1 : 1;
      int n = 0, length = 0;
      if (sc.peek().is_number()) {
        const DateToken t = sc.next();
        length = t.length;
        n = t.value;
      }
      has_read_number = true;
      if (sc.peek().is_symbol(':')) {
        tz.hour = n;
        tz.minute = kNone;
      } else if (length == 2 || length == 1) {
        tz.hour = n;
        tz.minute = 0;
      } else if (length == 4 || length == 3) {
        tz.hour = n / 100;
        tz.minute = n % 100;
      } else {
        return false;
      }
    } else if ((token.is_sign() || token.is_symbol(')')) && has_read_number) {
      return false;
    }
  }
  return write_day(day, out) && write_time(time, out) && write_zone(tz, out);
}

// ---- date values -----------------------------------------------------------------------------

// A date as liquidjs's LiquidDate holds it: the shifted "display" time read with UTC getters,
// and the offset %z reports.
struct LiquidDate {
  double display = kNaN;
  Value offset;        // timezoneOffset: minutes, as Date#getTimezoneOffset counts them
  bool fixed = false;  // a time zone argument was given
  std::string zone;    // its name when it was a string

  bool valid() const { return display == display; }

  std::int64_t days() const { return static_cast<std::int64_t>(std::floor(display / kMsPerDay)); }
  double ms_in_day() const { return display - static_cast<double>(days()) * kMsPerDay; }
  void civil(std::int64_t& y, int& m, int& d) const { civil_from_days(days(), y, m, d); }
  std::int64_t year() const {
    std::int64_t y;
    int m, d;
    civil(y, m, d);
    return y;
  }
  int month() const {  // 0-based
    std::int64_t y;
    int m, d;
    civil(y, m, d);
    return m - 1;
  }
  int date() const {
    std::int64_t y;
    int m, d;
    civil(y, m, d);
    return d;
  }
  int weekday() const {
    const std::int64_t w = (days() + 4) % 7;
    return static_cast<int>(w < 0 ? w + 7 : w);
  }
  int hours() const { return static_cast<int>(ms_in_day() / 3600000.0); }
  int minutes() const { return static_cast<int>(std::fmod(ms_in_day() / 60000.0, 60.0)); }
  int seconds() const { return static_cast<int>(std::fmod(ms_in_day() / 1000.0, 60.0)); }
  int milliseconds() const { return static_cast<int>(std::fmod(ms_in_day(), 1000.0)); }
};

const char* const kMonthNames[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
const char* const kDayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                 "Thursday", "Friday", "Saturday"};

std::string num(double n) {
  return json::format_number(n);
}
std::string num(std::int64_t n) {
  return std::to_string(n);
}

std::string pad_start(const std::string& s, double width, char ch) {
  const double n = width - static_cast<double>(utf16_size(s));
  if (!(n > 0)) return s;
  return std::string(static_cast<std::size_t>(n), ch) + s;
}

bool is_leap_year(std::int64_t year) {
  // liquidjs's test, which treats year 0 as a common year.
  return (year & 3) == 0 && (year % 100 != 0 || (year % 400 == 0 && year != 0));
}

int day_of_year(const LiquidDate& d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const std::int64_t y = d.year();
  int total = 0;
  for (int i = 0; i < d.month(); ++i) total += (i == 1 && is_leap_year(y)) ? 29 : kDays[i];
  return total + d.date();
}

std::string week_of_year(const LiquidDate& d, int start_day) {
  const double now = day_of_year(d) + (start_day - d.weekday());
  // new Date(year, 0, 1) in local time (UTC); years 0..99 mean 1900..1999.
  std::int64_t y = d.year();
  if (y >= 0 && y <= 99) y += 1900;
  const double jan1 = time_clip(make_day(static_cast<double>(y), 0, 1) * kMsPerDay);
  if (jan1 != jan1) return "NaN";
  const std::int64_t jd = static_cast<std::int64_t>(std::floor(jan1 / kMsPerDay));
  const int jan1_day = static_cast<int>(((jd + 4) % 7 + 7) % 7);
  const double then = 7 - jan1_day + start_day;
  return num(std::floor((now - then) / 7) + 1);
}

std::string ordinal(const LiquidDate& d) {
  const int date = d.date();
  if (date == 11 || date == 12 || date == 13) return "th";
  switch (date % 10) {
    case 1:
      return "st";
    case 2:
      return "nd";
    case 3:
      return "rd";
    default:
      return "th";
  }
}

// The en-US Intl formats Node uses for toLocaleDateString / toLocaleTimeString.
std::string locale_date(const LiquidDate& d) {
  std::int64_t y;
  int m, day;
  d.civil(y, m, day);
  const std::int64_t era_year = y <= 0 ? 1 - y : y;
  return std::to_string(m) + "/" + std::to_string(day) + "/" + std::to_string(era_year);
}

std::string two_digits(int v) {
  std::string s = std::to_string(v);
  if (v < 10) s.insert(s.begin(), '0');
  return s;
}

std::string locale_time(const LiquidDate& d) {
  const int h = d.hours();
  std::string out = std::to_string(h % 12 == 0 ? 12 : h % 12);
  out += ':';
  out += two_digits(d.minutes());
  out += ':';
  out += two_digits(d.seconds());
  out += h < 12 ? " AM" : " PM";
  return out;
}

// liquidjs's %z: the offset as [+-]hh[:]mm from the (possibly non-numeric) offset value.
std::string zone_offset_text(const LiquidDate& d, bool colon) {
  const double offset = js_number(d.offset);
  const double n = std::fabs(offset);
  const double h = std::floor(n / 60);
  const double m = std::fmod(n, 60);
  const bool positive = js_less(Value::number(0), d.offset).value_or(false);
  std::string out(1, positive ? '-' : '+');
  out += pad_start(num(h), 2, '0');
  if (colon) out += ':';
  out += pad_start(num(m), 2, '0');
  return out;
}

struct Spec {
  std::u16string_view flags;
  std::u16string_view width;
  char16_t conversion;
};

bool has_flag(const Spec& s, char16_t f) {
  return s.flags.find(f) != std::u16string_view::npos;
}

// One conversion's raw text (before padding); nullopt for an unknown conversion.
std::optional<std::string> convert(const LiquidDate& d, const Spec& s, FilterHost& host) {
  switch (s.conversion) {
    case 'a':
      return std::string(kDayNames[d.weekday()]).substr(0, 3);
    case 'A':
      return std::string(kDayNames[d.weekday()]);
    case 'b':
    case 'h':
      return std::string(kMonthNames[d.month()]).substr(0, 3);
    case 'B':
      return std::string(kMonthNames[d.month()]);
    case 'c':
      return locale_date(d) + ", " + locale_time(d);
    case 'C': {
      const std::string y = num(d.year());
      const std::u16string u = text::to_utf16(y);
      return num(json::string_to_number(text::from_utf16(u.substr(0, 2))));
    }
    case 'd':
    case 'e':
      return num(static_cast<std::int64_t>(d.date()));
    case 'H':
    case 'k':
      return num(static_cast<std::int64_t>(d.hours()));
    case 'I':
    case 'l': {
      const int h = d.hours() % 12;
      return num(static_cast<std::int64_t>(h == 0 ? 12 : h));
    }
    case 'j':
      return num(static_cast<std::int64_t>(day_of_year(d)));
    case 'L':
      return num(static_cast<std::int64_t>(d.milliseconds()));
    case 'm':
      return num(static_cast<std::int64_t>(d.month() + 1));
    case 'M':
      return num(static_cast<std::int64_t>(d.minutes()));
    case 'N': {
      const double w = json::string_to_number(to_text(s.width));
      const double width = (w != w || w == 0) ? 9 : w;
      std::string str = pad_start(num(static_cast<std::int64_t>(d.milliseconds())), 3, '0');
      if (width < static_cast<double>(str.size()))
        str = str.substr(0, static_cast<std::size_t>(width));
      if (!host.use_memory(width - static_cast<double>(str.size()))) return std::nullopt;
      if (!host.check_size(width)) return std::nullopt;
      if (width > static_cast<double>(str.size()))
        str.append(static_cast<std::size_t>(width) - str.size(), '0');
      return str;
    }
    case 'p':
      return std::string(d.hours() < 12 ? "AM" : "PM");
    case 'P':
      return std::string(d.hours() < 12 ? "am" : "pm");
    case 'q':
      return ordinal(d);
    case 's': {
      const double t = d.display / 1000;
      double r = std::floor(t);
      if (t - r >= 0.5) r += 1;
      return num(r);
    }
    case 'S':
      return num(static_cast<std::int64_t>(d.seconds()));
    case 'u': {
      const int w = d.weekday();
      return num(static_cast<std::int64_t>(w == 0 ? 7 : w));
    }
    case 'U':
      return week_of_year(d, 0);
    case 'w':
      return num(static_cast<std::int64_t>(d.weekday()));
    case 'W':
      return week_of_year(d, 1);
    case 'x':
      return locale_date(d);
    case 'X':
      return locale_time(d);
    case 'y': {
      const std::string y = num(d.year());
      return y.size() > 2 ? y.substr(2, 2) : std::string();
    }
    case 'Y':
      return num(d.year());
    case 'z':
      return zone_offset_text(d, has_flag(s, ':'));
    case 'Z':
      if (d.fixed) return d.zone.empty() ? zone_offset_text(d, has_flag(s, ':')) : d.zone;
      return std::string("UTC");
    case 't':
      return std::string("\t");
    case 'n':
      return std::string("\n");
    case '%':
      return std::string("%");
    default:
      return std::nullopt;
  }
}

int default_width(char16_t c) {
  switch (c) {
    case 'd':
    case 'e':
    case 'H':
    case 'I':
    case 'k':
    case 'l':
    case 'm':
    case 'M':
    case 'S':
    case 'U':
    case 'W':
      return 2;
    case 'j':
    case 'L':
      return 3;
    default:
      return 0;
  }
}

bool pads_with_space(char16_t c) {
  switch (c) {
    case 'a':
    case 'A':
    case 'b':
    case 'B':
    case 'c':
    case 'e':
    case 'k':
    case 'l':
    case 'p':
    case 'P':
      return true;
    default:
      return false;
  }
}

bool is_line_terminator(char16_t c) {
  return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

bool is_flag(char16_t c) {
  return c == '-' || c == '_' || c == '0' || c == '^' || c == '#' || c == ':';
}

// liquidjs strftime over the /%([-_0^#:]+)?(\d+)?([EO])?(.)/ matches of the format.
std::optional<std::string> strftime(const LiquidDate& d, std::u16string_view format,
                                    FilterHost& host) {
  std::string out;
  std::size_t i = 0;
  while (i < format.size()) {
    if (format[i] != u'%') {
      std::size_t j = i;
      while (j < format.size() && format[j] != u'%') ++j;
      append_text(out, to_text(format.substr(i, j - i)));
      i = j;
      continue;
    }
    std::size_t k = i + 1;
    const std::size_t flags_begin = k;
    while (k < format.size() && is_flag(format[k])) ++k;
    const std::size_t width_begin = k;
    while (k < format.size() && format[k] >= '0' && format[k] <= '9') ++k;
    const std::size_t mod_begin = k;
    if (k < format.size() && (format[k] == 'E' || format[k] == 'O') && k + 1 < format.size() &&
        !is_line_terminator(format[k + 1]))
      ++k;
    if (k >= format.size() || is_line_terminator(format[k])) {
      // No conversion character: the regex backtracks onto a flag, digit or modifier, none of
      // which is a conversion, so the text is kept as it is.
      append_text(out, to_text(format.substr(i, k - i)));
      i = k;
      continue;
    }
    Spec spec{format.substr(flags_begin, width_begin - flags_begin),
              format.substr(width_begin, mod_begin - width_begin), format[k]};
    const std::size_t next = k + 1;
    std::optional<std::string> raw = convert(d, spec, host);
    if (host.failed()) return std::nullopt;
    if (!raw) {
      append_text(out, to_text(format.substr(i, next - i)));
      i = next;
      continue;
    }
    std::string ret = std::move(*raw);
    char pad = pads_with_space(spec.conversion) ? ' ' : '0';
    const double w = json::string_to_number(to_text(spec.width));
    double width = (w != w || w == 0) ? default_width(spec.conversion) : w;
    if (has_flag(spec, '^')) {
      ret = text::to_upper(ret);
    } else if (has_flag(spec, '#')) {
      bool lower = false;
      for (char c : ret) lower = lower || (c >= 'a' && c <= 'z');
      ret = lower ? text::to_upper(ret) : text::to_lower(ret);
    }
    if (has_flag(spec, '_'))
      pad = ' ';
    else if (has_flag(spec, '0'))
      pad = '0';
    if (has_flag(spec, '-')) width = 0;
    if (!host.use_memory(width - static_cast<double>(utf16_size(ret)))) return std::nullopt;
    if (!host.check_size(width)) return std::nullopt;
    append_text(out, pad_start(ret, width, pad));
    if (!host.check_size(static_cast<double>(out.size()))) return std::nullopt;
    i = next;
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

// The offset (Date#getTimezoneOffset minutes) of an IANA time zone. mapcheck knows the zones
// with a fixed offset; others are reported as unsupported rather than guessed.
enum class Zone { ok, invalid, unsupported };
Zone zone_offset(const std::string& name, double& minutes) {
  static const char* const kUtcNames[] = {
      "UTC",       "Etc/UTC",       "GMT",   "Etc/GMT",  "UCT",       "Etc/UCT",
      "Universal", "Etc/Universal", "Zulu",  "Etc/Zulu", "Greenwich", "Etc/Greenwich",
      "GMT0",      "GMT+0",         "GMT-0", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0"};
  for (const char* n : kUtcNames) {
    if (iequals(name, n)) {
      minutes = 0;
      return Zone::ok;
    }
  }
  if (name.size() > 8 && iequals(name.substr(0, 7), "Etc/GMT") &&
      (name[7] == '+' || name[7] == '-')) {
    const std::string digits = name.substr(8);
    if (!digits.empty() && digits.size() <= 2 && digits[0] != '0' &&
        digits.find_first_not_of("0123456789") == std::string::npos) {
      const int h =
          digits.size() == 1 ? digits[0] - '0' : (digits[0] - '0') * 10 + (digits[1] - '0');
      if ((name[7] == '+' && h <= 12) || (name[7] == '-' && h <= 14)) {
        minutes = name[7] == '+' ? h * 60 : -h * 60;
        return Zone::ok;
      }
    }
  }
  // IANA names are letters, digits, '/', '_' and '-'; '+' only appears in the Etc/GMT+N and
  // GMT+0 forms handled above, and offsets written after GMT or UTC are not names.
  const bool offset_suffix =
      name.size() > 3 && (iequals(name.substr(0, 3), "GMT") || iequals(name.substr(0, 3), "UTC")) &&
      (name[3] == '-' || name[3] == '+');
  const bool plausible =
      !name.empty() && !offset_suffix &&
      ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')) &&
      name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_-") ==
          std::string::npos;
  return plausible ? Zone::unsupported : Zone::invalid;
}

// new Date(value) of an already toValue'd non-string value.
double date_from_value(const Value& v) {
  const Value p = js_primitive(v);
  if (p.is_string()) return time_clip(parse_date_string(text::to_utf16(p.as_string())));
  return time_clip(js_number(p));
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// liquidjs parseDate(v, opts, timezoneOffset): nullopt when the value is not a valid date.
std::optional<LiquidDate> parse_date(const Value& raw, const Value& zone, FilterHost& host) {
  const Value v = to_value(raw);
  double t;
  if (v.is_nullish()) return std::nullopt;
  if (v.is_string() && (v.as_string() == "now" || v.as_string() == "today")) {
    t = time_clip(host.now_ms());
  } else if (v.is_number()) {
    t = time_clip(v.as_number() * 1000);
  } else if (v.is_string()) {
    if (all_digits(v.as_string()))
      t = time_clip(json::string_to_number(v.as_string()) * 1000);
    else
      t = time_clip(parse_date_string(text::to_utf16(v.as_string())));
  } else {
    t = date_from_value(v);
  }
  LiquidDate d;
  d.fixed = !zone.is_undefined();
  if (!d.fixed) {
    d.offset = Value::number(t == t ? 0.0 : kNaN);
  } else if (zone.is_string()) {
    d.zone = zone.as_string();
    double minutes = kNaN;
    if (t == t) {
      switch (zone_offset(d.zone, minutes)) {
        case Zone::ok:
          break;
        case Zone::invalid: {
          // V8 prints the name's UTF-8 bytes as Latin-1 characters.
          std::string shown;
          for (char b : utf8_bytes(d.zone)) text::append_utf8(shown, static_cast<unsigned char>(b));
          host.throw_error("Invalid time zone specified: " + shown);
          return std::nullopt;
        }
        case Zone::unsupported:
          host.fail(Failure{"UnsupportedError",
                            "the date filter's time zone \"" + d.zone +
                                "\" is not supported by mapcheck (only UTC and fixed Etc/GMT "
                                "offsets are), so this field was not checked"});
          return std::nullopt;
      }
    }
    d.offset = Value::number(minutes);
  } else {
    d.offset = zone;
  }
  const double local = t == t ? 0.0 : kNaN;
  const double diff = (local - js_number(d.offset)) * 60000;
  d.display = time_clip(t + diff);
  if (!d.valid()) return std::nullopt;
  return d;
}

Value length_or_zero(const Value& v) {
  Value len;
  if (v.is_string() || v.is_array())
    len = own_property(v, "length");
  else if (is_plain_object(v))
    len = own_property(v, "length");
  return len.is_nullish() ? Value::number(0) : len;
}

Value stringify_date(Invocation& call, const char* month_type) {
  std::optional<LiquidDate> d = parse_date(call.input, Value(), call.host);
  if (call.host.failed()) return {};
  if (!d) return call.input;
  const Value type = call.arg(0);
  const Value style = call.arg(1);
  std::string format;
  if (type.is_string() && type.as_string() == "ordinal") {
    const std::string day = std::to_string(d->date());
    if (style.is_string() && style.as_string() == "US")
      format = std::string(month_type) + " " + day + "%q, %Y";
    else
      format = day + "%q " + month_type + " %Y";
  } else {
    format = std::string("%d ") + month_type + " %Y";
  }
  std::optional<std::string> out = strftime(*d, text::to_utf16(format), call.host);
  if (!out) return {};
  return Value::string(std::move(*out));
}

}  // namespace

double parse_date_string(std::u16string_view text) {
  ParsedDate p{};
  if (!parse_v8(text, p)) return kNaN;
  const double day = make_day(p.year, p.month, p.day);
  const double time = make_time(p.hour, p.minute, p.second, p.ms);
  double date = day * kMsPerDay + time;
  if (!p.has_offset) {
    if (!(date >= -(kMaxTime + 864e6) && date <= kMaxTime + 864e6)) return kNaN;
  } else {
    date -= p.offset_seconds * 1000.0;
  }
  return time_clip(date);
}

Value filter_date(Invocation& call) {
  FilterHost& host = call.host;
  const Value zone = call.arg(1);
  const Value size = js_add(length_or_zero(call.input), length_or_zero(zone));
  if (!host.use_memory(js_number(size))) return {};
  std::optional<LiquidDate> d = parse_date(call.input, zone, host);
  if (host.failed()) return {};
  if (!d) return call.input;
  const Value f = to_value(call.arg(0));
  const std::string format =
      f.is_nullish() ? std::string("%A, %B %-e, %Y at %-l:%M %P %z") : liquid_string(f);
  const std::u16string format16 = text::to_utf16(format);
  if (!host.use_memory(static_cast<double>(format16.size()))) return {};
  std::optional<std::string> out = strftime(*d, format16, host);
  if (!out) return {};
  return Value::string(std::move(*out));
}

Value filter_date_to_xmlschema(Invocation& call) {
  std::vector<Value> args{Value::string("%Y-%m-%dT%H:%M:%S%:z")};
  Invocation inner{call.input, args, call.host};
  return filter_date(inner);
}

Value filter_date_to_rfc822(Invocation& call) {
  std::vector<Value> args{Value::string("%a, %d %b %Y %H:%M:%S %z")};
  Invocation inner{call.input, args, call.host};
  return filter_date(inner);
}

Value filter_date_to_string(Invocation& call) {
  return stringify_date(call, "%b");
}
Value filter_date_to_long_string(Invocation& call) {
  return stringify_date(call, "%B");
}

}  // namespace mapcheck::liquid
