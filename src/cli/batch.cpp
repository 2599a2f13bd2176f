// `mapcheck batch`: stream NDJSON events through one mapping (or a config's mappings) and print
// one NDJSON result per event, then a closing {"summary": ...} line with the coverage report.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>

#include "activation/config.hpp"
#include "api.hpp"
#include "batch.hpp"
#include "cli/cli.hpp"

namespace mapcheck::cli {

namespace {

void usage() {
  std::fprintf(stderr,
               "usage: mapcheck batch --mapping FILE [--trigger FQL] [FILE|-]\n"
               "       mapcheck batch --config ACTIVATION_CONFIG [FILE|-]\n"
               "Reads one JSON event per line; writes one JSON result per line and a final\n"
               "{\"summary\": ...} line with the coverage report.\n");
}

}  // namespace

int run_batch(const std::vector<std::string>& args) {
  std::string mapping_path, config_path, input_path = "-";
  std::optional<std::string> trigger;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--mapping" && i + 1 < args.size()) mapping_path = args[++i];
    else if (args[i] == "--config" && i + 1 < args.size()) config_path = args[++i];
    else if (args[i] == "--trigger" && i + 1 < args.size()) trigger = args[++i];
    else if (args[i] == "-h" || args[i] == "--help") { usage(); return 0; }
    else if (!args[i].empty() && args[i][0] == '-' && args[i] != "-") { usage(); return 2; }
    else input_path = args[i];
  }
  if (mapping_path.empty() == config_path.empty()) {
    usage();
    return 2;
  }
  std::vector<activation::MappingConfig> mappings;
  if (!mapping_path.empty()) {
    std::optional<std::string> text = read_input(mapping_path);
    if (!text) return 2;
    std::vector<Diagnostic> problems;
    std::optional<activation::MappingConfig> m = batch::single_mapping(*text, trigger, problems);
    if (!m) {
      print_diagnostics(stderr, diagnostics_to_value(problems), mapping_path);
      return 1;
    }
    mappings.push_back(std::move(*m));
  } else {
    std::optional<std::string> text = read_input(config_path);
    if (!text) return 2;
    api::Input input = api::parse_input(*text, "config");
    if (!input.ok) {
      print_diagnostics(stderr, diagnostics_to_value(input.diagnostics), config_path);
      return 1;
    }
    activation::ConfigResult config = activation::read_config(input.value);
    if (!config.ok()) {
      for (Diagnostic& d : config.diagnostics) api::attach_range(d, input);
      print_diagnostics(stderr, diagnostics_to_value(config.diagnostics), config_path);
      return 1;
    }
    mappings = config.config.mappings;
  }

  std::FILE* in = input_path == "-" ? stdin : std::fopen(input_path.c_str(), "rb");
  if (in == nullptr) {
    std::fprintf(stderr, "mapcheck: cannot open %s: %s\n", input_path.c_str(), std::strerror(errno));
    return 2;
  }
  batch::Runner runner(std::move(mappings));
  const bool progress = isatty(STDERR_FILENO) != 0;
  auto last_progress = std::chrono::steady_clock::now();
  std::string out, line;
  std::size_t line_number = 0;
  char buf[1 << 16];
  bool too_long = false;
  auto finish_line = [&] {
    ++line_number;
    if (too_long) {
      out += "{\"line\":" + std::to_string(line_number) + ",\"error\":\"The line is longer than the 8 MiB limit\"}\n";
      too_long = false;
    } else {
      runner.process_line(line, line_number, out);
    }
    line.clear();
    if (out.size() > (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
    if (progress && (line_number & 1023) == 0) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_progress > std::chrono::milliseconds(250)) {
        std::fprintf(stderr, "\r%zu lines read", line_number);
        last_progress = now;
      }
    }
  };
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (buf[i] != '\n') continue;
      if (!too_long) line.append(buf + start, i - start);
      finish_line();
      start = i + 1;
    }
    if (!too_long) line.append(buf + start, n - start);
    if (line.size() > (8u << 20)) {
      too_long = true;
      line.clear();
    }
  }
  if (!line.empty() || too_long) finish_line();
  if (in != stdin) std::fclose(in);
  const json::Value summary = runner.summary();
  out += "{\"summary\":" + api::to_json(summary) + "}\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (progress) std::fprintf(stderr, "\r%zu lines read, %zu events checked\n", line_number, runner.events());
  return 0;
}

}  // namespace mapcheck::cli
