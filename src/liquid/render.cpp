// Evaluating expressions and rendering templates with liquidjs's semantics (see render.hpp).
#include "liquid/render.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <vector>

#include "json/number.hpp"
#include "liquid/filters.hpp"
#include "liquid/limits.hpp"
#include "liquid/parser.hpp"
#include "liquid/values.hpp"
#include "text/unicode.hpp"

namespace mapcheck::liquid {

namespace {

// Where a variable lookup starts: the payload (or a `where` item) and whether the template's
// own variables (assign, capture, block) are visible.
struct Frame {
  const Value* env;
  bool locals;
};

class Renderer final : public FilterHost {
 public:
  Renderer(std::u16string_view source, const Value& payload, double now)
      : env_(payload), source_(source), input_(source), now_(now) {
    scopes_.push_back(Value::object());
  }

  void render_list(const Templates& list, std::string& out) {
    for (const Template& t : list) {
      if (!charge(1)) return;
      render_one(t, out);
      if (error_) {
        // A plain JavaScript error becomes a RenderError at the innermost template.
        if (error_->name.empty())
          error_ = Failure{"RenderError", error_->message + position_suffix(source_, t.begin)};
        return;
      }
      if (stop_) return;
    }
  }

  std::optional<Failure> error_;
  Value env_;
  bool env_changed_ = false;

  // ---- FilterHost ----------------------------------------------------------------------------

  bool use_memory(double count) override {
    if (!(count > 0)) return true;
    if (memory_ + count > kMemoryLimit) {
      throw_error("memory alloc limit exceeded");
      return false;
    }
    memory_ += count;
    return true;
  }

  bool charge(std::size_t units) override {
    work_ += units;
    if (work_ <= kMaxWork) return true;
    limit(
        "the template does more work than mapcheck allows for one @liquid field "
        "(32 MiB of text processed)");
    return false;
  }

  bool check_size(double bytes) override {
    if (bytes <= static_cast<double>(kMaxStringBytes)) return true;
    limit("the template builds a string larger than 4 MiB");
    return false;
  }

  bool check_length(double elements) override {
    if (elements <= static_cast<double>(kMaxArrayLength)) return true;
    limit("the template builds an array of more than 1,000,000 elements");
    return false;
  }

  void throw_error(const std::string& message) override {
    if (!error_) error_ = Failure{"", message};
  }
  void fail(Failure failure) override {
    if (!error_) error_ = std::move(failure);
  }
  bool failed() const override { return error_.has_value(); }

  bool parse_scope_path(const std::string& text, std::optional<Item>& path) override {
    path_text_ = text::to_utf16(text);
    Tokenizer tz(path_text_, 0, path_text_.size());
    path = tz.read_scope_value();
    if (tz.error) {
      if (tz.error->name.empty())
        throw_error(tz.error->message);
      else
        fail(*tz.error);
      return false;
    }
    return true;
  }

  Value eval_in_scope(const Item& path, const Value& item) override {
    const std::u16string_view saved = input_;
    input_ = path_text_;
    const Value env = item.is_nullish() ? Value::object() : item;
    Value v = eval_item(path, Frame{&env, false});
    input_ = saved;
    return v;
  }

  double now_ms() override {
    if (now_ == now_) return now_;
    return static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
  }

 private:
  std::u16string_view source_;  // the template
  std::u16string_view input_;   // what error positions refer to (the template or a path)
  std::u16string path_text_;
  json::Object overlay_;       // {% increment %} counters on a payload that is not an object
  std::vector<Value> scopes_;  // [0]: assign / capture; then {% block %} scopes
  bool stop_ = false;          // {% break %} / {% continue %} was rendered
  std::map<std::string, std::size_t> cycles_;
  double memory_ = 0;
  std::size_t work_ = 0;
  double now_;

  void limit(const std::string& what) {
    fail(Failure{"LimitError", "@liquid stopped: " + what +
                                   ". Segment limits templates by running time instead, so "
                                   "this field was not checked"});
  }

