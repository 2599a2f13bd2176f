// The Liquid filters of liquidjs 10.27.2 as mapping-kit configures them (see filters.hpp).
#include "liquid/filters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "json/number.hpp"
#include "json/write.hpp"
#include "liquid/codecs.hpp"
#include "liquid/date.hpp"
#include "liquid/js_math.hpp"
#include "liquid/limits.hpp"
#include "liquid/values.hpp"
#include "text/unicode.hpp"

namespace mapcheck::liquid {

namespace {

struct SlugRange {
  char32_t first, last;
};
#include "liquid/slug_tables.inc"

const double kNaN = std::numeric_limits<double>::quiet_NaN();

using U16 = std::u16string;

U16 u16(const std::string& s) {
  return text::to_utf16(s);
}
std::string u8(std::u16string_view s) {
  return text::from_utf16(s);
}
double len16(const std::string& s) {
  return static_cast<double>(utf16_size(s));
}

Value text_value(Invocation& c, std::string s) {
  if (!c.host.check_size(static_cast<double>(s.size()))) return {};
  return Value::string(std::move(s));
}

Value array_value(Invocation& c, json::Array items) {
  if (!c.host.check_length(static_cast<double>(items.size()))) return {};
  return Value::array(std::move(items));
}

// toArray(): nil → [], arrays as they are, anything else wrapped.
json::Array to_array(const Value& value) {
  const Value v = to_value(value);
  if (v.is_nullish()) return {};
  if (v.is_array()) return v.as_array();
  return {v};
}

// String.prototype.split(separator) with a string separator.
std::vector<U16> js_split(const U16& s, const U16& sep) {
  std::vector<U16> parts;
  if (sep.empty()) {
    for (char16_t c : s) parts.emplace_back(1, c);
    return parts;
  }
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    if (at == U16::npos) break;
    parts.push_back(s.substr(start, at - start));
    start = at + sep.size();
  }
  parts.push_back(s.substr(start));
  return parts;
}

// String.prototype.split(/\s+/).
std::vector<U16> split_spaces(const U16& s) {
  std::vector<U16> parts;
  std::size_t start = 0, i = 0;
  while (i < s.size()) {
    if (!is_js_space(s[i])) {
      ++i;
      continue;
    }
    std::size_t e = i;
    while (e < s.size() && is_js_space(s[e])) ++e;
    parts.push_back(s.substr(start, i - start));
    start = i = e;
  }
  parts.push_back(s.substr(start));
  return parts;
}

U16 join(const std::vector<U16>& parts, const U16& sep) {
  U16 out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

// String.prototype.slice(start, end) / Array.prototype.slice bounds.
std::size_t relative_index(const Value& v, std::size_t len, bool is_end) {
  if (is_end && v.is_undefined()) return len;
  const double r = to_integer_or_infinity(v);
  const double l = static_cast<double>(len);
  if (r < 0) return static_cast<std::size_t>(std::max(l + r, 0.0));
  return static_cast<std::size_t>(std::min(r, l));
}

// ---- html ------------------------------------------------------------------------------------

std::string escape_html(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&#34;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(ch);
    }
  }
  return out;
}

