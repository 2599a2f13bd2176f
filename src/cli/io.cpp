// File input and human-readable diagnostics for the CLI.
#include <cerrno>
#include <cstring>

#include "cli/cli.hpp"

namespace mapcheck::cli {

std::optional<std::string> read_input(const std::string& path) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    std::fprintf(stderr, "mapcheck: cannot open %s: %s\n", path.c_str(), std::strerror(errno));
    return std::nullopt;
  }
  std::string data;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  if (f != stdin) std::fclose(f);
  if (failed) {
    std::fprintf(stderr, "mapcheck: cannot read %s\n", path.c_str());
    return std::nullopt;
  }
  return data;
}

bool has_error(const json::Value& diagnostics) {
  if (!diagnostics.is_array()) return false;
  for (const json::Value& d : diagnostics.as_array())
    if (const json::Value* s = d.find("severity"); s && s->is_string() && s->as_string() == "error")
      return true;
  return false;
}

void print_diagnostics(std::FILE* out, const json::Value& diagnostics, std::string_view file) {
  if (!diagnostics.is_array()) return;
  auto str = [](const json::Value& o, const char* key) -> std::string {
    const json::Value* v = o.find(key);
    return v && v->is_string() ? v->as_string() : std::string();
  };
  for (const json::Value& d : diagnostics.as_array()) {
    std::string where(file);
    if (const json::Value* range = d.find("range")) {
      const json::Value* start = range->find("start");
      if (start) {
        auto num = [&](const char* key) {
          const json::Value* v = start->find(key);
          return v && v->is_number() ? static_cast<long>(v->as_number()) : 0L;
        };
        where += ":" + std::to_string(num("line")) + ":" + std::to_string(num("column"));
      }
    }
    const std::string pointer = str(d, "pointer");
    std::fprintf(out, "%s[%s] %s%s%s: %s\n", str(d, "severity").c_str(), str(d, "code").c_str(),
                 where.c_str(), pointer.empty() ? "" : " at ", pointer.c_str(),
                 str(d, "message").c_str());
    const std::string fix = str(d, "fix");
    if (!fix.empty()) std::fprintf(out, "  fix: %s\n", fix.c_str());
  }
}

}  // namespace mapcheck::cli
