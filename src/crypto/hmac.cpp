#include "crypto/hmac.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stdexcept>

#include "crypto/openssl_util.hpp"

namespace lw::crypto {

namespace {

const char* digest_name(MacAlg alg) {
  switch (alg) {
    case MacAlg::sm3:
      return "SM3";
    case MacAlg::sha256:
      return "SHA256";
    case MacAlg::sha1:
      return "SHA1";
  }
  throw std::invalid_argument("unknown MacAlg");
}

}  // namespace

std::string hmac(MacAlg alg, std::string_view key, std::string_view data) {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  std::size_t len = 0;
  const unsigned char* res = EVP_Q_mac(
      nullptr, "HMAC", nullptr, digest_name(alg), nullptr, detail::as_uchar(key.data()), key.size(),
      detail::as_uchar(data.data()), data.size(), detail::as_uchar(out.data()), out.size(), &len);
  detail::check_openssl(res != nullptr, "HMAC");
  out.resize(len);
  return out;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace lw::crypto
