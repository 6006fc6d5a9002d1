#include "api/routes.hpp"

namespace lw::api {

void register_routes(http::Router& router, Services& services) {
  register_ops_routes(router, services);
  register_connectivity_routes(router, services);
  register_blob_routes(router, services);
  router.set_fallback(web_static(services.web_root));
}

}  // namespace lw::api
