// `mapcheck batch`: stream NDJSON events through one mapping (or a config's mappings) and print
// one NDJSON result per event, then a closing {"summary": ...} line with the coverage report.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include "activation/config.hpp"
#include "api.hpp"
#include "batch.hpp"
#include "cli/cli.hpp"
#include "limits.hpp"

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
  constexpr std::size_t kMaxLine = limits::kMaxBatchLineBytes;
  std::string out;
  out.reserve(1 << 17);
  std::size_t line_number = 0;
  auto finish_line = [&](std::string_view line, bool too_long) {
    ++line_number;
    if (too_long) {
      runner.report_bad_line(line_number,
                             "The line is more than " + std::to_string(kMaxLine) +
                                 " bytes long; mapcheck reads lines of at most " +
                                 std::to_string(kMaxLine) + " bytes",
                             out);
    } else {
      runner.process_line(line, line_number, out);
    }
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
  // Lines are handed to the runner where they lie in the read buffer; only the unfinished
  // line at the end of a read is moved to the front. A line longer than the limit is dropped
  // while it streams past and reported by number.
  constexpr std::size_t kChunk = 1 << 20;
  std::vector<char> buf(kChunk);
  std::size_t have = 0;     // bytes of the unfinished line at the front of buf
  bool too_long = false;    // the current line passed the limit; its bytes are discarded
  while (true) {
    if (buf.size() - have < kChunk / 2) buf.resize(std::max(buf.size() * 2, have + kChunk));
    // read() returns what is available, so piped events are answered as they arrive.
    const ssize_t got = read(fileno(in), buf.data() + have, buf.size() - have);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    const std::size_t n = static_cast<std::size_t>(got);
    const char* base = buf.data();
    const char* p = base + have;
    const char* end = p + n;
    const char* line_start = base;
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      if (nl == nullptr) break;
      const std::size_t length = static_cast<std::size_t>(nl - line_start);
      finish_line(std::string_view(line_start, too_long ? 0 : length), too_long || length > kMaxLine);
      too_long = false;
      p = nl + 1;
      line_start = p;
    }
    have = static_cast<std::size_t>(end - line_start);
    if (have > kMaxLine || too_long) {  // discard the long line's bytes as they arrive
      too_long = true;
      have = 0;
    } else if (line_start != base && have > 0) {
      std::memmove(buf.data(), line_start, have);
    }
    if (!out.empty()) {  // answer what has been read so far
      std::fwrite(out.data(), 1, out.size(), stdout);
      std::fflush(stdout);
      out.clear();
    }
  }
  if (have > 0 || too_long) finish_line(std::string_view(buf.data(), have), too_long);
  if (in != stdin) std::fclose(in);
  const json::Value summary = runner.summary();
  out += "{\"summary\":" + api::to_json(summary) + "}\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (progress) std::fprintf(stderr, "\r%zu lines read, %zu events checked\n", line_number, runner.events());
  return 0;
}

}  // namespace mapcheck::cli
