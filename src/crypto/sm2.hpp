#pragma once
// SM2 signatures (GB/T 32918) for the ledger's signed checkpoints.
//
// What a third party needs to verify a signature made here, with nothing but the public key:
//   - algorithm: SM2 digital signature with SM3 as the message digest, over the message bytes
//     exactly as given (the Z value of GB/T 32918.2 is prefixed by the algorithm itself);
//   - distinguishing ID: the GB/T 32918 default, the 16 ASCII bytes "1234567812345678"
//     (kSm2Id). OpenSSL 3.0 uses an empty ID unless told, so it must be passed explicitly;
//   - signature: DER, SEQUENCE { INTEGER r, INTEGER s } (at most 72 bytes);
//   - public key: PEM "PUBLIC KEY" (X.509 SubjectPublicKeyInfo, id-ecPublicKey on the SM2
//     curve 1.2.156.10197.1.301);
//   - key id: lower-case hex of the first 8 bytes of SM3 over the DER SubjectPublicKeyInfo
//     (16 hex digits), to name the key, never to check it.
// With stock OpenSSL 3.0:
//   openssl dgst -sm3 -verify pub.pem -signature sig.der -sigopt distid:1234567812345678 msg
// prints "Verified OK"; the key id is the first 16 hex digits of
//   openssl pkey -pubin -in pub.pem -outform DER | openssl dgst -sm3 -r
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace lw::crypto {

/// The distinguishing ID every signature here is made and checked with.
inline constexpr std::string_view kSm2Id = "1234567812345678";
/// Bytes of SM3(DER SubjectPublicKeyInfo) in a key id (shown as twice as many hex digits).
inline constexpr std::size_t kSm2KeyIdBytes = 8;

/// An SM2 public key. Move-only: a moved-from key may only be assigned to or destroyed. Every
/// const member may be called from several threads at once.
class Sm2PublicKey {
 public:
  /// The key of a PEM "PUBLIC KEY" (SubjectPublicKeyInfo); invalid_argument when the text
  /// holds no public key or one that is not SM2.
  static Result<Sm2PublicKey> from_pem(std::string_view pem);
  /// The key of a DER SubjectPublicKeyInfo; invalid_argument as from_pem.
  static Result<Sm2PublicKey> from_der(std::string_view der);

  ~Sm2PublicKey();
  Sm2PublicKey(Sm2PublicKey&&) noexcept;
  Sm2PublicKey& operator=(Sm2PublicKey&&) noexcept;
  Sm2PublicKey(const Sm2PublicKey&) = delete;
  Sm2PublicKey& operator=(const Sm2PublicKey&) = delete;

  /// PEM "PUBLIC KEY" (SubjectPublicKeyInfo), newline-terminated.
  std::string pem() const;
  /// DER SubjectPublicKeyInfo.
  std::string der() const;
  /// The raw point, uncompressed: 0x04 || X || Y (65 bytes).
  std::string point() const;
  /// Lower-case hex of the first kSm2KeyIdBytes bytes of SM3(der()).
  std::string key_id() const;

  /// Whether `signature` (DER) is this key's SM2-with-SM3 signature of `message` under
  /// kSm2Id. False for any other signature, including a malformed or non-canonical DER one.
  bool verify(std::string_view message, std::string_view signature) const;

 private:
  struct Impl;
  explicit Sm2PublicKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// An SM2 private key with its public key. Move-only, as Sm2PublicKey; const members may be
/// called from several threads at once. OpenSSL failing on a valid key (out of memory, broken
/// provider) is an impossible state and throws std::runtime_error.
class Sm2KeyPair {
 public:
  /// A fresh key from OpenSSL's DRBG.
  static Sm2KeyPair generate();
  /// The key of an unencrypted PKCS#8 PEM private key ("PRIVATE KEY", as private_pem() and
  /// `openssl genpkey -algorithm SM2` write it); invalid_argument when the text holds no such
  /// key, the key is encrypted, or it is not an SM2 key.
  static Result<Sm2KeyPair> from_pem(std::string_view pem);
  /// from_pem of the file's content; storage_unavailable when it cannot be read.
  static Result<Sm2KeyPair> load(const std::filesystem::path& file);

  ~Sm2KeyPair();
  Sm2KeyPair(Sm2KeyPair&&) noexcept;
  Sm2KeyPair& operator=(Sm2KeyPair&&) noexcept;
  Sm2KeyPair(const Sm2KeyPair&) = delete;
  Sm2KeyPair& operator=(const Sm2KeyPair&) = delete;

  /// The private key as unencrypted PKCS#8 PEM ("PRIVATE KEY"): a secret.
  std::string private_pem() const;
  /// Writes private_pem() to `file` atomically (a temporary file in the same directory,
  /// fsync, rename over `file`, fsync of the directory), mode 0600, creating the directory: a
  /// reader sees the old content or the new, never a part. storage_unavailable when a step
  /// fails.
  Status save(const std::filesystem::path& file) const;

  /// The public half, holding no private material.
  Sm2PublicKey public_key() const;
  /// Shorthands for public_key().pem(), .der() and .key_id().
  std::string public_pem() const;
  std::string public_der() const;
  std::string key_id() const;

  /// The DER signature of `message` (SM2 with SM3, ID kSm2Id). SM2 signing is randomised:
  /// two signatures of one message differ and both verify.
  std::string sign(std::string_view message) const;

 private:
  struct Impl;
  explicit Sm2KeyPair(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// key.verify(message, signature).
bool sm2_verify(const Sm2PublicKey& key, std::string_view message, std::string_view signature);

/// The platform's signing key. When the environment variable `env_var` is set and not empty
/// it is the key, never written: PEM text when it starts with "-----BEGIN", else the path of a
/// PEM file (so every instance of a deployment can share one key). Otherwise `file` is read
/// when present, else a fresh key is written there (mode 0600, atomically; when several
/// processes race, all end up with the one key that reached the file first). A key that cannot
/// be read or parsed is an error, never replaced. Meant for the ledger as
/// load_or_create_sm2_key(DIR/keys/ledger.pem, "LABWATCH_LEDGER_KEY").
Result<Sm2KeyPair> load_or_create_sm2_key(const std::filesystem::path& file, const char* env_var);

}  // namespace lw::crypto
