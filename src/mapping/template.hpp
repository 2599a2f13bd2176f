// @template rendering: mapping-kit's two-pass {{{path}}} then {{path}} substitution.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "json/value.hpp"
#include "mapping/path.hpp"

namespace mapcheck::mapping {

// Renders `tpl` against `data` into `out`. Triple-brace placeholders are replaced first and
// the result is scanned again for double-brace ones; each inner text is trimmed and looked up
// with get() (no "$." removal); null and undefined render "", other values as String(value).
// `on_read` sees every path looked up. Returns false when the output would exceed `max_bytes`.
bool render_template(std::string_view tpl, const json::Value& data, std::string& out,
                     std::size_t max_bytes,
                     const std::function<void(const std::string&)>& on_read = nullptr,
                     PathCache* paths = nullptr);

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
