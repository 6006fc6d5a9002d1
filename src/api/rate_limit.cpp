// Rate limits at the HTTP edge (限流, issue 3 item 7): sign-in attempts per account and per
// client address before the login handler runs (a refused attempt never reaches the password
// check), and anonymous /api/ requests per client address. 429 rate_limited with Retry-After.
#include <boost/json.hpp>

#include "api/routes.hpp"
#include "core/log.hpp"
#include "identity/identity.hpp"

namespace lw::api {
namespace {

constexpr std::string_view kLoginPath = "/api/v1/auth/login";

// The account a sign-in request names, normalised as sign-in does; empty when the body names
// none that could be an account (the handler then refuses it; only the address counts).
std::string attempted_login(const http::Request& req) {
  boost::system::error_code ec;
  const boost::json::value body = boost::json::parse(req.body, ec);
  if (ec || !body.is_object()) {
    return {};
  }
  const auto* login = body.as_object().if_contains("login");
  if (login == nullptr || !login->is_string()) {
    return {};
  }
  std::string normalized = identity::normalize_login(login->as_string());
  return identity::validate_login(normalized) ? normalized : std::string();
}

http::Response refuse(const http::Request& req, const Error& err) {
  auto res = http::Response::error(req, err);
  if (const auto* retry = err.details.if_contains("retry_after_seconds")) {
    res.set_header("Retry-After", std::to_string(retry->as_int64()));
  }
  return res;
}

}  // namespace

http::Middleware rate_limit(service::RateLimiter& limiter) {
  return [&limiter](http::Request& req, const http::Handler& next) -> Task<http::Response> {
    if (!req.path.starts_with("/api/")) {
      co_return co_await next(req);  // pages, files and the ops probes: no limit
    }
    if (req.method == "POST" && req.path == kLoginPath) {
      std::string login = attempted_login(req);
      service::Caller caller = caller_of(req);
      const Status st = co_await limiter.login_attempt(std::move(login), std::move(caller));
      if (!st) {
        co_return refuse(req, st.error());  // over a limit, or the count could not be stored
      }
      co_return co_await next(req);
    }
    if (signed_in(req) || lab_client(req)) {
      co_return co_await next(req);
    }
    std::string address = req.peer;
    const Status st = co_await limiter.public_request(std::move(address));
    if (!st) {
      if (st.error().code == errc::rate_limited) {
        co_return refuse(req, st.error());
      }
      // The count could not be stored: serve the request rather than fail every anonymous read
      // while the database refuses writes.
      log::warn("rate_limit_not_counted",
                {{"request_id", req.request_id}, {"code", st.error().code}});
    }
    co_return co_await next(req);
  };
}

}  // namespace lw::api
