#include "support/cli.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace lw::testing {

std::string labwatch_binary() {
  const char* binary = std::getenv("LABWATCH_TEST_BINARY");
  return binary && *binary ? binary : LABWATCH_BINARY;
}

CliResult run_cli(const std::string& args) {
  // The shipped rules and divisions of this source tree, wherever the test runs (a flag in
  // `args` still wins).
  const std::string src = LABWATCH_SOURCE_DIR;
  const std::string cmd = "LABWATCH_POLICIES='" + src + "/policies' LABWATCH_REGIONS='" + src +
                          "/reference/regions/gb2260.tsv' " + labwatch_binary() + " " + args +
                          " 2>/dev/null";
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 256> buf{};
  while (p && fgets(buf.data(), buf.size(), p)) {
    r.output += buf.data();
  }
  const int status = p ? pclose(p) : -1;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace lw::testing
