// UTF-8, base64, SHA-256 and URI encodings with Node.js / ECMAScript semantics (codecs.hpp).
#include "liquid/codecs.hpp"

#include <cstdint>
#include <vector>

#include "text/unicode.hpp"

namespace mapcheck::liquid {

namespace {

bool is_surrogate(char32_t cp) {
  return cp >= 0xD800 && cp <= 0xDFFF;
}

const char kHexUpper[] = "0123456789ABCDEF";
const char kHexLower[] = "0123456789abcdef";

}  // namespace

std::string utf8_bytes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = text::next_code_point(text, i);
    text::append_utf8(out, is_surrogate(cp) ? 0xFFFD : cp);
  }
  return out;
}

std::string decode_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  const std::size_t n = bytes.size();
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  std::size_t i = 0;
  while (i < n) {
    const unsigned char b = at(i);
    if (b < 0x80) {
      out.push_back(static_cast<char>(b));
      ++i;
      continue;
    }
    int need;
    unsigned char lower = 0x80, upper = 0xBF;
    char32_t cp;
    if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
      cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      cp = b & 0x0F;
      if (b == 0xE0) lower = 0xA0;
      if (b == 0xED) upper = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      cp = b & 0x07;
      if (b == 0xF0) lower = 0x90;
      if (b == 0xF4) upper = 0x8F;
    } else {
      text::append_utf8(out, 0xFFFD);
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    bool ok = true;
    for (int k = 0; k < need; ++k) {
      if (j >= n || at(j) < lower || at(j) > upper) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (at(j) & 0x3F);
      lower = 0x80;
      upper = 0xBF;
      ++j;
    }
    text::append_utf8(out, ok ? cp : 0xFFFD);
    i = j;
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                            (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                            static_cast<unsigned char>(bytes[i + 2]);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

namespace {

// Node's unbase64 table: the standard and URL-safe alphabets; 255 for anything else.
unsigned char unbase64(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<unsigned char>(c - 'A');
  if (c >= 'a' && c <= 'z') return static_cast<unsigned char>(c - 'a' + 26);
  if (c >= '0' && c <= '9') return static_cast<unsigned char>(c - '0' + 52);
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return 255;
}

struct Base64Decoder {
  std::u16string_view src;
  std::string& dst;
  std::size_t dstlen;
  std::size_t i = 0;

  unsigned char unit(std::size_t k) const { return static_cast<unsigned char>(src[k] & 0xFF); }

  // Node's base64_decode_group_slow: one group of four legal characters, skipping others.
  bool group_slow() {
    unsigned char hi = 0, lo = 0;
    for (int step = 0; step < 4; ++step) {
      for (;;) {
        if (i >= src.size()) return false;
        const unsigned char c = unit(i);
        lo = unbase64(c);
        ++i;
        if (lo < 64) break;
        if (c == '=' || i >= src.size()) return false;
      }
      if (step == 1) dst.push_back(static_cast<char>(((hi & 0x3F) << 2) | ((lo & 0x30) >> 4)));
      if (step == 2) dst.push_back(static_cast<char>(((hi & 0x0F) << 4) | ((lo & 0x3C) >> 2)));
      if (step == 3) dst.push_back(static_cast<char>(((hi & 0x03) << 6) | (lo & 0x3F)));
      if (i >= src.size()) return false;
      if (dst.size() >= dstlen) return false;
      hi = lo;
    }
    return true;
  }
};

}  // namespace

std::string base64_decode(std::u16string_view text) {
  // Buffer.from sizes the buffer from the length minus up to two trailing '='.
  std::size_t bytes = text.size();
  if (bytes > 0 && text[bytes - 1] == u'=') --bytes;
  if (bytes > 1 && text[bytes - 1] == u'=') --bytes;
  const std::size_t dstlen = static_cast<std::size_t>((static_cast<std::uint64_t>(bytes) * 3) >> 2);
  // base64_decoded_size: the same stripping, then the "fast" estimate.
  std::size_t size = text.size();
  std::size_t decoded = 0;
  if (size >= 2) {
    if (text[size - 1] == u'=') {
      --size;
      if (text[size - 1] == u'=') --size;
    }
    decoded = size > 1 ? (size / 4) * 3 + (size % 4 + 1) / 2 : 0;
  }
  std::string out;
  Base64Decoder d{text, out, dstlen};
  const std::size_t available = dstlen < decoded ? dstlen : decoded;
  const std::size_t max_k = available / 3 * 3;
  std::size_t max_i = text.size() / 4 * 4;
  while (d.i < max_i && out.size() < max_k) {
    const unsigned char a = unbase64(d.unit(d.i)), b = unbase64(d.unit(d.i + 1)),
                        c = unbase64(d.unit(d.i + 2)), e = unbase64(d.unit(d.i + 3));
    if ((a | b | c | e) & 0x80) {
      if (!d.group_slow()) return out;
      max_i = d.i + (text.size() - d.i) / 4 * 4;
    } else {
      out.push_back(static_cast<char>((a << 2) | (b >> 4)));
      out.push_back(static_cast<char>(((b & 0x0F) << 4) | (c >> 2)));
      out.push_back(static_cast<char>(((c & 0x03) << 6) | e));
      d.i += 4;
    }
  }
  if (d.i < text.size() && out.size() < dstlen) d.group_slow();
  return out;
}

namespace {

struct Sha256 {
  std::uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  unsigned char block[64];
  std::size_t used = 0;
  std::uint64_t total = 0;

  static std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

  void compress() {
    static const std::uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2};
    std::uint32_t w[64];
    for (int t = 0; t < 16; ++t)
      w[t] = (std::uint32_t{block[4 * t]} << 24) | (std::uint32_t{block[4 * t + 1]} << 16) |
             (std::uint32_t{block[4 * t + 2]} << 8) | block[4 * t + 3];
    for (int t = 16; t < 64; ++t) {
      const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
      const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int t = 0; t < 64; ++t) {
      const std::uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const std::uint32_t ch = (e & f) ^ (~e & g);
      const std::uint32_t t1 = hh + s1 + ch + k[t] + w[t];
      const std::uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      const std::uint32_t t2 = s0 + maj;
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }

  void update(std::string_view data) {
    for (char ch : data) {
      block[used++] = static_cast<unsigned char>(ch);
      ++total;
      if (used == 64) {
        compress();
        used = 0;
      }
    }
  }

  std::string digest() {
    const std::uint64_t bits = total * 8;
    const char one = static_cast<char>(0x80);
    update(std::string_view(&one, 1));
    const char zero = 0;
    while (used != 56) update(std::string_view(&zero, 1));
    for (int i = 7; i >= 0; --i) {
      const char b = static_cast<char>((bits >> (8 * i)) & 0xFF);
      block[used++] = static_cast<unsigned char>(b);
    }
    compress();
    std::string out;
    for (std::uint32_t v : h)
      for (int i = 3; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    return out;
  }
};

std::string to_hex(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kHexLower[b >> 4]);
    out.push_back(kHexLower[b & 15]);
  }
  return out;
}

std::string sha256_raw(std::string_view bytes) {
  Sha256 s;
  s.update(bytes);
  return s.digest();
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  return to_hex(sha256_raw(bytes));
}

std::string hmac_sha256_hex(std::string_view key, std::string_view bytes) {
  std::string k = key.size() > 64 ? sha256_raw(key) : std::string(key);
  k.resize(64, '\0');
  std::string inner(64, '\0'), outer(64, '\0');
  for (int i = 0; i < 64; ++i) {
    inner[i] = static_cast<char>(k[i] ^ 0x36);
    outer[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  inner.append(bytes);
  outer.append(sha256_raw(inner));
  return sha256_hex(outer);
}

namespace {

bool uri_unreserved(char32_t c, bool component) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '!':
    case '~':
    case '*':
    case '\'':
    case '(':
    case ')':
      return true;
    case ';':
    case '/':
    case '?':
    case ':':
    case '@':
    case '&':
    case '=':
    case '+':
    case '$':
    case ',':
    case '#':
      return !component;
    default:
      return false;
  }
}

std::optional<std::string> encode(std::string_view text, bool component) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = text::next_code_point(text, i);
    if (uri_unreserved(cp, component)) {
      out.push_back(static_cast<char>(cp));
      continue;
    }
    if (is_surrogate(cp)) return std::nullopt;
    std::string bytes;
    text::append_utf8(bytes, cp);
    for (char b : bytes) {
      out.push_back('%');
      out.push_back(kHexUpper[static_cast<unsigned char>(b) >> 4]);
      out.push_back(kHexUpper[static_cast<unsigned char>(b) & 15]);
    }
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> encode_uri_component(std::string_view text) {
  return encode(text, true);
}
std::optional<std::string> encode_uri(std::string_view text) {
  return encode(text, false);
}

std::optional<std::string> decode_uri_component(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const std::size_t n = text.size();
  auto byte_at = [&](std::size_t k) -> int {
    if (k + 2 >= n || text[k] != '%') return -1;
    const int h = hex_digit(text[k + 1]), l = hex_digit(text[k + 2]);
    if (h < 0 || l < 0) return -1;
    return h * 16 + l;
  };
  std::size_t i = 0;
  while (i < n) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    const int b = byte_at(i);
    if (b < 0) return std::nullopt;
    i += 3;
    if (b < 0x80) {
      out.push_back(static_cast<char>(b));
      continue;
    }
    int len;
    char32_t cp;
    if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07;
    } else
      return std::nullopt;
    for (int k = 1; k < len; ++k) {
      const int c = byte_at(i);
      if (c < 0 || (c & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (c & 0x3F);
      i += 3;
    }
    static const char32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || is_surrogate(cp)) return std::nullopt;
    text::append_utf8(out, cp);
  }
  return out;
}

}  // namespace mapcheck::liquid
