#include "api/idempotency.hpp"

#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "service/commit.hpp"
#include "storage/idempotency_keys.hpp"

namespace lw::api {
namespace {

using storage::IdempotencyRecord;

bool valid_key(std::string_view key, std::size_t max_chars) {
  if (key.empty() || key.size() > max_chars) {
    return false;
  }
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) {
      return false;
    }
  }
  return true;
}

std::string request_hash(const http::Request& req) {
  crypto::Hasher h(crypto::HashAlg::sha256);
  h.update(req.method);
  h.update(std::string_view("\n", 1));
  h.update(req.target);
  h.update(std::string_view("\n", 1));
  h.update(req.body);
  return to_hex(h.finish());
}

http::Response replay(const IdempotencyRecord& held) {
  http::Response res;
  res.status = held.status;
  res.body = held.body;
  if (!held.content_type.empty()) {
    res.set_header("Content-Type", held.content_type);
  }
  if (!held.location.empty()) {
    res.set_header("Location", held.location);
  }
  res.set_header("Idempotent-Replayed", "true");
  return res;
}

}  // namespace

http::Middleware idempotency(storage::Writer& writer, const Clock& clock,
                             std::function<std::string(const http::Request&)> scope_of,
                             IdempotencyOptions options) {
  return [&writer, &clock, scope_of = std::move(scope_of), options](
             http::Request& req, const http::Handler& next) -> Task<http::Response> {
    const std::string_view key = req.header("idempotency-key");
    // Streamed uploads are content-addressed: storing the same file twice is already harmless.
    if (req.method != "POST" || key.empty() || req.body_stream != nullptr) {
      co_return co_await next(req);
    }
    if (!valid_key(key, options.max_key_chars)) {
      co_return http::Response::error(
          req, Error(std::string(errc::invalid_argument), "bad Idempotency-Key",
                     {{"fields", {{"Idempotency-Key", "1-128 printable ASCII characters"}}}}));
    }
    IdempotencyRecord claim;
    claim.scope = scope_of(req);
    claim.key = std::string(key);
    claim.request_hash = request_hash(req);
    claim.claimed_at = clock.now();

    std::optional<IdempotencyRecord> held;
    storage::Writer::Job claim_job = [&](storage::Connection& conn) -> Status {
      auto r = storage::claim_idempotency_key(conn, claim);
      if (!r) {
        return std::move(r).error();
      }
      held = std::move(*r);
      if (held && !held->answered && held->request_hash == claim.request_hash &&
          claim.claimed_at - held->claimed_at > options.abandoned_after) {
        auto retaken = storage::retake_idempotency_key(conn, claim, held->claimed_at);
        if (!retaken) {
          return std::move(retaken).error();
        }
        if (*retaken) {
          held.reset();  // its request died: this one takes over
        }
      }
      return {};
    };
    if (auto st = co_await service::commit(writer, std::move(claim_job)); !st) {
      co_return http::Response::error(req, st.error());
    }
    if (held) {
      if (held->request_hash != claim.request_hash) {
        co_return http::Response::error(
            req, Error(std::string(errc::invalid_argument), "Idempotency-Key reused",
                       {{"reason", "idempotency_key_reused"}}));
      }
      if (!held->answered) {
        co_return http::Response::error(
            req, Error(std::string(errc::conflict), "Idempotency-Key in flight",
                       {{"reason", "idempotency_key_in_flight"}}));
      }
      co_return replay(*held);
    }

    http::Response res = co_await next(req);
    storage::Writer::Job finish_job;
    if (res.status >= 500) {
      finish_job = [&](storage::Connection& conn) {
        return storage::release_idempotency_key(conn, claim.scope, claim.key);
      };
    } else {
      claim.answered = true;
      claim.status = res.status;
      claim.content_type = std::string(res.header("Content-Type"));
      claim.location = std::string(res.header("Location"));
      claim.body = res.body;
      finish_job = [&](storage::Connection& conn) {
        return storage::answer_idempotency_key(conn, claim);
      };
    }
    if (auto st = co_await service::commit(writer, std::move(finish_job)); !st) {
      co_return http::Response::error(req, st.error());
    }
    co_return res;
  };
}

}  // namespace lw::api