  // What traversing a value costs: its text, and every element and member at every depth
  // (arrays can share structure, so a small template can build a value whose traversal is
  // exponential). Counting stops just past `limit`.
  static std::size_t traversal_cost(const Value& v, std::size_t limit) {
    if (v.is_string()) return v.as_string().size();
    std::size_t total = 0;
    if (v.is_array()) {
      for (const Value& item : v.as_array()) {
        total += kElementCost + traversal_cost(item, limit - std::min(total, limit));
        if (total > limit) return total;
      }
    } else if (is_plain_object(v)) {
      for (const auto& [key, member] : v.as_object()) {
        total += kElementCost + key.size() + traversal_cost(member, limit - std::min(total, limit));
        if (total > limit) return total;
      }
    }
    return total;
  }

  // Charges the work of converting, comparing or printing `v` in full.
  bool charge_traversal(const Value& v) {
    if (!v.is_string() && !v.is_array() && !v.is_object()) return true;
    return charge(traversal_cost(v, kMaxWork - std::min(work_, kMaxWork) + 1));
  }

  // Filters that only look at the top level of their input (or charge as they go).
  static bool shallow_filter(std::string_view name) {
    static const std::string_view kShallow[] = {"size",  "first",   "last", "raw",     "default",
                                                "push",  "unshift", "pop",  "shift",   "compact",
                                                "slice", "sample",  "json", "jsonify", "inspect"};
    for (std::string_view s : kShallow)
      if (s == name) return true;
    return false;
  }

  bool write(std::string& out, const Value& v) {
    if (!charge_traversal(v)) return false;
    const std::size_t before = out.size();
    append_liquid_string(out, v);
    return charge(out.size() - before) && check_size(static_cast<double>(out.size()));
  }

  // ---- lookups ---------------------------------------------------------------------------------

  Value read(const Value& obj, const Value& key, const Item& at) {
    PropertyRead r = read_property(obj, key);
    if (r.error && !error_)
      error_ = Failure{"UndefinedVariableError", *r.error + position_suffix(input_, at.begin)};
    return std::move(r.value);
  }

  // Context._get: the innermost scope holding the first property, then the payload, then the
  // (empty) globals.
  Value lookup(const Value& key, const Frame& f, const Item& at) {
    const std::string name = js_string(key);
    if (f.locals) {
      for (std::size_t i = scopes_.size(); i-- > 0;)
        if (scopes_[i].as_object().find(name) != nullptr) return read(scopes_[i], key, at);
      if (const Value* v = overlay_.find(name)) {
        const Value holder = Value::object(json::Object{{name, *v}});
        return read(holder, key, at);
      }
    }
    const Value& env = *f.env;
    if (auto d = drop_of(env)) {
      if (drop_has_property(*d, name)) return read(env, key, at);
    } else if (has_own_property(env, name)) {
      return read(env, key, at);
    }
    static const Value kGlobals = Value::object();
    return read(kGlobals, key, at);
  }

  Value eval_property(const Item& it, const Frame& f) {
    const std::size_t first_prop = it.has_base ? 1 : 0;
    std::vector<Value> props;
    for (std::size_t i = first_prop; i < it.children.size(); ++i) {
      props.push_back(eval_item(it.children[i], f));
      if (error_) return {};
    }
    Value v;
    std::size_t next = 0;
    if (it.has_base) {
      v = eval_item(it.children[0], f);
    } else {
      if (!props[0].is_string() && !charge_traversal(props[0])) return {};
      v = lookup(props[0], f, it);
      next = 1;
    }
    for (; next < props.size() && !error_; ++next) {
      if (!props[next].is_string() && !charge_traversal(props[next])) return {};
      v = read(v, props[next], it);
    }
    return error_ ? Value() : v;
  }

  Value eval_range(const Item& it, const Frame& f) {
    const Value low = eval_item(it.children[0], f);
    const Value high = eval_item(it.children[1], f);
    if (error_) return {};
    const double lo = js_number(low), hi = js_number(high);
    if (!use_memory(hi - lo + 1)) return {};
    const double stop = hi + 1;
    const double count = (lo == lo && stop == stop && stop > lo) ? std::ceil(stop - lo) : 0;
    if (!check_length(count) || !charge(static_cast<std::size_t>(count) * kElementCost)) return {};
    json::Array items;
    items.reserve(static_cast<std::size_t>(count));
    for (double i = lo; i < stop; i += 1) items.push_back(Value::number(i));
    return Value::array(std::move(items));
  }