std::string unescape_html(const std::string& s) {
  static const std::pair<const char*, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&#34;", '"'}, {"&#39;", '\''}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool replaced = false;
    if (s[i] == '&') {
      for (const auto& [entity, ch] : kEntities) {
        const std::size_t n = std::char_traits<char>::length(entity);
        if (s.compare(i, n, entity) == 0) {
          out.push_back(ch);
          i += n;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(s[i++]);
  }
  return out;
}

Value f_escape(Invocation& c) {
  const std::string s = liquid_string(c.input);
  if (!c.host.use_memory(len16(s))) return {};
  return text_value(c, escape_html(s));
}

Value f_escape_once(Invocation& c) {
  const std::string s = liquid_string(c.input);
  if (!c.host.use_memory(len16(s))) return {};
  const std::string u = unescape_html(s);
  if (!c.host.use_memory(len16(u))) return {};
  return text_value(c, escape_html(u));
}

Value f_strip_html(Invocation& c) {
  const std::string s = liquid_string(c.input);
  if (!c.host.use_memory(len16(s))) return {};
  struct Block {
    const char* open;
    const char* close;
    bool active;
  } blocks[] = {{"<script", "</script>", true},
                {"<style", "</style>", true},
                {"<!--", "-->", true},
                {"<", ">", true}};
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t lt = s.find('<', i);
    if (lt == std::string::npos) return text_value(c, out + s.substr(i));
    out += s.substr(i, lt - i);
    for (Block& b : blocks) {
      if (!b.active) continue;
      const std::size_t open_len = std::char_traits<char>::length(b.open);
      if (s.compare(lt, open_len, b.open) != 0) continue;
      const std::size_t e = s.find(b.close, lt + open_len);
      if (e != std::string::npos) {
        i = e + std::char_traits<char>::length(b.close);
        break;
      }
      b.active = false;
    }
    if (i <= lt) return text_value(c, out + s.substr(lt));
  }
  return text_value(c, out);
}

// ---- math ------------------------------------------------------------------------------------

std::vector<double> numbers(const Invocation& c) {
  std::vector<double> n{to_number(c.input)};
  for (const Value& a : c.args) n.push_back(to_number(a));
  return n;
}

double nth(const std::vector<double>& n, std::size_t i) {
  return i < n.size() ? n[i] : kNaN;
}

double js_round(double x) {
  if (!std::isfinite(x)) return x;
  double r = std::floor(x);
  if (x - r >= 0.5) r += 1;
  if (r == 0 && std::signbit(x)) return -0.0;
  return r;
}

Value f_math(std::string_view name, Invocation& c) {
  const std::vector<double> n = numbers(c);
  const double v = n[0];
  double r = kNaN;
  if (name == "abs")
    r = std::fabs(v);
  else if (name == "ceil")
    r = std::ceil(v);
  else if (name == "floor")
    r = std::floor(v);
  else if (name == "at_least" || name == "at_most") {
    const bool max = name == "at_least";
    r = n[0];
    for (std::size_t i = 1; i < n.size(); ++i) {
      const double x = n[i];
      if (x != x || r != r) {
        r = kNaN;
      } else if (x == r && x == 0) {
        if (max && !std::signbit(x)) r = x;
        if (!max && std::signbit(x)) r = x;
      } else if (max ? x > r : x < r) {
        r = x;
      }
    }
  } else if (name == "divided_by") {
    const double d = v / nth(n, 1);
    r = (n.size() > 2 && n[2] != 0 && n[2] == n[2]) ? std::floor(d) : d;
  } else if (name == "minus")
    r = v - nth(n, 1);
  else if (name == "plus")
    r = v + nth(n, 1);
  else if (name == "times")
    r = v * nth(n, 1);
  else if (name == "modulo") {
    const double m = nth(n, 1);
    r = std::fmod(std::fmod(v, m) + m, m);
  } else if (name == "round") {
    const double digits = to_number(c.arg_or(0, Value::number(0)));
    const double amp = js_pow(10.0, digits);
    const double scaled = (v * amp) * (1 + std::numeric_limits<double>::epsilon());
    r = js_round(scaled) / amp;
  }
  return Value::number(r);
}

// ---- url -------------------------------------------------------------------------------------

std::string replace_all(const std::string& s, std::string_view from, std::string_view to) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(from, start);
    if (at == std::string::npos) break;
    out.append(s, start, at - start);
    out.append(to);
    start = at + from.size();
  }
  out.append(s, start, std::string::npos);
  return out;
}

Value f_url_decode(Invocation& c) {
  std::optional<std::string> d = decode_uri_component(liquid_string(c.input));
  if (!d) {
    c.host.throw_error("URI malformed");
    return {};
  }
  std::replace(d->begin(), d->end(), '+', ' ');
  return text_value(c, std::move(*d));
}

Value f_url_encode(Invocation& c, bool cgi) {
  std::optional<std::string> e = encode_uri_component(liquid_string(c.input));
  if (!e) {
    c.host.throw_error("URI malformed");
    return {};
  }
  std::string out = replace_all(*e, "%20", "+");
  if (cgi) {
    std::string escaped;
    for (char ch : out) {
      switch (ch) {
        case '!':
          escaped += "%21";
          break;
        case '\'':
          escaped += "%27";
          break;
        case '(':
          escaped += "%28";
          break;
        case ')':
          escaped += "%29";
          break;
        case '*':
          escaped += "%2A";
          break;
        default:
          escaped.push_back(ch);
      }
    }
    out = std::move(escaped);
  }
  return text_value(c, std::move(out));
}

Value f_uri_escape(Invocation& c) {
  std::optional<std::string> e = encode_uri(liquid_string(c.input));
  if (!e) {
    c.host.throw_error("URI malformed");
    return {};
  }
  return text_value(c, replace_all(replace_all(*e, "%5B", "["), "%5D", "]"));
}

bool is_slug_char(char32_t cp) {
  auto it = std::upper_bound(std::begin(kSlugRanges), std::end(kSlugRanges), cp,
                             [](char32_t c, const SlugRange& r) { return c < r.first; });
  return it != std::begin(kSlugRanges) && cp <= (it - 1)->last;
}

std::string remove_accents(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    const char32_t cp = text::next_code_point(s, i);
    const char* r = nullptr;
    if (cp >= 0xE0 && cp <= 0xE5)
      r = "a";
    else if (cp == 0xE6)
      r = "ae";
    else if (cp == 0xE7)
      r = "c";
    else if (cp >= 0xE8 && cp <= 0xEB)
      r = "e";
    else if (cp >= 0xEC && cp <= 0xEF)
      r = "i";
    else if (cp == 0xF0)
      r = "d";
    else if (cp == 0xF1)
      r = "n";
    else if ((cp >= 0xF2 && cp <= 0xF6) || cp == 0xF8)
      r = "o";
    else if (cp >= 0xF9 && cp <= 0xFC)
      r = "u";
    else if (cp == 0xFD || cp == 0xFF)
      r = "y";
    else if (cp == 0xDF)
      r = "ss";
    else if (cp == 0x153)
      r = "oe";
    else if (cp == 0xFE)
      r = "th";
    else if (cp == 0x1E9E)
      r = "SS";
    else if (cp == 0x152)
      r = "OE";
    else if (cp == 0xDE)
      r = "TH";
    if (r)
      out += r;
    else
      out.append(s, at, i - at);
  }
  return out;
}

