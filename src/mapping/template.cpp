// Two-pass placeholder substitution with the reference's regex semantics.
#include "mapping/template.hpp"

#include "json/write.hpp"
#include "mapping/path.hpp"
#include "text/unicode.hpp"

namespace mapcheck::mapping {

bool js_string_throws(const json::Value& value) {
  if (value.is_object()) return value.as_object().contains("toString");
  if (value.is_array())
    for (const json::Value& item : value.as_array())
      if (js_string_throws(item)) return true;
  return false;
}

namespace {

// String(value), where arrays may hold built-ins (from an @transform apply result).
void append_text(std::string& out, const json::Value& value) {
  if (is_builtin_value(value)) {
    out += builtin_text(value);
  } else if (value.is_array()) {
    bool first = true;
    for (const json::Value& item : value.as_array()) {
      if (!first) out.push_back(',');
      first = false;
      if (!item.is_nullish()) append_text(out, item);
    }
  } else {
    json::append_js_string(out, value);
  }
}

// One pass of `text.replace(/\{\{(\{?)([^}]+)\}\}\1/g, ...)` for `braces` = 2 or 3: at each
// position, `braces` "{", then one or more non-"}" characters, then `braces` "}". Calls
// `literal(text)` for the text between placeholders and `placeholder(path)` for each
// placeholder's trimmed inner text, in order; stops and returns false as soon as `placeholder`
// does.
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
      literal(text.substr(copied, at - copied));
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
  literal(text.substr(copied));
  return true;
}

bool substitute(std::string_view text, std::size_t braces, const json::Value& data,
                std::string& out, std::size_t max_bytes,
                const std::function<void(const std::string&)>& on_read, PathCache* paths,
                std::optional<std::string>& type_error) {
  bool over = false;
  const bool finished = for_each_piece(
      text, braces, [&](std::string_view piece) { out.append(piece); },
      [&](std::string_view path) {
        if (on_read) on_read(std::string(path));
        Lookup found = lookup_path(data, path, paths);
        if (found.type_error) {
          type_error = std::move(found.type_error);
          return false;
        }
        if (js_string_throws(found.value)) {
          type_error = kNoPrimitiveMessage;
          return false;
        }
        if (found.is_builtin)
          out += builtin_text(found.builtin);
        else if (!found.value.is_nullish())
          append_text(out, found.value);
        over = out.size() > max_bytes;
        return !over;
      });
  if (type_error) return true;  // rendering stops; the caller reports the TypeError
  return finished && !over && out.size() <= max_bytes;
}

}  // namespace

bool render_template(std::string_view tpl, const json::Value& data, std::string& out,
                     std::size_t max_bytes, const std::function<void(const std::string&)>& on_read,
                     PathCache* paths, std::optional<std::string>* type_error) {
  std::optional<std::string> error;
  if (tpl.find("{{{") == std::string_view::npos && tpl.find('\xED') == std::string_view::npos) {
    // Pass 1 has nothing to replace and no surrogate halves to join: it would give `tpl` back.
    const bool ok = substitute(tpl, 2, data, out, max_bytes, on_read, paths, error);
    text::join_surrogate_pairs(out);
    if (error && type_error) *type_error = std::move(error);
    return ok;
  }
  std::string first;
  bool ok = substitute(tpl, 3, data, first, max_bytes, on_read, paths, error);
  // Inserted text can complete a surrogate pair with its neighbour, as in UTF-16.
  text::join_surrogate_pairs(first);
  if (ok && !error) ok = substitute(first, 2, data, out, max_bytes, on_read, paths, error);
  text::join_surrogate_pairs(out);
  if (error && type_error) *type_error = std::move(error);
  return ok;
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
      tpl, 3, [](std::string_view) {},
      [&](std::string_view) {
        dynamic = true;
        return false;
      });
  if (dynamic) return false;
  for_each_piece(
      tpl, 2,
      [&](std::string_view text) {
        if (!text.empty()) pieces.push_back({std::string(text), false});
      },
      [&](std::string_view path) {
        pieces.push_back({std::string(path), true});
        return true;
      });
  return true;
}

}  // namespace mapcheck::mapping
