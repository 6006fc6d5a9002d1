#pragma once
// A deliberately plain HTTP/1.1 client over POSIX sockets: it sends exactly the bytes a test
// gives it (garbage included) and parses what comes back, telling a complete response from a
// truncated one.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace lw::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  bool complete = false;     // head and the whole announced body arrived
  std::size_t received = 0;  // bytes of this response that arrived (0: nothing at all)

  std::string header(const std::string& name) const;
};

class RawConnection {
 public:
  /// Connects to 127.0.0.1:port; check connected().
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  /// Sends all of `bytes`; false when the peer has closed.
  bool send(const std::string& bytes);
  /// Reads one response; `complete` is false when the connection ended early. A response to
  /// HEAD has no body whatever its Content-Length says: pass `head_request`.
  HttpResponse read_response(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                             bool head_request = false);
  /// The raw bytes received up to and including the first `needle` (a stream's events), or all
  /// that came within `timeout` when it did not.
  std::string read_until(const std::string& needle, std::chrono::milliseconds timeout);
  /// True when the server closes the connection within `timeout` (reads and discards data).
  bool closed_within(std::chrono::milliseconds timeout);
  /// Stops sending (the server sees end of input) but keeps reading.
  void shutdown_send();
  void close();

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);  // reads more into buf_
  int fd_ = -1;
  std::string buf_;
};

/// One request on a fresh connection; Content-Length is added for a body.
HttpResponse request(std::uint16_t port, const std::string& method, const std::string& target,
                     const std::string& body = {},
                     const std::map<std::string, std::string>& headers = {});

}  // namespace lw::testing
