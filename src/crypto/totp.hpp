#pragma once
// One-time passwords: HOTP (RFC 4226) and TOTP (RFC 6238) with HMAC-SHA1, RFC 4648 base32
// for secrets, and the otpauth:// URI authenticator apps scan.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lw::crypto {

/// TOTP shape. Authenticator apps assume the defaults; change them only with the URI.
struct TotpParams {
  int digits = 6;            // 6..9
  std::int64_t period = 30;  // seconds per step, > 0
  std::int64_t t0 = 0;       // Unix time of step 0
};

/// 20 random bytes: a fresh TOTP secret of the size RFC 4226 recommends.
std::string new_totp_secret();

/// The HOTP value of `counter` under raw `secret`, zero-padded to `digits` (6..9).
std::string hotp_code(std::string_view secret, std::uint64_t counter, int digits = 6);

/// The time step containing `unix_seconds`: floor((unix_seconds - t0) / period).
std::int64_t totp_step(std::int64_t unix_seconds, const TotpParams& params = {});

/// The TOTP code at `unix_seconds` for raw `secret` (times before t0 count as step 0).
std::string totp_code(std::string_view secret, std::int64_t unix_seconds,
                      const TotpParams& params = {});

/// The time step whose code equals `code`, searching the current step and `window_steps`
/// steps either side (nearest first); nullopt when none matches or `code` is not exactly
/// `digits` digits. The caller refuses a step it has already accepted (replay).
std::optional<std::int64_t> totp_verify(std::string_view secret, std::string_view code,
                                        std::int64_t unix_seconds, int window_steps = 1,
                                        const TotpParams& params = {});

/// RFC 4648 base32 (upper case, no '=' padding) of `bytes`.
std::string base32_encode(std::string_view bytes);

/// Bytes of base32 `text` (either case, trailing '=' ignored); nullopt on a character outside
/// the alphabet, an impossible length or non-zero trailing bits.
std::optional<std::string> base32_decode(std::string_view text);

/// otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=SHA1&digits=…&period=… with
/// issuer and account percent-encoded as UTF-8; an empty issuer is left out.
std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view secret_base32, const TotpParams& params = {});

}  // namespace lw::crypto
