// Reference-counted JavaScript values and objects in JavaScript property order.
#include "json/value.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>

namespace mapcheck::json {

namespace detail {
constexpr std::uint64_t kUnmeasured = UINT64_MAX;


// Values are created and destroyed by the thousand per event, and the general-purpose allocator
// was the larger part of their cost; freed nodes go on a per-size free list and are reused. The
// list is capped so a one-off huge document does not keep its memory forever.
template <std::size_t Size>
class NodePool {
 public:
  static void* take() {
    if (Free* f = head_) {
      head_ = f->next;
      --count_;
      return f;
    }
    return ::operator new(Size);
  }
  static void give(void* p) noexcept {
    if (count_ >= kCap) {
      ::operator delete(p);
      return;
    }
    Free* f = static_cast<Free*>(p);
    f->next = head_;
    head_ = f;
    ++count_;
  }

 private:
  struct Free {
    Free* next;
  };
  static constexpr std::size_t kCap = 1 << 16;
  static thread_local Free* head_;
  static thread_local std::size_t count_;
};
template <std::size_t Size>
thread_local typename NodePool<Size>::Free* NodePool<Size>::head_ = nullptr;
template <std::size_t Size>
thread_local std::size_t NodePool<Size>::count_ = 0;

template <class Node>
struct Pooled {
  static void* operator new(std::size_t) { return NodePool<sizeof(Node)>::take(); }
  static void operator delete(void* p) noexcept { NodePool<sizeof(Node)>::give(p); }
};

struct StringNode : Pooled<StringNode> {
  std::uint32_t refs = 1;
  std::string text;
  StringNode(std::uint32_t r, std::string t) : refs(r), text(std::move(t)) {}
};
struct ArrayNode : Pooled<ArrayNode> {
  std::uint32_t refs = 1;
  Array items;
  mutable std::uint64_t weight = kUnmeasured;  // reset whenever the items may change
  ArrayNode(std::uint32_t r, Array i) : refs(r), items(std::move(i)) {}
};
struct ObjectNode : Pooled<ObjectNode> {
  std::uint32_t refs = 1;
  Object members;
  mutable std::uint64_t weight = kUnmeasured;
  ObjectNode(std::uint32_t r, Object m) : refs(r), members(std::move(m)) {}
};

}  // namespace detail

bool is_array_index(std::string_view key) {
  if (key.empty() || key.size() > 10) return false;
  if (key[0] == '0') return key.size() == 1;
  std::uint64_t n = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n <= 4294967294ULL;
}

// ---- Value ------------------------------------------------------------------------------------

Value Value::null() noexcept {
  Value v;
  v.kind_ = Kind::null;
  return v;
}

Value Value::boolean(bool b) noexcept {
  Value v;
  v.kind_ = Kind::boolean;
  v.boolean_ = b;
  return v;
}

Value Value::number(double n) noexcept {
  Value v;
  v.kind_ = Kind::number;
  v.number_ = n;
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::string;
  v.string_ = new detail::StringNode{1, std::move(s)};
  return v;
}

Value Value::array(Array items) {
  Value v;
  v.kind_ = Kind::array;
  v.array_ = new detail::ArrayNode{1, std::move(items)};
  return v;
}

Value Value::object(Object members) {
  Value v;
  v.kind_ = Kind::object;
  v.object_ = new detail::ObjectNode{1, std::move(members)};
  return v;
}

Value Value::object() { return object(Object{}); }

Value& Value::operator=(const Value& other) noexcept {
  if (this != &other) {
    other.retain();
    release();
    kind_ = other.kind_;
    number_ = other.number_;
  }
  return *this;
}

#if defined(__wasm__)
Value::Value(const Value& other) noexcept : kind_(other.kind_), number_(other.number_) {
  if (counted()) retain();
}
Value::Value(Value&& other) noexcept : kind_(other.kind_), number_(other.number_) {
  other.kind_ = Kind::undefined;
}
Value& Value::operator=(Value&& other) noexcept {
  if (this != &other) {
    if (counted()) release();
    kind_ = other.kind_;
    number_ = other.number_;
    other.kind_ = Kind::undefined;
  }
  return *this;
}
Value::~Value() {
  if (counted()) release();
}
#endif

void Value::retain() const noexcept {
  switch (kind_) {
    case Kind::string: ++string_->refs; break;
    case Kind::array: ++array_->refs; break;
    case Kind::object: ++object_->refs; break;
    default: break;
  }
}

void Value::release() noexcept {
  switch (kind_) {
    case Kind::string:
      if (--string_->refs == 0) delete string_;
      break;
    case Kind::array:
      if (--array_->refs == 0) delete array_;
      break;
    case Kind::object:
      if (--object_->refs == 0) delete object_;
      break;
    default: break;
  }
  kind_ = Kind::undefined;
}

bool Value::as_boolean() const noexcept {
  assert(kind_ == Kind::boolean);
  return boolean_;
}
double Value::as_number() const noexcept {
  assert(kind_ == Kind::number);
  return number_;
}
const std::string& Value::as_string() const noexcept {
  assert(kind_ == Kind::string);
  return string_->text;
}
const Array& Value::as_array() const noexcept {
  assert(kind_ == Kind::array);
  return array_->items;
}
const Object& Value::as_object() const noexcept {
  assert(kind_ == Kind::object);
  return object_->members;
}

Array& Value::array_mut() {
  assert(kind_ == Kind::array);
  if (array_->refs > 1) {
    auto* copy = new detail::ArrayNode{1, array_->items};
    --array_->refs;
    array_ = copy;
  }
  array_->weight = detail::kUnmeasured;
  return array_->items;
}

Object& Value::object_mut() {
  assert(kind_ == Kind::object);
  if (object_->refs > 1) {
    auto* copy = new detail::ObjectNode{1, object_->members};
    --object_->refs;
    object_ = copy;
  }
  object_->weight = detail::kUnmeasured;
  return object_->members;
}

namespace {
constexpr std::uint64_t kMaxWeight = std::uint64_t{1} << 62;
std::uint64_t add_weight(std::uint64_t a, std::uint64_t b) {
  return a + b > kMaxWeight ? kMaxWeight : a + b;
}
}  // namespace

std::uint64_t Value::weight() const noexcept {
  switch (kind_) {
    case Kind::undefined: return 0;
    case Kind::null: return 4;
    case Kind::boolean: return boolean_ ? 4 : 5;
    case Kind::number: return 1;
    case Kind::string: return string_->text.size() + 2;
    case Kind::array: {
      if (array_->weight == detail::kUnmeasured) {
        std::uint64_t w = 2;  // "[]", and a comma before every element but the first
        for (const Value& item : array_->items)  // undefined elements are written as null
          w = add_weight(w, (item.is_undefined() ? 4 : item.weight()) + (w > 2 ? 1 : 0));
        array_->weight = w;
      }
      return array_->weight;
    }
    case Kind::object: {
      if (object_->weight == detail::kUnmeasured) {
        std::uint64_t w = 2;  // "{}", '"key":' per member, and commas between members
        for (const auto& [key, member] : object_->members)  // undefined members are left out
          if (!member.is_undefined())
            w = add_weight(w, key.size() + 3 + member.weight() + (w > 2 ? 1 : 0));
        object_->weight = w;
      }
      return object_->weight;
    }
  }
  return 0;
}

bool Value::truthy() const noexcept {
  switch (kind_) {
    case Kind::undefined:
    case Kind::null: return false;
    case Kind::boolean: return boolean_;
    case Kind::number: return number_ != 0 && !std::isnan(number_);
    case Kind::string: return !string_->text.empty();
    default: return true;
  }
}

const Value* Value::find(std::string_view key) const noexcept {
  return kind_ == Kind::object ? object_->members.find(key) : nullptr;
}

bool Value::deep_equals(const Value& other) const noexcept {
  if (kind_ != other.kind_) return false;
  switch (kind_) {
    case Kind::undefined:
    case Kind::null: return true;
    case Kind::boolean: return boolean_ == other.boolean_;
    case Kind::number:
      return number_ == other.number_ || (std::isnan(number_) && std::isnan(other.number_));
    case Kind::string: return string_->text == other.string_->text;
    case Kind::array: {
      const Array& a = array_->items;
      const Array& b = other.array_->items;
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i)
        if (!a[i].deep_equals(b[i])) return false;
      return true;
    }
    case Kind::object: {
      const Object& a = object_->members;
      const Object& b = other.object_->members;
      if (a.size() != b.size()) return false;
      for (const auto& [key, value] : a) {
        const Value* theirs = b.find(key);
        if (theirs == nullptr || !value.deep_equals(*theirs)) return false;
      }
      return true;
    }
  }
  return false;
}

