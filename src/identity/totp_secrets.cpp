#include "identity/totp_secrets.hpp"

#include "crypto/sm4.hpp"
#include "crypto/totp.hpp"

namespace lw::identity {

std::string totp_aad(std::string_view login) {
  return "users.totp:" + std::string(login);
}

std::string seal_totp_secret(std::string_view data_key, std::string_view login,
                             std::string_view secret) {
  return crypto::sm4_gcm_seal(data_key, secret, totp_aad(login));
}

Result<std::string> open_totp_secret(std::string_view data_key, std::string_view login,
                                     std::string_view sealed) {
  auto secret = crypto::sm4_gcm_open(data_key, sealed, totp_aad(login));
  if (!secret) {
    return Error(std::string(errc::internal),
                 "the TOTP secret of " + std::string(login) +
                     " cannot be opened: wrong data key, or the row was altered or copied");
  }
  return secret;
}

Result<std::vector<std::string>> seal_clear_totp_secrets(storage::Connection& conn,
                                                         std::string_view data_key) {
  auto rows = conn.query(
      "SELECT id, login, totp_secret_clear FROM users WHERE totp_secret_clear IS NOT NULL"
      " ORDER BY id");
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<std::string> sealed_logins;
  for (const auto& r : *rows) {
    const std::int64_t id = r.int64(0);
    const std::string login = r.text(1);
    const std::string clear = r.text(2);
    const auto secret = crypto::base32_decode(clear);
    if (!secret) {
      return Error(std::string(errc::internal),
                   "the stored TOTP secret of " + login + " is not base32");
    }
    // Only if the row still holds what was read: another instance may have sealed it meanwhile.
    auto n = conn.exec(
        "UPDATE users SET totp_secret_sealed = $1, totp_secret_clear = NULL"
        " WHERE id = $2 AND totp_secret_clear = $3",
        storage::params({storage::Bytes{seal_totp_secret(data_key, login, *secret)}, id, clear}));
    if (!n) {
      return std::move(n).error();
    }
    if (*n == 1) {
      sealed_logins.push_back(login);
    }
  }
  return sealed_logins;
}

}  // namespace lw::identity
