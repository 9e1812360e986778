#include "support/node_script.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tsunagu::testing {
namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::string run_capture(const std::string& command) {
  std::string out;
  if (FILE* p = popen(command.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

int exit_code(int status) { return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

}  // namespace

NodeScript find_node_script(const std::string& script, const std::string& missing_hint) {
  NodeScript v;
  v.node = run_capture("command -v node 2>/dev/null");
  if (v.node.empty()) {
    v.unavailable = "node is not installed";
    return v;
  }
  v.script = script;
  if (!std::filesystem::is_regular_file(v.script)) {
    v.unavailable = script + " not found";
    return v;
  }
  int rc = exit_code(std::system((shell_quote(v.node) + " " + shell_quote(v.script) + " --check >/dev/null 2>&1").c_str()));
  if (rc != 0) v.unavailable = missing_hint + " (run npm ci); --check exit " + std::to_string(rc);
  return v;
}

ScriptRun run_node_script(const NodeScript& s, const std::vector<std::string>& args) {
  std::string output = (std::filesystem::temp_directory_path() /
                        ("tsunagu-node-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()) + ".out"))
                           .string();
  std::string cmd = shell_quote(s.node) + " " + shell_quote(s.script);
  for (const std::string& a : args) cmd += " " + shell_quote(a);
  cmd += " >" + shell_quote(output) + " 2>&1";
  ScriptRun r;
  r.exit = exit_code(std::system(cmd.c_str()));
  std::ifstream in(output, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  r.output = ss.str();
  std::filesystem::remove(output);
  return r;
}

bool env_flag(const char* name) {
  const char* v = std::getenv(name);
  return v && std::string(v) == "1";
}

}  // namespace tsunagu::testing
