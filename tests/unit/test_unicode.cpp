// JavaScript string semantics over WTF-8: lengths, case mapping and RegExp case folding.
#include <doctest/doctest.h>

#include "text/unicode.hpp"

using namespace mapcheck::text;

TEST_CASE("UTF-16 length counts an emoji as two units") {
  CHECK(utf16_length("abc") == 3);
  CHECK(utf16_length("é") == 1);
  CHECK(utf16_length("😀😀") == 4);
  CHECK(utf16_unit_at("a😀", 0) == "a");
  CHECK(utf16_unit_at("a😀", 1) == "\xED\xA0\xBD");  // the high surrogate alone
  CHECK(utf16_unit_at("a😀", 3).empty());
  CHECK(from_utf16(to_utf16("x😀\xED\xA0\x80y")) == "x😀\xED\xA0\x80y");
}

TEST_CASE("full case mapping as Node does it") {
  CHECK(to_upper("straße") == "STRASSE");
  CHECK(to_upper("ﬁx") == "FIX");
  CHECK(to_lower("İ") == "i\xCC\x87");
  CHECK(to_lower("ΟΔΟΣ") == "οδος");
  CHECK(to_lower("ΟΔΟΣ ΣΑ") == "οδος σα");
  CHECK(to_lower("Σ") == "σ");
  CHECK(to_upper("ǆ") == "Ǆ");
  CHECK(to_lower("ǅ") == "ǆ");
}

TEST_CASE("RegExp ignore-case folding does not fold non-ASCII to ASCII") {
  CHECK(canonicalize_unit(u'é') == canonicalize_unit(u'É'));
  CHECK(canonicalize_unit(u'ſ') != canonicalize_unit(u's'));
  CHECK(canonicalize_unit(u'\u212A') != canonicalize_unit(u'k'));
  CHECK(canonicalize_unit(u'ß') == u'ß');
}

TEST_CASE("trim removes JavaScript whitespace, including NBSP and U+2028") {
  CHECK(js_trim("\xC2\xA0 a b\t\xE2\x80\xA8") == "a b");
  CHECK(js_trim("   ").empty());
}

TEST_CASE("invalid UTF-8 is found by offset") {
  CHECK(find_invalid_utf8("abc") == std::string_view::npos);
  CHECK(find_invalid_utf8("ab\xFF") == 2);
  CHECK(find_invalid_utf8("\xC0\x80") == 0);        // overlong
  CHECK(find_invalid_utf8("\xED\xA0\x80") == 0);    // surrogate
  CHECK(find_invalid_utf8("\xED\xA0\x80", true) == std::string_view::npos);
}