Value f_slugify(Invocation& c) {
  std::string s = liquid_string(c.input);
  const std::string mode = js_string(c.arg_or(0, Value::string("default")));
  // Which characters a mode keeps; runs of the others become one "-".
  enum class Keep { spaces_only, letters, pretty, ascii, none } keep = Keep::none;
  if (mode == "raw")
    keep = Keep::spaces_only;
  else if (mode == "default" || mode == "latin")
    keep = Keep::letters;
  else if (mode == "pretty")
    keep = Keep::pretty;
  else if (mode == "ascii")
    keep = Keep::ascii;
  if (keep != Keep::none) {
    if (mode == "latin") s = remove_accents(s);
    std::string out;
    bool in_run = false;
    for (std::size_t i = 0; i < s.size();) {
      const std::size_t at = i;
      char32_t cp = text::next_code_point(s, i);
      bool kept;
      switch (keep) {
        case Keep::spaces_only:
          kept = !text::is_js_whitespace(cp);
          break;
        case Keep::ascii:
          kept = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
          break;
        case Keep::pretty:
          kept = is_slug_char(cp) ||
                 (cp < 128 && std::string_view("._~!$&'()+,;=@").find(static_cast<char>(cp)) !=
                                  std::string_view::npos);
          break;
        default:
          kept = is_slug_char(cp);
          break;
      }
      if (kept) {
        out.append(s, at, i - at);
        in_run = false;
      } else if (!in_run) {
        out.push_back('-');
        in_run = true;
      }
    }
    if (!out.empty() && out.front() == '-') out.erase(0, 1);
    if (!out.empty() && out.back() == '-') out.pop_back();
    s = std::move(out);
  }
  if (!js_truthy(c.arg(1))) s = text::to_lower(s);
  return text_value(c, std::move(s));
}

// ---- arrays ----------------------------------------------------------------------------------

Value f_join(Invocation& c) {
  const json::Array items = to_array(c.input);
  const Value sep_arg = to_value(c.arg(0));
  const std::string sep = sep_arg.is_nullish() ? std::string(" ") : liquid_string(sep_arg);
  double size = len16(sep) * static_cast<double>(items.empty() ? 0 : items.size() - 1);
  for (const Value& item : items) size += len16(js_string(item));
  if (!c.host.use_memory(size)) return {};
  if (!c.host.check_size(size)) return {};
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) append_text(out, sep);
    if (!items[i].is_nullish()) append_js_text(out, items[i]);
  }
  return text_value(c, std::move(out));
}

bool array_like(const Value& v) {
  if (!js_truthy(v)) return false;
  if (v.is_string() || v.is_array()) return true;
  return is_plain_object(v) && own_property(v, "length").is_number();
}

Value f_first_last(Invocation& c, bool last) {
  const Value v = to_value(c.input);
  if (!array_like(v)) return Value::string("");
  return read_array_element(v, last ? -1 : 0);
}

Value f_size(Invocation& c) {
  const Value& v = c.input;
  if (!js_truthy(v)) return Value::number(0);
  const Value len =
      (v.is_string() || v.is_array() || is_plain_object(v)) ? own_property(v, "length") : Value();
  return js_truthy(len) ? len : Value::number(0);
}

Value f_sum(Invocation& c) {
  const json::Array items = to_array(c.input);
  const Value property = c.arg(0);
  std::vector<Value> path;
  if (js_truthy(property)) {
    const U16 p = u16(liquid_string(property));
    for (const U16& part : js_split(p, u".")) path.push_back(Value::string(u8(part)));
  }
  double sum = 0;
  for (const Value& item : items) {
    Value v = item;
    for (const Value& key : path) {
      PropertyRead r = read_property(v, key);
      if (r.error) {
        c.host.throw_error(*r.error);
        return {};
      }
      v = std::move(r.value);
    }
    const double d = js_number(v);
    sum += d != d ? 0 : d;
  }
  return Value::number(sum);
}

Value f_compact(Invocation& c) {
  const json::Array items = to_array(c.input);
  if (!c.host.use_memory(static_cast<double>(items.size()))) return {};
  json::Array out;
  for (const Value& item : items)
    if (!to_value(item).is_nullish()) out.push_back(item);
  return array_value(c, std::move(out));
}

Value f_push(Invocation& c, bool front) {
  json::Array items = to_array(c.input);
  if (!c.host.use_memory(static_cast<double>(items.size() + (front ? 0 : 1)))) return {};
  if (front)
    items.insert(items.begin(), c.arg(0));
  else
    items.push_back(c.arg(0));
  return array_value(c, std::move(items));
}

