#include "support/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace lw::testing {

std::string totp_now(std::string_view secret) {
  const auto unix_s = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::uint64_t step = static_cast<std::uint64_t>(unix_s / 30);
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<unsigned char>(step & 0xff);
    step >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), msg, sizeof msg, mac, &len);
  const int off = mac[len - 1] & 0x0f;
  const std::uint32_t bin =
      ((mac[off] & 0x7fu) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  char out[8];
  std::snprintf(out, sizeof out, "%06u", bin % 1'000'000u);
  return out;
}

}  // namespace lw::testing
