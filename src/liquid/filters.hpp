// Liquid filters: every filter liquidjs 10.27.2 ships, minus those mapping-kit disables (which
// throw "filter "<name>" is disabled" when evaluated), with liquidjs's argument handling,
// JavaScript conversions and memory accounting.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/value.hpp"
#include "liquid/error.hpp"
#include "liquid/tokenizer.hpp"

namespace mapcheck::liquid {

using json::Value;

// What a filter needs from the render it runs in.
class FilterHost {
 public:
  virtual ~FilterHost() = default;
  // liquidjs memoryLimit.use(count): false, with the render failed, when the counter passes
  // its limit. Non-positive and NaN counts are ignored, as in liquidjs.
  virtual bool use_memory(double count) = 0;
  // mapcheck's work budget; false, with the render failed (LimitError), when exhausted.
  virtual bool charge(std::size_t units) = 0;
  // False, with the render failed (LimitError), when a string of `bytes` or an array of
  // `elements` would be larger than mapcheck builds.
  virtual bool check_size(double bytes) = 0;
  virtual bool check_length(double elements) = 0;
  // A JavaScript exception thrown by a filter; liquidjs reports it as a RenderError at the
  // template being rendered.
  virtual void throw_error(const std::string& message) = 0;
  virtual void fail(Failure failure) = 0;
  virtual bool failed() const = 0;
  // Reads a Liquid property path (`where: "a.b"`); false, with the render failed, when it does
  // not tokenize. `path` stays empty when the text holds no property.
  virtual bool parse_scope_path(const std::string& text, std::optional<Item>& path) = 0;
  // Evaluates such a path with `item` as the only scope, as liquidjs's ctx.spawn(item) does.
  virtual Value eval_in_scope(const Item& path, const Value& item) = 0;
  // The current time in milliseconds since 1970 (for `date` on "now" and "today").
  virtual double now_ms() = 0;
};

// One filter call: the value, the evaluated arguments (a keyword argument `k: v` is the array
// [k, v], as liquidjs passes it) and the host.
struct Invocation {
  const Value& input;
  const std::vector<Value>& args;
  FilterHost& host;

  bool has(std::size_t i) const { return i < args.size(); }
  // The argument as JavaScript sees it: undefined when absent.
  Value arg(std::size_t i) const { return i < args.size() ? args[i] : Value(); }
  // A JavaScript default parameter: `fallback` when the argument is absent or undefined.
  Value arg_or(std::size_t i, Value fallback) const {
    return i < args.size() && !args[i].is_undefined() ? args[i] : fallback;
  }
};

enum class FilterStatus { known, disabled, unknown };
// Whether liquidjs (as mapping-kit configures it) has a filter of this name.
FilterStatus filter_status(std::string_view name);

// Applies a known filter. Check `host.failed()` after the call.
Value apply_filter(std::string_view name, Invocation& call);

// JSON.liquid_string(value, null, space) with liquidjs's memory accounting (the `json` filter).
// nullopt when the result is undefined or the render failed.
std::optional<std::string> json_filter_text(const Value& value, const Value& space,
                                            FilterHost& host);

}  // namespace mapcheck::liquid