Value f_pop_shift(Invocation& c, bool front) {
  json::Array items = to_array(c.input);
  if (!c.host.use_memory(static_cast<double>(items.size()))) return {};
  if (!items.empty()) {
    if (front)
      items.erase(items.begin());
    else
      items.pop_back();
  }
  return array_value(c, std::move(items));
}

Value f_slice(Invocation& c) {
  Value v = to_value(c.input);
  if (v.is_nullish()) return Value::array();
  if (!v.is_array()) v = Value::string(liquid_string(v));
  const std::size_t len = v.is_array() ? v.as_array().size() : utf16_size(v.as_string());
  Value begin = c.arg(0);
  const Value length = c.arg_or(1, Value::number(1));
  if (js_less(begin, Value::number(0)).value_or(false))
    begin = js_add(Value::number(static_cast<double>(len)), begin);
  if (js_less(begin, Value::number(0)).value_or(false) ||
      js_less(length, Value::number(0)).value_or(false))
    return v.is_array() ? Value::array() : Value::string("");
  if (!c.host.use_memory(js_number(length))) return {};
  const Value end = js_add(begin, length);
  const std::size_t from = relative_index(begin, len, false);
  const std::size_t to = relative_index(end, len, true);
  if (v.is_array()) {
    const json::Array& a = v.as_array();
    if (from >= to) return Value::array();
    return array_value(c, json::Array(a.begin() + static_cast<std::ptrdiff_t>(from),
                                      a.begin() + static_cast<std::ptrdiff_t>(to)));
  }
  if (from >= to) return Value::string("");
  return text_value(c, u8(u16(v.as_string()).substr(from, to - from)));
}

Value f_where(Invocation& c) {
  const json::Array items = to_array(c.input);
  if (!c.host.use_memory(static_cast<double>(items.size()))) return {};
  std::optional<Item> path;
  if (!c.host.parse_scope_path(liquid_string(c.arg(0)), path)) return {};
  std::vector<Value> values;
  for (const Value& item : items) {
    values.push_back(path ? c.host.eval_in_scope(*path, item) : Value());
    if (c.host.failed()) return {};
  }
  const bool truthy_test = c.arg(1).is_undefined();
  json::Array out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const bool match = truthy_test ? !is_falsy(values[i]) : liquid_equals(values[i], c.arg(1));
    if (match) out.push_back(items[i]);
  }
  return array_value(c, std::move(out));
}

// `sample` shuffles with Math.random: only results that do not depend on the shuffle (fewer
// than two elements, or none taken) are predictable; the others are reported as unsupported.
Value f_sample(Invocation& c) {
  Value v = to_value(c.input);
  if (v.is_nullish()) return Value::array();
  json::Array items;
  if (v.is_array()) {
    items = v.as_array();
  } else {
    const std::string s = liquid_string(v);
    for (std::size_t i = 0; i < s.size();) {
      const std::size_t at = i;
      text::next_code_point(s, i);
      items.push_back(Value::string(s.substr(at, i - at)));
    }
    if (!c.host.use_memory(len16(s))) return {};
  }
  if (v.is_array() && !c.host.use_memory(static_cast<double>(items.size()))) return {};
  const Value count = c.arg_or(0, Value::number(1));
  const bool one = count.is_number() && count.as_number() == 1;
  const std::size_t to = one ? 1 : relative_index(count, items.size(), true);
  if (items.size() > 1 && to > 0) {
    c.host.fail(Failure{"UnsupportedError",
                        "the sample filter picks elements at random (Math.random), so mapcheck "
                        "cannot predict what Segment sends for this field"});
    return {};
  }
  if (one) return items.empty() ? Value() : items[0];
  items.resize(std::min(to, items.size()));
  return array_value(c, std::move(items));
}

// ---- strings ---------------------------------------------------------------------------------

Value f_append(Invocation& c, bool prepend) {
  if (c.args.size() != 1) {
    c.host.throw_error(prepend ? "prepend expect 2 arguments" : "append expect 2 arguments");
    return {};
  }
  const std::string lhs = liquid_string(c.input);
  const std::string rhs = liquid_string(c.args[0]);
  if (!c.host.use_memory(len16(lhs) + len16(rhs))) return {};
  if (!c.host.check_size(static_cast<double>(lhs.size() + rhs.size()))) return {};
  std::string out = prepend ? rhs : lhs;
  append_text(out, prepend ? lhs : rhs);
  return text_value(c, std::move(out));
}

// The characters of `chars` as liquidjs's Set(chars) holds them: whole code points, so an
// astral character never equals a single UTF-16 unit.
std::vector<char16_t> char_set(const std::string& chars, std::size_t* distinct) {
  const U16 u = u16(chars);
  std::vector<char16_t> units;
  std::vector<U16> seen;
  for (std::size_t i = 0; i < u.size();) {
    const bool pair = i + 1 < u.size() && u[i] >= 0xD800 && u[i] <= 0xDBFF && u[i + 1] >= 0xDC00 &&
                      u[i + 1] <= 0xDFFF;
    const U16 cp = u.substr(i, pair ? 2 : 1);
    if (std::find(seen.begin(), seen.end(), cp) == seen.end()) seen.push_back(cp);
    if (!pair) units.push_back(u[i]);
    i += pair ? 2 : 1;
  }
  if (distinct) *distinct = seen.size();
  return units;
}

