// json::parse has a fast path for plain parsing and a full path that also records source
// positions; whichever runs, a document must give the same value (key order included) or the
// same error at the same offset. Checked on generated documents, valid and broken.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "diagnostic_helpers.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"

using namespace mapcheck;
using test_helpers::Gen;

namespace {

const char* const kStringPieces[] = {
    "a", "plain text", "\\\"", "\\\\", "\\/", "\\b\\f\\n\\r\\t", "\\u00e9", "\\u0041",
    "\\ud83d\\ude00", "\\ud800", "\\udc00x", "\\ud800\\u0041", "\xC3\xA9", "\xE2\x82\xAC",
    "\xF0\x9F\x98\x80", "\xED\xA0\x80", "\xC0\xAF", "\xE0\x80\xAF", "\xF4\x90\x80\x80", "\xFF",
    "\xEF\xBB\xBF", "\x01", "\\x", "\\u12", "0123456789abcdefghij", "~/", "\\u0000"};

const char* const kKeys[] = {"a", "b", "type", "0", "1", "10", "2", "01", "-1", "4294967294",
                             "4294967295", "", "__proto__", "computation_class_long_key"};

const char* const kNumbers[] = {"0", "-0", "1", "-1", "12", "0.5", "-0.0", "1e5", "1E-5", "1.5e+3",
                                "123456789012345", "1234567890123456", "12345678901234567890",
                                "0.1", "764.16", "1e400", "-1e-400", "2.2250738585072014e-308",
                                "01", "1.", ".5", "-", "1e", "+1", "0x10", "9007199254740993"};

void gen_string(Gen& g, std::string& out) {
  out.push_back('"');
  const std::size_t n = g.below(4);
  for (std::size_t i = 0; i < n; ++i) out += kStringPieces[g.below(std::size(kStringPieces))];
  out.push_back('"');
}

void ws(Gen& g, std::string& out) {
  if (g.chance(15)) out += " \n\t\r"[g.below(4)];
}

void gen_value(Gen& g, std::string& out, int depth) {
  const std::size_t kind = depth > 4 ? g.below(4) : g.below(6);
  switch (kind) {
    case 0: gen_string(g, out); break;
    case 1: out += kNumbers[g.below(std::size(kNumbers))]; break;
    case 2: out += g.chance(50) ? "true" : (g.chance(50) ? "false" : "null"); break;
    case 3: out += g.chance(90) ? "null" : "nul"; break;
    case 4: {
      out.push_back('[');
      const std::size_t n = g.below(5);
      for (std::size_t i = 0; i < n; ++i) {
        if (i) out.push_back(',');
        ws(g, out);
        gen_value(g, out, depth + 1);
        ws(g, out);
      }
      out.push_back(']');
      break;
    }
    default: {
      out.push_back('{');
      const std::size_t n = g.below(g.chance(10) ? 24 : 6);
      for (std::size_t i = 0; i < n; ++i) {
        if (i) out.push_back(',');
        ws(g, out);
        if (g.chance(80)) {
          out += '"';
          out += kKeys[g.below(std::size(kKeys))];
          if (g.chance(50)) out += std::to_string(g.below(30));
          out += '"';
        } else {
          gen_string(g, out);
        }
        ws(g, out);
        out.push_back(':');
        ws(g, out);
        gen_value(g, out, depth + 1);
      }
      out.push_back('}');
    }
  }
}

void mutate(Gen& g, std::string& doc) {
  if (doc.empty()) return;
  const std::size_t at = g.below(doc.size());
  switch (g.below(4)) {
    case 0: doc.erase(at, 1); break;
    case 1: doc.insert(at, 1, "{}[],:\"\\ x0-e"[g.below(14)]); break;
    case 2: doc.resize(at); break;
    default: doc[at] = static_cast<char>(g.below(256)); break;
  }
}

// Identical values: same kinds, same member order, numbers bit for bit (so -0 differs from 0).
bool identical(const json::Value& a, const json::Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case json::Kind::number: {
      const double x = a.as_number(), y = b.as_number();
      return std::memcmp(&x, &y, sizeof x) == 0;
    }
    case json::Kind::boolean: return a.as_boolean() == b.as_boolean();
    case json::Kind::string: return a.as_string() == b.as_string();
    case json::Kind::array: {
      if (a.as_array().size() != b.as_array().size()) return false;
      for (std::size_t i = 0; i < a.as_array().size(); ++i)
        if (!identical(a.as_array()[i], b.as_array()[i])) return false;
      return true;
    }
    case json::Kind::object: {
      if (a.as_object().size() != b.as_object().size()) return false;
      for (std::size_t i = 0; i < a.as_object().size(); ++i)
        if (a.as_object().at(i).first != b.as_object().at(i).first ||
            !identical(a.as_object().at(i).second, b.as_object().at(i).second))
          return false;
      return true;
    }
    default: return true;
  }
}

}  // namespace

