#pragma once
// A webhook receiver for tests: a plain HTTP/1.1 server on 127.0.0.1:<free port>, on a thread of
// its own, that records every request it gets and answers each with the next status of its
// script (the last one repeats). Status 0 in the script means: read the request, then answer
// nothing (the sender's timeout). Header-only, POSIX sockets.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lw::testing {

struct HookRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HookReceiver {
 public:
  explicit HookReceiver(std::vector<int> script) : script_(std::move(script)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    (void)::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~HookReceiver() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  HookReceiver(const HookReceiver&) = delete;
  HookReceiver& operator=(const HookReceiver&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<HookRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  /// Waits until at least `n` requests came, at most `timeout`; whether they did.
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) {
        continue;
      }
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) {
        continue;
      }
      HookRequest req;
      const bool complete = read_request(c, req);
      int status = 0;
      {
        std::lock_guard lock(mu_);
        if (complete) {
          status = script_.empty() ? 200 : script_[std::min(requests_.size(), script_.size() - 1)];
          requests_.push_back(std::move(req));
        }
      }
      cv_.notify_all();
      if (complete && status != 0) {
        const std::string body = "{\"status\":" + std::to_string(status) + "}";
        const std::string res = "HTTP/1.1 " + std::to_string(status) +
                                " Scripted\r\nContent-Type: application/json\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
                                body;
        (void)!::write(c, res.data(), res.size());
      } else if (complete) {
        // Answer nothing: hold the connection until the sender gives up or the test ends.
        char buf[256];
        for (int i = 0; i < 600 && !stop_; ++i) {
          pollfd q{c, POLLIN, 0};
          if (::poll(&q, 1, 50) > 0 && ::read(c, buf, sizeof buf) <= 0) {
            break;
          }
        }
      }
      ::close(c);
    }
  }

  static bool read_request(int c, HookRequest& req) {
    std::string data;
    char buf[4096];
    std::size_t head_end = std::string::npos;
    std::size_t length = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (head_end != std::string::npos && data.size() >= head_end + 4 + length) {
        req.body = data.substr(head_end + 4, length);
        return true;
      }
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) {
        continue;
      }
      const auto n = ::read(c, buf, sizeof buf);
      if (n <= 0) {
        return false;
      }
      data.append(buf, static_cast<std::size_t>(n));
      if (head_end == std::string::npos &&
          (head_end = data.find("\r\n\r\n")) != std::string::npos) {
        parse_head(data.substr(0, head_end), req);
        const std::string cl = req.header("content-length");
        length = cl.empty() ? 0 : std::stoul(cl);
      }
    }
    return false;
  }

  static void parse_head(const std::string& head, HookRequest& req) {
    std::size_t pos = head.find("\r\n");
    const std::string line = head.substr(0, pos);
    const auto sp1 = line.find(' ');
    const auto sp2 = line.find(' ', sp1 + 1);
    req.method = line.substr(0, sp1);
    req.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    while (pos != std::string::npos && pos < head.size()) {
      const std::size_t start = pos + 2;
      pos = head.find("\r\n", start);
      const std::string h =
          head.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
      const auto colon = h.find(':');
      if (colon == std::string::npos) {
        continue;
      }
      std::string name = h.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      std::string value = h.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      req.headers[name] = value;
    }
  }

  std::vector<int> script_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<HookRequest> requests_;
  std::thread thread_;
};

}  // namespace lw::testing
