#pragma once
// The client side of the signed lab API (检测机构系统接入): the LW-HMAC-SM3 signature and plain
// HTTP/1.1. Shared by lw-agent (the reference client) and lw-sim (the testing-machine
// simulator). It depends on OpenSSL 3 (SM3, HMAC, random bytes) and Boost.Beast only — none of
// the server's code — so it can be read and copied into a lab's own system. The signing
// (sign() and canonical_string()) is the part to copy; the HTTP part is ordinary and any client
// library does it as well.
//
//   X-Timestamp:   the current time in Unix seconds (within 300 s of the server's clock)
//   X-Nonce:       a value never used before with this key
//   X-Content-SM3: the lower-case hex SM3 of the body (required on uploads, optional elsewhere)
//   Authorization: LW-HMAC-SM3 KeyId=<key id>, Signature=<lower-case hex HMAC-SM3>
//
// The signature is HMAC-SM3 under the secret's 32 raw bytes over the "canonical string": six
// lines joined by LF (canonical_string below). The API manual (docs/api/openapi.yaml, the
// /api/v1/lab-api/signature-check entry) defines it with two worked examples.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace lw::agent {

namespace detail {
struct Connection;  // the open connection and its I/O context (lab_client.cpp)
}  // namespace detail

// ---- Small helpers ----

std::string to_hex(const unsigned char* p, std::size_t n);
/// Hex digits (either case) → bytes; nullopt for an odd length or a non-hex digit.
std::optional<std::string> from_hex(std::string_view hex);
/// "%41" → "A"; with `plus_is_space`, "+" → " " (query strings, as HTML forms encode them).
std::string percent_decode(std::string_view s, bool plus_is_space);
/// `bytes` random bytes as lower-case hex (nonces, idempotency keys).
std::string random_hex(std::size_t bytes);

// ---- Signing (the part a lab system copies) ----

/// Lower-case hex SM3 of bytes in memory (a JSON body; "" for a request without a body).
std::string sm3_hex(std::string_view data);
/// Lower-case hex SM3 of a file, read in pieces: an upload is never held in memory whole.
std::optional<std::string> sm3_hex_of_file(const std::string& path);
/// Lower-case hex HMAC-SM3 of `message` under the secret's raw bytes.
std::string hmac_sm3_hex(std::string_view secret, std::string_view message);
/// 16 random bytes as hex: unique per request (the server refuses a nonce it has seen).
std::string random_nonce();

/// The canonical string of a request: six lines joined by "\n", no "\n" after the last.
/// `target` is what goes on the request line: the path, then "?" and the query if any.
std::string canonical_string(std::string_view method, std::string_view target,
                             std::string_view timestamp, std::string_view nonce,
                             std::string_view body_sm3);

struct Credentials {
  std::string key_id;
  std::string secret;  // the 32 raw bytes, decoded from the 64 hex digits issued
};

struct Signature {
  std::string timestamp;
  std::string nonce;
  std::string body_sm3;
  std::string canonical;
  std::string value;  // lower-case hex HMAC-SM3 of `canonical`
};

/// Signs one request. `timestamp` and `nonce` are normally empty (now, random); fixed values
/// reproduce a worked example of the manual.
Signature sign(const Credentials& key, std::string_view method, std::string_view target,
               std::string body_sm3, std::string timestamp = {}, std::string nonce = {});

/// The Authorization header's value for a signature.
std::string authorization(const Credentials& key, const Signature& s);

// ---- HTTP ----

struct Endpoint {
  std::string host;
  std::string port;
};

/// "http://HOST[:PORT][/]" → host and port. Plain HTTP only; a lab system behind TLS sends the
/// same headers through its own HTTPS client.
std::optional<Endpoint> parse_url(std::string_view url);

/// One answer of the server, or why there is none.
struct Answer {
  enum class Failure { none, local, network };
  Failure failure = Failure::none;  // local: a file could not be read; network: no answer
  int status = 0;                   // HTTP status when answered
  std::string reason;
  std::string body;
  std::string error;  // what went wrong when failure != none
  bool answered() const { return failure == Failure::none && status != 0; }
  bool ok() const { return answered() && status / 100 == 2; }
};

struct ClientOptions {
  std::string timestamp;  // fixed X-Timestamp for every request (worked examples); empty: now
  std::string nonce;      // fixed X-Nonce; empty: a random one per request
  std::chrono::milliseconds timeout{0};  // per connect, write and read; 0: none
  std::string user_agent = "lw-agent/1";
  /// Called with each signature before the request goes out (e.g. to print the canonical string).
  std::function<void(const Signature&)> on_signed;
  /// When set, requests are not sent: this gets the signed request head and a printable body
  /// (empty for GETs and uploads), and the answer is an empty 0 with no failure.
  std::function<void(const std::string& head, const std::string& body)> dry_run;
};

/// A signed client for one lab key and one server. It keeps its connection open between
/// requests (HTTP/1.1 keep-alive) and reconnects when the server closed it. Not thread-safe:
/// one per thread.
class LabClient {
 public:
  LabClient(Endpoint endpoint, Credentials key, ClientOptions options = {});
  /// From a URL and the 64 hex digits issued; nullopt with the reason in `problem`.
  static std::optional<LabClient> make(std::string_view url, std::string key_id,
                                       std::string_view secret_hex, ClientOptions options,
                                       std::string* problem);
  LabClient(LabClient&&) noexcept;
  LabClient& operator=(LabClient&&) noexcept;
  ~LabClient();

  /// A signed JSON POST; `idempotency_key` (empty: none) goes in Idempotency-Key.
  Answer post_json(const std::string& target, const std::string& body,
                   const std::string& idempotency_key = {});
  /// A signed GET; line 6 of the canonical string is the SM3 of nothing.
  Answer get(const std::string& target);
  /// A streamed signed upload of `file` to /api/v1/blobs: the file is hashed first (in pieces),
  /// its SM3 declared in X-Content-SM3 and signed, then streamed from disk as the body.
  Answer upload(const std::string& file, const std::string& media_type);
  /// The same for bytes already in memory (a photo lw-sim has just generated).
  Answer upload_bytes(const std::string& bytes, const std::string& media_type);

  const Endpoint& endpoint() const { return endpoint_; }
  const Credentials& credentials() const { return key_; }

 private:
  Endpoint endpoint_;
  Credentials key_;
  ClientOptions options_;
  std::unique_ptr<detail::Connection> conn_;
};

}  // namespace lw::agent
