// The Liquid parser: turns the tokenizer's tokens into a tree of templates (text, outputs and
// tags), applying liquidjs 10.27.2's tag grammar and mapping-kit's disabled tags.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "liquid/error.hpp"
#include "liquid/tokenizer.hpp"

namespace mapcheck::liquid {

struct Template;
using Templates = std::vector<Template>;

// One `if`/`elsif`/`unless` condition and the templates it guards.
struct Branch {
  FilteredValue condition;
  bool when_truthy = true;  // false for the first branch of `unless`
  Templates body;
};

struct Template {
  enum class Kind : std::uint8_t {
    text,       // literal text; also `raw` (text holds the raw source)
    output,     // {{ value }} and {% echo value %}
    assign,     // {% assign name = value %}
    capture,    // {% capture name %}body{% endcapture %}
    increment,  // {% increment name %}
    decrement,  // {% decrement name %}
    cycle,      // {% cycle group: a, b %}
    branches,   // if / unless
    group,      // {% liquid %} lines: body rendered in place
    block,      // {% block %}: body rendered with the `block` variable
    stop,       // {% break %} / {% continue %}
    nothing     // comments, {% echo %} without a value
  };
  Kind kind = Kind::nothing;
  std::size_t begin = 0;  // where the template's token starts (error positions)
  std::string text;       // text, raw source, or the variable name
  FilteredValue value;
  std::vector<Branch> branches;
  Templates body;  // capture, liquid, block; `else` of if/unless
  std::optional<Item> cycle_group;
  std::vector<Item> candidates;
};

// Parses a whole template given as UTF-16. On failure returns nullopt and sets `error` to the
// liquidjs error (TokenizationError or ParseError with its position).
std::optional<Templates> parse_template(std::u16string_view source, Failure& error);

}  // namespace mapcheck::liquid
