#include "crypto/totp.hpp"

#include <array>
#include <stdexcept>

#include "core/random.hpp"
#include "crypto/hmac.hpp"

namespace lw::crypto {

namespace {

void check_params(int digits, std::int64_t period) {
  if (digits < 6 || digits > 9 || period <= 0) {
    throw std::invalid_argument("TOTP parameters out of range");
  }
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string new_totp_secret() {
  return random_bytes(20);
}

std::string hotp_code(std::string_view secret, std::uint64_t counter, int digits) {
  check_params(digits, 1);
  std::array<char, 8> msg{};
  for (int i = 7; i >= 0; --i) {
    msg[static_cast<std::size_t>(i)] = static_cast<char>(counter & 0xFF);
    counter >>= 8;
  }
  const std::string mac = hmac(MacAlg::sha1, secret, std::string_view(msg.data(), msg.size()));
  // Dynamic truncation (RFC 4226 §5.3): 31 bits at the offset named by the last nibble.
  const auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(mac[i]));
  };
  const std::size_t offset = byte(mac.size() - 1) & 0x0F;
  const std::uint32_t bin = ((byte(offset) & 0x7F) << 24) | (byte(offset + 1) << 16) |
                            (byte(offset + 2) << 8) | byte(offset + 3);
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) {
    modulus *= 10;
  }
  std::string code = std::to_string(bin % modulus);
  code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
  return code;
}

std::int64_t totp_step(std::int64_t unix_seconds, const TotpParams& params) {
  check_params(params.digits, params.period);
  return floor_div(unix_seconds - params.t0, params.period);
}

std::string totp_code(std::string_view secret, std::int64_t unix_seconds,
                      const TotpParams& params) {
  const std::int64_t step = totp_step(unix_seconds, params);
  return hotp_code(secret, static_cast<std::uint64_t>(step < 0 ? 0 : step), params.digits);
}

std::optional<std::int64_t> totp_verify(std::string_view secret, std::string_view code,
                                        std::int64_t unix_seconds, int window_steps,
                                        const TotpParams& params) {
  const std::int64_t now = totp_step(unix_seconds, params);
  if (code.size() != static_cast<std::size_t>(params.digits) || !all_digits(code)) {
    return std::nullopt;
  }
  std::optional<std::int64_t> matched;
  // Every candidate is computed and compared in constant time; the nearest match wins.
  for (int d = 0; d <= 2 * (window_steps < 0 ? 0 : window_steps); ++d) {
    const std::int64_t step = now + (d % 2 == 0 ? d / 2 : -(d + 1) / 2);
    if (step < 0) {
      continue;
    }
    const bool equal = equal_constant_time(
        hotp_code(secret, static_cast<std::uint64_t>(step), params.digits), code);
    if (equal && !matched) {
      matched = step;
    }
  }
  return matched;
}

}  // namespace lw::crypto
