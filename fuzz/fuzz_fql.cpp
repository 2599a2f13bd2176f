// FQL: "fql \0 event". Parses, matches, explains and lints the trigger; when it parses, the
// AST goes through generateFql and the generated text is parsed, matched and linted again.
// Properties: no crash or hang; matches agrees between FQL text and its AST given as JSON.
#include "fql/evaluate.hpp"
#include "fql/generate.hpp"
#include "fql/lint.hpp"
#include "fql/parser.hpp"
#include "fuzz_common.hpp"

using namespace mapcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string_view> parts = fuzz::split(data, size, 2);
  const std::string_view fql_text = parts[0];
  const std::string_view event_text = parts.size() > 1 ? parts[1] : std::string_view();
  fuzz::check_result(api::parse_fql(fql_text));
  const json::Value by_text = api::matches_fql(fql_text, event_text);
  fuzz::check_result(by_text);

  const fql::ParseResult parsed = fql::parse(fql_text);
  if (!parsed.ok()) return 0;
  const std::string ast_text = api::to_json(parsed.ast);
  // NaN and Infinity values (`x = -` reads Number("-")) become null in JSON, which matches
  // differently; compare only ASTs that JSON represents exactly.
  const api::Input reread = api::parse_input(ast_text, "trigger");
  const bool exact = reread.ok && reread.value.deep_equals(parsed.ast);
  const json::Value by_ast = api::matches_fql(ast_text, event_text);
  fuzz::check_result(by_ast);
  if (exact && !by_text.find("error") && !by_ast.find("error") &&
      by_text.find("matches")->as_boolean() != by_ast.find("matches")->as_boolean())
    fuzz::violated("matchesFql differs between FQL text and its AST", ast_text);
  fuzz::check_result(api::generate_fql(ast_text));
  const fql::GenerateResult generated = fql::generate(parsed.ast);
  if (generated.error) return 0;
  const fql::ParseResult reparsed = fql::parse(generated.fql);
  (void)fql::lint(generated.fql, reparsed);
  (void)fql::compare_trigger(generated.fql, parsed.ast);
  fuzz::check_result(api::matches_fql(generated.fql, event_text));
  return 0;
}
