// Where the needed values of a JSON document are, without building them: batch mode copies an
// event's values to its output as the text they already are whenever that text is exactly what
// JSON.stringify would write, and builds Values only for the rest.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "json/parse.hpp"
#include "json/value.hpp"

namespace mapcheck::json {

// One recorded value of a document: a value at a node of the Projection the document was
// scanned with.
struct RawNode {
  enum class Type : std::uint8_t { object, array, string, number, true_, false_, null };
  Type type = Type::null;
  // The text is what JSON.stringify writes for the value: no whitespace, strings without
  // escapes, numbers as Number.prototype.toString writes them, objects without repeated or
  // array-index keys. Known for scalars and for values the projection needs whole.
  bool canonical = false;
  bool elements = false;  // an array whose elements are recorded (its node has `items`)
  std::uint32_t begin = 0, end = 0;  // the value's bytes in the document
  std::string_view key;              // a member's key (as written; recorded keys have no escapes)
  std::int32_t first_child = -1;     // members or elements, in document order
  std::int32_t next_sibling = -1;
};

class RawIndex {
 public:
  // Scans `text` as json::parse would, recording every value `need` names (and, for arrays
  // whose node has `items`, every element). Returns false (nothing to rely on) when the text is
  // not valid JSON or has anything the scan leaves to the parser: a needed key written with
  // escapes or given twice, a limit that might be reached, lone surrogates. Callers then parse.
  bool scan(std::string_view text, const Projection& need, const Limits& limits = {});

  const RawNode& root() const { return nodes_.front(); }
  const RawNode& node(std::int32_t i) const { return nodes_[static_cast<std::size_t>(i)]; }
  // The member `key` of a recorded object; nullptr when the document has no such member.
  const RawNode* member(const RawNode& object, std::string_view key) const;
  std::string_view text(const RawNode& n) const { return text_.substr(n.begin, n.end - n.begin); }
  std::string_view document() const { return text_; }
  // The value of a node, built (json::parse of its text).
  Value value(const RawNode& n) const;
  // What json::parse_projected(document, need) gives, built from the recorded nodes; `need`
  // must be part of the projection the document was scanned with.
  Value projected(const Projection& need) const { return projected(root(), need); }

  std::vector<RawNode>& nodes() { return nodes_; }  // for the scanner

 private:
  Value projected(const RawNode& n, const Projection& need) const;

  std::string_view text_;
  std::vector<RawNode> nodes_;
};

}  // namespace mapcheck::json
