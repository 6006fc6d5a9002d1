#pragma once
// Lab API keys (实验室接口密钥, issue 3 item 3): a lab system signs every request with
// HMAC-SM3 under a secret issued to it. The secret is kept SM4-GCM-sealed under the
// deployment's data key: LABWATCH_DATA_KEY (32 hex digits) when set, otherwise
// DIR/keys/data.key, created on first use (mode 0600).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/sql.hpp"

namespace lw::identity {

/// The 16-byte data key, raw.
Result<std::string> load_or_create_data_key(const std::filesystem::path& data_dir);

struct IssuedLabKey {
  std::string key_id;  // lk_ + 16 hex
  std::string lab_code;
  std::string secret_hex;  // 32 random bytes as hex: shown once, never stored in the clear
  Instant created_at{};
};

struct LabKey {
  std::string key_id;
  std::string lab_code;
  std::string secret;  // raw bytes (the hex-decoded secret)
};

/// A new key for `lab_code`, stored with its secret sealed under `data_key`.
Result<IssuedLabKey> issue_lab_key(storage::Connection& conn, std::string_view data_key,
                                   const std::string& lab_code, Instant now);
/// Ends `key_id` at `from` (`now` to revoke at once, later to let a rotated key retire);
/// false when there is no such key in force at `now`.
Result<bool> revoke_lab_key(storage::Connection& conn, const std::string& key_id, Instant now,
                            Instant from);
/// The key named `key_id` in force at `now`, with its secret opened; nullopt when unknown or
/// revoked.
Result<std::optional<LabKey>> find_lab_key(storage::Connection& conn, std::string_view data_key,
                                           const std::string& key_id, Instant now);

/// A key as the key management page shows it: never its secret.
struct LabKeyInfo {
  std::string key_id;
  std::string lab_code;
  Instant created_at{};
  std::optional<Instant> revoked_at;  // in the future while a rotated key retires
};
/// The keys of `lab_code`, newest first.
Result<std::vector<LabKeyInfo>> list_lab_keys(storage::Connection& conn,
                                              const std::string& lab_code);
Result<std::optional<LabKeyInfo>> find_lab_key_info(storage::Connection& conn,
                                                    const std::string& key_id);
/// "active", "retiring" (rotated, still accepted until revoked_at) or "revoked".
std::string_view key_state(const LabKeyInfo& key, Instant now);
/// Records a nonce of `key_id`; false when it was seen before (a replay). Nonces of that key
/// seen before `forget_before` (beyond twice the timestamp window) are dropped.
Result<bool> record_nonce(storage::Connection& conn, const std::string& key_id,
                          const std::string& nonce, Instant now, Instant forget_before);

/// The signature scheme's name in the Authorization header.
inline constexpr std::string_view kLabSignatureScheme = "LW-HMAC-SM3";

/// The header in which a signed request declares its body's SM3 (lower-case hex). Required on
/// streamed routes (uploads), whose body the server reads only after the signature is checked;
/// optional elsewhere. When present it is the canonical string's last line.
inline constexpr std::string_view kContentSm3Header = "X-Content-SM3";

/// What a lab system signs, one field a line: METHOD, PATH, the query sorted by key then value
/// (k=v joined by &, decoded as received), X-Timestamp, X-Nonce, lower-case hex SM3 of the body.
std::string canonical_request(std::string_view method, std::string_view path,
                              std::vector<std::pair<std::string, std::string>> query,
                              std::string_view timestamp, std::string_view nonce,
                              std::string_view body);
/// The same with the body's SM3 given (the X-Content-SM3 value) instead of the body.
std::string canonical_request_for_digest(std::string_view method, std::string_view path,
                                         std::vector<std::pair<std::string, std::string>> query,
                                         std::string_view timestamp, std::string_view nonce,
                                         std::string_view body_sm3);
/// Lower-case hex SM3 of `body`.
std::string body_sm3_hex(std::string_view body);
/// True for 64 lower-case hex digits: the form of an SM3 digest in the canonical string.
bool is_sm3_hex(std::string_view s);
/// Lower-case hex HMAC-SM3 of `canonical` under the raw `secret`.
std::string lab_signature(std::string_view secret, std::string_view canonical);

}  // namespace lw::identity
