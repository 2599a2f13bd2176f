// Helpers shared by the diagnostics tests: parsing, editing events by JSON pointer, finding a
// diagnostic by code and pointer, and reading fixtures.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"

namespace test_helpers {

using mapcheck::Diagnostic;
using mapcheck::json::Value;

inline Value j(std::string_view text) {
  mapcheck::json::ParseResult r = mapcheck::json::parse(text);
  REQUIRE_MESSAGE(r.ok(), std::string(text));
  return r.value;
}

// Sets (or, with an undefined value, removes) the member at an RFC 6901 pointer of plain keys.
inline void set_at(Value& root, std::string_view pointer, const Value& value) {
  REQUIRE(!pointer.empty());
  const std::size_t slash = pointer.find('/', 1);
  const std::string key(pointer.substr(1, slash == std::string_view::npos ? slash : slash - 1));
  REQUIRE(root.is_object());
  mapcheck::json::Object& members = root.object_mut();
  if (slash == std::string_view::npos) {
    if (value.is_undefined())
      members.erase(key);
    else
      members.set(key, value);
    return;
  }
  if (!members.find(key)) members.set(key, Value::object());
  set_at(*members.find(key), pointer.substr(slash), value);
}

inline Value with(Value event, std::string_view pointer, std::string_view json_value) {
  set_at(event, pointer, json_value.empty() ? Value() : j(json_value));
  return event;
}

inline Value without(Value event, std::string_view pointer) {
  set_at(event, pointer, Value());
  return event;
}

// A message template placeholder left unfilled ("{name}") means a missing argument.
inline bool has_unfilled_placeholder(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    std::size_t k = i + 1;
    while (k < text.size() && ((text[k] >= 'a' && text[k] <= 'z') || text[k] == '_')) ++k;
    if (k > i + 1 && k < text.size() && text[k] == '}') return true;
  }
  return false;
}

inline std::string summary(const std::vector<Diagnostic>& list) {
  std::string out;
  for (const Diagnostic& d : list) out += d.code + " " + d.pointer + ": " + d.message + "\n";
  return out;
}

// The diagnostic with this code and pointer; fails the test when there is none.
inline const Diagnostic* find(const std::vector<Diagnostic>& list, std::string_view code,
                              std::string_view pointer) {
  for (const Diagnostic& d : list)
    if (d.code == code && d.pointer == pointer) {
      CHECK_MESSAGE(!has_unfilled_placeholder(d.message), d.message);
      CHECK_MESSAGE(!has_unfilled_placeholder(d.fix), d.fix);
      return &d;
    }
  return nullptr;
}

inline bool has(const std::vector<Diagnostic>& list, std::string_view code,
                std::string_view pointer) {
  return find(list, code, pointer) != nullptr;
}

inline bool has_code(const std::vector<Diagnostic>& list, std::string_view code) {
  for (const Diagnostic& d : list)
    if (d.code == code) return true;
  return false;
}

// "CODE pointer" for each diagnostic, in order, for comparing whole results.
inline std::vector<std::string> codes(const std::vector<Diagnostic>& list) {
  std::vector<std::string> out;
  for (const Diagnostic& d : list) out.push_back(d.code + " " + d.pointer);
  return out;
}

// The bytes of a file.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A file under the test data folder (tests/).
inline std::string read_fixture(const std::string& relative) {
  return read_file(std::string(MAPCHECK_TEST_DATA_DIR) + "/" + relative);
}

// `s` repeated `n` times.
inline std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// A small deterministic generator (xorshift), so generated tests reproduce.
struct Gen {
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
};

// Calls `each(case, mapping, payload)` for every transform case of the conformance corpus
// (tests/conformance/*.json) whose payload is an object.
template <class Each>
void for_each_transform_case(Each each) {
  const std::filesystem::path dir = std::filesystem::path(MAPCHECK_TEST_DATA_DIR) / "conformance";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    mapcheck::json::ParseOptions options;
    options.allow_surrogates = true;
    const mapcheck::json::ParseResult file = mapcheck::json::parse(read_file(entry.path()), options);
    REQUIRE(file.ok());
    for (const Value& c : file.value.as_array()) {
      const Value* kind = c.find("kind");
      const Value* mapping = c.find("mapping");
      const Value* payload = c.find("payload");
      if (!kind || kind->as_string() != "transform" || !mapping || !payload || !payload->is_object())
        continue;
      INFO("case " << c.find("id")->as_string());
      each(c, *mapping, *payload);
    }
  }
}

}  // namespace test_helpers
