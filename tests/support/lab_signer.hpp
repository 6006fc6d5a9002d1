#pragma once
// A lab system's side of signed requests (LW-HMAC-SM3), written independently of the server's
// code with OpenSSL directly, as a lab's integrator would: integration tests send lab uploads
// with these headers.
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace lw::testing {

struct LabKey {
  std::string key_id;
  std::string secret;  // raw bytes
  std::string lab_code;
  std::string secret_hex;  // as issued: 64 lower-case hex digits
};

/// `labwatch lab-key issue --lab CODE` against the test database (empty key_id on failure).
LabKey issue_lab_key(const std::string& lab_code, const std::string& db_url,
                     const std::filesystem::path& data_dir);

/// Lower-case hex of SM3(data), SHA-256(data) and HMAC-SM3(key, data).
std::string sm3_hex(const std::string& data);
std::string sha256_hex(const std::string& data);
std::string hmac_sm3_hex(const std::string& key, const std::string& data);
/// The raw bytes of lower-case hex.
std::string unhex(const std::string& hex);

/// The canonical string: METHOD, PATH, the query sorted by key then value (k=v joined by &),
/// X-Timestamp, X-Nonce and `body_sm3` (the body's SM3, or the declared X-Content-SM3), joined
/// by LF without a trailing one.
std::string canonical_string(const std::string& method, const std::string& path,
                             std::vector<std::pair<std::string, std::string>> query,
                             const std::string& timestamp, const std::string& nonce,
                             const std::string& body_sm3);

/// X-Timestamp (now), a fresh X-Nonce and the Authorization header for `method target body`;
/// `target` may carry a query (percent-encoded), which enters the canonical string decoded and
/// sorted.
std::map<std::string, std::string> signed_headers(const LabKey& key, const std::string& method,
                                                  const std::string& target,
                                                  const std::string& body);
/// signed_headers for a streamed route (an upload): X-Content-SM3 declares the body's SM3,
/// which the signature covers in its place.
std::map<std::string, std::string> signed_upload_headers(const LabKey& key,
                                                         const std::string& target,
                                                         const std::string& body);
/// Headers as raw header lines ("Name: value\r\n" each), for hand-written requests.
std::string header_lines(const std::map<std::string, std::string>& headers);

}  // namespace lw::testing
