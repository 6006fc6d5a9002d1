// Connectivity checks (联调自检): a lab — its system signing with its key, or its staff signed
// in — posts one; each caller reads the checks its scope covers.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"

namespace lw::api {
namespace {

boost::json::object to_json(const domain::ConnectivityCheck& c) {
  boost::json::object o{{"id", c.id},
                        {"lab_code", c.lab_code},
                        {"message", c.message},
                        {"received_at", format_utc(c.received_at)},
                        {"received_at_local", format_shanghai(c.received_at)},
                        {"sandbox", c.sandbox}};
  o["client_time"] = c.client_time ? boost::json::value(format_utc(*c.client_time)) : nullptr;
  if (auto skew = domain::clock_skew(c)) {
    o["clock_skew_ms"] = skew->count() / 1000;
  } else {
    o["clock_skew_ms"] = nullptr;
  }
  return o;
}

Result<domain::ConnectivityCheck> decode(const http::Request& req) {
  auto lab = sending_lab(req, identity::Permission::submit_lab_data);
  if (!lab) {
    return std::move(lab).error();
  }
  auto body = json_body(req);
  if (!body) {
    return std::move(body).error();
  }
  domain::ConnectivityCheck c;
  auto stated = string_field(*body, "lab_code", false);
  if (!stated) {
    return std::move(stated).error();
  }
  if (!stated->empty() && *stated != *lab) {
    return Error(std::string(errc::forbidden), "a lab sends checks for itself only",
                 {{"fields", {{"lab_code", "not the caller's lab"}}}});
  }
  auto msg = string_field(*body, "message", false);
  if (!msg) {
    return std::move(msg).error();
  }
  auto t = time_field(*body, "client_time");
  if (!t) {
    return std::move(t).error();
  }
  c.lab_code = std::move(*lab);
  c.message = std::move(*msg);
  c.client_time = *t;
  return c;
}

}  // namespace

void register_connectivity_routes(http::Router& router, Services& services) {
  auto& svc = services.connectivity;

  router.add("POST", "/api/v1/connectivity-checks",
             [&svc](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(check, decode(req));
               const service::Caller caller = caller_of(req);
               auto stored = co_await svc.record(std::move(*check), caller);
               co_return respond(req, std::move(stored),
                                 [](const service::Receipted<domain::ConnectivityCheck>& stored) {
                                   auto body = to_json(stored.record);
                                   body["receipt"] = pending_receipt(stored.leaf);
                                   auto res = http::Response::json(201, std::move(body));
                                   res.set_header("Location", "/api/v1/connectivity-checks/" +
                                                                  std::to_string(stored.record.id));
                                   return res;
                                 });
             });

  router.add("GET", "/api/v1/connectivity-checks/{id}",
             [&svc](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(scope, data_scope_of(req));
               auto found = svc.find(*scope, *id);
               co_return respond(
                   req, std::move(found),
                   [&req](const std::optional<domain::ConnectivityCheck>& c) {
                     return c ? http::Response::json(200, to_json(*c))
                              : http::Response::error(
                                    req, Error(std::string(errc::not_found), "no such check"));
                   });
             });

  router.add("GET", "/api/v1/connectivity-checks",
             [&svc](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(scope, data_scope_of(req));
               LW_API_TRY(limit, int_query(req, "limit", 1, 200, 50));
               const std::string lab(req.query_param("lab_code").value_or(""));
               auto list = svc.recent(*scope, lab, static_cast<int>(*limit));
               co_return respond(req, std::move(list),
                                 [](const std::vector<domain::ConnectivityCheck>& items) {
                                   boost::json::array arr;
                                   for (const auto& c : items) {
                                     arr.push_back(to_json(c));
                                   }
                                   return http::Response::json(200, {{"items", std::move(arr)}});
                                 });
             });
}

}  // namespace lw::api