bool in_set(const std::vector<char16_t>& set, char16_t c) {
  return std::find(set.begin(), set.end(), c) != set.end();
}

Value f_strip_side(Invocation& c, bool left, bool right) {
  const std::string s = liquid_string(c.input);
  if (!c.host.use_memory(len16(s))) return {};
  const Value chars = c.arg(0);
  if (!js_truthy(chars)) {
    // trim / trimStart / trimEnd: JavaScript whitespace, by UTF-16 unit (all of it is BMP).
    const U16 u = u16(s);
    std::size_t i = 0, j = u.size();
    if (left)
      while (i < j && is_js_space(u[i])) ++i;
    if (right)
      while (j > i && is_js_space(u[j - 1])) --j;
    return text_value(c, u8(u.substr(i, j - i)));
  }
  const std::string set_text = liquid_string(chars);
  std::size_t distinct = 0;
  const std::vector<char16_t> set = char_set(set_text, &distinct);
  if (!c.host.use_memory(left && right ? static_cast<double>(distinct) : len16(set_text)))
    return {};
  const U16 u = u16(s);
  std::size_t i = 0, j = u.size();
  if (left)
    while (i < u.size() && in_set(set, u[i])) ++i;
  if (right)
    while (j > i && in_set(set, u[j - 1])) --j;
  return text_value(c, u8(u.substr(i, j - i)));
}

Value f_case(Invocation& c, bool upper) {
  const std::string s = liquid_string(c.input);
  if (!c.host.use_memory(len16(s))) return {};
  return text_value(c, upper ? text::to_upper(s) : text::to_lower(s));
}

Value f_capitalize(Invocation& c) {
  const std::string s = liquid_string(c.input);
  if (!c.host.use_memory(len16(s))) return {};
  const U16 u = u16(s);
  if (u.empty()) return Value::string("");
  std::string out = text::to_upper(u8(u.substr(0, 1)));
  append_text(out, text::to_lower(u8(u.substr(1))));
  return text_value(c, std::move(out));
}

Value f_remove(Invocation& c, int which) {  // 0 all, 1 first, 2 last
  const std::string s = liquid_string(c.input);
  const std::string pattern = liquid_string(c.arg(0));
  if (!c.host.use_memory(len16(s) + len16(pattern))) return {};
  const U16 u = u16(s), p = u16(pattern);
  if (which == 0) return text_value(c, u8(join(js_split(u, p), u"")));
  const std::size_t at = which == 1 ? u.find(p) : u.rfind(p);
  if (at == U16::npos) return text_value(c, s);
  return text_value(c, u8(u.substr(0, at) + u.substr(at + p.size())));
}

Value f_split(Invocation& c) {
  const std::string s = liquid_string(c.input);
  if (!c.host.use_memory(len16(s))) return {};
  std::vector<U16> parts = js_split(u16(s), u16(liquid_string(c.arg(0))));
  if (s.empty() && liquid_string(c.arg(0)).empty()) parts.clear();
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  if (!c.host.check_length(static_cast<double>(parts.size()))) return {};
  if (!c.host.charge(parts.size() * kElementCost)) return {};
  json::Array out;
  out.reserve(parts.size());
  for (const U16& p : parts) out.push_back(Value::string(u8(p)));
  return Value::array(std::move(out));
}

Value f_strip_newlines(Invocation& c) {
  const std::string s = liquid_string(c.input);
  if (!c.host.use_memory(len16(s))) return {};
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') continue;
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out.push_back(s[i]);
  }
  return text_value(c, std::move(out));
}

Value f_replace(Invocation& c, int which) {  // 0 all, 1 first, 2 last
  const std::string s = liquid_string(c.input);
  const std::string pattern = liquid_string(c.arg(0));
  const std::string replacement = liquid_string(c.arg(1));
  const U16 u = u16(s), p = u16(pattern), r = u16(replacement);
  if (which == 0) {
    const std::vector<U16> parts = js_split(u, p);
    const double size = static_cast<double>(u.size()) +
                        static_cast<double>(parts.empty() ? 0 : parts.size() - 1) *
                            (static_cast<double>(r.size()) - static_cast<double>(p.size()));
    if (!c.host.use_memory(size)) return {};
    if (!c.host.check_size(size)) return {};
    return text_value(c, u8(join(parts, r)));
  }
  if (!c.host.use_memory(static_cast<double>(u.size() + p.size() + r.size()))) return {};
  const std::size_t at = which == 1 ? u.find(p) : u.rfind(p);
  if (at == U16::npos) return text_value(c, s);
  return text_value(c, u8(u.substr(0, at) + r + u.substr(at + p.size())));
}

