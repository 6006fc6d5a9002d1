#pragma once
// Every route of the platform, registered in one place so that the API manual can be checked
// against it.
#include <filesystem>
#include <string_view>

#include "core/metrics.hpp"
#include "http/router.hpp"
#include "service/blob_intake.hpp"
#include "service/connectivity_service.hpp"

namespace lw::api {

/// What the handlers need, owned by the application.
struct Services {
  storage::Database& db;
  Metrics& metrics;
  service::ConnectivityService& connectivity;
  service::BlobIntake& blobs;
  std::filesystem::path web_root;  // built web pages; may be absent
};

void register_routes(http::Router& router, Services& services);

/// Who is calling, for the audit trail: anonymous until sign-in exists.
service::Caller caller_of(const http::Request& req);

/// The API manual (docs/api/openapi.yaml), embedded at build time.
std::string_view openapi_spec();

// Each file's share of the routes.
void register_ops_routes(http::Router& router, Services& services);
void register_connectivity_routes(http::Router& router, Services& services);
void register_blob_routes(http::Router& router, Services& services);
http::Handler web_static(std::filesystem::path web_root);

}  // namespace lw::api