  Value eval_item(const Item& it, const Frame& f) {
    if (!charge(1)) return {};
    switch (it.kind) {
      case Item::Kind::number:
      case Item::Kind::literal:
      case Item::Kind::quoted:
      case Item::Kind::word:
        return it.content;
      case Item::Kind::property:
        return eval_property(it, f);
      case Item::Kind::range:
        return eval_range(it, f);
      case Item::Kind::op:
        return {};
    }
    return {};
  }

  static bool apply_op(Op op, const Value& l, const Value& r) {
    switch (op) {
      case Op::eq:
        return liquid_equals(l, r);
      case Op::ne:
        return !liquid_equals(l, r);
      case Op::gt:
        return liquid_greater(l, r);
      case Op::lt:
        return liquid_less(l, r);
      case Op::ge:
        return liquid_greater_equal(l, r);
      case Op::le:
        return liquid_less_equal(l, r);
      case Op::contains:
        return liquid_contains(l, r);
      case Op::and_:
        return !is_falsy(l) && !is_falsy(r);
      case Op::or_:
        return !is_falsy(l) || !is_falsy(r);
      case Op::not_:
        return is_falsy(r);
    }
    return false;
  }

  // Expression.evaluate: a stack machine over the postfix tokens; a missing operand is
  // undefined and the result is the bottom of the stack.
  Value eval_expression(const std::vector<Item>& postfix, const Frame& f) {
    std::vector<Value> stack;
    auto pop = [&stack]() {
      if (stack.empty()) return Value();
      Value v = std::move(stack.back());
      stack.pop_back();
      return v;
    };
    for (const Item& it : postfix) {
      if (it.kind == Item::Kind::op) {
        const Value r = pop();
        const Value l = it.op == Op::not_ ? Value() : pop();
        const bool logical = it.op == Op::not_ || it.op == Op::and_ || it.op == Op::or_;
        if (!logical && (!charge_traversal(l) || !charge_traversal(r))) return {};
        stack.push_back(Value::boolean(apply_op(it.op, l, r)));
      } else {
        stack.push_back(eval_item(it, f));
      }
      if (error_) return {};
    }
    return stack.empty() ? Value() : stack.front();
  }

  Value eval_filtered(const FilteredValue& fv, const Frame& f) {
    Value v = eval_expression(fv.postfix, f);
    for (const FilterCall& call : fv.filters) {
      if (error_) return {};
      std::vector<Value> args;
      for (const FilterArg& a : call.args) {
        Value arg = a.value ? eval_item(*a.value, f) : Value();
        if (error_) return {};
        if (a.keyword)
          args.push_back(Value::array({Value::string(a.key), std::move(arg)}));
        else
          args.push_back(std::move(arg));
      }
      switch (filter_status(call.name)) {
        case FilterStatus::unknown:
          break;  // non-strict liquidjs passes the value through
        case FilterStatus::disabled:
          throw_error("filter \"" + call.name + "\" is disabled");
          return {};
        case FilterStatus::known: {
          if (shallow_filter(call.name)) {
            if (v.is_array() && !charge(v.as_array().size() * kElementCost)) return {};
          } else if (!charge_traversal(v)) {
            return {};
          }
          for (const Value& arg : args)
            if (!charge_traversal(arg)) return {};
          Invocation inv{v, args, *this};
          Value result = apply_filter(call.name, inv);
          if (error_) return {};
          if (result.is_string() && !charge(result.as_string().size())) return {};
          if (result.is_array() && !charge(result.as_array().size() * kElementCost)) return {};
          v = std::move(result);
          break;
        }
      }
    }
    return v;
  }

  // ---- templates -------------------------------------------------------------------------------

  const Frame top() const { return Frame{&env_, true}; }

