#pragma once
// Cryptographically strong random values (OpenSSL's DRBG) and hex encoding.
#include <cstddef>
#include <string>
#include <string_view>

namespace lw {

/// `n` random bytes from the OS-seeded DRBG.
std::string random_bytes(std::size_t n);
/// Lower-case hex of `bytes`.
std::string to_hex(std::string_view bytes);
/// A random lower-case hex token of `n_bytes` bytes of entropy.
std::string random_hex(std::size_t n_bytes);
/// 16 hex characters from a fast per-thread generator seeded from the DRBG: unique enough to
/// label a request, not a secret (use random_hex for tokens).
std::string fast_id();

}  // namespace lw
