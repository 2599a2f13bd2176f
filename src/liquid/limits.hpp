// The bounds on one @liquid render. liquidjs (as Segment configures it) stops a render after
// 500 ms (renderLimit) or when its memory counter passes 1e8 (memoryLimit). mapcheck
// reproduces the memory counter exactly, but replaces the time limit with deterministic caps so
// that a template can never hang or exhaust memory, natively or in a browser.
#pragma once

#include <cstddef>

namespace mapcheck::liquid {

// liquidjs's memoryLimit as mapping-kit sets it: the sum of the sizes (in UTF-16 units) that
// filters report before allocating. Passing it is liquidjs's "memory alloc limit exceeded".
inline constexpr double kMemoryLimit = 1e8;

// mapcheck's caps; hitting one ends the render with a LimitError (diagnostic LIM-01).
// Largest string a template may build (the output, a capture, a filter result), in bytes.
inline constexpr std::size_t kMaxStringBytes = std::size_t{4} << 20;
// Largest array a template may build (split, ranges, push).
inline constexpr std::size_t kMaxArrayLength = 1'000'000;
// Work budget: bytes of text and array elements the render may process in total, plus one
// unit per template and expression step. Bounds the running time to well under a second.
inline constexpr std::size_t kMaxWork = std::size_t{32} << 20;
// What visiting one array element or object member costs in that budget (converting, comparing,
// formatting it is far slower than copying a byte of text).
inline constexpr std::size_t kElementCost = 32;

}  // namespace mapcheck::liquid