  void render_counter(const Template& t, bool increment, std::string& out) {
    const bool object_env = is_plain_object(env_);
    if (env_.is_string() && has_own_property(env_, t.text)) {
      // A string payload (an @arrayPath item) is wrapped in a String object whose index and
      // length properties are read-only; liquidjs runs in strict mode, so writing throws.
      throw_error("Cannot assign to read only property '" + t.text +
                  "' of object '[object String]'");
      return;
    }
    Value current;
    if (const Value* v = overlay_.find(t.text))
      current = *v;
    else if (object_env)
      current = own_property(env_, t.text);
    else if (!is_drop(env_))
      current = own_property(env_, t.text);
    const double n = current.is_number() ? current.as_number() : 0;
    const double next = increment ? n + 1 : n - 1;
    write(out, Value::number(increment ? n : next));
    if (object_env) {
      env_.object_mut().set(t.text, Value::number(next));
      env_changed_ = true;
    } else {
      overlay_.set(t.text, Value::number(next));
    }
  }

  void render_one(const Template& t, std::string& out) {
    switch (t.kind) {
      case Template::Kind::text:
        if (!t.text.empty()) {
          append_text(out, t.text);
          charge(t.text.size()) && check_size(static_cast<double>(out.size()));
        }
        return;
      case Template::Kind::output: {
        const Value v = eval_filtered(t.value, top());
        if (!error_) write(out, v);
        return;
      }
      case Template::Kind::assign: {
        Value v = eval_filtered(t.value, top());
        if (!error_) scopes_[0].object_mut().set(t.text, std::move(v));
        return;
      }
      case Template::Kind::capture: {
        std::string buffer;
        render_list(t.body, buffer);
        if (!error_) scopes_[0].object_mut().set(t.text, Value::string(std::move(buffer)));
        return;
      }
      case Template::Kind::increment:
        render_counter(t, true, out);
        return;
      case Template::Kind::decrement:
        render_counter(t, false, out);
        return;
      case Template::Kind::cycle: {
        const Value group = t.cycle_group ? eval_item(*t.cycle_group, top()) : Value();
        if (error_) return;
        // liquidjs keys the cycle state by the group and the candidate tokens joined, and a
        // token prints as "[object Object]": only their number matters.
        std::string key = "cycle:" + js_string(group) + ":";
        for (std::size_t i = 0; i < t.candidates.size(); ++i)
          key += i ? ",[object Object]" : "[object Object]";
        std::size_t& index = cycles_[key];
        const Item& candidate = t.candidates[index];
        index = (index + 1) % t.candidates.size();
        const Value v = eval_item(candidate, top());
        if (!error_ && js_truthy(v)) write(out, v);
        return;
      }
      case Template::Kind::branches: {
        for (const Branch& b : t.branches) {
          const Value v = eval_filtered(b.condition, top());
          if (error_) return;
          if (is_falsy(v) != b.when_truthy) {
            render_list(b.body, out);
            return;
          }
        }
        render_list(t.body, out);
        return;
      }
      case Template::Kind::group:
        render_list(t.body, out);
        return;
      case Template::Kind::block:
        scopes_.push_back(Value::object(json::Object{{"block", make_drop(Drop::block)}}));
        render_list(t.body, out);
        scopes_.pop_back();
        return;
      case Template::Kind::stop:
        stop_ = true;
        return;
      case Template::Kind::nothing:
        return;
    }
  }
};

}  // namespace

RenderResult render_at(std::string_view source, const json::Value& payload, double now_ms) {
  RenderResult result;
  const std::u16string template16 = text::to_utf16(source);
  Failure failure;
  std::optional<Templates> templates = parse_template(template16, failure);
  if (!templates) {
    result.error = std::move(failure);
    return result;
  }
  Renderer r(template16, payload, now_ms);
  std::string out;
  r.render_list(*templates, out);
  if (r.error_) {
    result.error = std::move(r.error_);
    if (result.error->name.empty()) result.error->name = "RenderError";
    return result;
  }
  result.output = std::move(out);
  if (r.env_changed_) result.payload = std::move(r.env_);
  return result;
}

RenderResult render(std::string_view source, const json::Value& payload) {
  return render_at(source, payload, std::nan(""));
}

}  // namespace mapcheck::liquid
