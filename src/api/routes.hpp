#pragma once
// Every route of the platform, registered in one place so that the API manual can be checked
// against it.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/metrics.hpp"
#include "http/router.hpp"
#include "identity/auth_service.hpp"
#include "service/blob_intake.hpp"
#include "service/connectivity_service.hpp"

namespace lw::api {

/// What the handlers need, owned by the application.
struct Services {
  storage::Database& db;
  Metrics& metrics;
  service::ConnectivityService& connectivity;
  service::BlobIntake& blobs;
  identity::AuthService& auth;
  std::filesystem::path web_root;  // built web pages; may be absent
};

void register_routes(http::Router& router, Services& services);

/// Who is calling, for the audit trail: the signed-in user (actor = login, role) when
/// session_middleware found a live session, else anonymous.
service::Caller caller_of(const http::Request& req);

/// The signed-in user of the request, as session_middleware resolved it.
std::optional<identity::Principal> signed_in(const http::Request& req);
/// The value of the request's session cookie (lw_session), or empty.
std::string session_token(const http::Request& req);
/// Resolves the session cookie of each /api/ request in one indexed query (refreshing the
/// session's last_seen at most once a minute) and refuses a state-changing call of a live
/// session without its X-CSRF-Token (403 csrf_mismatch). Handlers then read signed_in().
http::Middleware session_middleware(identity::AuthService& auth);

/// The API manual (docs/api/openapi.yaml), embedded at build time.
std::string_view openapi_spec();

// Each file's share of the routes.
void register_ops_routes(http::Router& router, Services& services);
void register_connectivity_routes(http::Router& router, Services& services);
void register_blob_routes(http::Router& router, Services& services);
void register_auth_routes(http::Router& router, Services& services);
void register_audit_routes(http::Router& router, Services& services);
http::Handler web_static(std::filesystem::path web_root);

}  // namespace lw::api
