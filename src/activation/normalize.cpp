// Facebook and Google normalization and hashing, as Segment's destinations apply them.
#include "activation/normalize.hpp"

#include <cctype>

#include "crypto/sha256.hpp"
#include "text/unicode.hpp"

namespace mapcheck::activation {

namespace {

bool is_ascii_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Removes JS `\s` (Unicode whitespace) from a string.
std::string remove_whitespace(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const char32_t cp = text::next_code_point(s, i);
    if (!text::is_js_whitespace(cp)) out.append(s.substr(start, i - start));
  }
  return out;
}

// Segment's processHashing: `input` is the value handed to it (already normalized for most
// keys); `clean` is the normalization it applies itself after its pre-hashed check.
Outgoing hashed(std::string_view raw, std::string input, std::string (*clean)(std::string_view)) {
  Outgoing o;
  o.raw = std::string(raw);
  if (text::js_trim(input).empty()) return o;  // empty values are sent as ""
  if (is_sha256_hex(input)) {
    o.normalized = o.sent = input;
    o.prehashed = true;
    return o;
  }
  o.normalized = clean ? clean(input) : std::move(input);
  if (text::js_trim(o.normalized).empty()) {
    o.error = "Cannot hash an empty string";
    return o;
  }
  o.sent = crypto::sha256_hex(o.normalized);
  o.hashed = true;
  return o;
}

}  // namespace

bool is_sha256_hex(std::string_view value) {
  if (value.size() != 64) return false;
  for (char c : value)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string facebook_phone(std::string_view value) {
  std::string digits;
  for (char c : value)
    if (c >= '0' && c <= '9') digits.push_back(c);
  const std::size_t first = digits.find_first_not_of('0');
  return first == std::string::npos ? std::string() : digits.substr(first);
}

std::string facebook_name(std::string_view value) {
  const std::string lower = text::to_lower(text::js_trim(value));
  std::string out;
  for (std::size_t i = 0; i < lower.size();) {
    const std::size_t start = i;
    const char32_t cp = text::next_code_point(lower, i);
    if (!text::is_punctuation(cp)) out.append(lower, start, i - start);
  }
  return out;
}

std::string facebook_gender(std::string_view value) {
  const std::string v(text::js_trim(text::to_lower(value)));
  if (v == "male" || v == "boy" || v == "m") return "m";
  if (v == "female" || v == "woman" || v == "girl" || v == "f") return "f";
  return std::string(value);
}

std::string facebook_month(std::string_view value) {
  const std::string compact = remove_whitespace(value);
  if (text::utf16_length(compact) == 2) return compact;
  static const char* const months[] = {"january", "february", "march",     "april",
                                       "may",     "june",     "july",      "august",
                                       "september", "october", "november", "december"};
  const std::string lower = text::to_lower(text::js_trim(value));
  for (int m = 0; m < 12; ++m)
    if (lower == months[m]) return (m < 9 ? "0" : "") + std::to_string(m + 1);
  return std::string(value);
}

std::string facebook_compact(std::string_view value) {
  std::string out;
  for (char c : text::js_trim(value))
    if (is_ascii_alnum(c)) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

std::string facebook_state(std::string_view value) {
  static const char* const states[][2] = {
      {"arizona", "az"},       {"alabama", "al"},       {"alaska", "ak"},
      {"arkansas", "ar"},      {"california", "ca"},    {"colorado", "co"},
      {"connecticut", "ct"},   {"delaware", "de"},      {"florida", "fl"},
      {"georgia", "ga"},       {"hawaii", "hi"},        {"idaho", "id"},
      {"illinois", "il"},      {"indiana", "in"},       {"iowa", "ia"},
      {"kansas", "ks"},        {"kentucky", "ky"},      {"louisiana", "la"},
      {"maine", "me"},         {"maryland", "md"},      {"massachusetts", "ma"},
      {"michigan", "mi"},      {"minnesota", "mn"},     {"mississippi", "ms"},
      {"missouri", "mo"},      {"montana", "mt"},       {"nebraska", "ne"},
      {"nevada", "nv"},        {"newhampshire", "nh"},  {"newjersey", "nj"},
      {"newmexico", "nm"},     {"newyork", "ny"},       {"northcarolina", "nc"},
      {"northdakota", "nd"},   {"ohio", "oh"},          {"oklahoma", "ok"},
      {"oregon", "or"},        {"pennsylvania", "pa"},  {"rhodeisland", "ri"},
      {"southcarolina", "sc"}, {"southdakota", "sd"},   {"tennessee", "tn"},
      {"texas", "tx"},         {"utah", "ut"},          {"vermont", "vt"},
      {"virginia", "va"},      {"washington", "wa"},    {"westvirginia", "wv"},
      {"wisconsin", "wi"},     {"wyoming", "wy"}};
  const std::string key(text::js_trim(text::to_lower(value)));
  for (const auto& s : states)
    if (key == s[0]) return s[1];
  return facebook_compact(value);
}

std::string facebook_zip(std::string_view value) {
  const std::size_t dash = value.find('-');
  if (dash != std::string_view::npos) return std::string(value.substr(0, dash));
  return text::to_lower(remove_whitespace(text::js_trim(value)));
}

Outgoing facebook_value(std::string_view key, std::string_view raw) {
  if (key == "EXTERN_ID" || key == "MADID") {
    Outgoing o;
    o.raw = o.normalized = o.sent = std::string(raw);
    return o;
  }
  if (key == "PHONE") return hashed(raw, std::string(raw), facebook_phone);
  std::string normalized;
  if (key == "EMAIL") normalized = text::to_lower(text::js_trim(raw));
  else if (key == "DOBY" || key == "DOBD") normalized = std::string(text::js_trim(raw));
  else if (key == "DOBM") normalized = facebook_month(raw);
  else if (key == "LN" || key == "FN") normalized = facebook_name(raw);
  else if (key == "FI") normalized = text::to_lower(text::js_trim(raw));
  else if (key == "GEN") normalized = facebook_gender(raw);
  else if (key == "CT" || key == "COUNTRY") normalized = facebook_compact(raw);
  else if (key == "ST") normalized = facebook_state(raw);
  else if (key == "ZIP") normalized = facebook_zip(raw);
  else normalized = std::string(raw);
  // Every key but PHONE is normalized before Segment's pre-hashed check runs.
  return hashed(raw, std::move(normalized), nullptr);
}

namespace {
// The local@domain shape ajv-formats' "email" format accepts (case-insensitive).
bool valid_email(std::string_view email) {
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  auto local_char = [](char c) {
    return is_ascii_alnum(c) || std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
  };
  const std::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  bool previous_dot = true;
  for (char c : local) {
    if (c == '.') {
      if (previous_dot) return false;
      previous_dot = true;
    } else if (local_char(c)) {
      previous_dot = false;
    } else {
      return false;
    }
  }
  if (previous_dot) return false;
  std::size_t labels = 0, start = 0;
  while (start <= domain.size()) {
    std::size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) dot = domain.size();
    const std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || !is_ascii_alnum(label.front()) || !is_ascii_alnum(label.back())) return false;
    for (char c : label)
      if (!is_ascii_alnum(c) && c != '-') return false;
    ++labels;
    start = dot + 1;
    if (dot == domain.size()) break;
  }
  return labels >= 2;
}

bool contains_sha256_hex(std::string_view value) {
  std::size_t run = 0;
  for (char c : value) {
    run = std::isxdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
    if (run >= 64) return true;
  }
  return false;
}
}  // namespace

