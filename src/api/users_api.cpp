// User and role administration (用户与角色管理): the role list, accounts in the caller's
// account scope, and the changes each admin duty may make (identity/account_admin.hpp).
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "identity/access.hpp"

namespace lw::api {
namespace {

boost::json::object user_json(const identity::User& u, Instant now) {
  return {
      {"id", u.id},
      {"login", u.login},
      {"display_name", u.display_name},
      {"role", identity::role_name(u.role)},
      {"region_code", optional_json(u.region_code)},
      {"lab_code", optional_json(u.lab_code)},
      {"disabled", u.disabled},
      {"locked_until", identity::is_locked(u, now) ? boost::json::value(format_utc(*u.locked_until))
                                                   : boost::json::value(nullptr)},
      {"must_change_password", u.must_change_password},
      {"totp_enrolled", u.totp_secret_sealed.has_value()},
      {"created_at", format_utc(u.created_at)}};
}

Result<identity::Role> role_value(std::string_view name, std::string_view field) {
  if (auto r = identity::parse_role(name)) {
    return *r;
  }
  return field_error(field, "unknown role");
}

// {"role": "…"} or {"roles": ["…"]}, with region_code and lab_code.
Result<identity::RoleAssignment> decode_assignment(const boost::json::object& body) {
  identity::RoleAssignment a;
  if (const auto* roles = body.if_contains("roles")) {
    if (!roles->is_array()) {
      return field_error("roles", "an array of role names");
    }
    for (const auto& r : roles->as_array()) {
      if (!r.is_string()) {
        return field_error("roles", "an array of role names");
      }
      auto role = role_value(r.as_string(), "roles");
      if (!role) {
        return std::move(role).error();
      }
      a.roles.push_back(*role);
    }
  } else {
    auto name = string_field(body, "role", true);
    if (!name) {
      return std::move(name).error();
    }
    auto role = role_value(*name, "role");
    if (!role) {
      return std::move(role).error();
    }
    a.roles.push_back(*role);
  }
  auto region = optional_string_field(body, "region_code");
  if (!region) {
    return std::move(region).error();
  }
  auto lab = optional_string_field(body, "lab_code");
  if (!lab) {
    return std::move(lab).error();
  }
  a.region_code = std::move(*region);
  a.lab_code = std::move(*lab);
  return a;
}

Result<identity::NewUser> decode_new_user(const http::Request& req) {
  auto body = json_body(req);
  if (!body) {
    return std::move(body).error();
  }
  auto assignment = decode_assignment(*body);
  if (!assignment) {
    return std::move(assignment).error();
  }
  auto role = identity::single_role(assignment->roles);
  if (!role) {
    return std::move(role).error();
  }
  identity::NewUser spec;
  for (auto [field, out] :
       {std::pair{"login", &spec.login}, std::pair{"display_name", &spec.display_name},
        std::pair{"password", &spec.password}}) {
    auto v = string_field(*body, field, true);
    if (!v) {
      return std::move(v).error();
    }
    *out = std::move(*v);
  }
  spec.role = *role;
  spec.region_code = std::move(assignment->region_code);
  spec.lab_code = std::move(assignment->lab_code);
  auto person = int_field(*body, "person_id");
  if (!person) {
    return std::move(person).error();
  }
  spec.person_id = *person;
  return spec;
}

// Runs `use` with the signed-in user and the {id} of the path, or answers the error. `use` is
// taken by reference: it must outlive the call (no temporaries in a co_await, GCC 12).
template <class F>
Task<http::Response> with_user_and_id(http::Request& req, F& use) {
  LW_API_TRY(p, require_user(req));
  LW_API_TRY(id, id_param(req, "id"));
  co_return co_await use(*p, *id);
}

}  // namespace

void register_user_routes(http::Router& router, Services& services) {
  auto& admin = services.accounts;
  const Clock& clock = services.clock;

  router.add("GET", "/api/v1/roles", [](http::Request& req) -> Task<http::Response> {
    if (auto p = require_user(req); !p) {
      co_return http::Response::error(req, p.error());
    }
    boost::json::array items;
    for (const auto& info : identity::role_catalogue()) {
      items.push_back({{"role", identity::role_name(info.role)},
                       {"name_zh", info.name_zh},
                       {"name_en", info.name_en},
                       {"admin", identity::is_admin_role(info.role)},
                       {"requires_totp", identity::role_requires_totp(info.role)},
                       {"scope", info.scope}});
    }
    co_return http::Response::json(200, {{"items", std::move(items)}});
  });

  router.add("GET", "/api/v1/users", [&admin, &clock](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    identity::UserFilter filter;
    if (auto role = req.query_param("role"); role && !role->empty()) {
      LW_API_TRY(r, role_value(*role, "role"));
      filter.role = *r;
    }
    filter.text = std::string(req.query_param("q").value_or(""));
    LW_API_TRY(limit, int_query(req, "limit", 1, 500, 200));
    filter.limit = static_cast<int>(*limit);
    const Instant now = clock.now();
    co_return respond(req, admin.list(*p, filter), [now](const std::vector<identity::User>& us) {
      boost::json::array items;
      for (const auto& u : us) {
        items.push_back(user_json(u, now));
      }
      return http::Response::json(200, {{"items", std::move(items)}});
    });
  });

  router.add(
      "GET", "/api/v1/users/{id}", [&admin, &clock](http::Request& req) -> Task<http::Response> {
        auto use = [&](const identity::Principal& p, std::int64_t id) -> Task<http::Response> {
          co_return respond(req, admin.get(p, id), [&](const identity::User& u) {
            return http::Response::json(200, user_json(u, clock.now()));
          });
        };
        co_return co_await with_user_and_id(req, use);
      });

  router.add("POST", "/api/v1/users", [&admin, &clock](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(spec, decode_new_user(req));
    const service::Caller caller = caller_of(req);
    auto made = co_await admin.create(*p, std::move(*spec), caller);
    co_return respond(req, std::move(made), [&](const identity::User& u) {
      auto res = http::Response::json(201, user_json(u, clock.now()));
      res.set_header("Location", "/api/v1/users/" + std::to_string(u.id));
      return res;
    });
  });

  router.add(
      "PATCH", "/api/v1/users/{id}", [&admin, &clock](http::Request& req) -> Task<http::Response> {
        auto use = [&](const identity::Principal& p, std::int64_t id) -> Task<http::Response> {
          LW_API_TRY(body, json_body(req));
          identity::ProfileChange change;
          LW_API_TRY(name, optional_string_field(*body, "display_name"));
          LW_API_TRY(disabled, bool_field(*body, "disabled"));
          change.display_name = std::move(*name);
          change.disabled = *disabled;
          const service::Caller caller = caller_of(req);
          auto done = co_await admin.update(p, id, std::move(change), caller);
          co_return respond(req, std::move(done), [&](const identity::User& u) {
            return http::Response::json(200, user_json(u, clock.now()));
          });
        };
        co_return co_await with_user_and_id(req, use);
      });

  router.add(
      "POST", "/api/v1/users/{id}/password", [&admin](http::Request& req) -> Task<http::Response> {
        auto use = [&](const identity::Principal& p, std::int64_t id) -> Task<http::Response> {
          LW_API_TRY(body, json_body(req));
          LW_API_TRY(password, string_field(*body, "password", true));
          const service::Caller caller = caller_of(req);
          auto st = co_await admin.reset_password(p, id, std::move(*password), caller);
          co_return st ? no_content() : http::Response::error(req, st.error());
        };
        co_return co_await with_user_and_id(req, use);
      });

  router.add(
      "POST", "/api/v1/users/{id}/unlock", [&admin](http::Request& req) -> Task<http::Response> {
        auto use = [&](const identity::Principal& p, std::int64_t id) -> Task<http::Response> {
          const service::Caller caller = caller_of(req);
          auto st = co_await admin.unlock(p, id, caller);
          co_return st ? no_content() : http::Response::error(req, st.error());
        };
        co_return co_await with_user_and_id(req, use);
      });

  router.add("PUT", "/api/v1/users/{id}/role",
             [&admin, &clock](http::Request& req) -> Task<http::Response> {
               auto use = [&](const identity::Principal& p,
                              std::int64_t id) -> Task<http::Response> {
                 LW_API_TRY(body, json_body(req));
                 LW_API_TRY(assignment, decode_assignment(*body));
                 const service::Caller caller = caller_of(req);
                 auto done = co_await admin.assign_role(p, id, std::move(*assignment), caller);
                 co_return respond(req, std::move(done), [&](const identity::User& u) {
                   return http::Response::json(200, user_json(u, clock.now()));
                 });
               };
               co_return co_await with_user_and_id(req, use);
             });
}

}  // namespace lw::api