std::size_t nesting_depth(const Value& value, std::size_t stop_after, std::size_t* visited) {
  std::size_t deepest = 0, seen = 0;
  std::vector<std::pair<const Value*, std::size_t>> pending{{&value, 0}};
  while (!pending.empty()) {
    const auto [v, level] = pending.back();
    pending.pop_back();
    ++seen;
    if (!v->is_array() && !v->is_object()) continue;
    deepest = std::max(deepest, level + 1);
    if (deepest > stop_after) break;
    if (v->is_array()) {
      for (const Value& item : v->as_array()) pending.emplace_back(&item, level + 1);
    } else {
      for (const auto& member : v->as_object()) pending.emplace_back(&member.second, level + 1);
    }
  }
  if (visited) *visited += seen;
  return deepest;
}

// ---- Object -----------------------------------------------------------------------------------

namespace {
constexpr std::size_t kNpos = static_cast<std::size_t>(-1);
constexpr std::size_t kTableThreshold = 16;

bool index_key_less(std::string_view a, std::string_view b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}
}  // namespace

Object::Object(std::initializer_list<Member> members) {
  members_.reserve(members.size());
  for (const auto& m : members) set(m.first, m.second);
}

Object::Object(const Object& other) : members_(other.members_), ordered_(other.ordered_) {}

