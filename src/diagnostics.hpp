// Diagnostics: every problem mapcheck reports, as plain data, from one catalogue of codes.
//
// A diagnostic names a permanent code (for example "MAP-01"), carries the catalogue's severity
// and fix, a message with the specifics filled in, a JSON pointer into the input it concerns and,
// where that input was text, the source range. Codes never change meaning; new ones are added.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/value.hpp"
#include "text/position.hpp"

namespace mapcheck {

enum class Severity : std::uint8_t { error, warning, info };
const char* severity_name(Severity s);

// One catalogue entry.
struct CodeInfo {
  std::string_view code;      // "SPEC-02"
  Severity severity;
  std::string_view title;     // a few words, for lists and the reference page
  std::string_view message;   // template; {name} placeholders are filled from arguments
  std::string_view fix;       // what to do about it (may hold placeholders too)
  std::string_view basis;     // where the rule comes from (docs page, reference code)
};

// The whole catalogue, in reference-page order.
const std::vector<CodeInfo>& catalogue();
const CodeInfo* find_code(std::string_view code);
// The anchor of a code on the reference page (docs/diagnostics.md), e.g. "spec-02".
std::string docs_anchor(std::string_view code);

struct TextRange {
  text::Position start;
  text::Position end;
};

struct Diagnostic {
  std::string code;
  Severity severity = Severity::error;
  std::string message;
  std::string fix;
  std::string pointer;   // RFC 6901 pointer into `source`
  std::string source;    // "event", "mapping", "trigger", "config", "payload", "batch"
  std::optional<TextRange> range;
};

using Args = std::vector<std::pair<std::string_view, std::string>>;

// Builds a diagnostic for `code` (which must be in the catalogue) with its placeholders filled.
Diagnostic make_diagnostic(std::string_view code, std::string source, std::string pointer,
                           const Args& args = {});

// Fills {name} placeholders of a template.
std::string fill_template(std::string_view tmpl, const Args& args);

// A diagnostic as a plain JSON object: {code, severity, message, fix, source, pointer, docs,
// range?: {start, end}} with positions {offset, line, column, utf16Column, utf16Offset}.
json::Value diagnostic_to_value(const Diagnostic& d);
json::Value diagnostics_to_value(const std::vector<Diagnostic>& list);

// The reference page, generated from the catalogue (docs/diagnostics.md).
std::string catalogue_markdown();

}  // namespace mapcheck
