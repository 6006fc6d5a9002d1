#pragma once
// Receipts: what the platform answers for an upload and a lab keeps as proof that its record
// is in the ledger. Verifiable offline with nothing but the platform's public key:
//   {"format": "labwatch-receipt/1",
//    "entry": {…entry_json…},
//    "leaf_index": N,
//    "leaf_hash": "<lower-case hex of H(0x00 ‖ canonical entry bytes)>",
//    "checkpoint": {…checkpoint_json…} or null,
//    "inclusion_proof": ["<lower-case hex>", …]}
// The inclusion proof is RFC 9162 PATH(leaf_index, D[0:checkpoint.size]), lowest level first.
// A receipt whose checkpoint is null is pending (the leaf is appended, no checkpoint covers
// it yet); its inclusion_proof is [] or absent, and the complete receipt comes later from
// GET /api/v1/ledger/receipts/{leaf_index}.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "crypto/sm2.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/entry.hpp"

namespace lw::ledger {

/// The value of "format".
inline constexpr std::string_view kReceiptFormat = "labwatch-receipt/1";

struct Receipt {
  Entry entry;
  std::uint64_t leaf_index = 0;
  std::string leaf_hash;                       // raw digest bytes
  std::optional<SignedCheckpoint> checkpoint;  // nullopt: pending
  std::vector<std::string> inclusion_proof;    // raw digest bytes, lowest level first

  bool operator==(const Receipt&) const = default;
};

/// The JSON form above ("inclusion_proof" always present, [] when pending).
boost::json::object receipt_json(const Receipt& receipt);

/// The receipt of its JSON form, strictly: exactly those members ("inclusion_proof" may be
/// absent when "checkpoint" is null), "format" "labwatch-receipt/1", entry_from_json and
/// checkpoint_from_json of the nested objects, hashes one digest long in lower-case hex, no
/// proof without a checkpoint. invalid_argument naming the member ("entry.version",
/// "checkpoint.note", "inclusion_proof", …). Nothing is verified (verify_receipt does).
Result<Receipt> receipt_from_json(const boost::json::value& json);

/// Checks everything a receipt claims, in this order, stopping at the first failure:
///   pending       no checkpoint: not_found with details.pending true, details.fetch (the path
///                 of the complete receipt) and details.reason "no checkpoint yet — fetch the
///                 complete receipt from GET /api/v1/ledger/receipts/N" (also the note): not a
///                 forgery, just too early;
///   checkpoint    the checkpoint is well-formed, names `key` (field "checkpoint.key_id") and
///                 carries its valid signature ("checkpoint.signature");
///   leaf_hash     equals H(0x00 ‖ entry bytes) under the checkpoint's hash ("leaf_hash");
///   leaf_index    is below the checkpoint's size ("leaf_index");
///   entry.prev    names an earlier leaf than leaf_index ("entry.prev");
///   inclusion     the proof leads from the leaf hash to the signed root ("inclusion_proof",
///                 with the reason verify_inclusion gives).
/// Every failure but pending is invalid_argument whose details.fields names the check's field.
Status verify_receipt(const Receipt& receipt, const crypto::Sm2PublicKey& key);

}  // namespace lw::ledger
