// Signed requests of lab systems (实验室系统签名请求, issue 3 item 3): the middleware that
// verifies `Authorization: LW-HMAC-SM3 KeyId=…, Signature=…` and names the lab key as the
// caller, and the self-test endpoint integrators diff their canonical string against.
//
// The canonical string's last line is the body's SM3. A buffered body is hashed here; a
// streamed one (an upload) is read only after this check, so the client declares its SM3 in
// X-Content-SM3 (signed as that line) and the stream handed on is checked as the handler reads
// it: at the end of the body a mismatch is an error in place of the end, before the handler
// can commit anything. On a buffered route X-Content-SM3 is optional; when sent it is the last
// line as well and must be the body's SM3.
#include <boost/json.hpp>

#include <charconv>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "core/random.hpp"
#include "core/text.hpp"
#include "crypto/hash.hpp"
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

Error body_mismatch(std::string_view declared, std::string_view received,
                    std::uint64_t received_bytes) {
  return Error(
      std::string(errc::body_hash_mismatch),
      "body SM3 " + std::string(received) + " but X-Content-SM3 " + std::string(declared),
      {{"declared_sm3", declared}, {"received_sm3", received}, {"received_bytes", received_bytes}});
}

// The body of a signed upload, hashed with SM3 as the handler reads it. The read that would
// report the end reports body_hash_mismatch instead when the bytes received are not what
// X-Content-SM3 declared, so a handler that reads to the end before it commits (BlobIntake
// does) stores and acknowledges nothing unverified.
class Sm3CheckedBody final : public ByteSource {
 public:
  Sm3CheckedBody(ByteSource& inner, std::string declared)
      : inner_(inner), declared_(std::move(declared)) {}

  Task<Result<std::size_t>> read(char* buf, std::size_t n) override {
    if (failed_) {
      co_return *failed_;
    }
    if (ended_) {
      co_return std::size_t{0};
    }
    auto got = co_await inner_.read(buf, n);
    if (!got) {
      co_return std::move(got).error();
    }
    if (*got > 0) {
      hasher_.update(std::string_view(buf, *got));
      received_ += *got;
      co_return *got;
    }
    ended_ = true;
    const std::string received = to_hex(hasher_.finish());
    if (received != declared_) {
      failed_ = body_mismatch(declared_, received, received_);
      co_return *failed_;
    }
    co_return std::size_t{0};
  }

  std::optional<std::uint64_t> announced_length() const override {
    return inner_.announced_length();
  }

 private:
  ByteSource& inner_;
  std::string declared_;
  crypto::Hasher hasher_{crypto::HashAlg::sm3};
  std::uint64_t received_ = 0;
  bool ended_ = false;
  std::optional<Error> failed_;
};

// Puts the server's own body stream back when the checked one goes out of scope.
struct RestoreBodyStream {
  http::Request& req;
  ByteSource* original;
  ~RestoreBodyStream() { req.body_stream = original; }
};

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
      LW_API_TRY(conn, db.acquire());
      LW_API_TRY(found, identity::find_lab_key(**conn, data_key, sig.key_id, now));
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
    const bool streamed = req.body_stream != nullptr;
    const std::string declared(trim_blanks(req.header("x-content-sm3")));
    if (streamed && declared.empty()) {
      co_return refuse(req, errc::signature_invalid, "X-Content-SM3 missing on a streamed route",
                       {{"reason",
                         "a signed upload declares its body's SM3 (64 lower-case hex digits) in "
                         "X-Content-SM3 and signs it as the canonical string's last line"}});
    }
    if (!declared.empty() && !identity::is_sm3_hex(declared)) {
      co_return refuse(req, errc::signature_invalid, "X-Content-SM3 malformed",
                       {{"reason", "X-Content-SM3 must be 64 lower-case hex digits"}});
    }
    // What the server received, where it can know before the handler runs.
    const std::string received = streamed ? std::string() : identity::body_sm3_hex(req.body);
    const std::string canonical = identity::canonical_request_for_digest(
        req.method, req.path, req.query, ts_text, nonce, declared.empty() ? received : declared);
    const std::string expected = identity::lab_signature(key->secret, canonical);
    if (nonce.empty() || !crypto::equal_constant_time(sig.signature, expected)) {
      co_return refuse(req, errc::signature_invalid,
                       nonce.empty() ? "X-Nonce missing" : "signature does not match",
                       {{"reason", nonce.empty() ? "X-Nonce missing" : "signature does not match"},
                        {"canonical_request", replace_invalid_utf8(canonical)},
                        {"body_sm3", streamed ? declared : received}});
    }
    if (!streamed && !declared.empty() && declared != received) {
      co_return http::Response::error(req, body_mismatch(declared, received, req.body.size()));
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
    if (!streamed) {
      co_return co_await next(req);
    }
    Sm3CheckedBody checked(*req.body_stream, declared);
    const RestoreBodyStream restore{req, req.body_stream};
    req.body_stream = &checked;
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
        co_return http::Response::json(
            200, {{"key_id", lab->key_id},
                  {"lab_code", lab->lab_code},
                  {"canonical_request", replace_invalid_utf8(lab->canonical_request)}});
      });
}

Result<std::string> signed_lab(const http::Request& req) {
  if (auto lab = lab_client(req)) {
    return lab->lab_code;
  }
  return Error(std::string(errc::unauthenticated),
               "sign the request with the lab's API key (LW-HMAC-SM3)");
}

}  // namespace lw::api
