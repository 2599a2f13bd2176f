// Byte offsets → line, column and UTF-16 positions, for diagnostics that point into text.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace mapcheck::text {

struct Position {
  std::size_t offset = 0;         // byte offset, 0-based
  std::size_t line = 1;           // 1-based
  std::size_t column = 1;         // 1-based, in Unicode code points
  std::size_t utf16_column = 1;   // 1-based, in UTF-16 code units (what editors count)
  std::size_t utf16_offset = 0;   // 0-based UTF-16 offset from the start of the text
};

// Line starts of a text. "\n", "\r\n" and a lone "\r" each end a line.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // The position of a byte offset (clamped to the text); an offset inside a multi-byte
  // character counts as that character.
  Position at(std::size_t offset) const;

 private:
  // Code points and UTF-16 units before byte k * kStep, so a position costs at most kStep
  // bytes of scanning even on a single-line (minified) document.
  static constexpr std::size_t kStep = 256;
  struct Counts {
    std::size_t points = 0;
    std::size_t units = 0;
  };
  Counts counts_before(std::size_t offset) const;

  std::string_view text_;
  std::vector<std::size_t> line_starts_;
  std::vector<Counts> marks_;
};

}  // namespace mapcheck::text
