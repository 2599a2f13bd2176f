// mapcheck: check what Segment Engage sends to a destination, from the command line.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "api.hpp"
#include "cli/cli.hpp"
#include "diagnostics.hpp"

namespace {

int run_catalogue(const std::vector<std::string>&) {
  std::fputs(mapcheck::catalogue_markdown().c_str(), stdout);
  return 0;
}

struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>&);
  const char* summary;
};

const Command kCommands[] = {
    {"transform", mapcheck::cli::run_transform,
     "transform --mapping FILE [--json] [--explain] [PAYLOAD|-]   run one mapping on one payload"},
    {"validate-mapping", mapcheck::cli::run_validate_mapping,
     "validate-mapping [--json] FILE|-                            validate a mapping"},
    {"check", mapcheck::cli::run_check,
     "check [--mapping FILE] [--json] [--required a,b] EVENT|-    check an event (and a mapping on it)"},
    {"trigger", mapcheck::cli::run_trigger,
     "trigger --fql TEXT [--json] [EVENT|-]                       explain whether a trigger matches an event"},
    {"simulate", mapcheck::cli::run_simulate,
     "simulate [--json] CONFIG|-                                  events Engage emits for an activation config"},
    {"batch", mapcheck::cli::run_batch,
     "batch --mapping FILE [--trigger FQL] [EVENTS|-]              check NDJSON events, with a coverage report"},
    {"conformance", mapcheck::cli::run_conformance,
     "conformance [-v] FILE...                                    run reference conformance cases"},
    {"catalogue", run_catalogue,
     "catalogue                                                   print the diagnostics reference (Markdown)"},
};

void usage(std::FILE* out) {
  std::fprintf(out, "mapcheck %s: see what Segment Engage sends to a destination\n\nusage:\n",
               mapcheck::api::version());
  for (const Command& c : kCommands) std::fprintf(out, "  mapcheck %s\n", c.summary);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version") || !std::strcmp(argv[1], "version")) {
    std::printf("mapcheck %s\n", mapcheck::api::version());
    return 0;
  }
  const std::vector<std::string> args(argv + 2, argv + argc);
  for (const Command& c : kCommands)
    if (!std::strcmp(argv[1], c.name)) return c.run(args);
  std::fprintf(stderr, "mapcheck: unknown command \"%s\"\n\n", argv[1]);
  usage(stderr);
  return 2;
}
