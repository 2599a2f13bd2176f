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
// position, `braces` "{", then one or more non-"}" characters, then `braces` "}".
bool substitute(std::string_view text, std::size_t braces, const json::Value& data,
                std::string& out, std::size_t max_bytes,
                const std::function<void(const std::string&)>& on_read, PathCache* paths,
                std::optional<std::string>& type_error) {
  const std::string open(braces, '{'), close(braces, '}');
  std::size_t copied = 0;
  std::size_t at = text.find(open);
  while (at != std::string_view::npos) {
    std::size_t inner_end = at + braces;
    while (inner_end < text.size() && text[inner_end] != '}') ++inner_end;
    if (inner_end > at + braces && text.compare(inner_end, braces, close) == 0) {
      out.append(text, copied, at - copied);
      const std::string path(text::js_trim(text.substr(at + braces, inner_end - at - braces)));
      if (on_read) on_read(path);
      Lookup found = lookup_path(data, path, paths);
      if (found.type_error) {
        type_error = std::move(found.type_error);
        return true;
      }
      if (js_string_throws(found.value)) {
        type_error = kNoPrimitiveMessage;
        return true;
      }
      if (found.is_builtin)
        out += builtin_text(found.builtin);
      else if (!found.value.is_nullish())
        append_text(out, found.value);
      if (out.size() > max_bytes) return false;
      copied = inner_end + braces;
      at = text.find(open, copied);
    } else if (inner_end == at + braces) {
      at = text.find(open, at + 1);  // "{{}}": a later start finds a different first "}"
    } else {
      // Every start before the first "}" reaches that same "}", where the close already failed.
      at = inner_end >= text.size() ? std::string_view::npos : text.find(open, inner_end + 1);
    }
  }
  out.append(text, copied, std::string_view::npos);
  return out.size() <= max_bytes;
}

}  // namespace

bool render_template(std::string_view tpl, const json::Value& data, std::string& out,
                     std::size_t max_bytes, const std::function<void(const std::string&)>& on_read,
                     PathCache* paths, std::optional<std::string>* type_error) {
  std::optional<std::string> error;
  std::string first;
  bool ok = substitute(tpl, 3, data, first, max_bytes, on_read, paths, error);
  // Inserted text can complete a surrogate pair with its neighbour, as in UTF-16.
  text::join_surrogate_pairs(first);
  if (ok && !error) ok = substitute(first, 2, data, out, max_bytes, on_read, paths, error);
  text::join_surrogate_pairs(out);
  if (error && type_error) *type_error = std::move(error);
  return ok;
}

}  // namespace mapcheck::mapping
