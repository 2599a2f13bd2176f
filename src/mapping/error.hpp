// What a mapping-kit call that fails reports: the reference's error class and message.
#pragma once

#include <string>
#include <vector>

namespace mapcheck::mapping {

struct Error {
  // The JavaScript class the reference throws: "Error", "ValidationError", "AggregateError",
  // "TypeError", or a Liquid class ("ParseError", "RenderError", "TokenizationError").
  // "LimitError" is mapcheck's own, for work that exceeded a documented limit.
  std::string name;
  std::string message;
  // For AggregateError: every inner message in order (`message` is them joined with "\n").
  std::vector<std::string> errors;
  // For validation errors: the JSON pointer into the mapping of each entry of `errors`.
  std::vector<std::string> pointers;
  // For errors while resolving: the JSON pointer of the directive (or option) in the mapping
  // that was being resolved when it failed.
  std::string pointer;
};

}  // namespace mapcheck::mapping
