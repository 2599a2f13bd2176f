// JSON text → Value, as JSON.parse reads it, with limits and source positions.
//
// The parser accepts exactly the JSON grammar (no comments, trailing commas, NaN or leading
// zeros), keeps the last of duplicate keys at the first key's position like JSON.parse, and
// decodes \u escapes of lone surrogates. Untrusted input is bounded by `Limits`; every failure
// is reported as a ParseError with a byte offset, never thrown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "json/value.hpp"

namespace mapcheck::json {

// Documented in docs/limits.md; every limit hit is an error with the offset where it happened.
struct Limits {
  std::size_t max_bytes = 8u << 20;           // size of one JSON document
  std::size_t max_depth = 256;                // nesting of arrays and objects
  std::size_t max_string_bytes = 1u << 20;    // one string or key, after unescaping
  std::size_t max_container_size = 100000;    // members of one object or elements of one array
};

enum class ParseErrorKind : std::uint8_t {
  syntax,
  invalid_utf8,
  too_large,
  too_deep,
  string_too_long,
  container_too_large,
};

struct ParseError {
  ParseErrorKind kind = ParseErrorKind::syntax;
  std::string message;  // without position; callers add line and column
  std::size_t offset = 0;
};

// Byte range of one value in the source text, and of its key when it is an object member.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t key_begin = UINT32_MAX;
  std::uint32_t key_end = UINT32_MAX;
};

// JSON pointer (RFC 6901) → span, filled when requested. The parser records one entry per
// value in document order without building pointer strings (that cost more than parsing
// itself); lookups walk from the root, indexing the members of a large object or array the
// first time it is searched. The map refers to the parsed text, which must outlive it.
class SourceMap {
 public:
  const Span* find(std::string_view pointer) const;
  // The span of `pointer` or of its nearest ancestor that exists in the source.
  const Span* find_nearest(std::string_view pointer) const;
  std::size_t size() const { return entries_.size(); }

  // One value, in document order: its span, its place in its parent and (filled when the value
  // ends) the entry that follows its subtree.
  struct Entry {
    Span span;
    std::uint32_t parent = UINT32_MAX;
    std::uint32_t next = 0;               // first entry after this value's subtree
    std::uint32_t index = UINT32_MAX;     // position in the parent array, or UINT32_MAX
    bool escaped_key = false;             // the key has escapes (its text is in escaped_keys_)
  };
  const std::vector<Entry>& entries() const { return entries_; }
  // The member key of entry `i` (unescaped), or "" for array elements and the root.
  std::string_view key_of(std::size_t i) const;
  // The JSON pointer of entry `i`.
  std::string pointer_of(std::size_t i) const;

  // Used by the parser.
  void reset(std::string_view text);
  std::uint32_t open(std::uint32_t parent, std::uint32_t index, std::size_t begin,
                     std::size_t key_begin, std::size_t key_end, const std::string* key);
  void close(std::uint32_t entry, std::size_t end);

 private:
  // The entry of the child of `parent` named by one unescaped pointer token, or UINT32_MAX.
  std::uint32_t child(std::uint32_t parent, std::string_view token) const;

  std::string_view text_;
  std::vector<Entry> entries_;
  std::unordered_map<std::uint32_t, std::string> escaped_keys_;
  // Members of large containers, by key (objects) or position (arrays), built on first search.
  mutable std::unordered_map<std::uint32_t, std::unordered_map<std::string_view, std::uint32_t>>
      member_index_;
  mutable std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> element_index_;
};

struct DuplicateKey {
  std::string pointer;  // of the object member that was overwritten
  std::size_t offset;   // of the repeated key
};

struct ParseOptions {
  Limits limits;
  bool allow_bom = false;              // skip a leading U+FEFF (files); JSON.parse rejects it
  bool allow_surrogates = false;       // accept WTF-8 encoded lone surrogates in raw text
  SourceMap* source_map = nullptr;     // receives a span per value
  std::vector<DuplicateKey>* duplicates = nullptr;  // receives keys that were given twice
  // When set, receives whether the document read cleanly: no key given twice and every number
  // literal held exactly by a double. False also when that was not worked out; a caller that
  // warns about either (JSON-07, JSON-08) parses again with positions only when it is false.
  bool* clean = nullptr;
};

struct ParseResult {
  Value value;
  std::optional<ParseError> error;
  bool ok() const { return !error.has_value(); }
};

ParseResult parse(std::string_view text, const ParseOptions& options = {});

// The parts of a document a reader needs, for parse_projected. A node stands for one value:
// `whole` keeps the complete value. Otherwise, when the value is an object, only the listed
// members are kept (each as its own node says); when it is an array, each element is kept as
// `items` says (an array is kept whole when its node has no `items` or lists "length" or an
// index, the members an array has). Strings, numbers, booleans and null are always kept.
struct Projection {
  bool whole = false;
  std::vector<std::pair<std::string, std::unique_ptr<Projection>>> members;
  std::unique_ptr<Projection> items;

  Projection& member(std::string_view key);  // the member's node, added when missing
  const Projection* find(std::string_view key) const;
  Projection& each();                        // the node for array elements, added when missing
  bool reads_array_members() const;          // lists "length" or an array index
  // Everything `other` needs, added to this node.
  void merge(const Projection& other);
};

// The parts of `value` that `need` names, as parse_projected would have built them (arrays are
// kept whole, which lookups cannot tell apart).
Value project(const Value& value, const Projection& need);

// parse() that builds only what `need` asks for: the value parse() gives with the members no
// node asks for left out of projected objects, so every lookup along a needed path gives what
// it gives on the full value. A document that does not parse gives exactly parse()'s error, and
// a document the projecting parser does not handle (see parse.cpp) gives parse()'s full value.
ParseResult parse_projected(std::string_view text, const Projection& need,
                            const ParseOptions& options = {});

// Appends one RFC 6901 reference token (escaping "~" and "/").
void append_pointer_token(std::string& pointer, std::string_view token);

}  // namespace mapcheck::json
