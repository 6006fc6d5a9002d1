#pragma once
// The request and response as handlers see them: plain values with no Beast types, so that
// only the server's own files pay for Beast's headers.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/fwd.hpp>

#include "core/byte_source.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/task.hpp"

namespace lw::http {

using lw::Task;

struct Request {
  std::string method;                                        // upper case, e.g. "GET"
  std::string target;                                        // as sent: path and query
  std::string path;                                          // percent-decoded path
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::map<std::string, std::string, std::less<>> params;    // from the route pattern
  std::string body;                                          // buffered routes
  ByteSource* body_stream = nullptr;                         // streamed routes
  std::string route;  // the matched pattern, e.g. /api/v1/blobs/{sha256}
  std::string request_id;
  /// Who signed in, set by the session middleware (an identity::Principal; api/auth_api.cpp
  /// is the one place that writes and reads it). Null for anonymous callers.
  std::shared_ptr<const void> principal;
  /// The lab system whose signed request this is, set by the lab signature middleware (an
  /// api::LabClient; api/lab_signature.cpp writes it, api/routes.cpp reads it). Null otherwise.
  std::shared_ptr<const void> lab_client;
  /// The client's address: the TCP peer, or the client a trusted proxy names in
  /// X-Forwarded-For (http/trusted_proxies.hpp). What rate limits, the audit trail and the logs
  /// use.
  std::string peer;
  /// The TCP peer itself: the proxy's address when peer came from X-Forwarded-For.
  std::string tcp_peer;
  Instant received_at{};

  /// The first header of that (lower-case) name, or empty.
  std::string_view header(std::string_view name) const;
  /// The first query parameter of that name, if present.
  std::optional<std::string_view> query_param(std::string_view name) const;
  /// True when Accept-Language prefers English over Chinese.
  bool prefers_english() const;
};

/// A response body produced over time (server-sent events): the server writes the head, then
/// every chunk next() gives, until it gives none, the client goes away or the server stops.
class EventStream {
 public:
  virtual ~EventStream() = default;
  /// The next chunk of the body; none ends it. Called on the connection's executor.
  virtual Task<std::optional<std::string>> next() = 0;
  /// Makes next() give none soon (the server is stopping). Callable from any thread.
  virtual void close() = 0;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string file_path;                // when set, the body is this file, sent from disk
  std::shared_ptr<EventStream> events;  // when set, the body is this stream (chunked)

  void set_header(std::string name, std::string value);
  std::string_view header(std::string_view name) const;

  static Response json(int status, const boost::json::value& body);
  static Response text(int status, std::string body, std::string content_type);
  /// The error envelope {code, message, details, request_id} in the caller's language.
  static Response error(const Request& req, const Error& err);
};

using Handler = std::function<Task<Response>(Request&)>;
/// Wraps a handler: may answer itself or call `next`.
using Middleware = std::function<Task<Response>(Request&, const Handler& next)>;

}  // namespace lw::http
