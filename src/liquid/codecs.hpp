// Byte-level encodings behind some Liquid filters, with the exact behaviour of the JavaScript
// or Node.js function liquidjs calls: UTF-8 (Buffer), base64 (Buffer), SHA-256 and HMAC
// (node:crypto), and the URI functions of ECMAScript.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mapcheck::liquid {

// UTF-8 bytes of WTF-8 text as Node encodes a string: lone surrogates become U+FFFD.
std::string utf8_bytes(std::string_view text);
// Buffer#toString('utf8'): bytes to text, each maximal invalid subsequence becoming U+FFFD.
std::string decode_utf8(std::string_view bytes);

// Buffer.from(bytes).toString('base64').
std::string base64_encode(std::string_view bytes);
// Buffer.from(text, 'base64'): Node's lenient decoder (skips unknown characters, stops at the
// first '=' it meets inside a group, accepts the URL-safe alphabet). Returns bytes.
std::string base64_decode(std::u16string_view text);

// Lowercase hex SHA-256 digest and HMAC-SHA-256 of bytes.
std::string sha256_hex(std::string_view bytes);
std::string hmac_sha256_hex(std::string_view key, std::string_view bytes);

// encodeURIComponent / encodeURI; nullopt where JavaScript throws "URI malformed" (a lone
// surrogate).
std::optional<std::string> encode_uri_component(std::string_view text);
std::optional<std::string> encode_uri(std::string_view text);
// decodeURIComponent; nullopt where JavaScript throws "URI malformed".
std::optional<std::string> decode_uri_component(std::string_view text);

}  // namespace mapcheck::liquid
