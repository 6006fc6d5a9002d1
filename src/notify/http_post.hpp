#pragma once
// The webhook worker's outbound HTTP/1.1 client (Boost.Beast): one POST on a fresh connection,
// http:// or https:// (OpenSSL, peers verified against the system's CA store and the URL's host
// name), bounded in time and in how much of the answer it reads.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/task.hpp"

namespace lw::notify {

/// The largest webhook URL accepted.
inline constexpr std::size_t kMaxUrlBytes = 500;

/// A webhook URL taken apart.
struct WebhookUrl {
  bool tls = false;
  std::string host;         // name or address, without IPv6 brackets: what is resolved
  std::string port;         // "80", "443" or the URL's
  std::string host_header;  // as the Host header carries it
  std::string target;       // path and query, "/" at least
};

/// `url` when it is an absolute http:// or https:// URL with a host, no user name or password,
/// no fragment, at most kMaxUrlBytes; invalid_argument naming `url` otherwise.
Result<WebhookUrl> parse_webhook_url(std::string_view url);

struct PostRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Host, Content-Length
  std::string body;
  std::chrono::milliseconds timeout{10'000};  // connect, TLS, request and answer together
  std::size_t max_response_bytes = std::size_t{64} * 1024;  // the answer's body is read up to this
};

struct PostOutcome {
  int status = 0;      // the HTTP status; 0 when no answer came
  std::string error;   // why not delivered: "timeout", "connect: Connection refused", "HTTP 500"
  std::string answer;  // the start of the answer's body, printable ASCII only, ≤ 200 bytes
  bool delivered() const { return status >= 200 && status < 300; }
};

class HttpPoster {
 public:
  /// Loads the system's CA store for https:// (a store that cannot be loaded leaves every
  /// https:// POST failing its verification, logged once here).
  HttpPoster();
  ~HttpPoster();
  HttpPoster(const HttpPoster&) = delete;
  HttpPoster& operator=(const HttpPoster&) = delete;

  /// Sends `request` on the calling coroutine's executor. Never throws for network trouble: the
  /// outcome says what happened.
  Task<PostOutcome> post(const PostRequest& request);

 private:
  struct Tls;
  std::unique_ptr<Tls> tls_;
};

}  // namespace lw::notify
