// The JavaScript value model that mapping-kit and FQL results are made of.
//
// Segment's runtime works on JavaScript values parsed by JSON.parse, and several of JavaScript's
// rules leak into what a destination receives: `undefined` differs from `null`, every number is
// an IEEE double, object keys that look like array indices are ordered first, and strings are
// sequences of UTF-16 code units that may hold lone surrogates. `Value` reproduces exactly that.
//
// Strings are stored as WTF-8 (UTF-8 that may also encode lone surrogates), so any JavaScript
// string round-trips. Arrays and objects are reference counted and copied on write, so handing a
// payload subtree to an output costs a counter increment, not a deep copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mapcheck::json {

enum class Kind : std::uint8_t { undefined, null, boolean, number, string, array, object };

class Value;
class Object;
using Array = std::vector<Value>;

namespace detail {
struct StringNode;
struct ArrayNode;
struct ObjectNode;
struct ObjectAccess;  // internal: lets the parser build members directly (json/build.hpp)
}  // namespace detail

// Levels of nesting of `value` (0 for a primitive, 1 for an array or object of primitives),
// counted without recursion; the count stops early once it passes `stop_after`. Adds the
// number of values looked at to `*visited` when given.
std::size_t nesting_depth(const Value& value, std::size_t stop_after = SIZE_MAX,
                          std::size_t* visited = nullptr);

// True when `key` is a canonical array index ("0" .. "4294967294"): JavaScript orders such keys
// first, in ascending numeric order, in every object.
bool is_array_index(std::string_view key);

class Value {
 public:
  Value() noexcept : kind_(Kind::undefined), number_(0) {}
  static Value null() noexcept;
  static Value boolean(bool b) noexcept;
  static Value number(double n) noexcept;
  static Value string(std::string s);
  static Value string(std::string_view s) { return string(std::string(s)); }
  static Value string(const char* s) { return string(std::string(s)); }
  static Value array(Array items = {});
  static Value object(Object members);
  static Value object();

#if defined(__wasm__)
  // In the wasm module these stay out of line: inlined at every use they cost more in module
  // size than they save in time there.
  Value(const Value& other) noexcept;
  Value(Value&& other) noexcept;
  Value& operator=(const Value& other) noexcept;
  Value& operator=(Value&& other) noexcept;
  ~Value();
#else
  Value(const Value& other) noexcept : kind_(other.kind_), number_(other.number_) {
    if (counted()) retain();
  }
  Value(Value&& other) noexcept : kind_(other.kind_), number_(other.number_) {
    other.kind_ = Kind::undefined;
  }
  Value& operator=(const Value& other) noexcept;
  Value& operator=(Value&& other) noexcept {
    if (this != &other) {
      if (counted()) release();
      kind_ = other.kind_;
      number_ = other.number_;
      other.kind_ = Kind::undefined;
    }
    return *this;
  }
  ~Value() {
    if (counted()) release();
  }
#endif

  Kind kind() const noexcept { return kind_; }
  bool is_undefined() const noexcept { return kind_ == Kind::undefined; }
  bool is_null() const noexcept { return kind_ == Kind::null; }
  bool is_nullish() const noexcept { return kind_ == Kind::undefined || kind_ == Kind::null; }
  bool is_boolean() const noexcept { return kind_ == Kind::boolean; }
  bool is_number() const noexcept { return kind_ == Kind::number; }
  bool is_string() const noexcept { return kind_ == Kind::string; }
  bool is_array() const noexcept { return kind_ == Kind::array; }
  bool is_object() const noexcept { return kind_ == Kind::object; }

  // Accessors; calling one for the wrong kind is a programming error (asserted in debug builds).
  bool as_boolean() const noexcept;
  double as_number() const noexcept;
  const std::string& as_string() const noexcept;
  const Array& as_array() const noexcept;
  const Object& as_object() const noexcept;
  // Mutable access detaches a shared array or object first (copy on write).
  Array& array_mut();
  Object& object_mut();

  // JavaScript truthiness: false for undefined, null, false, ±0, NaN and "".
  bool truthy() const noexcept;

