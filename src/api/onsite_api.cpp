// On-site tests (issue 8, onsite/onsite_tests.hpp, docs/onsite.md): components, batches, tests,
// data, photos and force majeure sent by the lab's system (and photos by a tester's phone);
// the lists and pages for people; the regulator's unlock and decisions.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/onsite_json.hpp"
#include "api/routes.hpp"

namespace lw::api {
namespace {

using onsite::OnsiteTests;

std::string test_location(std::int64_t id) {
  return "/api/v1/onsite-tests/" + std::to_string(id);
}

http::Response test_created(const service::Receipted<onsite::TestView>& m) {
  return created(onsite_test_view_json(m.record), m.leaf, test_location(m.record.test.id));
}

http::Response test_changed(const service::Receipted<onsite::TestView>& m) {
  auto body = onsite_test_view_json(m.record);
  body["receipt"] = pending_receipt(m.leaf);
  return http::Response::json(200, std::move(body));
}

http::Response filing_created(const service::Receipted<storage::ForceMajeure>& m) {
  return created(filing_json(m.record), m.leaf,
                 "/api/v1/force-majeure/" + std::to_string(m.record.id));
}

http::Response filing_changed(const service::Receipted<storage::ForceMajeure>& m) {
  auto body = filing_json(m.record);
  body["receipt"] = pending_receipt(m.leaf);
  return http::Response::json(200, std::move(body));
}

http::Response photo_created(const service::Receipted<onsite::PhotoView>& m) {
  return created(photo_view_json(m.record), m.leaf,
                 "/api/v1/onsite-photos/" + std::to_string(m.record.photo.id));
}

// Routes of a lab's system (signed with its key).
void register_lab_system_routes(http::Router& router, OnsiteTests& onsite) {
  router.add("POST", "/api/v1/lab-api/projects/{id}/components",
             [&onsite](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, new_component(*body, *id));
               const service::Caller caller = caller_of(req);
               auto made = co_await onsite.register_component(domain::Scope::all(),
                                                              std::move(*input), caller);
               co_return respond(
                   req, std::move(made), [](const service::Receipted<storage::Component>& m) {
                     return created(
                         component_json(m.record), m.leaf,
                         "/api/v1/projects/" + std::to_string(m.record.project_id) + "/components");
                   });
             });

  router.add("POST", "/api/v1/lab-api/onsite-batches",
             [&onsite](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, new_batch(*body));
               const service::Caller caller = caller_of(req);
               auto made = co_await onsite.open_batch(*lab_code, std::move(*input), caller);
               co_return respond(
                   req, std::move(made), [](const service::Receipted<storage::OnsiteBatch>& m) {
                     return created(batch_json(m.record), m.leaf,
                                    "/api/v1/onsite-batches/" + std::to_string(m.record.id));
                   });
             });

  router.add("POST", "/api/v1/lab-api/onsite-tests",
             [&onsite](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, new_onsite_test(*body));
               const service::Caller caller = caller_of(req);
               auto made = co_await onsite.start(*lab_code, std::move(*input), caller);
               co_return respond(req, std::move(made), test_created);
             });

  router.add("POST", "/api/v1/lab-api/onsite-tests/{id}/finish",
             [&onsite](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, finish_of(*body));
               const service::Caller caller = caller_of(req);
               auto done = co_await onsite.finish(*lab_code, *id, *input, caller);
               co_return respond(req, std::move(done), test_changed);
             });

  router.add("POST", "/api/v1/lab-api/onsite-tests/{id}/data",
             [&onsite](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, onsite_data(*body));
               const service::Caller caller = caller_of(req);
               auto done = co_await onsite.upload_data(*lab_code, *id, std::move(*input), caller);
               co_return respond(req, std::move(done), test_created);
             });

  router.add("POST", "/api/v1/lab-api/onsite-tests/{id}/photos",
             [&onsite](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, new_photo(*body));
               const service::Caller caller = caller_of(req);
               auto added = co_await onsite.add_photo(*lab_code, *id, std::move(*input), caller);
               co_return respond(req, std::move(added), photo_created);
             });

  router.add("POST", "/api/v1/lab-api/onsite-tests/{id}/force-majeure",
             [&onsite](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, new_filing(*body));
               const service::Caller caller = caller_of(req);
               auto filed =
                   co_await onsite.file_force_majeure(*lab_code, *id, std::move(*input), caller);
               co_return respond(req, std::move(filed), filing_created);
             });

  router.add("POST", "/api/v1/lab-api/force-majeure/{id}/cleared",
             [&onsite](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(at, time_field(*body, "cleared_at"));
               if (!*at) {
                 co_return http::Response::error(req, field_error("cleared_at", "required"));
               }
               const service::Caller caller = caller_of(req);
               auto done = co_await onsite.report_cleared(*lab_code, *id, **at, caller);
               co_return respond(req, std::move(done), filing_changed);
             });
}

}  // namespace

