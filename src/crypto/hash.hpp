#pragma once
// Message digests (SM3, SHA-256) in one shot or streamed, and hex decoding. Digests are raw
// bytes; core's to_hex renders them.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace lw::crypto {

enum class HashAlg { sm3, sha256 };

/// The digest length of `alg` in bytes (32 for both SM3 and SHA-256).
std::size_t digest_size(HashAlg alg);

/// The raw digest of `data` under `alg`.
std::string digest(HashAlg alg, std::string_view data);

/// Bytes of an even-length hex string (either case); nullopt on any other character or length.
std::optional<std::string> from_hex(std::string_view hex);

/// Streams a message into a digest; not thread-safe. Move-only: a moved-from hasher may only
/// be assigned to or destroyed.
class Hasher {
 public:
  /// A hasher ready for the first message under `alg`.
  explicit Hasher(HashAlg alg);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  /// Appends `data` to the message; returns *this for chaining.
  Hasher& update(std::string_view data);
  /// The raw digest of everything appended since construction or the last finish; the hasher
  /// then starts a new, empty message under the same algorithm.
  std::string finish();

  /// The algorithm this hasher computes.
  HashAlg alg() const { return alg_; }

 private:
  struct Impl;
  HashAlg alg_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lw::crypto
