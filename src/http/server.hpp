#pragma once
// The HTTP/1.1 server: Boost.Beast with C++20 coroutines on a thread per core. It owns the
// limits that protect the platform from what clients send (head size, body size, timeouts,
// request smuggling) and the graceful stop on SIGTERM.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "http/router.hpp"
#include "http/trusted_proxies.hpp"

namespace lw {
struct Metrics;
}

namespace lw::http {

struct ServerLimits {
  std::size_t header_bytes = std::size_t{16} * 1024;  // larger heads get 431
  std::uint64_t json_body_bytes =
      std::uint64_t{2} * 1024 * 1024;                   // buffered bodies; larger get 413
  std::uint64_t upload_bytes = 256ull * 1024 * 1024;    // streamed bodies; larger get 413
  std::chrono::milliseconds header_timeout{10'000};     // whole head must arrive within this
  std::chrono::milliseconds body_idle_timeout{30'000};  // no body bytes for this long: cut
  std::chrono::milliseconds keep_alive_idle{60'000};    // idle connection between requests
  std::chrono::milliseconds shutdown_grace{9'000};      // in-flight work gets this long on stop
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  unsigned threads = 0;  // 0: one per core
  ServerLimits limits;
  /// Peers whose X-Forwarded-For names the client (Request::peer); none by default.
  TrustedProxies trusted_proxies;
};

/// The middleware of a server, outermost first.
struct Pipeline {
  /// Every answer passes these, including refusals of requests the server could not read or
  /// route (400, 404, 413, …): logging, metrics, recovery.
  std::vector<Middleware> every_answer;
  /// Then routed requests pass these: who is calling, limits, idempotency. A refusal decided
  /// before routing skips them, so a 413 is not reported as, say, a signature mismatch.
  std::vector<Middleware> routed;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, Pipeline pipeline, Metrics& metrics);
  ~Server();

  /// Binds the listening socket; returns the bound port (useful with port 0).
  Result<std::uint16_t> listen();
  /// Runs `task` every `period` on the server's first thread while it serves: first one period
  /// after run() starts, the next one period after the previous ended (never two at once).
  /// Stopping cancels the wait; a run under way is finished like a request. Call before run().
  void every(std::chrono::milliseconds period, std::function<Task<void>()> task);
  /// Serves until stop() or SIGTERM/SIGINT, then finishes in-flight requests and returns.
  void run();
  /// Stops accepting, lets in-flight requests finish, closes idle connections. Thread-safe.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lw::http
