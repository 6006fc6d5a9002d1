// Operations endpoints: liveness, readiness, metrics, and the API manual.
#include <boost/json.hpp>

#include "api/routes.hpp"
#include "core/version.hpp"
#include "storage/migrations.hpp"

namespace lw::api {

void register_ops_routes(http::Router& router, Services& services) {
  router.add("GET", "/healthz", [](http::Request&) -> Task<http::Response> {
    co_return http::Response::json(200, {{"status", "ok"}, {"version", kVersion}});
  });

  router.add("GET", "/readyz", [&services](http::Request&) -> Task<http::Response> {
    boost::json::object body{{"database", storage::engine_name(services.db.engine())}};
    auto conn = services.db.acquire();
    Result<storage::SchemaState> state =
        conn ? storage::schema_state(**conn) : Result<storage::SchemaState>(conn.error());
    if (!state) {
      services.metrics.db_errors.inc(
          {std::string(storage::engine_name(services.db.engine())), "ready"});
      body["status"] = "not_ready";
      body["reason"] = "database unreachable";
      co_return http::Response::json(503, body);
    }
    body["schema_version"] = state->current;
    body["latest_schema_version"] = state->latest;
    body["status"] = state->up_to_date() ? "ready" : "not_ready";
    if (!state->up_to_date()) {
      body["reason"] = "migrations pending";
    }
    co_return http::Response::json(state->up_to_date() ? 200 : 503, body);
  });

  router.add("GET", "/metrics", [&services](http::Request&) -> Task<http::Response> {
    co_return http::Response::text(200, services.metrics.render(),
                                   "text/plain; version=0.0.4; charset=utf-8");
  });

  router.add("GET", "/api/v1/openapi.yaml", [](http::Request&) -> Task<http::Response> {
    auto res =
        http::Response::text(200, std::string(openapi_spec()), "application/yaml; charset=utf-8");
    res.set_header("Content-Disposition", "inline; filename=\"labwatch-openapi.yaml\"");
    res.set_header("Cache-Control", "no-cache");
    co_return res;
  });
}

}  // namespace lw::api
