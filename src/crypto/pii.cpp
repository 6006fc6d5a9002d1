#include "crypto/pii.hpp"

#include <algorithm>

#include "core/random.hpp"
#include "core/text.hpp"
#include "crypto/hmac.hpp"
#include "crypto/sm4.hpp"

namespace lw::crypto {
namespace {

// Labels of the key derivation: changing one orphans every value sealed or indexed before.
constexpr std::string_view kSealLabel = "labwatch pii seal v1";
constexpr std::string_view kIndexLabel = "labwatch pii index v1";

struct MaskShape {
  std::size_t length;  // the length the shape is for
  std::size_t front;   // characters kept at the start
  std::size_t back;    // characters kept at the end
};

MaskShape shape_of(PiiKind kind) {
  switch (kind) {
    case PiiKind::resident_id:
      return {18, 6, 4};
    case PiiKind::phone:
      return {11, 3, 4};
  }
  return {0, 0, 0};
}

bool all_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::string_view pii_kind_name(PiiKind kind) {
  switch (kind) {
    case PiiKind::resident_id:
      return "resident_id";
    case PiiKind::phone:
      return "phone";
  }
  return "unknown";
}

Result<PiiKeys> PiiKeys::derive(std::string_view data_key) {
  if (data_key.size() != kSm4KeySize) {
    return Error(std::string(errc::internal),
                 "the data key must be 16 bytes, got " + std::to_string(data_key.size()));
  }
  std::string seal = hmac(MacAlg::sm3, data_key, kSealLabel);
  seal.resize(kSm4KeySize);
  return PiiKeys(std::move(seal), hmac(MacAlg::sm3, data_key, kIndexLabel));
}

std::string pii_aad(PiiKind kind, std::string_view binding) {
  std::string aad = "pii:" + std::string(pii_kind_name(kind));
  if (!binding.empty()) {
    aad += ':';
    aad += binding;
  }
  return aad;
}

std::string seal_pii(const PiiKeys& keys, PiiKind kind, std::string_view value,
                     std::string_view binding) {
  return sm4_gcm_seal(keys.seal_key(), value, pii_aad(kind, binding));
}

Result<std::string> open_pii(const PiiKeys& keys, PiiKind kind, std::string_view sealed,
                             std::string_view binding) {
  auto value = sm4_gcm_open(keys.seal_key(), sealed, pii_aad(kind, binding));
  if (!value) {
    return Error(std::string(errc::internal),
                 "a sealed " + std::string(pii_kind_name(kind)) +
                     " cannot be opened: wrong data key, kind or row, or the value was altered");
  }
  return value;
}

std::string pii_index(const PiiKeys& keys, PiiKind kind, std::string_view normalised) {
  // The kind and a separator go first: "phone:1" and "resident_id:1" never collide, and no
  // value can pass for another kind's prefix (kind names contain no ':').
  std::string message(pii_kind_name(kind));
  message += ':';
  message += normalised;
  return to_hex(hmac(MacAlg::sm3, keys.index_key(), message));
}

std::string mask_pii(PiiKind kind, std::string_view value) {
  if (!all_ascii(value)) {
    return std::string(utf8_length(value), '*');
  }
  const std::size_t n = value.size();
  MaskShape shape = shape_of(kind);
  if (n != shape.length) {
    // An unexpected length (a first-generation 15-digit ID, a landline, junk): keep less, so
    // that at least half of it stays hidden whatever it is.
    shape.front = std::min(shape.front, n / 4);
    shape.back = std::min(shape.back, n / 4);
  }
  std::string masked(value.substr(0, shape.front));
  masked.append(n - shape.front - shape.back, '*');
  masked.append(value.substr(n - shape.back));
  return masked;
}

}  // namespace lw::crypto