void register_onsite_routes(http::Router& router, Services& services) {
  OnsiteTests& onsite = services.onsite;
  blobs::BlobStore& store = services.blobs.store();
  register_lab_system_routes(router, onsite);

  router.add("POST", "/api/v1/onsite-tests/{id}/photos",
             [&onsite](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, new_photo(*body));
               const service::Caller caller = caller_of(req);
               auto added = co_await onsite.add_photo_as(*p, *id, std::move(*input), caller);
               co_return respond(req, std::move(added), photo_created);
             });

  router.add("GET", "/api/v1/projects/{id}/components",
             [&onsite](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(scope, data_scope_of(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(q, list_query(req));
               co_return respond(req, onsite.list_components(*scope, *id, q->q, q->page),
                                 [&](const storage::Paged<storage::Component>& found) {
                                   boost::json::array items;
                                   for (const auto& c : found.items) {
                                     items.push_back(component_json(c));
                                   }
                                   return http::Response::json(
                                       200, page_json(std::move(items), found.total, q->page));
                                 });
             });

  router.add("POST", "/api/v1/projects/{id}/components",
             [&onsite](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(allowed, identity::require(*p, identity::Permission::register_projects));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, new_component(*body, *id));
               const service::Caller caller = caller_of(req);
               auto made = co_await onsite.register_component(identity::data_scope(*p),
                                                              std::move(*input), caller);
               co_return respond(
                   req, std::move(made), [](const service::Receipted<storage::Component>& m) {
                     return created(
                         component_json(m.record), m.leaf,
                         "/api/v1/projects/" + std::to_string(m.record.project_id) + "/components");
                   });
             });

  router.add(
      "GET", "/api/v1/onsite-batches", [&onsite](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(scope, data_scope_of(req));
        LW_API_TRY(q, list_query(req));
        storage::BatchFilter filter;
        filter.q = q->q;
        LW_API_TRY(project, id_query(req, "project_id"));
        LW_API_TRY(locked, flag_query(req, "locked"));
        filter.project_id = *project;
        filter.locked = *locked;
        filter.lab_code = std::string(req.query_param("lab_code").value_or("")).substr(0, 20);
        co_return respond(req, onsite.list_batches(*scope, filter, q->page),
                          [&](const storage::Paged<storage::OnsiteBatch>& found) {
                            boost::json::array items;
                            for (const auto& b : found.items) {
                              items.push_back(batch_json(b));
                            }
                            return http::Response::json(
                                200, page_json(std::move(items), found.total, q->page));
                          });
      });

  router.add(
      "GET", "/api/v1/onsite-batches/{id}", [&onsite](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(scope, data_scope_of(req));
        LW_API_TRY(id, id_param(req, "id"));
        co_return respond(req, onsite.get_batch(*scope, *id), [](const onsite::BatchView& v) {
          return http::Response::json(200, batch_view_json(v));
        });
      });

  router.add(
      "POST", "/api/v1/onsite-batches/{id}/unlock",
      [&onsite](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(p, require_user(req));
        LW_API_TRY(allowed, identity::require(*p, identity::Permission::unlock_batches));
        LW_API_TRY(id, id_param(req, "id"));
        LW_API_TRY(body, json_body(req));
        LW_API_TRY(reason, text_field(*body, "reason", 500, true));
        const service::Caller caller = caller_of(req);
        auto done =
            co_await onsite.unlock(identity::data_scope(*p), *id, std::move(*reason), caller);
        co_return respond(req, std::move(done), [](const service::Receipted<onsite::BatchView>& m) {
          auto body = batch_view_json(m.record);
          body["receipt"] = pending_receipt(m.leaf);
          return http::Response::json(200, std::move(body));
        });
      });

  router.add("GET", "/api/v1/onsite-tests", [&onsite](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(scope, data_scope_of(req));
    LW_API_TRY(q, list_query(req));
    storage::OnsiteTestFilter filter;
    LW_API_TRY(batch, id_query(req, "batch_id"));
    LW_API_TRY(project, id_query(req, "project_id"));
    LW_API_TRY(flagged, flag_query(req, "flagged"));
    LW_API_TRY(status, token_query(req, "upload_status",
                                   {"open", "awaiting", "on_time", "late", "missed"}));
    filter.batch_id = *batch;
    filter.project_id = *project;
    filter.flagged = *flagged;
    filter.upload_status = *status;
    filter.q = q->q;
    filter.lab_code = std::string(req.query_param("lab_code").value_or("")).substr(0, 20);
    co_return respond(req, onsite.list_tests(*scope, filter, q->page),
                      [&](const storage::Paged<storage::OnsiteTest>& found) {
                        boost::json::array items;
                        for (const auto& t : found.items) {
                          items.push_back(onsite_test_json(t));
                        }
                        return http::Response::json(
                            200, page_json(std::move(items), found.total, q->page));
                      });
  });

  router.add("GET", "/api/v1/onsite-tests/{id}",
             [&onsite](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(scope, data_scope_of(req));
               LW_API_TRY(id, id_param(req, "id"));
               co_return respond(req, onsite.get_test(*scope, *id), [](const onsite::TestView& v) {
                 return http::Response::json(200, onsite_test_view_json(v));
               });
             });

  router.add("GET", "/api/v1/onsite-photos/{id}/image",
             [&onsite, &store](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(scope, data_scope_of(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(size, token_query(req, "size", {"thumb", "full"}));
               LW_API_TRY(photo, onsite.photo(*scope, *id));
               const std::string& sha = *size == "full" || photo->thumb_sha256.empty()
                                            ? photo->sha256
                                            : photo->thumb_sha256;
               const auto path = store.local_path(sha);
               if (!path) {
                 co_return http::Response::error(
                     req, Error(std::string(errc::not_found), "the image is missing"));
               }
               http::Response res;
               res.status = 200;
               res.file_path = *path;
               res.set_header("Content-Type", "image/jpeg");
               res.set_header("Cache-Control", "private, max-age=86400, immutable");
               res.set_header("X-Content-Type-Options", "nosniff");
               co_return res;
             });

  router.add("GET", "/api/v1/force-majeure", [&onsite](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(scope, data_scope_of(req));
    LW_API_TRY(q, list_query(req));
    LW_API_TRY(status, token_query(req, "status", {"pending", "accepted", "rejected"}));
    co_return respond(req, onsite.list_filings(*scope, *status, q->q, q->page),
                      [&](const storage::Paged<storage::ForceMajeure>& found) {
                        boost::json::array items;
                        for (const auto& f : found.items) {
                          items.push_back(filing_json(f));
                        }
                        return http::Response::json(
                            200, page_json(std::move(items), found.total, q->page));
                      });
  });

  router.add("POST", "/api/v1/force-majeure/{id}/decision",
             [&onsite](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(allowed,
                          identity::require(*p, identity::Permission::judge_force_majeure));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, decision_of(*body));
               const service::Caller caller = caller_of(req);
               auto done =
                   co_await onsite.decide(identity::data_scope(*p), *id, std::move(*input), caller);
               co_return respond(req, std::move(done), filing_changed);
             });
}

}  // namespace lw::api
