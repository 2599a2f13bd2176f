// Trigger lints: the traps of Segment's FQL explained as diagnostics (FQL-*, TRG-*).
//
// Each lint reads the parse (tokens, the condition tree and what the parser ignored) and,
// when an event is given, the event's type and values. Diagnostics have source "trigger", a
// JSON pointer into the trigger's AST ("/children/1") and, for FQL text, the range of the
// text concerned.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"
#include "fql/parser.hpp"
#include "json/value.hpp"

namespace mapcheck::fql {

struct LintOptions {
  // The event the trigger is checked against (nullptr: lints that need one are skipped).
  const json::Value* event = nullptr;
  // The event names the destination connection sends for audience entry/exit and computed
  // traits (TRG-06); empty when unknown.
  std::vector<std::string> event_names;
  // The self-service limit on conditions per trigger (TRG-03).
  std::size_t max_conditions = 2;
};

// Lints FQL text given its parse. Never fails.
std::vector<Diagnostic> lint(std::string_view fql, const ParseResult& parsed,
                             const LintOptions& options = {});

// Lints a condition tree given as an AST (what the UI stores): its generated FQL is linted,
// and conditions that do not read back the same through parseFql get FQL-11.
std::vector<Diagnostic> lint_ast(const json::Value& ast, const LintOptions& options = {});

// TRG-08 when FQL text and a condition tree for the same trigger disagree.
std::vector<Diagnostic> compare_trigger(std::string_view fql, const json::Value& ast);

// Why a parse failed, in words (the detail of TRG-08).
std::string parse_failure_detail(std::string_view fql, const ParseResult& parsed);

}  // namespace mapcheck::fql
