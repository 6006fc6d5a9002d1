#include "identity/lab_keys.hpp"

#include <algorithm>

#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "crypto/hmac.hpp"
#include "crypto/key_file.hpp"
#include "crypto/sm4.hpp"

namespace lw::identity {
namespace {

constexpr std::size_t kSecretBytes = 32;
constexpr std::string_view kKeyInfoColumns = "key_id, lab_code, created_at, revoked_at";

LabKeyInfo key_info_from_row(const storage::Row& r) {
  LabKeyInfo k{r.text(0), r.text(1), from_micros(r.int64(2)), std::nullopt};
  if (!r.is_null(3)) {
    k.revoked_at = from_micros(r.int64(3));
  }
  return k;
}

}  // namespace

Result<std::string> load_or_create_data_key(const std::filesystem::path& data_dir) {
  return crypto::load_or_create_key(data_dir / "keys" / "data.key", "LABWATCH_DATA_KEY",
                                    crypto::kSm4KeySize);
}

Result<IssuedLabKey> issue_lab_key(storage::Connection& conn, std::string_view data_key,
                                   const std::string& lab_code, Instant now) {
  IssuedLabKey issued{"lk_" + random_hex(8), lab_code, random_hex(kSecretBytes), now};
  const auto secret = crypto::from_hex(issued.secret_hex);
  const std::string sealed = crypto::sm4_gcm_seal(data_key, *secret, issued.key_id);
  LW_TRY(conn.exec(
      "INSERT INTO lab_api_keys (key_id, lab_code, secret_sealed, created_at)"
      " VALUES ($1, $2, $3, $4)",
      storage::params({issued.key_id, lab_code, storage::Bytes{sealed}, to_micros(now)})));
  return issued;
}

Result<bool> revoke_lab_key(storage::Connection& conn, const std::string& key_id, Instant now,
                            Instant from) {
  auto n = conn.exec(
      "UPDATE lab_api_keys SET revoked_at = $1 WHERE key_id = $2"
      " AND (revoked_at IS NULL OR revoked_at > $3)",
      storage::params({to_micros(from), key_id, to_micros(now)}));
  if (!n) {
    return std::move(n).error();
  }
  return *n == 1;
}

Result<std::optional<LabKey>> find_lab_key(storage::Connection& conn, std::string_view data_key,
                                           const std::string& key_id, Instant now) {
  auto rows = conn.query(
      "SELECT lab_code, secret_sealed FROM lab_api_keys WHERE key_id = $1"
      " AND (revoked_at IS NULL OR revoked_at > $2)",
      storage::params({key_id, to_micros(now)}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<LabKey>{};
  }
  auto secret = crypto::sm4_gcm_open(data_key, rows->front().bytes(1), key_id);
  if (!secret) {
    return Error(std::string(errc::internal),
                 "lab key " + key_id + " cannot be opened: wrong data key or altered row");
  }
  return std::optional(LabKey{key_id, rows->front().text(0), std::move(*secret)});
}

Result<std::vector<LabKeyInfo>> list_lab_keys(storage::Connection& conn,
                                              const std::string& lab_code) {
  auto rows = conn.query(std::string("SELECT ") + std::string(kKeyInfoColumns) +
                             " FROM lab_api_keys WHERE lab_code = $1"
                             " ORDER BY created_at DESC, key_id",
                         storage::params({lab_code}));
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<LabKeyInfo> out;
  for (const auto& r : *rows) {
    out.push_back(key_info_from_row(r));
  }
  return out;
}

Result<std::optional<LabKeyInfo>> find_lab_key_info(storage::Connection& conn,
                                                    const std::string& key_id) {
  auto rows = conn.query(std::string("SELECT ") + std::string(kKeyInfoColumns) +
                             " FROM lab_api_keys WHERE key_id = $1",
                         storage::params({key_id}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<LabKeyInfo>{};
  }
  return std::optional(key_info_from_row(rows->front()));
}

std::string_view key_state(const LabKeyInfo& key, Instant now) {
  if (!key.revoked_at) {
    return "active";
  }
  return *key.revoked_at > now ? "retiring" : "revoked";
}

Result<bool> record_nonce(storage::Connection& conn, const std::string& key_id,
                          const std::string& nonce, Instant now, Instant forget_before) {
  auto n = conn.exec(
      "INSERT INTO request_nonces (key_id, nonce, seen_at) VALUES ($1, $2, $3)"
      " ON CONFLICT (key_id, nonce) DO NOTHING",
      storage::params({key_id, nonce, to_micros(now)}));
  if (!n) {
    return std::move(n).error();
  }
  // Older nonces cannot come back: their timestamps are outside the window by now.
  LW_TRY(conn.exec("DELETE FROM request_nonces WHERE key_id = $1 AND seen_at < $2",
                   storage::params({key_id, to_micros(forget_before)})));
  return *n == 1;
}

std::string body_sm3_hex(std::string_view body) {
  return to_hex(crypto::digest(crypto::HashAlg::sm3, body));
}

bool is_sm3_hex(std::string_view s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string canonical_request(std::string_view method, std::string_view path,
                              std::vector<std::pair<std::string, std::string>> query,
                              std::string_view timestamp, std::string_view nonce,
                              std::string_view body) {
  return canonical_request_for_digest(method, path, std::move(query), timestamp, nonce,
                                      body_sm3_hex(body));
}

std::string canonical_request_for_digest(std::string_view method, std::string_view path,
                                         std::vector<std::pair<std::string, std::string>> query,
                                         std::string_view timestamp, std::string_view nonce,
                                         std::string_view body_sm3) {
  std::sort(query.begin(), query.end());
  std::string out;
  out.append(method).append("\n").append(path).append("\n");
  for (std::size_t i = 0; i < query.size(); ++i) {
    if (i > 0) {
      out += '&';
    }
    out.append(query[i].first).append("=").append(query[i].second);
  }
  out.append("\n").append(timestamp).append("\n").append(nonce).append("\n");
  out.append(body_sm3);
  return out;
}

std::string lab_signature(std::string_view secret, std::string_view canonical) {
  return to_hex(crypto::hmac(crypto::MacAlg::sm3, secret, canonical));
}

}  // namespace lw::identity
