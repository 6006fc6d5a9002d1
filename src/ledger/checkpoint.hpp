#pragma once
// Signed checkpoints: the platform's SM2 signature over a tree size and root, modelled on the
// C2SP tlog-checkpoint note. The signed message is the note body, exactly five lines, each
// ending in LF (0x0A):
//   <origin>
//   <size in decimal>
//   <root hash, standard base64 with padding>
//   time <checkpoint time, RFC 3339 UTC with six fraction digits>
//   hash <sm3|sha256>
// e.g.
//   ledger.labwatch.example/jxsz
//   5
//   …base64 of the 32-byte root…
//   time 2026-11-21T10:00:00.000000Z
//   hash sm3
// The signature is SM2 with SM3 over those bytes, distinguishing ID "1234567812345678", DER
// (crypto/sm2.hpp); the key id names the signing key (16 hex digits of SM3 of its DER
// SubjectPublicKeyInfo). With stock OpenSSL 3:
//   openssl dgst -sm3 -verify pub.pem -signature sig.der -sigopt distid:1234567812345678 note.txt
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/hash.hpp"
#include "crypto/sm2.hpp"

namespace lw::ledger {

/// The most characters (code points) of an origin.
inline constexpr std::size_t kMaxOriginChars = 200;

struct Checkpoint {
  std::string origin;      // names the ledger: 1–200 characters, no control characters
  std::uint64_t size = 0;  // leaves in the tree (0 … 2^53 − 1)
  std::string root;        // MTH of those leaves, raw digest bytes
  Instant time;            // when the platform made the checkpoint
  crypto::HashAlg alg = crypto::HashAlg::sm3;

  bool operator==(const Checkpoint&) const = default;
};

struct SignedCheckpoint {
  Checkpoint checkpoint;
  std::string key_id;     // the signing key's id, 16 lower-case hex digits
  std::string signature;  // DER SM2 signature of note_body(checkpoint)

  bool operator==(const SignedCheckpoint&) const = default;
};

/// "sm3" or "sha256", as the note's hash line and hash_alg name the algorithm.
std::string_view hash_alg_name(crypto::HashAlg alg);
/// The algorithm of hash_alg_name; nullopt for any other text.
std::optional<crypto::HashAlg> parse_hash_alg(std::string_view name);

/// invalid_argument naming "origin" (empty, over 200 characters, not UTF-8, a control
/// character U+0000–U+001F or U+007F), "size" (over 2^53 − 1), "root" (not one digest long) or
/// "time" (outside the years 0000–9999).
Status validate(const Checkpoint& checkpoint);

/// The note body: the five lines above. Meaningful for a valid checkpoint only.
std::string note_body(const Checkpoint& checkpoint);

/// `checkpoint` signed with `key`; invalid_argument when validate fails.
Result<SignedCheckpoint> sign(const Checkpoint& checkpoint, const crypto::Sm2KeyPair& key);

/// Checks that `signed_checkpoint` is valid and signed by `key`. invalid_argument naming the
/// field at fault: a validate field, "key_id" (not the id of `key`: signed by another key, or
/// the wrong public key given) or "signature" (not `key`'s signature of the note body).
Status verify(const SignedCheckpoint& signed_checkpoint, const crypto::Sm2PublicKey& key);

/// The JSON form: {"origin", "size", "root_hash" (lower-case hex), "time", "hash_alg",
/// "key_id", "signature" (base64 of the DER), "note" (note_body)}.
boost::json::object checkpoint_json(const SignedCheckpoint& signed_checkpoint);

/// The signed checkpoint of its JSON form, strictly: exactly those members, of the right types
/// and forms, validate, and "note" equal to the body recomputed from the other members.
/// invalid_argument naming the member. The signature is not checked (verify does).
Result<SignedCheckpoint> checkpoint_from_json(const boost::json::value& json);

}  // namespace lw::ledger
