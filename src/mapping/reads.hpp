// What a mapping can read from a payload, found without a payload: the static analysis behind
// batch mode's projected parsing (only the parts of an event that a mapping and its trigger
// read are built).
#pragma once

#include "json/parse.hpp"
#include "json/value.hpp"

namespace mapcheck::mapping {

// Adds to `at` (the node standing for the payload) every part of the payload that resolving
// `mapping` can read. Returns false when that cannot be known without the payload: @liquid, a
// @path or @template whose argument is itself computed, a template with triple braces (their
// inserted values are scanned again), an unknown directive. A mapping that fails validation
// reads nothing, so callers pass the prepared (validated) mapping.
bool payload_reads(const json::Value& mapping, json::Projection& at);

}  // namespace mapcheck::mapping
