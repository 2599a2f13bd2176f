// Batch mode parses each event building only what the mapping reads (json::parse_projected with
// mapping::payload_reads) and runs a prepared plan; the results must be exactly those of a full
// parse and transform(). Checked on every transform case of the conformance corpus, whose
// mappings and payloads exercise the path rules, arrays, directives and key-order quirks.
#include <doctest/doctest.h>

#include <string>

#include "diagnostic_helpers.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"
#include "mapping/reads.hpp"
#include "mapping/transform.hpp"

using namespace mapcheck;
using json::Value;

namespace {

std::string describe(const mapping::TransformResult& r) {
  if (r.error) return "error " + r.error->name + ": " + r.error->message;
  if (r.output.is_undefined()) return "undefined";
  return *json::stringify(r.output);
}

}  // namespace

TEST_CASE("projected parsing and prepared plans give what a full parse and transform() give") {
  int compared = 0, projected = 0;
  json::ParseOptions options;
  options.allow_surrogates = true;
  test_helpers::for_each_transform_case([&](const Value&, const Value& mapping, const Value& payload) {
    const std::string payload_text = *json::stringify(payload);
    json::ParseResult full = json::parse(payload_text, options);
    REQUIRE(full.ok());
    const mapping::TransformResult expected = mapping::transform(mapping, full.value);

    const mapping::PreparedMapping prepared = mapping::prepare(mapping);
    json::Projection reads;
    const bool known = prepared.error || mapping::payload_reads(prepared.mapping, reads);
    json::ParseResult event =
        known ? json::parse_projected(payload_text, reads, options) : json::parse(payload_text, options);
    REQUIRE(event.ok());
    const mapping::TransformResult got = mapping::run_prepared(prepared, event.value);
    CHECK(describe(got) == describe(expected));
    ++compared;
    if (known) ++projected;
  });
  MESSAGE("compared " << compared << ", projected " << projected);
  CHECK(compared > 300);
  CHECK(projected > 250);  // most mappings' reads are known ahead of time
}
