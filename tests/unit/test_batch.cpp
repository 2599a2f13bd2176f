// Batch checking: one result line per event, bad lines reported by number, coverage counted.
#include <doctest/doctest.h>

#include <string>

#include "api.hpp"
#include "batch.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"

using namespace mapcheck;
using json::Value;

TEST_CASE("batch: results per line, bad lines by number, coverage of empty fields") {
  std::vector<Diagnostic> problems;
  auto m = batch::single_mapping(R"({"email": {"@path": "$.context.traits.email"}, "id": {"@path": "$.userId"}})",
                                 std::nullopt, problems);
  REQUIRE(m.has_value());
  m->required_fields = {"email"};
  batch::Runner runner({*m});
  std::string out;
  runner.process_line(R"({"type":"track","userId":"u1","context":{"traits":{"email":"a@b.c"}}})", 1, out);
  runner.process_line("", 2, out);
  runner.process_line(R"({"type":"track","userId":"u2"})", 3, out);
  runner.process_line(R"({"type": "track", "userId": )", 4, out);
  runner.process_line("[1,2]", 5, out);
  CHECK(out ==
        "{\"line\":1,\"mappings\":[{\"matched\":true,\"output\":{\"email\":\"a@b.c\",\"id\":\"u1\"}}]}\n"
        "{\"line\":3,\"mappings\":[{\"matched\":true,\"output\":{\"id\":\"u2\"},\"missingRequired\":[\"email\"]}]}\n"
        "{\"line\":4,\"error\":\"Unexpected end of input in an object: expected a value at column 29\"}\n"
        "{\"line\":5,\"error\":\"The line is not a JSON object\"}\n");
  CHECK(*json::stringify(runner.summary()) ==
        R"({"events":2,"badLines":2,"mappings":[{"name":"mapping","matched":2,"failed":0,"emptyFields":{"email":1}}],"diagnostics":{"JSON-01":2,"MAP-03":1}})");
}

TEST_CASE("runBatch over NDJSON text gives the same lines and a summary") {
  const Value r = api::run_batch("{\"a\":1}\n{\"a\":2}\n", R"({"mapping": {"x": {"@path": "$.a"}}})");
  CHECK(r.find("results")->as_string() ==
        "{\"line\":1,\"mappings\":[{\"matched\":true,\"output\":{\"x\":1}}]}\n"
        "{\"line\":2,\"mappings\":[{\"matched\":true,\"output\":{\"x\":2}}]}\n");
  CHECK(r.find("summary")->find("events")->as_number() == 2);
  const Value bad = api::run_batch("{}", R"({"nothing": 1})");
  CHECK(bad.find("diagnostics")->as_array().size() == 1);
}

TEST_CASE("batch: a line the caller drops as too long is reported and counted as a bad line") {
  std::vector<Diagnostic> problems;
  auto m = batch::single_mapping(R"({"id": {"@path": "$.userId"}})", std::nullopt, problems);
  REQUIRE(m.has_value());
  batch::Runner runner({*m});
  std::string out;
  runner.process_line(R"({"userId":"u1"})", 1, out);
  runner.report_bad_line(2, "The line is longer than the 8 MiB limit", out);
  CHECK(out ==
        "{\"line\":1,\"mappings\":[{\"matched\":true,\"output\":{\"id\":\"u1\"}}]}\n"
        "{\"line\":2,\"error\":\"The line is longer than the 8 MiB limit\"}\n");
  CHECK(*json::stringify(runner.summary()) ==
        R"({"events":1,"badLines":1,"mappings":[{"name":"mapping","matched":1,"failed":0,"emptyFields":{}}],"diagnostics":{"JSON-03":1}})");
}
