// Labs and their API keys (检测机构接入与接口密钥): the labs in the caller's registry scope with
// their connection status (paged, searchable), registration by the system admin under a
// platform-assigned unified lab code (JJ-3.5), sandbox mode, and issuing, rotating and revoking
// keys (identity/lab_connections.hpp). A key's secret appears in the answer that issues it, and
// nowhere else.
#include <tuple>

#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"

namespace lw::api {
namespace {

boost::json::object key_json(const identity::LabKeyInfo& k, Instant now) {
  return {{"key_id", k.key_id},
          {"lab_code", k.lab_code},
          {"created_at", format_utc(k.created_at)},
          {"revoked_at", k.revoked_at && *k.revoked_at <= now
                             ? boost::json::value(format_utc(*k.revoked_at))
                             : boost::json::value(nullptr)},
          {"expires_at", k.revoked_at && *k.revoked_at > now
                             ? boost::json::value(format_utc(*k.revoked_at))
                             : boost::json::value(nullptr)},
          {"state", identity::key_state(k, now)}};
}

boost::json::object issued_json(const identity::IssuedLabKey& k) {
  return {{"key_id", k.key_id},
          {"lab_code", k.lab_code},
          {"secret", k.secret_hex},
          {"created_at", format_utc(k.created_at)}};
}

// Runs `use` with the signed-in user and the path parameter `name`, or answers the error.
// `use` is taken by reference: it must outlive the call (no temporaries in a co_await, GCC 12).
template <class F>
Task<http::Response> with_user_and(http::Request& req, std::string_view name, F& use) {
  LW_API_TRY(p, require_user(req));
  const auto it = req.params.find(name);
  const std::string value = it == req.params.end() ? std::string() : it->second;
  co_return co_await use(*p, value);
}

}  // namespace

boost::json::object lab_json(const domain::Lab& lab) {
  return {{"lab_code", lab.lab_code},
          {"name", lab.name},
          {"region_code", lab.region_code},
          {"sandbox", lab.sandbox},
          {"created_at", format_utc(lab.created_at)},
          {"credit_code", lab.credit_code},
          {"credit_override", optional_json(lab.credit_override)},
          {"address", lab.address},
          {"contact_name", lab.contact_name},
          {"contact_phone", lab.contact_phone},
          {"technical_lead", lab.technical_lead},
          {"home_region_code", lab.home_region_code},
          {"out_of_province", domain::out_of_province(lab)}};
}

boost::json::object lab_listing_json(const storage::LabListing& l, Instant now) {
  auto o = lab_json(l.lab);
  o["active_keys"] = l.active_keys;
  o["last_sent_at"] = l.last_sent ? boost::json::value(format_utc(*l.last_sent)) : nullptr;
  o["connection_status"] = domain::connection_status(l.active_keys, l.last_sent, now);
  return o;
}

namespace {

/// The registered facts of a new lab from a registration body. The platform assigns the code:
/// a body naming lab_code is refused.
Result<domain::Lab> registration(const boost::json::object& body) {
  if (body.contains("lab_code")) {
    return field_error("lab_code", "assigned by the platform (JJ-3.5): leave it out");
  }
  domain::Lab lab;
  for (auto [field, out, required] :
       {std::tuple{"name", &lab.name, true}, std::tuple{"region_code", &lab.region_code, true},
        std::tuple{"credit_code", &lab.credit_code, true},
        std::tuple{"address", &lab.address, false},
        std::tuple{"contact_name", &lab.contact_name, false},
        std::tuple{"contact_phone", &lab.contact_phone, false},
        std::tuple{"technical_lead", &lab.technical_lead, false},
        std::tuple{"home_region_code", &lab.home_region_code, false}}) {
    auto v = string_field(body, field, required);
    if (!v) {
      return std::move(v).error();
    }
    *out = std::move(*v);
  }
  auto override_reason = optional_string_field(body, "credit_override");
  if (!override_reason) {
    return std::move(override_reason).error();
  }
  lab.credit_override = std::move(*override_reason);
  return lab;
}

/// The lab list's filter: ?q=&offset=&limit= plus ?region= (a GB/T 2260 code) and ?status=.
Result<storage::LabFilter> lab_filter(const http::Request& req) {
  auto q = list_query(req);
  if (!q) {
    return std::move(q).error();
  }
  storage::LabFilter f{std::move(q->q), {}, {}, q->page};
  if (auto region = req.query_param("region"); region && !region->empty()) {
    if (!domain::valid_region_code(*region)) {
      return field_error("region", domain::kRegionCodeRule);
    }
    f.region = std::string(*region);
  }
  if (auto status = req.query_param("status"); status && !status->empty()) {
    if (!domain::valid_connection_status(*status)) {
      return field_error("status", "connected, keys_only or not_connected");
    }
    f.status = std::string(*status);
  }
  return f;
}

}  // namespace

void register_lab_routes(http::Router& router, Services& services) {
  auto& labs = services.labs;
  const Clock& clock = services.clock;

  router.add("GET", "/api/v1/labs", [&labs, &clock](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(filter, lab_filter(req));
    const Instant now = clock.now();
    co_return respond(
        req, labs.list(*p, *filter), [&](const storage::Paged<storage::LabListing>& ls) {
          boost::json::array items;
          for (const auto& l : ls.items) {
            items.push_back(lab_listing_json(l, now));
          }
          return http::Response::json(200, page_json(std::move(items), ls.total, filter->page));
        });
  });

  router.add("POST", "/api/v1/labs", [&labs](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(body, json_body(req));
    LW_API_TRY(lab, registration(*body));
    const service::Caller caller = caller_of(req);
    auto made = co_await labs.register_lab(*p, std::move(*lab), caller);
    co_return respond(req, std::move(made), [](const service::Receipted<domain::Lab>& made) {
      auto body = lab_json(made.record);
      body["receipt"] = pending_receipt(made.leaf);
      auto res = http::Response::json(201, std::move(body));
      res.set_header("Location", "/api/v1/labs/" + made.record.lab_code);
      return res;
    });
  });

  router.add("GET", "/api/v1/labs/{code}",
             [&labs, &clock](http::Request& req) -> Task<http::Response> {
               auto use = [&](const identity::Principal& p,
                              const std::string& code) -> Task<http::Response> {
                 const Instant now = clock.now();
                 co_return respond(req, labs.listing(p, code), [now](const storage::LabListing& l) {
                   return http::Response::json(200, lab_listing_json(l, now));
                 });
               };
               co_return co_await with_user_and(req, "code", use);
             });

  router.add("PATCH", "/api/v1/labs/{code}", [&labs](http::Request& req) -> Task<http::Response> {
    auto use = [&](const identity::Principal& p, const std::string& code) -> Task<http::Response> {
      LW_API_TRY(body, json_body(req));
      LW_API_TRY(sandbox, bool_field(*body, "sandbox"));
      if (!*sandbox) {
        co_return http::Response::error(req, field_error("sandbox", "required"));
      }
      LW_API_TRY(reason, string_field(*body, "reason", false));
      const service::Caller caller = caller_of(req);
      auto done = co_await labs.set_sandbox(p, code, **sandbox, std::move(*reason), caller);
      co_return respond(req, std::move(done), [](const service::Receipted<domain::Lab>& done) {
        auto body = lab_json(done.record);
        body["receipt"] = pending_receipt(done.leaf);
        return http::Response::json(200, std::move(body));
      });
    };
    co_return co_await with_user_and(req, "code", use);
  });

  router.add("GET", "/api/v1/labs/{code}/keys",
             [&labs, &clock](http::Request& req) -> Task<http::Response> {
               auto use = [&](const identity::Principal& p,
                              const std::string& code) -> Task<http::Response> {
                 const Instant now = clock.now();
                 co_return respond(
                     req, labs.keys(p, code), [now](const std::vector<identity::LabKeyInfo>& ks) {
                       boost::json::array items;
                       for (const auto& k : ks) {
                         items.push_back(key_json(k, now));
                       }
                       return http::Response::json(200, {{"items", std::move(items)}});
                     });
               };
               co_return co_await with_user_and(req, "code", use);
             });

  router.add("POST", "/api/v1/labs/{code}/keys",
             [&labs](http::Request& req) -> Task<http::Response> {
               auto use = [&](const identity::Principal& p,
                              const std::string& code) -> Task<http::Response> {
                 const service::Caller caller = caller_of(req);
                 auto issued = co_await labs.issue_key(p, code, caller);
                 co_return respond(req, std::move(issued), [](const identity::IssuedLabKey& k) {
                   auto res = http::Response::json(201, issued_json(k));
                   res.set_header("Cache-Control", "no-store");
                   return res;
                 });
               };
               co_return co_await with_user_and(req, "code", use);
             });

  router.add("POST", "/api/v1/lab-keys/{key_id}/rotate",
             [&labs](http::Request& req) -> Task<http::Response> {
               auto use = [&](const identity::Principal& p,
                              const std::string& key_id) -> Task<http::Response> {
                 const service::Caller caller = caller_of(req);
                 auto rotated = co_await labs.rotate_key(p, key_id, caller);
                 co_return respond(req, std::move(rotated), [](const identity::RotatedLabKey& r) {
                   auto o = issued_json(r.issued);
                   o["replaces"] = r.replaces;
                   o["old_key_expires_at"] = format_utc(r.old_key_expires_at);
                   auto res = http::Response::json(201, std::move(o));
                   res.set_header("Cache-Control", "no-store");
                   return res;
                 });
               };
               co_return co_await with_user_and(req, "key_id", use);
             });

  router.add(
      "POST", "/api/v1/lab-keys/{key_id}/revoke",
      [&labs](http::Request& req) -> Task<http::Response> {
        auto use = [&](const identity::Principal& p,
                       const std::string& key_id) -> Task<http::Response> {
          const service::Caller caller = caller_of(req);
          auto revoked = co_await labs.revoke_key(p, key_id, caller);
          co_return respond(req, std::move(revoked), [&key_id](Instant at) {
            return http::Response::json(200, {{"key_id", key_id}, {"revoked_at", format_utc(at)}});
          });
        };
        co_return co_await with_user_and(req, "key_id", use);
      });
}

}  // namespace lw::api
