// Trait Activation: the worked examples in tests/fixtures/activation (built from the Segment
// docs pages) produce the events, payloads, previews and diagnostics those docs describe.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "activation/normalize.hpp"
#include "api.hpp"
#include "crypto/sha256.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"

using namespace mapcheck;
using json::Value;

namespace {

std::string read_file(const std::string& path) {
  std::string data;
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    char buf[8192];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
    std::fclose(f);
  }
  return data;
}

std::string show(const Value& v) { return json::stringify(v).value_or("undefined"); }

// `expected` is contained in `actual`: objects by key (extra keys allowed), arrays as
// "every expected element is contained in some actual element", scalars equal.
bool contains(const Value& actual, const Value& expected) {
  if (expected.is_object()) {
    if (!actual.is_object()) return false;
    for (const auto& [key, value] : expected.as_object()) {
      const Value* a = actual.find(key);
      if (a == nullptr || !contains(*a, value)) return false;
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array()) return false;
    for (const Value& e : expected.as_array()) {
      bool found = false;
      for (const Value& a : actual.as_array()) found = found || contains(a, e);
      if (!found) return false;
    }
    return true;
  }
  return actual.deep_equals(expected);
}

Value at_pointer(const Value& root, const std::string& pointer) {
  Value cur = root;
  std::size_t i = 1;
  while (i <= pointer.size() && !pointer.empty()) {
    std::size_t next = pointer.find('/', i);
    if (next == std::string::npos) next = pointer.size();
    const Value* member = cur.find(pointer.substr(i, next - i));
    if (member == nullptr) return {};
    cur = *member;
    i = next + 1;
  }
  return cur;
}

std::vector<Value> all_diagnostics(const Value& report) {
  std::vector<Value> out;
  for (const Value& d : report.find("diagnostics")->as_array()) out.push_back(d);
  for (const Value& e : report.find("events")->as_array()) {
    for (const Value& d : e.find("diagnostics")->as_array()) out.push_back(d);
    for (const Value& run : e.find("mappings")->as_array())
      for (const Value& d : run.find("diagnostics")->as_array()) out.push_back(d);
  }
  return out;
}

void check_fixture(const std::string& path) {
  json::ParseResult fixture = json::parse(read_file(path));
  REQUIRE_MESSAGE(fixture.ok(), path);
  const Value& f = fixture.value;
  const Value report = api::simulate(*json::stringify(*f.find("config")));
  const Value& expect = *f.find("expect");
  const std::vector<Value> diagnostics = all_diagnostics(report);
  INFO(path);

  if (const Value* events = expect.find("events")) {
    const json::Array& actual = report.find("events")->as_array();
    REQUIRE(actual.size() == events->as_array().size());
    for (std::size_t i = 0; i < actual.size(); ++i) {
      const Value& e = events->as_array()[i];
      const Value& event = *actual[i].find("event");
      CHECK_MESSAGE(event.find("type")->as_string() == e.find("type")->as_string(), show(event));
      if (const Value* c = e.find("contains")) CHECK_MESSAGE(contains(event, *c), show(event));
      if (const Value* lacks = e.find("lacks"))
        for (const Value& pointer : lacks->as_array())
          CHECK_MESSAGE(at_pointer(event, pointer.as_string()).is_undefined(), pointer.as_string());
    }
  }
  if (const Value* runs = expect.find("mappings")) {
    for (const Value& r : runs->as_array()) {
      const auto ei = static_cast<std::size_t>(r.find("event")->as_number());
      const auto mi = static_cast<std::size_t>(r.find("mapping")->as_number());
      const Value& run = report.find("events")->as_array().at(ei).find("mappings")->as_array().at(mi);
      CHECK_MESSAGE(run.find("matched")->deep_equals(*r.find("matched")), show(run));
      if (const Value* output = r.find("output")) {
        const bool same = run.find("output") && run.find("output")->deep_equals(*output);
        CHECK_MESSAGE(same, show(run));
      }
      if (const Value* preview = r.find("preview")) {
        const bool shown = run.find("preview") && contains(*run.find("preview"), *preview);
        CHECK_MESSAGE(shown, show(run));
      }
    }
  }
  if (const Value* rows = expect.find("rows")) CHECK_MESSAGE(contains(*report.find("rows"), *rows), show(*report.find("rows")));
  if (const Value* d = expect.find("diagnostics")) {
    if (const Value* present = d->find("present"))
      for (const Value& want : present->as_array()) {
        bool found = false;
        for (const Value& got : diagnostics) found = found || contains(got, want);
        CHECK_MESSAGE(found, "missing diagnostic " << show(want));
      }
    if (const Value* absent = d->find("absent"))
      for (const Value& code : absent->as_array())
        for (const Value& got : diagnostics)
          CHECK_MESSAGE(got.find("code")->as_string() != code.as_string(), "unexpected " << show(got));
  }
}

}  // namespace

TEST_CASE("every activation worked example produces what its docs page describes") {
  const std::string dir = std::string(MAPCHECK_TEST_DATA_DIR) + "/fixtures/activation";
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    SUBCASE(entry.path().filename().string().c_str()) { check_fixture(entry.path().string()); }
    ++count;
  }
  CHECK(count >= 8);
}