Value f_truncate(Invocation& c) {
  const std::string s = liquid_string(c.input);
  const std::string o = liquid_string(c.arg_or(1, Value::string("...")));
  const Value l = c.arg_or(0, Value::number(50));
  const U16 u = u16(s);
  if (!c.host.use_memory(static_cast<double>(u.size()) + len16(o))) return {};
  const std::optional<bool> longer = js_less(l, Value::number(static_cast<double>(u.size())));
  if (longer.has_value() && !*longer) return c.input;
  const double end = js_number(l) - len16(o);
  const std::size_t e =
      end != end || end <= 0
          ? 0
          : static_cast<std::size_t>(std::min(end, static_cast<double>(u.size())));
  std::string out = u8(u.substr(0, e));
  append_text(out, o);
  return text_value(c, std::move(out));
}

Value f_truncatewords(Invocation& c) {
  const std::string s = liquid_string(c.input);
  const std::string o = liquid_string(c.arg_or(1, Value::string("...")));
  if (!c.host.use_memory(len16(s) + len16(o))) return {};
  const std::vector<U16> words = split_spaces(u16(s));
  Value count = c.arg_or(0, Value::number(15));
  const std::optional<bool> positive = js_less(Value::number(0), count);
  if (positive.has_value() && !*positive) count = Value::number(1);
  const std::size_t to = relative_index(count, words.size(), true);
  std::vector<U16> kept(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(to));
  std::string out = u8(join(kept, u" "));
  const std::optional<bool> fewer =
      js_less(Value::number(static_cast<double>(words.size())), count);
  if (fewer.has_value() && !*fewer) append_text(out, o);
  return text_value(c, std::move(out));
}

Value f_normalize_whitespace(Invocation& c) {
  const std::string s = liquid_string(c.input);
  if (!c.host.use_memory(len16(s))) return {};
  const U16 u = u16(s);
  U16 out;
  for (std::size_t i = 0; i < u.size();) {
    if (is_js_space(u[i])) {
      while (i < u.size() && is_js_space(u[i])) ++i;
      out.push_back(u' ');
    } else {
      out.push_back(u[i++]);
    }
  }
  return text_value(c, u8(out));
}

bool is_cjk(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x3040 && cp <= 0x309F) ||
         (cp >= 0x30A0 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF);
}

Value f_number_of_words(Invocation& c) {
  const std::string s = liquid_string(c.input);
  if (!c.host.use_memory(len16(s))) return {};
  const std::string t(text::js_trim(s));
  if (t.empty()) return Value::number(0);
  const Value mode = c.arg(0);
  const bool cjk_mode = mode.is_string() && mode.as_string() == "cjk";
  const bool auto_mode = mode.is_string() && mode.as_string() == "auto";
  std::size_t cjk = 0, runs = 0;
  bool in_run = false;
  for (std::size_t i = 0; i < t.size();) {
    const char32_t cp = text::next_code_point(t, i);
    if (is_cjk(cp)) {
      ++cjk;
      in_run = false;
    } else if (text::is_js_whitespace(cp)) {
      in_run = false;
    } else if (!in_run) {
      ++runs;
      in_run = true;
    }
  }
  if (cjk_mode || (auto_mode && cjk > 0)) return Value::number(static_cast<double>(cjk + runs));
  return Value::number(static_cast<double>(split_spaces(u16(t)).size()));
}

// ---- base64, digests -------------------------------------------------------------------------

Value f_base64(Invocation& c, bool encode) {
  const std::string s = liquid_string(c.input);
  if (!c.host.use_memory(len16(s))) return {};
  if (encode) return text_value(c, base64_encode(utf8_bytes(s)));
  return text_value(c, decode_utf8(base64_decode(u16(s))));
}

Value f_sha256(Invocation& c) {
  const std::string s = liquid_string(c.input);
  if (!c.host.use_memory(len16(s))) return {};
  return Value::string(sha256_hex(utf8_bytes(s)));
}

Value f_hmac_sha256(Invocation& c) {
  const std::string s = liquid_string(c.input);
  const std::string key = liquid_string(c.arg(0));
  if (!c.host.use_memory(len16(s) + len16(key))) return {};
  return Value::string(hmac_sha256_hex(utf8_bytes(key), utf8_bytes(s)));
}

// ---- misc ------------------------------------------------------------------------------------

Value f_default(Invocation& c) {
  const Value v = to_value(c.input);
  const Value fallback = c.arg(0);
  if (v.is_array()) return v.as_array().empty() ? fallback : v;
  if (v.is_string()) return v.as_string().empty() ? fallback : v;
  if (v.is_boolean() && !v.as_boolean() && c.args.size() > 1) {
    // new Map(args).get('allow_false'): every argument must be an [key, value] entry object.
    Value allow;
    for (std::size_t i = 1; i < c.args.size(); ++i) {
      const Value& entry = c.args[i];
      if (!entry.is_array() && !entry.is_object()) {
        c.host.throw_error("Iterator value " + js_string(entry) + " is not an entry object");
        return {};
      }
      const Value key = is_drop(entry) ? Value() : own_property(entry, "0");
      if (key.is_string() && key.as_string() == "allow_false")
        allow = is_drop(entry) ? Value() : own_property(entry, "1");
    }
    if (js_truthy(allow)) return Value::boolean(false);
  }
  return is_falsy(v) ? fallback : v;
}

