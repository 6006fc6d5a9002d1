#pragma once
// SM4-GCM authenticated encryption for data at rest. A sealed value is nonce (12 bytes) ||
// ciphertext || tag (16 bytes); the nonce is random, so one key seals at most 2^32 values.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace lw::crypto {

inline constexpr std::size_t kSm4KeySize = 16;
inline constexpr std::size_t kSm4GcmNonceSize = 12;
inline constexpr std::size_t kSm4GcmTagSize = 16;

/// `plaintext` sealed under the 16-byte `key` with a fresh random nonce; `aad` (e.g. the row
/// id) is authenticated, not stored, and must be given again to open. A key of another size is
/// a programming error: std::invalid_argument.
std::string sm4_gcm_seal(std::string_view key, std::string_view plaintext,
                         std::string_view aad = {});

/// The plaintext of `sealed`; errc::internal when it is truncated, was altered, or the key or
/// `aad` differ from sealing (indistinguishable by design). Throws on a key of another size.
Result<std::string> sm4_gcm_open(std::string_view key, std::string_view sealed,
                                 std::string_view aad = {});

namespace detail {
/// sm4_gcm_seal with a caller-chosen nonce, for known-answer tests only: reusing a nonce
/// under one key destroys both confidentiality and integrity.
std::string sm4_gcm_seal_with_nonce(std::string_view key, std::string_view nonce,
                                    std::string_view plaintext, std::string_view aad);
}  // namespace detail

}  // namespace lw::crypto
