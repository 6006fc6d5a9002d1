// The ledger over HTTP (issue 4): the platform's public key, signed checkpoints and proofs for
// anyone; receipts and record histories in the caller's scope.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "core/random.hpp"

namespace lw::api {
namespace {

constexpr std::int64_t kMaxIndex = (std::int64_t{1} << 53) - 1;

boost::json::array hex_list(const std::vector<std::string>& hashes) {
  boost::json::array out;
  for (const auto& h : hashes) {
    out.emplace_back(to_hex(h));
  }
  return out;
}

boost::json::value checkpoint_or_null(const std::optional<ledger::SignedCheckpoint>& cp) {
  return cp ? boost::json::value(ledger::checkpoint_json(*cp)) : boost::json::value(nullptr);
}

// A required integer query parameter in [min, 2^53 − 1].
Result<std::uint64_t> required_query(const http::Request& req, std::string_view name,
                                     std::int64_t min) {
  auto v = int_query(req, name, min, kMaxIndex, -1);
  if (!v) {
    return std::move(v).error();
  }
  if (*v < 0) {
    return field_error(name, "required");
  }
  return static_cast<std::uint64_t>(*v);
}

Result<std::uint64_t> index_param(const http::Request& req, std::string_view name) {
  const std::string& text = req.params.at(std::string(name));
  std::uint64_t v = 0;
  if (text.empty() || text.size() > 16) {
    return field_error(name, "a number from 0 to 2^53 - 1");
  }
  for (char c : text) {
    if (c < '0' || c > '9') {
      return field_error(name, "a number from 0 to 2^53 - 1");
    }
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > static_cast<std::uint64_t>(kMaxIndex)) {
    return field_error(name, "a number from 0 to 2^53 - 1");
  }
  return v;
}

http::Response not_found(const http::Request& req, std::string what) {
  return http::Response::error(req, Error(std::string(errc::not_found), std::move(what)));
}

}  // namespace

boost::json::object pending_receipt(const service::LeafRef& leaf) {
  return ledger::receipt_json(ledger::Receipt{leaf.entry, leaf.index, leaf.leaf_hash, {}, {}});
}

http::Response created(boost::json::object body, const service::LeafRef& leaf,
                       const std::string& location) {
  body["receipt"] = pending_receipt(leaf);
  auto res = http::Response::json(201, std::move(body));
  res.set_header("Location", location);
  return res;
}

void register_ledger_routes(http::Router& router, Services& services) {
  auto& ledger = services.ledger;
  auto& reader = services.ledger_reader;
  auto& writer = services.writer;

  router.add("GET", "/api/v1/ledger",
             [&ledger, &reader](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(latest, reader.latest_checkpoint());
               const auto key = ledger.public_key();
               co_return http::Response::json(
                   200, {{"origin", ledger.origin()},
                         {"hash_alg", ledger::hash_alg_name(ledger.alg())},
                         {"key_id", key.key_id()},
                         {"public_key", key.pem()},
                         {"public_key_url", "/.well-known/labwatch/ledger-key.pem"},
                         {"checkpoint", checkpoint_or_null(*latest)}});
             });

  router.add("GET", "/.well-known/labwatch/ledger-key.pem",
             [&ledger](http::Request&) -> Task<http::Response> {
               auto res =
                   http::Response::text(200, ledger.public_key().pem(), "application/x-pem-file");
               res.set_header("Cache-Control", "public, max-age=3600");
               co_return res;
             });

  router.add("GET", "/api/v1/ledger/checkpoints/latest",
             [&reader](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(latest, reader.latest_checkpoint());
               if (!*latest) {
                 co_return not_found(req, "no checkpoint yet: the ledger is empty");
               }
               co_return http::Response::json(200, ledger::checkpoint_json(**latest));
             });

  router.add("GET", "/api/v1/ledger/checkpoints/{size}",
             [&reader](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(size, index_param(req, "size"));
               LW_API_TRY(cp, reader.checkpoint_of_size(*size));
               if (!*cp) {
                 co_return not_found(req, "no checkpoint of that size");
               }
               co_return http::Response::json(200, ledger::checkpoint_json(**cp));
             });

  router.add("POST", "/api/v1/ledger/checkpoints",
             [&ledger, &writer](http::Request& req) -> Task<http::Response> {
               // Anyone who writes may ask for one; the public reads the timer's.
               if (!lab_client(req) && !signed_in(req)) {
                 co_return http::Response::error(req, require_user(req).error());
               }
               LW_API_TRY(made, co_await ledger.issue_checkpoint(writer));
               if (!*made) {
                 co_return not_found(req, "no checkpoint yet: the ledger is empty");
               }
               co_return http::Response::json(200, ledger::checkpoint_json(**made));
             });

  router.add("GET", "/api/v1/ledger/proofs/inclusion",
             [&reader](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(index, required_query(req, "index", 0));
               LW_API_TRY(size, required_query(req, "size", 1));
               auto proof = reader.inclusion_proof(*index, *size);
               co_return respond(req, std::move(proof), [&](const std::vector<std::string>& p) {
                 return http::Response::json(
                     200, {{"index", *index}, {"size", *size}, {"proof", hex_list(p)}});
               });
             });

  router.add("GET", "/api/v1/ledger/proofs/consistency",
             [&reader](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(size1, required_query(req, "size1", 1));
               LW_API_TRY(size2, required_query(req, "size2", 1));
               auto proof = reader.consistency_proof(*size1, *size2);
               co_return respond(req, std::move(proof), [&](const std::vector<std::string>& p) {
                 return http::Response::json(
                     200, {{"size1", *size1}, {"size2", *size2}, {"proof", hex_list(p)}});
               });
             });

  router.add("GET", "/api/v1/ledger/receipts/{index}",
             [&reader](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(index, index_param(req, "index"));
               LW_API_TRY(scope, data_scope_of(req));
               LW_API_TRY(receipt, reader.receipt(*scope, caller_of(req).actor, *index));
               if (!*receipt) {
                 co_return not_found(req, "no such entry in the caller's scope");
               }
               co_return http::Response::json(200, ledger::receipt_json(**receipt));
             });

  router.add("GET", "/api/v1/ledger/records/{type}/{id}/history",
             [&reader](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(scope, data_scope_of(req));
               const std::string& type = req.params.at("type");
               const std::string& id = req.params.at("id");
               LW_API_TRY(versions, reader.history(*scope, caller_of(req).actor, type, id));
               if (versions->empty()) {
                 co_return not_found(req, "no such record in the caller's scope");
               }
               boost::json::array out;
               for (const auto& v : *versions) {
                 out.emplace_back(ledger::receipt_json(v));
               }
               co_return http::Response::json(
                   200, {{"record_type", type}, {"record_id", id}, {"versions", std::move(out)}});
             });
}

}  // namespace lw::api
