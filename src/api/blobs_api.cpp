// Files: streamed upload into the content-addressed store, download by SHA-256.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"

namespace lw::api {
namespace {

boost::json::object to_json(const storage::BlobRecord& b) {
  return {{"sha256", b.sha256},
          {"size", b.size},
          {"media_type", b.media_type},
          {"received_at", format_utc(b.received_at)}};
}

}  // namespace

void register_blob_routes(http::Router& router, Services& services) {
  auto& intake = services.blobs;

  router.add(
      "POST", "/api/v1/blobs",
      [&intake](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(lab, sending_lab(req, identity::Permission::upload_files));
        // Named first: no temporaries inside a co_await (docs/conventions.md).
        std::string media_type(req.header("content-type"));
        const service::Caller caller = caller_of(req);
        auto stored = co_await intake.receive(*req.body_stream, std::move(media_type),
                                              std::move(*lab), caller);
        co_return respond(req, std::move(stored),
                          [](const service::Receipted<storage::BlobRecord>& stored) {
                            auto body = to_json(stored.record);
                            body["receipt"] = pending_receipt(stored.leaf);
                            auto res = http::Response::json(201, std::move(body));
                            res.set_header("Location", "/api/v1/blobs/" + stored.record.sha256);
                            return res;
                          });
      },
      http::BodyMode::streamed);

  router.add(
      "GET", "/api/v1/blobs/{sha256}", [&intake](http::Request& req) -> Task<http::Response> {
        const std::string& hash = req.params.at("sha256");
        if (!blobs::is_sha256_hex(hash)) {
          co_return http::Response::error(
              req,
              Error(std::string(errc::invalid_argument), "sha256 must be 64 lower-case hex digits",
                    {{"fields", {{"sha256", "64 lower-case hex digits"}}}}));
        }
        LW_API_TRY(scope, data_scope_of(req));
        LW_API_TRY(found, intake.find(hash, *scope, caller_of(req)));
        auto path = *found ? intake.store().local_path(hash) : std::nullopt;
        if (!path) {
          co_return http::Response::error(req, Error(std::string(errc::not_found), "no such blob"));
        }
        http::Response res;
        res.file_path = *path;
        res.set_header("Content-Type", (*found)->media_type);
        res.set_header("ETag", "\"" + hash + "\"");
        res.set_header("Cache-Control", "private, max-age=31536000, immutable");
        co_return res;
      });
}

}  // namespace lw::api
