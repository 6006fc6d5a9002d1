#include "seal/seal.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <memory>
#include <stdexcept>

#include "crypto/hash.hpp"
#include "crypto/totp.hpp"

namespace lw::seal {

namespace {

// The byte layout of format 1 (docs/reports.md "The seal").
constexpr std::size_t kKeyIdBytes = crypto::kSm2KeyIdBytes;  // 8
constexpr std::size_t kTimeBytes = 4;
constexpr std::size_t kDigestBytes = 32;
constexpr std::size_t kSignatureBytes = 64;  // r || s
constexpr std::size_t kHalf = kSignatureBytes / 2;
// Everything but the number: format, key id, time, length, two digests, signature.
constexpr std::size_t kFixedBytes =
    1 + kKeyIdBytes + kTimeBytes + 1 + 2 * kDigestBytes + kSignatureBytes;

using Sig = std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)>;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

std::string key_id_of(std::string_view spki_der) {
  return crypto::digest(crypto::HashAlg::sm3, spki_der).substr(0, kKeyIdBytes);
}

// r || s of a DER signature, each left-padded to 32 bytes.
std::string signature_rs(std::string_view der) {
  const unsigned char* p = bytes(der);
  Sig sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())), &ECDSA_SIG_free);
  if (sig == nullptr) {
    throw std::runtime_error("seal: OpenSSL returned an unreadable SM2 signature");
  }
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string out(kSignatureBytes, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (BN_bn2binpad(r, o, kHalf) != static_cast<int>(kHalf) ||
      BN_bn2binpad(s, o + kHalf, kHalf) != static_cast<int>(kHalf)) {
    throw std::runtime_error("seal: SM2 signature component longer than 32 bytes");
  }
  return out;
}

Error bad_seal(std::string_view reason) {
  return field_error("seal", reason);
}

}  // namespace

Result<std::string> make_seal(const crypto::Sm2KeyPair& key, const SealFacts& facts) {
  if (facts.number.empty() || facts.number.size() > kMaxNumberLength ||
      !printable_ascii(facts.number)) {
    return field_error("number", "1 to 64 printable ASCII characters");
  }
  const auto seconds =
      std::chrono::floor<std::chrono::seconds>(facts.issued_at).time_since_epoch().count();
  if (seconds < 0 || seconds > std::int64_t{UINT32_MAX}) {
    return field_error("issued_at", "between 1970 and 2106");
  }
  if (facts.pdf_sm3.size() != kDigestBytes) {
    return field_error("pdf_sm3", "32 bytes");
  }
  if (facts.content_sm3.size() != kDigestBytes) {
    return field_error("content_sm3", "32 bytes");
  }
  std::string payload;
  payload.reserve(kFixedBytes + facts.number.size());
  payload.push_back(static_cast<char>(kSealFormat));
  payload += key_id_of(key.public_der());
  const auto t = static_cast<std::uint32_t>(seconds);
  for (int shift = 24; shift >= 0; shift -= 8) {
    payload.push_back(static_cast<char>((t >> shift) & 0xFF));
  }
  payload.push_back(static_cast<char>(facts.number.size()));
  payload += facts.number;
  payload += facts.pdf_sm3;
  payload += facts.content_sm3;
  payload += signature_rs(key.sign(payload));
  return crypto::base32_encode(payload);
}

Result<Seal> parse_seal(std::string_view text) {
  if (text.find_first_of("?#") != std::string_view::npos) {
    return bad_seal("a query or fragment is not allowed");
  }
  if (const auto slash = text.rfind('/'); slash != std::string_view::npos) {
    const std::string_view head = text.substr(0, slash);
    if (!head.ends_with("/V") && !head.ends_with("/v")) {
      return bad_seal("a URL must end in /V/<payload>");
    }
    text.remove_prefix(slash + 1);
  }
  if (text.find('=') != std::string_view::npos) {
    return bad_seal("base32 without padding");
  }
  const auto decoded = crypto::base32_decode(text);
  if (!decoded) {
    return bad_seal("not base32");
  }
  const std::string& b = *decoded;
  if (b.size() < kFixedBytes + 1) {
    return bad_seal("too short");
  }
  if (static_cast<std::uint8_t>(b[0]) != kSealFormat) {
    return bad_seal("unknown format");
  }
  const std::size_t len_at = 1 + kKeyIdBytes + kTimeBytes;
  const std::size_t n = static_cast<std::uint8_t>(b[len_at]);
  if (n == 0 || n > kMaxNumberLength) {
    return bad_seal("report number length out of range");
  }
  if (b.size() != kFixedBytes + n) {
    return bad_seal(b.size() < kFixedBytes + n ? "too short" : "too long");
  }
  Seal seal;
  seal.key_id = b.substr(1, kKeyIdBytes);
  std::uint32_t t = 0;
  for (std::size_t i = 1 + kKeyIdBytes; i < len_at; ++i) {
    t = (t << 8) | static_cast<std::uint8_t>(b[i]);
  }
  seal.facts.issued_at = Instant{std::chrono::seconds{t}};
  seal.facts.number = b.substr(len_at + 1, n);
  if (!printable_ascii(seal.facts.number)) {
    return bad_seal("report number not printable ASCII");
  }
  std::size_t at = len_at + 1 + n;
  seal.facts.pdf_sm3 = b.substr(at, kDigestBytes);
  at += kDigestBytes;
  seal.facts.content_sm3 = b.substr(at, kDigestBytes);
  at += kDigestBytes;
  seal.signed_bytes = b.substr(0, at);
  seal.signature = b.substr(at);
  return seal;
}

bool verify_seal(const Seal& seal, const crypto::Sm2PublicKey& key) {
  if (seal.key_id.size() != kKeyIdBytes || seal.key_id != key_id_of(key.der()) ||
      seal.signed_bytes.size() < 1 + kKeyIdBytes ||
      std::string_view(seal.signed_bytes).substr(1, kKeyIdBytes) != seal.key_id) {
    return false;
  }
  const std::string der = signature_der(seal.signature);
  return !der.empty() && key.verify(seal.signed_bytes, der);
}

std::string seal_url(std::string_view public_base, std::string_view payload) {
  while (public_base.ends_with('/')) {
    public_base.remove_suffix(1);
  }
  std::string url(public_base);
  std::transform(url.begin(), url.end(), url.begin(), [](char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  });
  url += "/V/";
  url += payload;
  return url;
}

std::string signature_der(std::string_view rs) {
  if (rs.size() != kSignatureBytes) {
    return {};
  }
  Sig sig(ECDSA_SIG_new(), &ECDSA_SIG_free);
  BIGNUM* r = BN_bin2bn(bytes(rs), kHalf, nullptr);
  BIGNUM* s = BN_bin2bn(bytes(rs) + kHalf, kHalf, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    throw std::runtime_error("seal: OpenSSL cannot build a signature");
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) {
    throw std::runtime_error("seal: OpenSSL cannot encode a signature");
  }
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace lw::seal