Value f_json(Invocation& c) {
  std::optional<std::string> text =
      json_filter_text(c.input, c.arg_or(0, Value::number(0)), c.host);
  if (!text) return {};
  return text_value(c, std::move(*text));
}

// ---- the table ---------------------------------------------------------------------------------

bool is_disabled(std::string_view name) {
  static const std::string_view kDisabled[] = {"array_to_sentence_string",
                                               "concat",
                                               "find",
                                               "find_exp",
                                               "find_index",
                                               "find_index_exp",
                                               "group_by",
                                               "group_by_exp",
                                               "has",
                                               "has_exp",
                                               "map",
                                               "newline_to_br",
                                               "reject",
                                               "reject_exp",
                                               "reverse",
                                               "sort",
                                               "sort_natural",
                                               "uniq",
                                               "where_exp",
                                               "type"};
  for (std::string_view d : kDisabled)
    if (d == name) return true;
  return false;
}

const std::string_view kKnown[] = {"escape",
                                   "xml_escape",
                                   "escape_once",
                                   "strip_html",
                                   "abs",
                                   "at_least",
                                   "at_most",
                                   "ceil",
                                   "divided_by",
                                   "floor",
                                   "minus",
                                   "plus",
                                   "modulo",
                                   "times",
                                   "round",
                                   "url_decode",
                                   "url_encode",
                                   "cgi_escape",
                                   "uri_escape",
                                   "slugify",
                                   "join",
                                   "last",
                                   "first",
                                   "size",
                                   "sum",
                                   "compact",
                                   "push",
                                   "unshift",
                                   "pop",
                                   "shift",
                                   "slice",
                                   "where",
                                   "sample",
                                   "date",
                                   "date_to_xmlschema",
                                   "date_to_rfc822",
                                   "date_to_string",
                                   "date_to_long_string",
                                   "append",
                                   "prepend",
                                   "lstrip",
                                   "downcase",
                                   "upcase",
                                   "remove",
                                   "remove_first",
                                   "remove_last",
                                   "rstrip",
                                   "split",
                                   "strip",
                                   "strip_newlines",
                                   "capitalize",
                                   "replace",
                                   "replace_first",
                                   "replace_last",
                                   "truncate",
                                   "truncatewords",
                                   "normalize_whitespace",
                                   "number_of_words",
                                   "base64_encode",
                                   "base64_decode",
                                   "sha256",
                                   "hmac_sha256",
                                   "default",
                                   "raw",
                                   "jsonify",
                                   "to_integer",
                                   "json",
                                   "inspect"};

}  // namespace

FilterStatus filter_status(std::string_view name) {
  if (is_disabled(name)) return FilterStatus::disabled;
  for (std::string_view k : kKnown)
    if (k == name) return FilterStatus::known;
  return FilterStatus::unknown;
}

Value apply_filter(std::string_view name, Invocation& c) {
  if (name == "escape" || name == "xml_escape") return f_escape(c);
  if (name == "escape_once") return f_escape_once(c);
  if (name == "strip_html") return f_strip_html(c);
  if (name == "abs" || name == "at_least" || name == "at_most" || name == "ceil" ||
      name == "divided_by" || name == "floor" || name == "minus" || name == "plus" ||
      name == "modulo" || name == "times" || name == "round")
    return f_math(name, c);
  if (name == "url_decode") return f_url_decode(c);
  if (name == "url_encode") return f_url_encode(c, false);
  if (name == "cgi_escape") return f_url_encode(c, true);
  if (name == "uri_escape") return f_uri_escape(c);
  if (name == "slugify") return f_slugify(c);
  if (name == "join") return f_join(c);
  if (name == "first") return f_first_last(c, false);
  if (name == "last") return f_first_last(c, true);
  if (name == "size") return f_size(c);
  if (name == "sum") return f_sum(c);
  if (name == "compact") return f_compact(c);
  if (name == "push") return f_push(c, false);
  if (name == "unshift") return f_push(c, true);
  if (name == "pop") return f_pop_shift(c, false);
  if (name == "shift") return f_pop_shift(c, true);
  if (name == "slice") return f_slice(c);
  if (name == "where") return f_where(c);
  if (name == "sample") return f_sample(c);
  if (name == "date") return filter_date(c);
  if (name == "date_to_xmlschema") return filter_date_to_xmlschema(c);
  if (name == "date_to_rfc822") return filter_date_to_rfc822(c);
  if (name == "date_to_string") return filter_date_to_string(c);
  if (name == "date_to_long_string") return filter_date_to_long_string(c);
  if (name == "append") return f_append(c, false);
  if (name == "prepend") return f_append(c, true);
  if (name == "lstrip") return f_strip_side(c, true, false);
  if (name == "rstrip") return f_strip_side(c, false, true);
  if (name == "strip") return f_strip_side(c, true, true);
  if (name == "downcase") return f_case(c, false);
  if (name == "upcase") return f_case(c, true);
  if (name == "remove") return f_remove(c, 0);
  if (name == "remove_first") return f_remove(c, 1);
  if (name == "remove_last") return f_remove(c, 2);
  if (name == "split") return f_split(c);
  if (name == "strip_newlines") return f_strip_newlines(c);
  if (name == "capitalize") return f_capitalize(c);
  if (name == "replace") return f_replace(c, 0);
  if (name == "replace_first") return f_replace(c, 1);
  if (name == "replace_last") return f_replace(c, 2);
  if (name == "truncate") return f_truncate(c);
  if (name == "truncatewords") return f_truncatewords(c);
  if (name == "normalize_whitespace") return f_normalize_whitespace(c);
  if (name == "number_of_words") return f_number_of_words(c);
  if (name == "base64_encode") return f_base64(c, true);
  if (name == "base64_decode") return f_base64(c, false);
  if (name == "sha256") return f_sha256(c);
  if (name == "hmac_sha256") return f_hmac_sha256(c);
  if (name == "default") return f_default(c);
  if (name == "json" || name == "jsonify" || name == "inspect") return f_json(c);
  if (name == "to_integer") return Value::number(js_number(c.input));
  return c.input;  // raw
}

