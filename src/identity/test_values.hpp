#pragma once
// Values the identity module's tests share (its test files build as one unity file in the
// release and asan presets, so each is defined once, here).
#include <string_view>

#include "core/clock.hpp"

namespace lw::identity::test_values {

inline const Instant kT0 = from_micros(1'790'000'000'000'000);
/// RFC 6238's TOTP key "12345678901234567890", raw and in base32.
inline constexpr char kRawSecret[] = "12345678901234567890";
inline constexpr char kSecret[] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
/// A 16-byte data key for the secrets stored encrypted.
inline constexpr std::string_view kDataKey = "dddddddddddddddd";

}  // namespace lw::identity::test_values
