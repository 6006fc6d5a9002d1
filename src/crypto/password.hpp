#pragma once
// Password storage (Argon2id through libsodium) and the policy a new password must meet.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace lw::crypto {

/// Argon2id cost. The defaults are libsodium's INTERACTIVE limits (2 passes, 64 MiB, about
/// 0.1 s); moderate() is the 256 MiB profile for deployments that can afford it.
struct Argon2Params {
  unsigned long long ops_limit = 2;
  std::size_t mem_limit = std::size_t{64} << 20;

  /// libsodium's MODERATE limits: 3 passes, 256 MiB.
  static constexpr Argon2Params moderate() { return {3, std::size_t{256} << 20}; }
};

/// An encoded Argon2id hash ("$argon2id$v=19$m=…,t=…,p=1$salt$hash") of `password` with a
/// fresh random salt. Blocks for the configured cost: run it off the I/O threads. Fails
/// (errc::internal) only when the memory cannot be had or the limits are out of range.
Result<std::string> hash_password(std::string_view password, const Argon2Params& params = {});

/// True when `password` matches `encoded`; false on mismatch and on a malformed hash.
bool verify_password(std::string_view encoded, std::string_view password);

/// True when `encoded` was not made with exactly `params` (or is not an Argon2id hash at
/// all), so the caller should store a new hash after the next successful verify.
bool password_needs_rehash(std::string_view encoded, const Argon2Params& params = {});

struct PasswordPolicy {
  int min_length = 8;   // in Unicode code points
  int min_classes = 3;  // of {lower, upper, digit, other}
};

/// Ok when `password` meets `policy` and is not `login`-based or commonly used; otherwise
/// errc::invalid_argument with details {"fields": {"password": REASON}}, REASON the first
/// failed rule of too_short, too_few_classes, contains_login, too_common.
Status check_password(const PasswordPolicy& policy, std::string_view password,
                      std::string_view login);

/// The built-in list of common passwords check_password refuses, lower-case.
std::span<const std::string_view> common_passwords();

}  // namespace lw::crypto
