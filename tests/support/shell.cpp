#include "support/shell.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace lw::testing {

std::string shell_quote(const std::filesystem::path& path) {
  std::string out = "'";
  for (char c : path.string()) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

ShellResult run_shell(const std::string& command) {
  static std::atomic<int> counter{0};
  ShellResult r;
  const std::filesystem::path err_file =
      std::filesystem::temp_directory_path() /
      ("lw-shell-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  // Braces: the redirection covers every command of a pipeline or list.
  FILE* p = popen(("{ " + command + "\n} 2>" + shell_quote(err_file)).c_str(), "r");
  if (p == nullptr) {
    return r;
  }
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) {
    r.out.append(buf, n);
  }
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file);
  r.err.assign(std::istreambuf_iterator<char>(err), {});
  std::filesystem::remove(err_file);
  return r;
}

}  // namespace lw::testing
