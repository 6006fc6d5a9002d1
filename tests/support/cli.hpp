#pragma once
// Runs the labwatch binary under test (LABWATCH_TEST_BINARY, else this build's) as a command.
#include <string>

namespace lw::testing {

struct CliResult {
  int exit_code = -1;
  std::string output;  // standard output
};

/// The labwatch binary under test: LABWATCH_TEST_BINARY when set (the sanitized build in
/// scripts/test), else this build's.
std::string labwatch_binary();

/// `labwatch ARGS`, waiting for it to exit.
CliResult run_cli(const std::string& args);

}  // namespace lw::testing
