// Signed requests of lab systems (实验室系统签名请求, issue 3 item 3): the middleware that
// verifies `Authorization: LW-HMAC-SM3 KeyId=…, Signature=…` and names the lab key as the
// caller, and the self-test endpoint integrators diff their canonical string against.
#include <boost/json.hpp>

#include <charconv>

#include "api/routes.hpp"
#include "core/text.hpp"
#include "crypto/hmac.hpp"
#include "identity/lab_keys.hpp"
#include "service/commit.hpp"

namespace lw::api {
namespace {

constexpr std::int64_t kMaxSkewSeconds = 300;

struct SignatureHeader {
  std::string key_id;
  std::string signature;
};

// "KeyId=<id>, Signature=<hex>" after the scheme name; either order, case-sensitive names.
SignatureHeader parse_authorization(std::string_view params) {
  SignatureHeader h;
  while (!params.empty()) {
    const auto comma = params.find(',');
    const std::string_view item = trim_blanks(params.substr(0, comma));
    params = comma == std::string_view::npos ? std::string_view() : params.substr(comma + 1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      continue;
    }
    const std::string_view name = trim_blanks(item.substr(0, eq));
    const std::string_view value = trim_blanks(item.substr(eq + 1));
    if (name == "KeyId") {
      h.key_id = std::string(value);
    } else if (name == "Signature") {
      h.signature = std::string(value);
    }
  }
  return h;
}

http::Response refuse(const http::Request& req, std::string_view code, std::string note,
                      boost::json::object details = {}) {
  return http::Response::error(req, Error(std::string(code), std::move(note), std::move(details)));
}

}  // namespace

std::optional<LabClient> lab_client(const http::Request& req) {
  if (!req.lab_client) {
    return std::nullopt;
  }
  // Only lab_signature below sets it, always to a LabClient.
  return *std::static_pointer_cast<const LabClient>(req.lab_client);
}

http::Middleware lab_signature(storage::Database& db, storage::Writer& writer, const Clock& clock,
                               std::string data_key) {
  return [&db, &writer, &clock, data_key = std::move(data_key)](
             http::Request& req, const http::Handler& next) -> Task<http::Response> {
    req.lab_client.reset();
    const std::string_view authorization = trim_blanks(req.header("authorization"));
    const std::string_view scheme = identity::kLabSignatureScheme;
    if (!authorization.starts_with(scheme) ||
        (authorization.size() > scheme.size() && authorization[scheme.size()] != ' ')) {
      co_return co_await next(req);  // unsigned: enforcement per lab comes later
    }
    const SignatureHeader sig = parse_authorization(authorization.substr(scheme.size()));
    if (sig.key_id.empty() || sig.signature.empty()) {
      co_return refuse(req, errc::signature_invalid, "Authorization lacks KeyId or Signature");
    }
    const auto now = clock.now();
    std::optional<identity::LabKey> key;
    {
      auto conn = db.acquire();
      if (!conn) {
        co_return http::Response::error(req, conn.error());
      }
      auto found = identity::find_lab_key(**conn, data_key, sig.key_id, now);
      if (!found) {
        co_return http::Response::error(req, found.error());
      }
      key = std::move(*found);
    }
    if (!key) {
      co_return refuse(req, errc::key_unknown, "no lab key in force named " + sig.key_id);
    }
    const std::int64_t server_time =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const std::string_view ts_text = req.header("x-timestamp");
    std::int64_t ts = 0;
    auto [end, ec] = std::from_chars(ts_text.data(), ts_text.data() + ts_text.size(), ts);
    if (ts_text.empty() || ec != std::errc() || end != ts_text.data() + ts_text.size() ||
        ts - server_time > kMaxSkewSeconds || server_time - ts > kMaxSkewSeconds) {
      co_return refuse(req, errc::timestamp_skewed,
                       "X-Timestamp '" + std::string(ts_text) + "' is not within 300 s",
                       {{"server_time", server_time}});
    }
    const std::string nonce(req.header("x-nonce"));
    // Streamed routes (uploads) are not buffered before the handler: their body cannot enter
    // the signature yet, so a signed request to one is refused rather than half-checked.
    const bool streamed = req.body_stream != nullptr;
    const std::string canonical = identity::canonical_request(
        req.method, req.path, req.query, ts_text, nonce, streamed ? std::string_view() : req.body);
    const std::string expected = identity::lab_signature(key->secret, canonical);
    if (streamed || nonce.empty() || !crypto::equal_constant_time(sig.signature, expected)) {
      co_return refuse(req, errc::signature_invalid,
                       streamed        ? "signed uploads are not supported yet"
                       : nonce.empty() ? "X-Nonce missing"
                                       : "signature does not match",
                       {{"canonical_request", canonical},
                        {"body_sm3", identity::body_sm3_hex(streamed ? "" : req.body)}});
    }
    bool fresh = false;
    storage::Writer::Job job = [&fresh, key_id = key->key_id, nonce,
                                now](storage::Connection& conn) -> Status {
      auto r = identity::record_nonce(conn, key_id, nonce, now,
                                      now - std::chrono::seconds(2 * kMaxSkewSeconds));
      if (!r) {
        return std::move(r).error();
      }
      fresh = *r;
      return {};
    };
    if (auto st = co_await service::commit(writer, std::move(job)); !st) {
      co_return http::Response::error(req, st.error());
    }
    if (!fresh) {
      co_return refuse(req, errc::nonce_reused, "nonce already used with key " + key->key_id);
    }
    req.lab_client =
        std::make_shared<const LabClient>(LabClient{key->key_id, key->lab_code, canonical});
    co_return co_await next(req);
  };
}

void register_lab_api_routes(http::Router& router, Services& /*services*/) {
  router.add(
      "POST", "/api/v1/lab-api/signature-check", [](http::Request& req) -> Task<http::Response> {
        const auto lab = lab_client(req);
        if (!lab) {
          co_return refuse(req, errc::signature_invalid, "no LW-HMAC-SM3 Authorization header");
        }
        co_return http::Response::json(200, {{"key_id", lab->key_id},
                                             {"lab_code", lab->lab_code},
                                             {"canonical_request", lab->canonical_request}});
      });
}

}  // namespace lw::api
