// @template rendering: mapping-kit's two-pass {{{path}}} then {{path}} substitution.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/value.hpp"
#include "mapping/path.hpp"

namespace mapcheck::mapping {

// True when String(value) throws "Cannot convert object to primitive value": a payload object
// with its own `toString` member (never callable in JSON data) shadows Object.prototype's, so
// JavaScript finds no way to turn it into text. Arrays throw when an element does (join).
bool js_string_throws(const json::Value& value);

// The TypeError message for that case.
inline constexpr const char* kNoPrimitiveMessage = "Cannot convert object to primitive value";

// Renders `tpl` against `data` into `out`. Triple-brace placeholders are replaced first and
// the result is scanned again for double-brace ones; each inner text is trimmed and looked up
// with get() (no "$." removal); null and undefined render "", other values as String(value).
// A built-in function reached by a path renders as its source text, as String(fn) does.
// `on_read` sees every path looked up; `paths` memoizes path splitting (may be nullptr). Returns
// false when the output would exceed `max_bytes`. A lookup that throws (`{{constructor.caller}}`)
// stops rendering and sets `*type_error`.
bool render_template(std::string_view tpl, const json::Value& data, std::string& out,
                     std::size_t max_bytes,
                     const std::function<void(const std::string&)>& on_read = nullptr,
                     PathCache* paths = nullptr, std::optional<std::string>* type_error = nullptr);

// The paths a template looks up whatever the data: the trimmed placeholder texts of the second
// pass. Returns false when the template has triple-brace placeholders, whose inserted values
// are scanned again, so what it reads depends on the data.
bool template_paths(std::string_view tpl, std::vector<std::string>& paths);

// A template taken apart: literal text and placeholder paths in order, so that rendering is
// the concatenation of the literal texts and String(get(data, path)) ("" for null and
// undefined). False when the template has triple-brace placeholders (see template_paths).
struct TemplatePiece {
  std::string text;      // literal text, or the trimmed placeholder path
  bool is_path = false;
};
bool template_pieces(std::string_view tpl, std::vector<TemplatePiece>& pieces);

}  // namespace mapcheck::mapping