TEST_CASE("SHA-256 matches the standard test vectors") {
  CHECK(crypto::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(crypto::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(crypto::sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(crypto::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("Facebook normalization reproduces Segment's quirks") {
  using namespace activation;
  CHECK(facebook_phone("+44 (0)20 7123 4567") == "4402071234567");
  CHECK(facebook_phone("00 1 202") == "1202");
  CHECK(facebook_name(" O'Neil-Smith ") == "oneilsmith");
  CHECK(facebook_name("Zoë") == "zoë");
  CHECK(facebook_gender("Woman") == "f");
  CHECK(facebook_gender("Non-binary") == "Non-binary");
  CHECK(facebook_month("March") == "03");
  CHECK(facebook_month(" 7 ") == " 7 ");
  CHECK(facebook_month("1 2") == "12");
  CHECK(facebook_state("California") == "ca");
  CHECK(facebook_state("New York") == "newyork");
  CHECK(facebook_zip("94107-1234") == "94107");
  CHECK(facebook_zip(" SW1A 1AA ") == "sw1a1aa");
  CHECK(facebook_compact("United States") == "unitedstates");
  const Outgoing prehashed = facebook_value("EMAIL", std::string(64, 'A'));
  CHECK(prehashed.prehashed);
  CHECK(prehashed.sent == std::string(64, 'a'));
  CHECK(facebook_value("PHONE", "abc").error == std::optional<std::string>("Cannot hash an empty string"));
  CHECK(facebook_value("MADID", "6D92078A-8246").sent == "6D92078A-8246");
}

TEST_CASE("Google Customer Match normalization") {
  using namespace activation;
  CHECK(google_email(" J.Do.e@Gmail.com ").normalized == "jdo.e@gmail.com");
  CHECK(google_email("j.doe+news@googlemail.com").normalized == "jdoe+news@googlemail.com");
  CHECK(google_email("first.last@example.com").normalized == "first.last@example.com");
  CHECK(google_email("not-an-email").error.has_value());
  CHECK(google_phone("(202) 309-5976", "+1").normalized == "+12023095976");
  CHECK(google_phone("44 20 7123 4567", "44").normalized == "+442071234567");
  CHECK(google_phone("20 7123 4567", "+44").normalized == "+442071234567");
  CHECK(google_phone("(202) 309-5976", "+1").sent ==
        "ab2e885e8213b2fbb894c6da2936ada8ef712c1c31762cc937dcb81172278932");
}

TEST_CASE("config problems are reported by pointer with a source range") {
  const Value report = api::simulate(
      "{\"version\": 1,\n \"computation\": {\"key\": \"vip\"},\n \"destination\": {\"kind\": \"braze\", \"send_track\": \"yes\"},\n \"id_sync\": [{\"segment\": \"email\", \"strategy\": \"newest\"}],\n \"mapings\": []}");
  const std::vector<Value> diagnostics = all_diagnostics(report);
  auto has = [&](const char* code, const char* pointer) {
    for (const Value& d : diagnostics)
      if (d.find("code")->as_string() == code && d.find("pointer")->as_string() == pointer) return d.find("range") != nullptr;
    return false;
  };
  CHECK(has("CFG-00", "/destination/kind"));
  CHECK(has("CFG-00", "/destination/send_track"));
  CHECK(has("IDS-02", "/id_sync/0/strategy"));
  CHECK(has("CFG-05", "/mapings"));
}

TEST_CASE("more than three \"all\" identifiers and mobile IDs without Send Mobile IDs") {
  const Value report = api::simulate(R"({"version": 1, "computation": {"key": "vip"},
    "destination": {"setup": "customized"},
    "id_sync": [{"segment": "email", "strategy": "all"}, {"segment": "phone", "strategy": "all"},
                {"segment": "user_id", "strategy": "all"}, {"segment": "android.idfa", "strategy": "all"}]})");
  const std::vector<Value> diagnostics = all_diagnostics(report);
  bool ids01 = false, ids03 = false;
  for (const Value& d : diagnostics) {
    ids01 = ids01 || d.find("code")->as_string() == "IDS-01";
    ids03 = ids03 || (d.find("code")->as_string() == "IDS-03" && d.find("pointer")->as_string() == "/id_sync/3/segment");
  }
  CHECK(ids01);
  CHECK(ids03);
}

TEST_CASE("one simulation shares one work budget between its mapping runs") {
  // 10 mappings × 10 @arrayPath fields over 20,000 items: far past the budget, stopped fast.
  std::string items;
  for (int i = 0; i < 20000; ++i) items += std::string(i ? "," : "") + "{\"sku\":\"s" + std::to_string(i) + "\"}";
  std::string fields;
  for (int j = 0; j < 10; ++j)
    fields += std::string(j ? "," : "") + "\"f" + std::to_string(j) +
              "\":{\"@arrayPath\":[\"$.properties.products\",{\"sku\":{\"@path\":\"$.sku\"}}]}";
  std::string mappings;
  for (int k = 0; k < 10; ++k) mappings += std::string(k ? "," : "") + "{\"fields\":{" + fields + "}}";
  const std::string config = "{\"version\":1,\"computation\":{\"key\":\"vip\"},\"event\":{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u1\",\"properties\":{\"products\":[" +
                             items + "]}},\"mappings\":[" + mappings + "]}";
  const Value report = api::simulate(config);
  std::size_t limited = 0;
  for (const Value& run : report.find("events")->as_array()[0].find("mappings")->as_array())
    for (const Value& d : run.find("diagnostics")->as_array()) limited += d.find("code")->as_string() == "LIM-01";
  CHECK(limited >= 1);
}