Object& Object::operator=(const Object& other) {
  if (this != &other) {
    members_ = other.members_;
    ordered_ = other.ordered_;
    table_.clear();
  }
  return *this;
}

std::size_t Object::locate(std::string_view key) const noexcept {
  const std::size_t n = members_.size();
  if (n <= kTableThreshold) {
    for (std::size_t i = 0; i < n; ++i)
      if (members_[i].first == key) return i;
    return kNpos;
  }
  if (table_.empty()) {
    std::size_t cap = 32;
    while (cap < n * 2) cap <<= 1;
    table_.assign(cap, 0);
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t slot = std::hash<std::string_view>{}(members_[i].first) & (cap - 1);
      while (table_[slot] != 0) slot = (slot + 1) & (cap - 1);
      table_[slot] = static_cast<std::uint32_t>(i + 1);
    }
  }
  const std::size_t mask = table_.size() - 1;
  std::size_t slot = std::hash<std::string_view>{}(key) & mask;
  while (table_[slot] != 0) {
    const std::size_t i = table_[slot] - 1;
    if (members_[i].first == key) return i;
    slot = (slot + 1) & mask;
  }
  return kNpos;
}

const Value* Object::find(std::string_view key) const noexcept {
  order();
  const std::size_t i = locate(key);
  return i == kNpos ? nullptr : &members_[i].second;
}

Value* Object::find(std::string_view key) noexcept {
  order();
  const std::size_t i = locate(key);
  return i == kNpos ? nullptr : &members_[i].second;
}

bool Object::contains(std::string_view key) const noexcept { return locate(key) != kNpos; }

void Object::set(std::string key, Value value) {
  const std::size_t i = locate(key);
  if (i != kNpos) {
    members_[i].second = std::move(value);
    return;
  }
  // Appending keeps property order unless an index key follows a non-index key or a larger
  // index key; then the order is restored once, when the members are next read in order.
  if (ordered_ && !members_.empty() && is_array_index(key)) {
    const std::string& last = members_.back().first;
    if (!is_array_index(last) || !index_key_less(last, key)) ordered_ = false;
  }
  members_.emplace_back(std::move(key), std::move(value));
  if (!table_.empty()) {
    if (members_.size() * 2 > table_.size()) {
      drop_table();
    } else {
      const std::size_t mask = table_.size() - 1;
      std::size_t slot = std::hash<std::string_view>{}(members_.back().first) & mask;
      while (table_[slot] != 0) slot = (slot + 1) & mask;
      table_[slot] = static_cast<std::uint32_t>(members_.size());
    }
  }
}

bool Object::erase(std::string_view key) {
  const std::size_t i = locate(key);
  if (i == kNpos) return false;
  members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(i));
  drop_table();
  return true;
}

void Object::restore_order() const noexcept {
  // Index keys first (ascending by value), then the others in insertion order. Keys are
  // unique, so the sort needs no stability.
  const auto first_other = std::stable_partition(
      members_.begin(), members_.end(), [](const Member& m) { return is_array_index(m.first); });
  std::sort(members_.begin(), first_other,
            [](const Member& a, const Member& b) { return index_key_less(a.first, b.first); });
  ordered_ = true;
  drop_table();
}

}  // namespace mapcheck::json
