#pragma once
// The real labwatch binary as a child process, listening on 127.0.0.1 on a free port.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lw::testing {

class ServerProcess {
 public:
  /// Starts `labwatch serve --port 0 --db URL --data DIR` plus `extra` flags and waits until
  /// it listens (throws after 30 s). Output goes to DIR/server.log.
  ServerProcess(std::string db_url, std::filesystem::path data_dir,
                std::vector<std::string> extra = {});
  ~ServerProcess();  // SIGKILL if still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  /// Sends `signal`.
  void signal(int signal);
  /// Waits up to `seconds` for exit; returns the exit status (raw waitpid status) or -1.
  int wait(double seconds);
  /// The server's log so far (for failure messages).
  std::string log() const;

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::filesystem::path data_dir_;
};

}  // namespace lw::testing
