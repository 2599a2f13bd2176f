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
  marks_.reserve(text.size() / kStep + 1);
  Counts counts;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i % kStep == 0) marks_.push_back(counts);
    if (i == text.size()) break;
    const char c = text[i];
    if (!is_continuation(c)) {
      ++counts.points;
      counts.units += utf16_units_of_lead(c);
    }
    const bool line_end = c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'));
    if (line_end) line_starts_.push_back(i + 1);
  }
}

LineIndex::Counts LineIndex::counts_before(std::size_t offset) const {
  Counts counts = marks_[offset / kStep];
  for (std::size_t i = offset / kStep * kStep; i < offset; ++i) {
    if (is_continuation(text_[i])) continue;
    ++counts.points;
    counts.units += utf16_units_of_lead(text_[i]);
  }
  return counts;
}

Position LineIndex::at(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  while (offset > 0 && offset < text_.size() && is_continuation(text_[offset])) --offset;
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());  // 1-based
  const Counts start = counts_before(line_starts_[line - 1]);
  const Counts here = counts_before(offset);
  Position p;
  p.offset = offset;
  p.line = line;
  // A "\r" of a "\r\n" pair belongs to the line it ends; nothing to adjust.
  p.column = here.points - start.points + 1;
  p.utf16_column = here.units - start.units + 1;
  p.utf16_offset = here.units;
  return p;
}

}  // namespace mapcheck::text
