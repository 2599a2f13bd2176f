// Shared pieces of the mapcheck command-line tool: file reading and output formatting.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"
#include "json/value.hpp"

namespace mapcheck::cli {

// Reads a whole file, or standard input for "-". nullopt (with a message on stderr) on failure.
std::optional<std::string> read_input(const std::string& path);

// Prints diagnostics (a result's "diagnostics" array) for people: severity, code, position,
// message and fix, one block per diagnostic.
void print_diagnostics(std::FILE* out, const json::Value& diagnostics, std::string_view file);

// Whether a diagnostics array holds an error.
bool has_error(const json::Value& diagnostics);

// Command entry points; each returns the process exit status.
int run_check(const std::vector<std::string>& args);
int run_conformance(const std::vector<std::string>& args);
int run_transform(const std::vector<std::string>& args);
int run_validate_mapping(const std::vector<std::string>& args);
int run_trigger(const std::vector<std::string>& args);
int run_simulate(const std::vector<std::string>& args);
int run_batch(const std::vector<std::string>& args);

}  // namespace mapcheck::cli
