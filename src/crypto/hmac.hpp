#pragma once
// HMAC (RFC 2104) over SM3, SHA-256 or SHA-1, and constant-time comparison of secrets.
#include <string>
#include <string_view>

namespace lw::crypto {

/// SHA-1 is here for TOTP (RFC 6238) only; sign and chain with SM3 or SHA-256.
enum class MacAlg { sm3, sha256, sha1 };

/// The raw HMAC of `data` under `key` (any length, empty allowed) with `alg`.
std::string hmac(MacAlg alg, std::string_view key, std::string_view data);

/// True when `a` and `b` are byte-equal; the time taken depends on their lengths only, never
/// on where they differ. Use it for MACs, tokens and codes.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace lw::crypto