// ---- JSON.stringify
// ------------------------------------------------------------------------------

namespace {

struct JsonWriter {
  FilterHost& host;
  std::string gap;
  bool pretty = false;  // V8 breaks lines for any space > 0, even when the gap rounds to ""
  std::string out;

  // chargeJsonReplacerValue
  bool charge(const Value& v) {
    double n = 0;
    switch (v.kind()) {
      case json::Kind::string:
        n = len16(v.as_string());
        break;
      case json::Kind::null:
        n = 4;
        break;
      case json::Kind::boolean:
        n = v.as_boolean() ? 4 : 5;
        break;
      case json::Kind::number: {
        const double d = v.as_number();
        n = std::isfinite(d) ? static_cast<double>(json::format_number(d).size()) : 4;
        break;
      }
      case json::Kind::array:
        n = static_cast<double>(v.as_array().size()) + 1;
        break;
      case json::Kind::object:
        n = 2;
        break;
      case json::Kind::undefined:
        n = 0;
        break;
    }
    return host.use_memory(n);
  }

  // Writes `v`; false when it is undefined (left out of objects, null in arrays).
  bool write(const Value& v, const std::string& indent) {
    if (!charge(v) || host.failed()) return true;
    if (!host.charge(kElementCost) || !host.check_size(static_cast<double>(out.size())))
      return true;
    switch (v.kind()) {
      case json::Kind::undefined:
        return false;
      case json::Kind::null:
        out += "null";
        return true;
      case json::Kind::boolean:
        out += v.as_boolean() ? "true" : "false";
        return true;
      case json::Kind::number: {
        const double d = v.as_number();
        if (std::isfinite(d))
          json::append_number(out, d);
        else
          out += "null";
        return true;
      }
      case json::Kind::string:
        json::append_json_string(out, v.as_string());
        return true;
      case json::Kind::array: {
        const json::Array& a = v.as_array();
        if (a.empty()) {
          out += "[]";
          return true;
        }
        const std::string inner = indent + gap;
        out.push_back('[');
        for (std::size_t i = 0; i < a.size(); ++i) {
          if (i) out.push_back(',');
          if (pretty) out += "\n" + inner;
          if (!write(a[i], inner)) out += "null";
          if (host.failed()) return true;
        }
        if (pretty) out += "\n" + indent;
        out.push_back(']');
        return true;
      }
      case json::Kind::object: {
        if (is_drop(v)) {
          out += "{}";
          return true;
        }
        const std::string inner = indent + gap;
        out.push_back('{');
        bool any = false;
        for (const auto& [key, member] : v.as_object()) {
          const std::size_t mark = out.size();
          if (any) out.push_back(',');
          if (pretty) out += "\n" + inner;
          json::append_json_string(out, key);
          out += pretty ? ": " : ":";
          if (write(member, inner)) {
            any = true;
          } else {
            out.resize(mark);
          }
          if (host.failed()) return true;
        }
        if (any && pretty) out += "\n" + indent;
        out.push_back('}');
        return true;
      }
    }
    return true;
  }
};

}  // namespace

std::optional<std::string> json_filter_text(const Value& value, const Value& space,
                                            FilterHost& host) {
  JsonWriter w{host, {}, false, {}};
  if (space.is_number()) {
    const double n = std::min(10.0, space.as_number());
    if (n > 0) {
      w.pretty = true;
      w.gap.assign(static_cast<std::size_t>(n), ' ');
    }
  } else if (space.is_string()) {
    const U16 s = u16(space.as_string());
    w.gap = u8(s.substr(0, 10));
    w.pretty = !w.gap.empty();
  }
  const bool defined = w.write(value, "");
  if (host.failed() || !defined) return std::nullopt;
  return std::move(w.out);
}

}  // namespace mapcheck::liquid
