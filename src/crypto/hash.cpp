#include "crypto/hash.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

#include "crypto/openssl_util.hpp"

namespace lw::crypto {

using detail::as_uchar;
using detail::check_openssl;

namespace {

// Fetched once and kept for the process: given the legacy EVP_sm3() / EVP_sha256(), OpenSSL 3
// fetches the implementation again on every EVP_DigestInit_ex2 (a locked lookup), which cost
// more than hashing a Merkle node (bench/ledger).
const EVP_MD* fetched(const char* name) {
  const EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  check_openssl(md != nullptr, "EVP_MD_fetch");
  return md;
}

const EVP_MD* md_of(HashAlg alg) {
  switch (alg) {
    case HashAlg::sm3: {
      static const EVP_MD* const md = fetched("SM3");
      return md;
    }
    case HashAlg::sha256: {
      static const EVP_MD* const md = fetched("SHA256");
      return md;
    }
  }
  throw std::invalid_argument("unknown HashAlg");
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

}  // namespace

struct Hasher::Impl {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
};

std::size_t digest_size(HashAlg alg) {
  return static_cast<std::size_t>(EVP_MD_get_size(md_of(alg)));
}

std::string digest(HashAlg alg, std::string_view data) {
  return Hasher(alg).update(data).finish();
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_value(hex[i]);
    const int lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
  return out;
}

Hasher::Hasher(HashAlg alg) : alg_(alg), impl_(std::make_unique<Impl>()) {
  check_openssl(impl_->ctx != nullptr, "EVP_MD_CTX_new");
  check_openssl(EVP_DigestInit_ex2(impl_->ctx.get(), md_of(alg_), nullptr) == 1, "EVP_DigestInit");
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

Hasher& Hasher::update(std::string_view data) {
  check_openssl(EVP_DigestUpdate(impl_->ctx.get(), data.data(), data.size()) == 1,
                "EVP_DigestUpdate");
  return *this;
}

std::string Hasher::finish() {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int len = 0;
  check_openssl(EVP_DigestFinal_ex(impl_->ctx.get(), as_uchar(out.data()), &len) == 1,
                "EVP_DigestFinal");
  out.resize(len);
  check_openssl(EVP_DigestInit_ex2(impl_->ctx.get(), md_of(alg_), nullptr) == 1, "EVP_DigestInit");
  return out;
}

}  // namespace lw::crypto