TEST_CASE("parsing with and without a source map gives the same value or the same error") {
  Gen g{0x9E3779B97F4A7C15ULL};
  int valid = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string doc;
    if (g.chance(10)) doc += "\xEF\xBB\xBF";
    ws(g, doc);
    gen_value(g, doc, 0);
    ws(g, doc);
    if (g.chance(30)) mutate(g, doc);

    json::ParseOptions plain;
    plain.allow_bom = g.chance(50);
    plain.allow_surrogates = g.chance(30);
    if (g.chance(20)) {  // limits small enough to be reached
      plain.limits.max_depth = 3;
      plain.limits.max_container_size = 4;
      plain.limits.max_string_bytes = 12;
      plain.limits.max_bytes = 200;
    }
    json::SourceMap spans;
    json::ParseOptions mapped = plain;
    mapped.source_map = &spans;

    const json::ParseResult a = json::parse(doc, plain);
    const json::ParseResult b = json::parse(doc, mapped);
    INFO("document: " << doc);
    REQUIRE(a.ok() == b.ok());
    if (a.ok()) {
      ++valid;
      CHECK(identical(a.value, b.value));
    } else {
      CHECK(a.error->kind == b.error->kind);
      CHECK(a.error->message == b.error->message);
      CHECK(a.error->offset == b.error->offset);
    }
  }
  CHECK(valid > 2000);  // the generator must produce valid documents too
}

TEST_CASE("JSON string escaping is the same for every byte, wherever it falls in a long string") {
  // A byte-by-byte statement of JSON.stringify's escaping of WTF-8 text, to check the
  // block-at-a-time scanner against.
  auto expected = [](std::string_view s) {
    static const char* hex = "0123456789abcdef";
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c == 0xED && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0xA0) {
        const unsigned unit = 0xD000 | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                              (static_cast<unsigned char>(s[i + 2]) & 0x3F);
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out.push_back(hex[(unit >> shift) & 0xF]);
        i += 2;
      } else if (c == '"') out += "\\\"";
      else if (c == '\\') out += "\\\\";
      else if (c == '\b') out += "\\b";
      else if (c == '\f') out += "\\f";
      else if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else if (c < 0x20) {
        out += "\\u00";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xF]);
      } else out.push_back(static_cast<char>(c));
    }
    return out + "\"";
  };
  const char* const pieces[] = {"a", "bcdefgh", "\"", "\\", "\x01", "\x1f", " ", "\x7f", "\xC3\xA9",
                                "\xED\xA0\x80", "\xED\x9F\xBF", "\xED", "/", "0123456789abcdef"};
  Gen g{12345};
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const std::size_t n = g.below(12);
    for (std::size_t k = 0; k < n; ++k) s += pieces[g.below(std::size(pieces))];
    std::string got;
    json::append_json_string(got, s);
    INFO("text: " << s);
    REQUIRE(got == expected(s));
  }
}

TEST_CASE("ParseOptions::clean: duplicate keys and inexact numbers anywhere, read or skipped") {
  // The per-object API answers from memory only for clean documents: a duplicate key (JSON-07)
  // or an inexact number (JSON-08) must be reported about each document's own text.
  json::Projection need;
  need.member("type");
  const auto clean = [](std::string_view text, const json::Projection* projection) {
    bool result = true;
    json::ParseOptions options;
    options.clean = &result;
    const json::ParseResult parsed =
        projection ? json::parse_projected(text, *projection, options) : json::parse(text, options);
    REQUIRE(parsed.ok());
    return result;
  };
  const char* const clean_texts[] = {
      R"({"type":"track","a":{"b":1,"c":[1,{"d":2.5}]},"n":123456789012345})",
      R"({"type":"track","a":{"b":{"b":{"b":1}}},"c":[{"x":1},{"x":2}]})",
  };
  const char* const unclean_texts[] = {
      R"({"type":"track","a":1,"a":2})",                 // members that are skipped
      R"({"type":"track","a":{"b":1,"b":2}})",           // inside a skipped value
      R"({"type":"track","a":[{"b":1,"b":2}]})",         // inside a skipped array
      R"({"type":"track","a":1e400})",                   // overflows a double
      R"({"type":"track","a":{"n":12345678901234567890}})",  // more digits than a double holds
      R"({"type":"track","\u0061":1,"a":2})",            // an escaped key equal to a plain one
      R"({"type":"a","type":"b"})",                      // a member that is read
  };
  for (const char* text : clean_texts) {
    INFO(text);
    CHECK(clean(text, nullptr));
    CHECK(clean(text, &need));
  }
  for (const char* text : unclean_texts) {
    INFO(text);
    CHECK_FALSE(clean(text, nullptr));
    CHECK_FALSE(clean(text, &need));
  }
}