  // Member lookup on objects; nullptr for other kinds or a missing key.
  const Value* find(std::string_view key) const noexcept;

  // A lower bound on the length of JSON.stringify(value), counting shared parts every time
  // they occur (numbers count one character). Cached in each array and object, so asking
  // again, or for a value built from measured parts, costs only the new members. Saturates
  // at 2^62. Limits use it to refuse results before writing them out.
  std::uint64_t weight() const noexcept;

  // Deep structural equality. Object member order is ignored; numbers compare as JS `===`
  // except that NaN equals NaN, so tests can compare results that hold NaN.
  bool deep_equals(const Value& other) const noexcept;

 private:
  // Strings, arrays and objects live in reference-counted nodes; the other kinds are inline.
  bool counted() const noexcept { return kind_ >= Kind::string; }
  void release() noexcept;
  void retain() const noexcept;

  Kind kind_;
  union {
    bool boolean_;
    double number_;
    detail::StringNode* string_;
    detail::ArrayNode* array_;
    detail::ObjectNode* object_;
  };
};

// An object's members in JavaScript property order: array-index keys ascending, then the other
// keys in insertion order. Members may hold `undefined` while a mapping is being resolved; they
// disappear when the result is cleaned, as in Segment's runtime.
//
// Lookups go through a hash table for large objects, and members are appended; when an index
// key arrives out of order the members are put back into property order once, the next time
// they are read in order, so building an object of n members costs O(n log n) whatever the
// order of its keys.
class Object {
 public:
  using Member = std::pair<std::string, Value>;

  Object() = default;
  Object(std::initializer_list<Member> members);
  Object(const Object& other);
  Object(Object&& other) noexcept = default;
  Object& operator=(const Object& other);
  Object& operator=(Object&& other) noexcept = default;

  std::size_t size() const noexcept { return members_.size(); }
  bool empty() const noexcept { return members_.empty(); }
  auto begin() const noexcept {
    order();
    return members_.cbegin();
  }
  auto end() const noexcept {
    order();
    return members_.cend();
  }
  const Member& at(std::size_t i) const noexcept {
    order();
    return members_[i];
  }
  void reserve(std::size_t n) { members_.reserve(n); }

  // Like every const accessor, find() first restores property order, so the pointers and
  // references it hands out stay valid until the object is next modified.
  const Value* find(std::string_view key) const noexcept;
  Value* find(std::string_view key) noexcept;
  // Membership only: cheap while an object is being built, whatever the order of its keys.
  bool contains(std::string_view key) const noexcept;

  // JavaScript assignment `obj[key] = value`: an existing key keeps its position and takes the
  // new value; a new key is placed by JavaScript property order.
  void set(std::string key, Value value);
  // `delete obj[key]`; returns whether the key existed.
  bool erase(std::string_view key);
  // Keeps only the members for which `keep(key, value)` is true, preserving order.
  template <class Pred>
  void retain_if(Pred keep) {
    order();
    std::size_t out = 0;
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (keep(members_[i].first, members_[i].second)) {
        if (out != i) members_[out] = std::move(members_[i]);
        ++out;
      }
    }
    if (out != members_.size()) {
      members_.resize(out);
      drop_table();
    }
  }
  Value& value_at(std::size_t i) noexcept {
    order();
    return members_[i].second;
  }

 private:
  friend struct detail::ObjectAccess;
  std::size_t locate(std::string_view key) const noexcept;  // npos when missing
  // Puts the members into property order if an index key was appended out of order.
  void order() const noexcept {
    if (!ordered_) restore_order();
  }
  void restore_order() const noexcept;
  void drop_table() const noexcept { table_.clear(); }

  // Property order except while `ordered_` is false; reordering a shared object in place is
  // invisible to its owners, so it happens behind const accessors.
  mutable std::vector<Member> members_;
  mutable bool ordered_ = true;
  // Open-addressing hash table of member positions (+1), built lazily for large objects.
  mutable std::vector<std::uint32_t> table_;
};

}  // namespace mapcheck::json
