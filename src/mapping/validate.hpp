// Mapping validation with the reference's messages (mapping-kit `validate`).
#pragma once

#include <optional>

#include "json/value.hpp"
#include "mapping/error.hpp"

namespace mapcheck::mapping {

// Validates a mapping as mapping-kit does before resolving it. Returns nullopt when valid;
// otherwise the error the reference throws: a ValidationError with one message, or an
// AggregateError with every message collected in key order.
std::optional<Error> validate_mapping(const json::Value& mapping);

// True for an object whose keys include an "@"-prefixed key and are otherwise only "@"-prefixed
// keys or "_metadata" (mapping-kit's isDirective).
bool is_directive(const json::Value& value);
// The directive a directive object runs: its first "@"-prefixed key in property order.
const std::string* directive_name(const json::Value& value);

}  // namespace mapcheck::mapping
