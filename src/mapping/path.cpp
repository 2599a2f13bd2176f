// mapping-kit path splitting and lookup with JavaScript member-access semantics.
#include "mapping/path.hpp"

#include "text/unicode.hpp"

namespace mapcheck::mapping {

using json::Value;

namespace {
bool is_quote_or_digit(char c) { return c == '"' || c == '\'' || (c >= '0' && c <= '9'); }

std::size_t parse_index(std::string_view key) {
  std::size_t n = 0;
  for (char c : key) n = n * 10 + static_cast<std::size_t>(c - '0');
  return n;
}
}  // namespace

std::vector<std::string> split_path(std::string_view p) {
  std::vector<std::string> pieces;
  auto emit = [&](std::size_t begin, std::size_t end) {
    if (end <= begin) return;  // empty pieces are dropped before quotes are removed
    std::string piece;
    for (std::size_t k = begin; k < end; ++k)
      if (p[k] != '"' && p[k] != '\'') piece.push_back(p[k]);
    pieces.push_back(std::move(piece));
  };
  std::size_t start = 0, i = 0;
  const std::size_t n = p.size();
  while (i < n) {
    const char c = p[i];
    if (c == '[' && i + 1 < n && is_quote_or_digit(p[i + 1])) {
      emit(start, i);
      start = ++i;
    } else if (c == '.') {
      emit(start, i);
      start = ++i;
    } else if (c == ']' && i > 0 && is_quote_or_digit(p[i - 1])) {
      emit(start, i);
      while (i < n && p[i] == ']') ++i;
      start = i;
    } else {
      ++i;
    }
  }
  emit(start, n);
  return pieces;
}

Value get_property(const Value& value, std::string_view key) {
  switch (value.kind()) {
    case json::Kind::object: {
      if (const Value* member = value.as_object().find(key)) return *member;
      // Without an own member, `obj.__proto__` is Object.prototype, which serializes as {}.
      if (key == "__proto__") return Value::object();
      return {};
    }
    case json::Kind::array: {
      const json::Array& items = value.as_array();
      if (key == "length") return Value::number(static_cast<double>(items.size()));
      if (json::is_array_index(key)) {
        const std::size_t i = parse_index(key);
        if (i < items.size()) return items[i];
      }
      return {};
    }
    case json::Kind::string: {
      const std::string& s = value.as_string();
      if (key == "length") return Value::number(static_cast<double>(text::utf16_length(s)));
      if (json::is_array_index(key)) {
        std::string unit = text::utf16_unit_at(s, parse_index(key));
        if (!unit.empty()) return Value::string(std::move(unit));
      }
      return {};
    }
    default: return {};
  }
}

Value get_path(const Value& root, const std::vector<std::string>& keys) {
  const Value* current = &root;
  Value holder;  // owns a value that get_property had to create (string units, lengths)
  for (const std::string& key : keys) {
    if (!current->truthy()) return *current;
    if (current->is_object()) {  // the common case: no copy until the end
      const Value* member = current->as_object().find(key);
      if (member == nullptr) return get_property(*current, key);
      current = member;
      continue;
    }
    holder = get_property(*current, key);
    current = &holder;
  }
  return *current;
}

Value get_path(const Value& root, std::string_view path) {
  if (path.empty() || path == ".") return root;
  return get_path(root, split_path(path));
}

Value get_path(const Value& root, std::string_view path, PathCache* cache) {
  if (path.empty() || path == ".") return root;
  return cache ? get_path(root, cache->split(path)) : get_path(root, split_path(path));
}

const std::vector<std::string>& PathCache::split(std::string_view path) {
  auto it = pieces_.find(path);
  if (it != pieces_.end()) return it->second;
  if (pieces_.size() > 4096) pieces_.clear();
  return pieces_.emplace(std::string(path), split_path(path)).first->second;
}

const std::vector<std::string>& PathCache::split_dollar_path(std::string_view raw, bool& whole) {
  auto it = dollar_.find(raw);
  if (it == dollar_.end()) {
    if (dollar_.size() > 4096) dollar_.clear();
    const std::string path = strip_dollar_dot(raw);
    Split split;
    split.whole = path.empty() || path == ".";
    if (!split.whole) split.keys = split_path(path);
    it = dollar_.emplace(std::string(raw), std::move(split)).first;
  }
  whole = it->second.whole;
  return it->second.keys;
}

std::string strip_dollar_dot(std::string_view path) {
  std::string out(path);
  const std::size_t at = out.find("$.");
  if (at != std::string::npos) out.erase(at, 2);
  return out;
}

}  // namespace mapcheck::mapping
