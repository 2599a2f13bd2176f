// Unicode helpers with JavaScript semantics: UTF-16 lengths and indices over WTF-8 strings,
// full case mapping as String.prototype.toUpperCase/toLowerCase, RegExp ignore-case folding and
// JavaScript's whitespace set for trim().
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mapcheck::text {

// Appends `cp` (any value up to U+10FFFF, surrogates included) in WTF-8.
void append_utf8(std::string& out, char32_t cp);

// Decodes one code point of WTF-8 at `s[i]`, advancing `i`. Bytes that do not form a valid
// sequence decode as U+FFFD, one byte at a time.
char32_t next_code_point(std::string_view s, std::size_t& i) noexcept;

// Number of UTF-16 code units in a WTF-8 string (String.prototype.length).
std::size_t utf16_length(std::string_view s) noexcept;

std::u16string to_utf16(std::string_view s);
std::string from_utf16(std::u16string_view s);

// Joins an encoded high surrogate directly followed by an encoded low surrogate into the one
// four-byte code point they form, as JavaScript's UTF-16 strings do when two halves are
// concatenated ("\ud83d" + "\ude00" is "😀"). Keeps every other byte.
void join_surrogate_pairs(std::string& s);

// The UTF-16 code unit at `index` as a one-unit WTF-8 string (`"abc"[1]`); empty when out of
// range.
std::string utf16_unit_at(std::string_view s, std::size_t index);

// Byte offset of the first byte that is not valid UTF-8, or npos. With `allow_surrogates`,
// encoded surrogates (WTF-8) are accepted.
std::size_t find_invalid_utf8(std::string_view s, bool allow_surrogates = false) noexcept;

// String.prototype.toUpperCase / toLowerCase: full, locale-independent mappings (ß → SS,
// final sigma), as in Node.
std::string to_upper(std::string_view s);
std::string to_lower(std::string_view s);

// RegExp ignore-case canonical form of one UTF-16 code unit (non-Unicode mode).
char16_t canonicalize_unit(char16_t unit) noexcept;

// Unicode general category P (punctuation), as the RegExp class \p{P} matches it.
bool is_punctuation(char32_t cp) noexcept;

// JavaScript WhiteSpace and LineTerminator code points, as String.prototype.trim removes.
bool is_js_whitespace(char32_t cp) noexcept;
std::string_view js_trim(std::string_view s) noexcept;

}  // namespace mapcheck::text
