#include "api/routes.hpp"

#include "identity/access.hpp"

namespace lw::api {

std::string public_base(const http::Request& req, const std::string& public_url) {
  std::string base = public_url;
  if (base.empty()) {
    base = "http://" + std::string(req.header("host"));
  }
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  return base;
}

service::Caller caller_of(const http::Request& req) {
  service::Caller caller;
  caller.source_ip = req.peer;
  caller.request_id = req.request_id;
  if (auto lab = lab_client(req)) {
    caller.actor = lab->key_id;
    caller.role = "lab_system";
    return caller;
  }
  if (auto principal = signed_in(req)) {
    return identity::caller_as(*principal, std::move(caller));
  }
  return caller;
}

Result<identity::Principal> require_user(const http::Request& req) {
  if (auto p = signed_in(req)) {
    return std::move(*p);
  }
  return Error(std::string(errc::unauthenticated), "no live session");
}

Result<domain::Scope> data_scope_of(const http::Request& req) {
  if (auto lab = lab_client(req)) {
    return identity::lab_system_scope(lab->lab_code);
  }
  auto p = require_user(req);
  if (!p) {
    return std::move(p).error();
  }
  return identity::data_scope(*p);
}

Result<std::string> sending_lab(const http::Request& req, identity::Permission permission) {
  if (auto lab = lab_client(req)) {
    return lab->lab_code;
  }
  auto p = require_user(req);
  if (!p) {
    return std::move(p).error();
  }
  LW_TRY(identity::require(*p, permission));
  return p->lab_code.value_or("");
}

void register_routes(http::Router& router, Services& services) {
  register_ops_routes(router, services);
  register_connectivity_routes(router, services);
  register_blob_routes(router, services);
  register_auth_routes(router, services);
  register_audit_routes(router, services);
  register_lab_api_routes(router, services);
  register_user_routes(router, services);
  register_lab_routes(router, services);
  register_ledger_routes(router, services);
  register_change_routes(router, services);
  register_lab_registry_routes(router, services);
  register_people_routes(router, services);
  register_region_routes(router, services);
  register_policy_routes(router, services);
  register_organisation_routes(router, services);
  register_project_routes(router, services);
  register_specimen_routes(router, services);
  register_lab_test_routes(router, services);
  register_onsite_routes(router, services);
  register_report_routes(router, services);
  register_nonconforming_routes(router, services);
  register_case_routes(router, services);
  register_notification_routes(router, services);  // issue 9
  router.set_fallback(web_static(services.web_root));
}

}  // namespace lw::api
