// SHA-256, for previewing the hashed identifiers Facebook and Google receive.
//
// Written here rather than taken from a library: the core must build to WebAssembly without
// system libraries (OpenSSL is not available to Emscripten on this platform), and the hashes
// only need to equal what Segment's destinations compute.
#pragma once

#include <string>
#include <string_view>

namespace mapcheck::crypto {

// Lowercase hex SHA-256 of the bytes of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace mapcheck::crypto
