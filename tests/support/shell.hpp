#pragma once
// Runs a command through /bin/sh for tests that check files with the tools a third party
// uses (openssl, pdftoppm, zbarimg, pdffonts, …).
#include <filesystem>
#include <string>

namespace lw::testing {

struct ShellResult {
  int exit_code = -1;  // -1 when the command did not exit normally
  std::string out;     // standard output
  std::string err;     // standard error, kept apart (libzbar chatters there about D-Bus)
};

/// `command` through the shell, waiting for it to exit.
ShellResult run_shell(const std::string& command);

/// `path` single-quoted for the shell.
std::string shell_quote(const std::filesystem::path& path);

}  // namespace lw::testing
