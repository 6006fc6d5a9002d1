#include "crypto/password.hpp"

#include <sodium.h>

#include <stdexcept>

namespace lw::crypto {

static_assert(Argon2Params{}.ops_limit == crypto_pwhash_OPSLIMIT_INTERACTIVE);
static_assert(Argon2Params{}.mem_limit == crypto_pwhash_MEMLIMIT_INTERACTIVE);
static_assert(Argon2Params::moderate().ops_limit == crypto_pwhash_OPSLIMIT_MODERATE);
static_assert(Argon2Params::moderate().mem_limit == crypto_pwhash_MEMLIMIT_MODERATE);

namespace {

// libsodium must be initialised once before use; sodium_init is idempotent and thread-safe,
// the static only saves the repeated call.
void ensure_sodium() {
  static const int kInit = sodium_init();
  if (kInit < 0) {
    throw std::runtime_error("sodium_init failed");
  }
}

}  // namespace

Result<std::string> hash_password(std::string_view password, const Argon2Params& params) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), params.ops_limit,
                            params.mem_limit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error(std::string(errc::internal), "argon2id: out of memory or limits out of range");
  }
  return std::string(out);
}

bool verify_password(std::string_view encoded, std::string_view password) {
  ensure_sodium();
  if (encoded.size() >= crypto_pwhash_STRBYTES) {
    return false;
  }
  const std::string stored(encoded);  // libsodium reads a NUL-terminated string
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(std::string_view encoded, const Argon2Params& params) {
  ensure_sodium();
  if (encoded.size() >= crypto_pwhash_STRBYTES) {
    return true;
  }
  const std::string stored(encoded);
  // 0: current; 1: other limits; -1: not an Argon2id hash.
  return crypto_pwhash_argon2id_str_needs_rehash(stored.c_str(), params.ops_limit,
                                                 params.mem_limit) != 0;
}

}  // namespace lw::crypto
