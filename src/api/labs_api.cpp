// Labs and their API keys (检测机构接入与接口密钥): the labs in the caller's registry scope,
// registration by the system admin, sandbox mode, and issuing, rotating and revoking keys
// (identity/lab_connections.hpp). A key's secret appears in the answer that issues it, and
// nowhere else.
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
  auto p = require_user(req);
  if (!p) {
    co_return http::Response::error(req, p.error());
  }
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
          {"created_at", format_utc(lab.created_at)}};
}

void register_lab_routes(http::Router& router, Services& services) {
  auto& labs = services.labs;
  const Clock& clock = services.clock;

  router.add("GET", "/api/v1/labs", [&labs](http::Request& req) -> Task<http::Response> {
    auto p = require_user(req);
    if (!p) {
      co_return http::Response::error(req, p.error());
    }
    co_return respond(req, labs.list(*p), [](const std::vector<storage::LabListing>& ls) {
      boost::json::array items;
      for (const auto& l : ls) {
        auto o = lab_json(l.lab);
        o["active_keys"] = l.active_keys;
        items.push_back(std::move(o));
      }
      return http::Response::json(200, {{"items", std::move(items)}});
    });
  });

  router.add("POST", "/api/v1/labs", [&labs](http::Request& req) -> Task<http::Response> {
    auto p = require_user(req);
    if (!p) {
      co_return http::Response::error(req, p.error());
    }
    auto body = json_body(req);
    if (!body) {
      co_return http::Response::error(req, body.error());
    }
    domain::Lab lab;
    for (auto [field, out] : {std::pair{"lab_code", &lab.lab_code}, std::pair{"name", &lab.name},
                              std::pair{"region_code", &lab.region_code}}) {
      auto v = string_field(*body, field, true);
      if (!v) {
        co_return http::Response::error(req, v.error());
      }
      *out = std::move(*v);
    }
    const service::Caller caller = caller_of(req);
    auto made = co_await labs.register_lab(*p, std::move(lab), caller);
    co_return respond(req, std::move(made), [](const service::Receipted<domain::Lab>& made) {
      auto body = lab_json(made.record);
      body["receipt"] = pending_receipt(made.leaf);
      auto res = http::Response::json(201, std::move(body));
      res.set_header("Location", "/api/v1/labs/" + made.record.lab_code);
      return res;
    });
  });

  router.add("GET", "/api/v1/labs/{code}", [&labs](http::Request& req) -> Task<http::Response> {
    auto use = [&](const identity::Principal& p, const std::string& code) -> Task<http::Response> {
      co_return respond(req, labs.get(p, code), [](const domain::Lab& l) {
        return http::Response::json(200, lab_json(l));
      });
    };
    co_return co_await with_user_and(req, "code", use);
  });

  router.add("PATCH", "/api/v1/labs/{code}", [&labs](http::Request& req) -> Task<http::Response> {
    auto use = [&](const identity::Principal& p, const std::string& code) -> Task<http::Response> {
      auto body = json_body(req);
      if (!body) {
        co_return http::Response::error(req, body.error());
      }
      auto sandbox = bool_field(*body, "sandbox");
      if (!sandbox) {
        co_return http::Response::error(req, sandbox.error());
      }
      if (!*sandbox) {
        co_return http::Response::error(req, field_error("sandbox", "required"));
      }
      auto reason = string_field(*body, "reason", false);
      if (!reason) {
        co_return http::Response::error(req, reason.error());
      }
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
