#include "http/middleware.hpp"

#include <chrono>

#include "core/log.hpp"
#include "core/metrics.hpp"

namespace lw::http {

Middleware access_log(Metrics& metrics) {
  return [&metrics](Request& req, const Handler& next) -> Task<Response> {
    const auto start = std::chrono::steady_clock::now();
    Response res = co_await next(req);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string route = req.route.empty() ? "unmatched" : req.route;
    metrics.http_requests.inc({req.method, route, std::to_string(res.status)});
    metrics.http_duration.observe({route}, secs);
    boost::json::object fields{{"request_id", req.request_id},
                               {"peer", req.peer},
                               {"method", req.method},
                               {"path", req.path},
                               {"route", route},
                               {"status", res.status},
                               {"duration_ms", secs * 1000},
                               {"bytes", res.body.size()}};
    if (!req.tcp_peer.empty() && req.tcp_peer != req.peer) {
      fields["proxy"] = req.tcp_peer;  // peer came from the proxy's X-Forwarded-For
    }
    log::info("http_request", std::move(fields));
    co_return res;
  };
}

Middleware recover() {
  return [](Request& req, const Handler& next) -> Task<Response> {
    std::string what;
    try {
      co_return co_await next(req);
    } catch (const std::exception& e) {
      what = e.what();
    }
    log::error("handler_failed", {{"request_id", req.request_id}, {"error", what}});
    co_return Response::error(req, Error(std::string(errc::internal), what));
  };
}

}  // namespace lw::http
