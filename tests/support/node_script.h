// An external checker run with node (tests/fhir/validate.mjs, tests/hsds/validate.mjs): found once, with the reason
// when it cannot run, so that a test can skip — or fail, when the environment variable that requires it is 1
// (scripts/test.sh sets those, so CI never skips silently).
#pragma once
#include <string>
#include <vector>

namespace tsunagu::testing {

struct NodeScript {
  std::string node, script;
  std::string unavailable;  // why it cannot run; empty when it can
};

// `script` is an absolute path; `--check` must exit 0 when its npm packages are installed.
NodeScript find_node_script(const std::string& script, const std::string& missing_hint);

struct ScriptRun {
  int exit = -1;
  std::string output;  // standard output and error
};

// Runs `node script ARGS` (each argument shell-quoted) and captures what it prints.
ScriptRun run_node_script(const NodeScript& s, const std::vector<std::string>& args);

// True when the environment variable `name` is "1".
bool env_flag(const char* name);

}  // namespace tsunagu::testing
