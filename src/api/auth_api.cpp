// Sign-in (登录): login with password and TOTP, the current user, logout, password change; and
// the middleware that turns the session cookie of each API request into the signed-in user.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "core/text.hpp"
#include "crypto/hmac.hpp"

namespace lw::api {
namespace {

constexpr std::string_view kCookieName = "lw_session";

// No Secure attribute yet: the server speaks plain HTTP on 127.0.0.1 until TLS lands.
std::string session_cookie(std::string_view token) {
  return std::string(kCookieName) + "=" + std::string(token) +
         "; Path=/; HttpOnly; SameSite=Strict";
}

std::string cleared_cookie() {
  return std::string(kCookieName) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
}

bool state_changing(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

boost::json::object user_json(const identity::Principal& p) {
  return {{"id", p.user_id},
          {"login", p.login},
          {"display_name", p.display_name},
          {"role", identity::role_name(p.role)},
          {"region_code", optional_json(p.region_code)},
          {"lab_code", optional_json(p.lab_code)},
          {"must_change_password", p.must_change_password},
          {"totp_enrolled", p.totp_enrolled},
          {"totp_enrolment_required", p.totp_enrolment_required}};
}

// While a password change or a TOTP enrolment is due, a session may do only these.
bool allowed_while_restricted(std::string_view path) {
  return path == "/api/v1/auth/me" || path == "/api/v1/auth/logout" ||
         path == "/api/v1/auth/password" || path.starts_with("/api/v1/auth/totp/");
}

std::optional<Error> restriction(const identity::Principal& p, std::string_view path) {
  if (allowed_while_restricted(path)) {
    return std::nullopt;
  }
  if (p.must_change_password) {
    return Error(std::string(errc::password_change_required), "change the password first",
                 {{"path", "/api/v1/auth/password"}});
  }
  if (p.totp_enrolment_required) {
    return Error(std::string(errc::totp_enrolment_required), "enrol an authenticator first",
                 {{"path", "/api/v1/auth/totp/enrolment"}});
  }
  return std::nullopt;
}

boost::json::object session_json(const identity::Principal& p, const identity::AuthPolicy& policy) {
  return {{"created_at", format_utc(p.session_created_at)},
          {"expires_at", format_utc(p.session_expires_at)},
          {"idle_timeout_seconds", policy.session_idle.count()}};
}

void attach(http::Request& req, const identity::Principal& p) {
  req.principal = std::make_shared<const identity::Principal>(p);
}

Error unauthenticated() {
  return Error(std::string(errc::unauthenticated), "no live session");
}

// 401 for a request without a live session; a stale cookie is cleared on the way.
http::Response refuse_unauthenticated(const http::Request& req) {
  auto res = http::Response::error(req, unauthenticated());
  if (!session_token(req).empty()) {
    res.set_header("Set-Cookie", cleared_cookie());
  }
  return res;
}

Result<identity::LoginAttempt> decode_login(const http::Request& req) {
  auto body = json_body(req);
  if (!body) {
    return std::move(body).error();
  }
  identity::LoginAttempt attempt;
  auto login = string_field(*body, "login", true);
  if (!login) {
    return std::move(login).error();
  }
  auto password = string_field(*body, "password", true);
  if (!password) {
    return std::move(password).error();
  }
  auto totp = string_field(*body, "totp", false);
  if (!totp) {
    return std::move(totp).error();
  }
  attempt.login = std::move(*login);
  attempt.password = std::move(*password);
  attempt.totp = std::move(*totp);
  attempt.user_agent = std::string(req.header("user-agent"));
  return attempt;
}

}  // namespace

std::string session_token(const http::Request& req) {
  for (const auto& [name, value] : req.headers) {
    if (name != "cookie") {
      continue;
    }
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      const std::string_view pair = trim_blanks(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == kCookieName) {
        return std::string(trim_blanks(pair.substr(eq + 1)));
      }
    }
  }
  return {};
}

std::optional<identity::Principal> signed_in(const http::Request& req) {
  if (!req.principal) {
    return std::nullopt;
  }
  // Only attach() above sets it, always to an identity::Principal.
  return *std::static_pointer_cast<const identity::Principal>(req.principal);
}

http::Middleware session_middleware(identity::AuthService& auth) {
  return [&auth](http::Request& req, const http::Handler& next) -> Task<http::Response> {
    req.principal.reset();
    std::string token = req.path.starts_with("/api/") ? session_token(req) : std::string();
    if (!token.empty()) {
      LW_API_TRY(found, co_await auth.resolve(std::move(token)));
      if (*found) {
        const identity::Principal& p = **found;
        // Every state-changing call of a browser session carries the session's CSRF token;
        // login is exempt (it starts a new session, and SameSite=Strict already applies).
        const bool exempt = !state_changing(req.method) || req.path == "/api/v1/auth/login";
        if (!exempt && !crypto::equal_constant_time(req.header("x-csrf-token"), p.csrf_token)) {
          co_return http::Response::error(
              req, Error(std::string(errc::csrf_mismatch), "X-CSRF-Token missing or wrong",
                         {{"header", "X-CSRF-Token"}}));
        }
        if (auto refusal = restriction(p, req.path)) {
          co_return http::Response::error(req, *refusal);
        }
        attach(req, p);
      }
    }
    co_return co_await next(req);
  };
}

void register_auth_routes(http::Router& router, Services& services) {
  auto& auth = services.auth;

  router.add("POST", "/api/v1/auth/login", [&auth](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(attempt, decode_login(req));
    const service::Caller caller = caller_of(req);
    auto result = co_await auth.login(std::move(*attempt), caller);
    if (!result) {
      auto res = http::Response::error(req, result.error());
      if (const auto* retry = result.error().details.if_contains("retry_after_seconds")) {
        res.set_header("Retry-After", std::to_string(retry->as_int64()));
      }
      co_return res;
    }
    auto res = http::Response::json(200, {{"user", user_json(result->principal)},
                                          {"csrf_token", result->principal.csrf_token}});
    res.set_header("Set-Cookie", session_cookie(result->token));
    co_return res;
  });

  router.add("GET", "/api/v1/auth/me", [&auth](http::Request& req) -> Task<http::Response> {
    const auto p = signed_in(req);
    if (!p) {
      co_return refuse_unauthenticated(req);
    }
    co_return http::Response::json(200, {{"user", user_json(*p)},
                                         {"csrf_token", p->csrf_token},
                                         {"session", session_json(*p, auth.policy())}});
  });

  router.add("POST", "/api/v1/auth/logout", [&auth](http::Request& req) -> Task<http::Response> {
    const auto p = signed_in(req);
    if (!p) {
      co_return refuse_unauthenticated(req);
    }
    const service::Caller caller = caller_of(req);
    LW_API_TRY(st, co_await auth.logout(*p, caller));
    auto res = no_content();
    res.set_header("Set-Cookie", cleared_cookie());
    co_return res;
  });

  router.add("POST", "/api/v1/auth/password", [&auth](http::Request& req) -> Task<http::Response> {
    const auto p = signed_in(req);
    if (!p) {
      co_return refuse_unauthenticated(req);
    }
    LW_API_TRY(body, json_body(req));
    LW_API_TRY(old_password, string_field(*body, "old_password", true));
    LW_API_TRY(new_password, string_field(*body, "new_password", true));
    const service::Caller caller = caller_of(req);
    LW_API_TRY(st, co_await auth.change_password(*p, std::move(*old_password),
                                                 std::move(*new_password), caller));
    co_return no_content();
  });

  router.add(
      "POST", "/api/v1/auth/totp/enrolment", [&auth](http::Request& req) -> Task<http::Response> {
        const auto p = signed_in(req);
        if (!p) {
          co_return refuse_unauthenticated(req);
        }
        const service::Caller caller = caller_of(req);
        auto started = co_await auth.begin_totp_enrolment(*p, caller);
        co_return respond(req, std::move(started), [](const identity::TotpEnrolment& e) {
          return http::Response::json(200, {{"secret", e.secret}, {"otpauth_uri", e.otpauth_uri}});
        });
      });

  router.add("POST", "/api/v1/auth/totp/enrolment/confirm",
             [&auth](http::Request& req) -> Task<http::Response> {
               const auto p = signed_in(req);
               if (!p) {
                 co_return refuse_unauthenticated(req);
               }
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(code, string_field(*body, "code", true));
               const service::Caller caller = caller_of(req);
               LW_API_TRY(st, co_await auth.confirm_totp_enrolment(*p, std::move(*code), caller));
               co_return http::Response::json(200, {{"totp_enrolled", true}});
             });
}

}  // namespace lw::api
