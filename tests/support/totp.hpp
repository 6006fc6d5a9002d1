#pragma once
// What an authenticator app shows now: RFC 6238 with HMAC-SHA1, 30 s steps, 6 digits, written
// with OpenSSL directly (independent of the server's code).
#include <string>
#include <string_view>

namespace lw::testing {

/// The code for the raw `secret` at the current time.
std::string totp_now(std::string_view secret);

}  // namespace lw::testing
