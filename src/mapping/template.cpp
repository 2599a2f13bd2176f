// Two-pass placeholder substitution with the reference's regex semantics.
#include "mapping/template.hpp"

#include "json/write.hpp"
#include "mapping/path.hpp"
#include "text/unicode.hpp"

namespace mapcheck::mapping {

namespace {

// One pass of `text.replace(/\{\{(\{?)([^}]+)\}\}\1/g, ...)` for `braces` = 2 or 3: at each
// position, `braces` "{", then one or more non-"}" characters, then `braces` "}". Calls
// `literal(text)` for the text between placeholders and `placeholder(path)` for each
// placeholder's trimmed inner text, in order; stops early when either returns false.
template <class Literal, class Placeholder>
bool for_each_piece(std::string_view text, std::size_t braces, Literal literal,
                    Placeholder placeholder) {
  const std::string open(braces, '{'), close(braces, '}');
  std::size_t copied = 0;
  std::size_t at = text.find(open);
  while (at != std::string_view::npos) {
    std::size_t inner_end = at + braces;
    while (inner_end < text.size() && text[inner_end] != '}') ++inner_end;
    if (inner_end > at + braces && text.compare(inner_end, braces, close) == 0) {
      if (!literal(text.substr(copied, at - copied))) return false;
      if (!placeholder(text::js_trim(text.substr(at + braces, inner_end - at - braces))))
        return false;
      copied = inner_end + braces;
      at = text.find(open, copied);
    } else if (inner_end == at + braces) {
      at = text.find(open, at + 1);  // "{{}}": a later start finds a different first "}"
    } else {
      // Every start before the first "}" reaches that same "}", where the close already failed.
      at = inner_end >= text.size() ? std::string_view::npos : text.find(open, inner_end + 1);
    }
  }
  return literal(text.substr(copied));
}

bool substitute(std::string_view text, std::size_t braces, const json::Value& data,
                std::string& out, std::size_t max_bytes,
                const std::function<void(const std::string&)>& on_read, PathCache* paths) {
  return for_each_piece(
      text, braces,
      [&](std::string_view piece) {
        out.append(piece);
        return out.size() <= max_bytes;
      },
      [&](std::string_view path) {
        if (on_read) on_read(std::string(path));
        if (path.empty() || path == ".") {
          if (!data.is_nullish()) json::append_js_string(out, data);
        } else {
          const std::vector<std::string> own = paths ? std::vector<std::string>() : split_path(path);
          const json::Value value = get_path(data, paths ? paths->split(path) : own);
          if (!value.is_nullish()) json::append_js_string(out, value);
        }
        return out.size() <= max_bytes;
      });
}

}  // namespace

bool render_template(std::string_view tpl, const json::Value& data, std::string& out,
                     std::size_t max_bytes,
                     const std::function<void(const std::string&)>& on_read, PathCache* paths) {
  if (tpl.find("{{{") == std::string_view::npos)  // pass 1 has nothing to replace
    return substitute(tpl, 2, data, out, max_bytes, on_read, paths);
  std::string first;
  if (!substitute(tpl, 3, data, first, max_bytes, on_read, paths)) return false;
  return substitute(first, 2, data, out, max_bytes, on_read, paths);
}

bool template_paths(std::string_view tpl, std::vector<std::string>& paths) {
  std::vector<TemplatePiece> pieces;
  if (!template_pieces(tpl, pieces)) return false;
  for (const TemplatePiece& piece : pieces)
    if (piece.is_path) paths.push_back(piece.text);
  return true;
}

bool template_pieces(std::string_view tpl, std::vector<TemplatePiece>& pieces) {
  // Pass 1 must find nothing to replace; pass 2 then runs over the template itself.
  bool dynamic = false;
  for_each_piece(
      tpl, 3, [](std::string_view) { return true; },
      [&](std::string_view) {
        dynamic = true;
        return false;
      });
  if (dynamic) return false;
  for_each_piece(
      tpl, 2,
      [&](std::string_view text) {
        if (!text.empty()) pieces.push_back({std::string(text), false});
        return true;
      },
      [&](std::string_view path) {
        pieces.push_back({std::string(path), true});
        return true;
      });
  return true;
}

}  // namespace mapcheck::mapping
