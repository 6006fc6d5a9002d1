#include "crypto/sm4.hpp"

#include <openssl/evp.h>
#include <openssl/modes.h>

#include <memory>
#include <stdexcept>

#include "core/random.hpp"
#include "crypto/openssl_util.hpp"

// OpenSSL 3.0 ships SM4 block modes (ECB/CBC/CTR/...) but no SM4-GCM (later releases do). GCM
// here is OpenSSL's own mode code (CRYPTO_gcm128_*, public in <openssl/modes.h>, with its
// CLMUL GHASH) driven by the SM4-ECB block function: no hand-written GHASH or counter logic.

namespace lw::crypto {

using detail::as_uchar;
using detail::check_openssl;

namespace {

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;
using GcmCtx = std::unique_ptr<GCM128_CONTEXT, decltype(&CRYPTO_gcm128_release)>;

// The single-block SM4 encryption GCM is built on, keyed by an SM4-ECB context.
void sm4_block(const unsigned char in[16], unsigned char out[16], const void* key) {
  auto* ctx = const_cast<EVP_CIPHER_CTX*>(static_cast<const EVP_CIPHER_CTX*>(key));
  int len = 0;
  // ECB of one whole block without padding cannot fail once the key is set.
  EVP_EncryptUpdate(ctx, out, &len, in, 16);
}

// An SM4-ECB context for `key` and a GCM context over it with `nonce` set; `aad` absorbed.
struct Gcm {
  CipherCtx ecb{EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free};
  GcmCtx gcm{nullptr, &CRYPTO_gcm128_release};

  Gcm(std::string_view key, std::string_view nonce, std::string_view aad) {
    if (key.size() != kSm4KeySize) {
      throw std::invalid_argument("SM4 key must be 16 bytes");
    }
    check_openssl(ecb != nullptr, "EVP_CIPHER_CTX_new");
    check_openssl(
        EVP_EncryptInit_ex2(ecb.get(), EVP_sm4_ecb(), as_uchar(key.data()), nullptr, nullptr) == 1,
        "SM4-ECB init");
    EVP_CIPHER_CTX_set_padding(ecb.get(), 0);
    gcm.reset(CRYPTO_gcm128_new(ecb.get(), sm4_block));
    check_openssl(gcm != nullptr, "CRYPTO_gcm128_new");
    CRYPTO_gcm128_setiv(gcm.get(), as_uchar(nonce.data()), nonce.size());
    check_openssl(CRYPTO_gcm128_aad(gcm.get(), as_uchar(aad.data()), aad.size()) == 0, "GCM aad");
  }
};

}  // namespace

std::string detail::sm4_gcm_seal_with_nonce(std::string_view key, std::string_view nonce,
                                            std::string_view plaintext, std::string_view aad) {
  Gcm g(key, nonce, aad);
  std::string out(nonce);
  out.resize(nonce.size() + plaintext.size() + kSm4GcmTagSize);
  unsigned char* ct = as_uchar(out.data()) + nonce.size();
  // Fails only past GCM's 64 GiB message limit.
  check_openssl(
      CRYPTO_gcm128_encrypt(g.gcm.get(), as_uchar(plaintext.data()), ct, plaintext.size()) == 0,
      "GCM encrypt");
  CRYPTO_gcm128_tag(g.gcm.get(), ct + plaintext.size(), kSm4GcmTagSize);
  return out;
}

std::string sm4_gcm_seal(std::string_view key, std::string_view plaintext, std::string_view aad) {
  return detail::sm4_gcm_seal_with_nonce(key, random_bytes(kSm4GcmNonceSize), plaintext, aad);
}

Result<std::string> sm4_gcm_open(std::string_view key, std::string_view sealed,
                                 std::string_view aad) {
  if (key.size() != kSm4KeySize) {
    throw std::invalid_argument("SM4 key must be 16 bytes");
  }
  if (sealed.size() < kSm4GcmNonceSize + kSm4GcmTagSize) {
    return Error(std::string(errc::internal), "sm4-gcm: sealed value truncated");
  }
  const std::string_view nonce = sealed.substr(0, kSm4GcmNonceSize);
  const std::string_view ct =
      sealed.substr(kSm4GcmNonceSize, sealed.size() - kSm4GcmNonceSize - kSm4GcmTagSize);
  const std::string_view tag = sealed.substr(sealed.size() - kSm4GcmTagSize);
  Gcm g(key, nonce, aad);
  std::string plain(ct.size(), '\0');
  check_openssl(CRYPTO_gcm128_decrypt(g.gcm.get(), as_uchar(ct.data()), as_uchar(plain.data()),
                                      ct.size()) == 0,
                "GCM decrypt");
  // CRYPTO_gcm128_finish compares the tags with CRYPTO_memcmp.
  if (CRYPTO_gcm128_finish(g.gcm.get(), as_uchar(tag.data()), tag.size()) != 0) {
    OPENSSL_cleanse(plain.data(), plain.size());
    return Error(std::string(errc::internal), "sm4-gcm: authentication failed");
  }
  return plain;
}

}  // namespace lw::crypto
