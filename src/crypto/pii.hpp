#pragma once
// Personal data at rest and on screen (个人信息保护, issue 5 item 4): resident ID numbers and
// phone numbers are stored SM4-GCM-sealed, found again through a keyed SM3 blind index, and
// shown masked unless the caller holds the unmask right. docs/identifiers.md has the rules.
//
// Both keys are derived from the deployment's 16-byte data key (identity/lab_keys.hpp), one
// HMAC-SM3 step each with a fixed label, so the keys for sealing and for indexing differ from
// each other and from the data key that seals lab API and TOTP secrets:
//   seal key  = first 16 bytes of HMAC-SM3(data_key, "labwatch pii seal v1")
//   index key = HMAC-SM3(data_key, "labwatch pii index v1")                    (32 bytes)
// Rotating the data key therefore means re-sealing every value and recomputing every index.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace lw::crypto {

/// The kinds of personal data kept protected. The kind is bound into the AAD of every sealed
/// value and into every index, so an ID ciphertext copied into a phone column does not open and
/// an equal string of two kinds does not index alike.
enum class PiiKind { resident_id, phone };

/// "resident_id" or "phone": the label in AADs and indexes, stable forever.
std::string_view pii_kind_name(PiiKind kind);

/// The sub-keys of one data key. Made only by derive, so a key of the wrong size never reaches
/// SM4 (which would throw).
class PiiKeys {
 public:
  /// The keys derived from the 16-byte `data_key`; errc::internal for a key of another size.
  static Result<PiiKeys> derive(std::string_view data_key);

  const std::string& seal_key() const { return seal_; }
  const std::string& index_key() const { return index_; }

 private:
  PiiKeys(std::string seal, std::string index) : seal_(std::move(seal)), index_(std::move(index)) {}
  std::string seal_;
  std::string index_;
};

/// The AAD of a sealed value: "pii:" + kind, then ":" + `binding` when one is given. A binding
/// (e.g. the stable public id of the person row) also stops a value being moved between rows;
/// it must be given again to open.
std::string pii_aad(PiiKind kind, std::string_view binding = {});

/// `value` sealed under the seal key with a fresh nonce (crypto/sm4.hpp format).
std::string seal_pii(const PiiKeys& keys, PiiKind kind, std::string_view value,
                     std::string_view binding = {});

/// The value of `sealed`; errc::internal when it was altered, sealed as another kind or with
/// another binding, or under another data key. The note never contains the value.
Result<std::string> open_pii(const PiiKeys& keys, PiiKind kind, std::string_view sealed,
                             std::string_view binding = {});

/// The blind index of a value, lower-case hex (64 characters): HMAC-SM3 under the index key of
/// "<kind>:<value>". Deterministic, so equal values can be found by equality on the column
/// without opening any row. `normalised` must already be in the one canonical form of its kind
/// (a resident ID upper-cased by domain::parse_resident_id), or equal values will not meet.
std::string pii_index(const PiiKeys& keys, PiiKind kind, std::string_view normalised);

/// `value` for display with its middle hidden, one '*' per hidden character: a resident ID of 18
/// characters keeps the first 6 and last 4 (110105********002X), a phone number of 11 keeps the
/// first 3 and last 4 (138****5678). A value of any other length keeps at most a quarter of its
/// characters at each end (nothing when shorter than 4), so at least half is always hidden; one
/// with a non-ASCII character is hidden entirely.
std::string mask_pii(PiiKind kind, std::string_view value);

}  // namespace lw::crypto
