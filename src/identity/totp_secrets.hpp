#pragma once
// TOTP secrets at rest: SM4-GCM-sealed under the deployment's data key (the key and format of
// lab API key secrets, identity/lab_keys.hpp), bound to their user by the AAD
// "users.totp:" + login. Logins never change, so the binding holds for the account's life and a
// confirmed enrolment moves the sealed value from totp_pending_sealed to totp_secret_sealed
// unchanged. The raw secret is opened only where a code is checked.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/sql.hpp"

namespace lw::identity {

/// The AAD of `login`'s sealed TOTP secrets, enrolled or pending.
std::string totp_aad(std::string_view login);

/// The raw `secret` of `login`, sealed under the 16-byte `data_key`.
std::string seal_totp_secret(std::string_view data_key, std::string_view login,
                             std::string_view secret);

/// The raw secret of `login`; errc::internal when `sealed` was altered, belongs to another
/// user, or was sealed under another data key.
Result<std::string> open_totp_secret(std::string_view data_key, std::string_view login,
                                     std::string_view sealed);

/// One-off upgrade of a database that kept TOTP secrets in clear (before migration 0008): seals
/// each base32 secret left in users.totp_secret_clear into totp_secret_sealed and empties the
/// clear column, one statement per user. Returns the logins sealed (none when there was nothing
/// to do). Safe to repeat and to run from several instances at once. A value that is not base32
/// is errc::internal: nothing this platform ran could have stored one.
Result<std::vector<std::string>> seal_clear_totp_secrets(storage::Connection& conn,
                                                         std::string_view data_key);

}  // namespace lw::identity
