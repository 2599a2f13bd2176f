// Line index over UTF-8 text with CRLF, CR and LF line endings.
#include "text/position.hpp"

#include <algorithm>

namespace mapcheck::text {

namespace {
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
std::size_t utf16_units_of_lead(char c) { return static_cast<unsigned char>(c) >= 0xF0 ? 2 : 1; }
}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  utf16_line_starts_.push_back(0);
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!is_continuation(c)) units += utf16_units_of_lead(c);
    const bool line_end = c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'));
    if (line_end) {
      line_starts_.push_back(i + 1);
      utf16_line_starts_.push_back(units);
    }
  }
}

Position LineIndex::at(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  while (offset > 0 && offset < text_.size() && is_continuation(text_[offset])) --offset;
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());  // 1-based
  const std::size_t start = line_starts_[line - 1];
  Position p;
  p.offset = offset;
  p.line = line;
  std::size_t points = 0, units = 0;
  for (std::size_t i = start; i < offset; ++i) {
    if (is_continuation(text_[i])) continue;
    ++points;
    units += utf16_units_of_lead(text_[i]);
  }
  // A "\r" of a "\r\n" pair belongs to the line it ends; nothing to adjust.
  p.column = points + 1;
  p.utf16_column = units + 1;
  p.utf16_offset = utf16_line_starts_[line - 1] + units;
  return p;
}

}  // namespace mapcheck::text
