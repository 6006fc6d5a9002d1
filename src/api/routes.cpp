#include "api/routes.hpp"

namespace lw::api {

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

void register_routes(http::Router& router, Services& services) {
  register_ops_routes(router, services);
  register_connectivity_routes(router, services);
  register_blob_routes(router, services);
  register_auth_routes(router, services);
  register_audit_routes(router, services);
  register_lab_api_routes(router, services);
  router.set_fallback(web_static(services.web_root));
}

}  // namespace lw::api