Outgoing google_email(std::string_view raw) {
  Outgoing o;
  o.raw = std::string(raw);
  if (contains_sha256_hex(raw)) {
    o.normalized = o.sent = o.raw;
    o.prehashed = true;
    return o;
  }
  std::string email(text::js_trim(text::to_lower(raw)));
  const std::size_t at = email.find('@');
  if (at != std::string::npos) {
    const std::string_view domain = std::string_view(email).substr(at + 1);
    if (domain.rfind("gmail", 0) == 0 || domain.rfind("googlemail", 0) == 0) {
      const std::size_t dot = email.find('.');
      if (dot != std::string::npos && dot < at) email.erase(dot, 1);  // only the first dot
    }
  }
  o.normalized = email;
  if (!valid_email(email)) {
    o.error = "Email provided doesn't seem to be in a valid format.";
    return o;
  }
  o.sent = crypto::sha256_hex(email);
  o.hashed = true;
  return o;
}

Outgoing google_phone(std::string_view raw, std::string_view country_code) {
  Outgoing o;
  o.raw = std::string(raw);
  if (contains_sha256_hex(raw)) {
    o.normalized = o.sent = o.raw;
    o.prehashed = true;
    return o;
  }
  std::string code;
  for (char c : country_code.empty() ? std::string_view("+1") : country_code)
    if (c >= '0' && c <= '9') code.push_back(c);
  std::string digits;
  for (char c : raw)
    if (c >= '0' && c <= '9') digits.push_back(c);
  if (digits.rfind(code, 0) != 0) digits = code + digits;
  o.normalized = "+" + digits;
  o.sent = crypto::sha256_hex(o.normalized);
  o.hashed = true;
  return o;
}

Outgoing google_name(std::string_view raw) {
  Outgoing o;
  o.raw = o.normalized = std::string(raw);
  if (raw.empty()) return o;
  o.sent = crypto::sha256_hex(raw);
  o.hashed = true;
  return o;
}

}  // namespace mapcheck::activation
