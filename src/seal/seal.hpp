#pragma once
// The anti-counterfeit seal of a report (issue 9, JJ-3.5; docs/reports.md "The seal"): a
// compact payload — format, key id, issue time, report number, SM3 of the PDF and of the
// structured content — signed with the platform's SM2 report key, written as upper-case base32
// so that a QR code in alphanumeric mode carries it inside a URL. Verifiable offline with the
// published public key alone (lw-verify-report, or openssl as docs/reports.md shows).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/sm2.hpp"

namespace lw::seal {

inline constexpr std::uint8_t kSealFormat = 1;
inline constexpr std::size_t kMaxNumberLength = 64;

/// What the platform vouches for.
struct SealFacts {
  std::string number;       // printable ASCII, 1 to kMaxNumberLength bytes
  Instant issued_at{};      // whole seconds are kept
  std::string pdf_sm3;      // 32 raw bytes
  std::string content_sm3;  // 32 raw bytes
};

/// A payload taken apart.
struct Seal {
  SealFacts facts;
  std::string key_id;        // 8 raw bytes (crypto::Sm2PublicKey::key_id() is its hex)
  std::string signature;     // 64 raw bytes, r || s
  std::string signed_bytes;  // the payload bytes the signature covers
};

/// The payload text (base32, upper case, no padding) of `facts` signed with `key`;
/// invalid_argument naming the fact when one is out of range.
Result<std::string> make_seal(const crypto::Sm2KeyPair& key, const SealFacts& facts);

/// The payload of `text`: the payload itself, or a URL whose path ends in "/V/<payload>" or
/// "/v/<payload>" (scheme and host are ignored; a query or fragment is not allowed).
/// invalid_argument ("seal") when it is not well-formed base32 of a format-1 payload.
Result<Seal> parse_seal(std::string_view text);

/// Whether `seal.signature` is `key`'s signature of `seal.signed_bytes` and the key ids agree.
bool verify_seal(const Seal& seal, const crypto::Sm2PublicKey& key);

/// The URL a QR code carries: `public_base` (e.g. "http://127.0.0.1:8080", no trailing slash
/// needed) upper-cased, then "/V/", then the payload.
std::string seal_url(std::string_view public_base, std::string_view payload);

/// DER SEQUENCE { INTEGER r, INTEGER s } of a 64-byte r || s signature (what openssl dgst
/// -verify reads); empty when `rs` is not 64 bytes.
std::string signature_der(std::string_view rs);

}  // namespace lw::seal
