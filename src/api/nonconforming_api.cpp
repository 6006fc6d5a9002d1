// The non-conforming ledger (issue 9, JJ-3.6; nonconforming/entries.hpp): listed by region, lab,
// material, period and follow-up status within the caller's scope; followed up by the station.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "core/json_values.hpp"
#include "nonconforming/entries.hpp"

namespace lw::api {
namespace {

boost::json::object entry_json(const storage::Nonconforming& n) {
  boost::system::error_code ec;
  auto detail = boost::json::parse(n.detail, ec);
  return {{"id", n.id},
          {"lab_code", n.lab_code},
          {"sandbox", n.sandbox},
          {"region_code", n.region_code},
          {"project_id", n.project_id},
          {"material", n.material},
          {"item", n.item},
          {"grade", n.grade},
          {"test_id", id_or_null(n.test_id)},
          {"report_id", id_or_null(n.report_id)},
          {"source", n.source},
          {"detail", ec ? boost::json::value(nullptr) : std::move(detail)},
          {"found_at", format_utc(n.found_at)},
          {"status", n.status},
          {"retest_id", id_or_null(n.retest_id)},
          {"handling", n.handling},
          {"handled_by", n.handled_by},
          {"handled_at", time_or_null(n.handled_at)},
          {"notice_id", id_or_null(n.notice_id)},
          {"updated_at", format_utc(n.updated_at)}};
}

// The filter of a list request: region, lab, material, status, period (dates, Asia/Shanghai).
Result<storage::NonconformingFilter> filter_of(const http::Request& req, const std::string& q) {
  storage::NonconformingFilter f;
  f.q = q;
  const auto text = [&req](std::string_view name, std::size_t max) {
    return std::string(req.query_param(name).value_or("")).substr(0, max);
  };
  f.region_code = text("region_code", 12);
  if (!std::all_of(f.region_code.begin(), f.region_code.end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return field_error("region_code", "digits");
  }
  f.lab_code = text("lab_code", 32);
  f.material = text("material", 40);
  f.status = text("status", 10);
  if (!f.status.empty() && f.status != "open" && f.status != "retest" && f.status != "handled") {
    return field_error("status", "open, retest or handled");
  }
  auto from = date_query(req, "from");
  auto to = date_query(req, "to");
  if (!from) {
    return std::move(from).error();
  }
  if (!to) {
    return std::move(to).error();
  }
  if (*from) {
    f.from = domain::shanghai_start_of_day(**from);
  }
  if (*to) {
    f.to = domain::shanghai_start_of_day(**to) + std::chrono::days(1);
  }
  return f;
}

}  // namespace

void register_nonconforming_routes(http::Router& router, Services& services) {
  nonconforming::Entries& entries = services.nonconforming;

  router.add("GET", "/api/v1/nonconforming",
             [&entries](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(scope, data_scope_of(req));
               LW_API_TRY(q, list_query(req));
               LW_API_TRY(filter, filter_of(req, q->q));
               co_return respond(req, entries.list(*scope, *filter, q->page),
                                 [&](const storage::Paged<storage::Nonconforming>& found) {
                                   boost::json::array items;
                                   for (const auto& n : found.items) {
                                     items.push_back(entry_json(n));
                                   }
                                   return http::Response::json(
                                       200, page_json(std::move(items), found.total, q->page));
                                 });
             });

  router.add(
      "GET", "/api/v1/nonconforming/{id}", [&entries](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(scope, data_scope_of(req));
        LW_API_TRY(id, id_param(req, "id"));
        co_return respond(req, entries.get(*scope, *id), [](const storage::Nonconforming& n) {
          return http::Response::json(200, entry_json(n));
        });
      });

  router.add("POST", "/api/v1/nonconforming/{id}/handling",
             [&entries](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(allowed,
                          identity::require(*p, identity::Permission::follow_up_nonconforming));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(handling, text_field(*body, "handling", 1000, true));
               const service::Caller caller = caller_of(req);
               nonconforming::FollowUp input{std::move(*handling)};
               const domain::Scope scope = identity::data_scope(*p);
               auto done = co_await entries.handle(scope, *id, std::move(input), caller);
               co_return respond(req, std::move(done),
                                 [](const service::Receipted<storage::Nonconforming>& m) {
                                   auto body = entry_json(m.record);
                                   body["receipt"] = pending_receipt(m.leaf);
                                   return http::Response::json(200, std::move(body));
                                 });
             });
}

}  // namespace lw::api
