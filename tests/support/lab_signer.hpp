#pragma once
// A lab system's side of signed requests (LW-HMAC-SM3), written independently of the server's
// code with OpenSSL directly, as a lab's integrator would: integration tests send lab uploads
// with these headers.
#include <filesystem>
#include <map>
#include <string>

namespace lw::testing {

struct LabKey {
  std::string key_id;
  std::string secret;  // raw bytes
  std::string lab_code;
};

/// `labwatch lab-key issue --lab CODE` against the test database (empty key_id on failure).
LabKey issue_lab_key(const std::string& lab_code, const std::string& db_url,
                     const std::filesystem::path& data_dir);

/// Lower-case hex of SM3(data) and of HMAC-SM3(key, data).
std::string sm3_hex(const std::string& data);
std::string hmac_sm3_hex(const std::string& key, const std::string& data);

/// X-Timestamp (now), a fresh X-Nonce and the Authorization header for `method target body`;
/// `target` may carry a query, which enters the canonical string sorted.
std::map<std::string, std::string> signed_headers(const LabKey& key, const std::string& method,
                                                  const std::string& target,
                                                  const std::string& body);
/// The same as raw header lines ("Name: value\r\n" each), for hand-written requests.
std::string signed_header_lines(const LabKey& key, const std::string& method,
                                const std::string& target, const std::string& body);

}  // namespace lw::testing
