#include "support/server_process.hpp"

#include "support/cli.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace lw::testing {

ServerProcess::ServerProcess(std::string db_url, std::filesystem::path data_dir,
                             std::vector<std::string> extra)
    : data_dir_(std::move(data_dir)) {
  std::filesystem::create_directories(data_dir_);
  const auto port_file = data_dir_ / "port";
  std::filesystem::remove(port_file);
  std::vector<std::string> args{
      labwatch_binary(),
      "serve",
      "--port",
      "0",
      "--port-file",
      port_file.string(),
      "--db",
      db_url,
      "--data",
      data_dir_.string(),
      "--web",
      (std::filesystem::path(LABWATCH_SOURCE_DIR) / "web" / "dist").string(),
      "--policies",
      (std::filesystem::path(LABWATCH_SOURCE_DIR) / "policies").string(),
      "--demo-assets",
      (std::filesystem::path(LABWATCH_SOURCE_DIR) / "reference" / "demo").string(),
      "--regions",
      (std::filesystem::path(LABWATCH_SOURCE_DIR) / "reference" / "regions" / "gb2260.tsv")
          .string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const std::string log_path = (data_dir_ / "server.log").string();

  pid_ = fork();
  if (pid_ == 0) {
    const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv;
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      port_ = static_cast<std::uint16_t>(port);
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("labwatch exited at start:\n" + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("labwatch did not start within 30 s:\n" + log());
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void ServerProcess::signal(int sig) {
  if (pid_ > 0) {
    kill(pid_, sig);
  }
}

int ServerProcess::wait(double seconds) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(seconds));
  while (pid_ > 0) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return status;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

std::string ServerProcess::log() const {
  std::ifstream in(data_dir_ / "server.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace lw::testing
