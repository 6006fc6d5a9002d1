// The notification centre and webhook endpoints (issue 9, JJ-3.6; notify/notifications.hpp,
// docs/reports.md "Notifications and webhooks"). An endpoint's secret is in the answer that
// creates it and nowhere else.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "core/json_values.hpp"
#include "notify/notifications.hpp"

namespace lw::api {
namespace {

using notify::Notifications;

boost::json::object notice_json(const notify::StoredNotice& n) {
  boost::json::error_code ec;
  boost::json::value body = boost::json::parse(n.body, ec);
  return {{"id", n.id},
          {"kind", n.kind},
          {"subject", n.subject},
          {"title_zh", n.title_zh},
          {"title_en", n.title_en},
          {"body", ec ? boost::json::value(boost::json::object{}) : std::move(body)},
          {"lab_code", n.lab_code},
          {"sandbox", n.sandbox},
          {"created_at", format_utc(n.created_at)},
          {"read", n.read_at.has_value()},
          {"read_at", time_or_null(n.read_at)}};
}

boost::json::object endpoint_json(const notify::Endpoint& e) {
  return {
      {"id", e.id},
      {"owner_kind", e.owner_kind},
      {"owner_id", e.owner_id},
      {"region_code", e.region_code},
      {"url", e.url},
      {"description", e.description},
      {"active", e.active},
      {"created_by", e.created_by},
      {"created_at", format_utc(e.created_at)},
      {"deactivated_by", e.deactivated_by.empty() ? boost::json::value(nullptr)
                                                  : boost::json::value(e.deactivated_by)},
      {"deactivated_at", time_or_null(e.deactivated_at)},
      {"deliveries", {{"pending", e.pending}, {"delivered", e.delivered}, {"failed", e.failed}}}};
}

boost::json::object delivery_json(const notify::Delivery& d) {
  boost::json::array log;
  for (const auto& a : d.log) {
    log.push_back({{"attempt", a.attempt},
                   {"at", format_utc(a.at)},
                   {"status_code", a.status_code ? boost::json::value(*a.status_code)
                                                 : boost::json::value(nullptr)},
                   {"error", a.error},
                   {"duration_ms", a.duration_ms}});
  }
  return {{"id", d.id},
          {"delivery_id", d.delivery_key},
          {"endpoint_id", d.endpoint_id},
          {"notice_id", d.notice_id},
          {"event", d.event},
          {"status", d.status},
          {"attempts", d.attempts},
          {"next_attempt_at", time_or_null(d.next_attempt_at)},
          {"last_status_code", d.last_status_code ? boost::json::value(*d.last_status_code)
                                                  : boost::json::value(nullptr)},
          {"last_error", d.last_error},
          {"created_at", format_utc(d.created_at)},
          {"delivered_at", time_or_null(d.delivered_at)},
          {"log", std::move(log)}};
}

// The owner of a new endpoint: owner_kind, and owner_id as a string (a region code) or a number
// (an organisation id).
Result<notify::NewEndpoint> new_endpoint(const boost::json::object& body) {
  notify::NewEndpoint e;
  auto kind = string_field(body, "owner_kind", true);
  if (!kind) {
    return std::move(kind).error();
  }
  if (*kind != "region" && *kind != "organisation") {
    return field_error("owner_kind", "region or organisation");
  }
  e.owner_kind = std::move(*kind);
  const auto* owner = body.if_contains("owner_id");
  if (owner && owner->is_int64() && owner->as_int64() > 0) {
    e.owner_id = std::to_string(owner->as_int64());
  } else if (owner && owner->is_string() && owner->as_string().size() <= 20) {
    e.owner_id = std::string(owner->as_string());
  } else {
    return field_error("owner_id", "a region code or an organisation id");
  }
  auto url = text_field(body, "url", 500, true);
  if (!url) {
    return std::move(url).error();
  }
  e.url = std::move(*url);
  auto description = text_field(body, "description", 200, false);
  if (!description) {
    return std::move(description).error();
  }
  e.description = std::move(*description);
  return e;
}

void register_inbox_routes(http::Router& router, Notifications& notes) {
  router.add("GET", "/api/v1/notifications", [&notes](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(q, list_query(req));
    LW_API_TRY(unread, flag_query(req, "unread"));
    const notify::InboxFilter filter{unread->value_or(false)};
    co_return respond(
        req, notes.inbox(*p, filter, q->page), [&](const storage::Paged<notify::StoredNotice>& ns) {
          boost::json::array items;
          for (const auto& n : ns.items) {
            items.push_back(notice_json(n));
          }
          return http::Response::json(200, page_json(std::move(items), ns.total, q->page));
        });
  });

  router.add("GET", "/api/v1/notifications/unread-count",
             [&notes](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               co_return respond(req, notes.unread(*p), [](std::int64_t n) {
                 return http::Response::json(200, boost::json::object{{"unread", n}});
               });
             });

  router.add("POST", "/api/v1/notifications/{id}/read",
             [&notes](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               auto done = co_await notes.mark_read(*p, *id);
               co_return respond(req, std::move(done), [](const notify::StoredNotice& n) {
                 return http::Response::json(200, notice_json(n));
               });
             });

  router.add("POST", "/api/v1/notifications/read-all",
             [&notes](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               auto done = co_await notes.mark_all_read(*p);
               co_return respond(req, std::move(done), [](std::int64_t n) {
                 return http::Response::json(200, boost::json::object{{"marked", n}});
               });
             });
}

void register_webhook_routes(http::Router& router, Notifications& notes) {
  router.add("GET", "/api/v1/webhooks", [&notes](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(q, list_query(req));
    LW_API_TRY(active, flag_query(req, "active"));
    const notify::EndpointFilter filter{*active, q->q};
    co_return respond(
        req, notes.endpoints(*p, filter, q->page), [&](const storage::Paged<notify::Endpoint>& es) {
          boost::json::array items;
          for (const auto& e : es.items) {
            items.push_back(endpoint_json(e));
          }
          return http::Response::json(200, page_json(std::move(items), es.total, q->page));
        });
  });

  router.add("POST", "/api/v1/webhooks", [&notes](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(body, json_body(req));
    LW_API_TRY(e, new_endpoint(*body));
    const service::Caller caller = caller_of(req);
    auto made = co_await notes.create_endpoint(*p, std::move(*e), caller);
    co_return respond(req, std::move(made), [](const notify::CreatedEndpoint& m) {
      auto body = endpoint_json(m.endpoint);
      body["secret"] = m.secret;
      auto res = http::Response::json(201, std::move(body));
      res.set_header("Location", "/api/v1/webhooks/" + std::to_string(m.endpoint.id));
      return res;
    });
  });

  router.add("DELETE", "/api/v1/webhooks/{id}",
             [&notes](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               const service::Caller caller = caller_of(req);
               auto done = co_await notes.deactivate_endpoint(*p, *id, caller);
               co_return respond(req, std::move(done), [](const notify::Endpoint& e) {
                 return http::Response::json(200, endpoint_json(e));
               });
             });

  router.add("POST", "/api/v1/webhooks/{id}/test",
             [&notes](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               const service::Caller caller = caller_of(req);
               auto done = co_await notes.test_endpoint(*p, *id, caller);
               co_return respond(req, std::move(done), [](const notify::Delivery& d) {
                 return http::Response::json(202, delivery_json(d));
               });
             });

  router.add("GET", "/api/v1/webhooks/{id}/deliveries",
             [&notes](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(q, list_query(req));
               LW_API_TRY(status, token_query(req, "status", {"pending", "delivered", "failed"}));
               const notify::DeliveryFilter filter{*status};
               co_return respond(req, notes.deliveries(*p, *id, filter, q->page),
                                 [&](const storage::Paged<notify::Delivery>& ds) {
                                   boost::json::array items;
                                   for (const auto& d : ds.items) {
                                     items.push_back(delivery_json(d));
                                   }
                                   return http::Response::json(
                                       200, page_json(std::move(items), ds.total, q->page));
                                 });
             });
}

}  // namespace

void register_notification_routes(http::Router& router, Services& services) {
  register_inbox_routes(router, services.notifications);
  register_webhook_routes(router, services.notifications);
}

}  // namespace lw::api
