#include "ledger/receipt.hpp"

#include <array>

#include "core/random.hpp"
#include "ledger/json_fields.hpp"
#include "ledger/proof.hpp"

namespace lw::ledger {

boost::json::object receipt_json(const Receipt& r) {
  boost::json::array proof;
  for (const std::string& h : r.inclusion_proof) {
    proof.emplace_back(to_hex(h));
  }
  boost::json::object o;
  o["format"] = kReceiptFormat;
  o["entry"] = entry_json(r.entry);
  o["leaf_index"] = r.leaf_index;
  o["leaf_hash"] = to_hex(r.leaf_hash);
  if (r.checkpoint) {
    o["checkpoint"] = checkpoint_json(*r.checkpoint);
  } else {
    o["checkpoint"] = nullptr;
  }
  o["inclusion_proof"] = std::move(proof);
  return o;
}

Result<Receipt> receipt_from_json(const boost::json::value& json) {
  static constexpr std::array<std::string_view, 6> kMembers{
      "format", "entry", "leaf_index", "leaf_hash", "checkpoint", "inclusion_proof"};
  const boost::json::object* o = json.if_object();
  if (o == nullptr) {
    return field_error("receipt", "must be an object");
  }
  const bool pending = o->contains("checkpoint") && o->at("checkpoint").is_null();
  if (pending && !o->contains("inclusion_proof")) {
    boost::json::object with_proof = *o;
    with_proof["inclusion_proof"] = boost::json::array();
    return receipt_from_json(with_proof);
  }
  LW_TRY(exact_members(*o, kMembers));
  auto format = string_member(*o, "format");
  if (!format) {
    return std::move(format).error();
  }
  if (*format != kReceiptFormat) {
    return field_error("format", "must be \"labwatch-receipt/1\"");
  }
  Receipt r;
  auto entry = entry_from_json(o->at("entry"));
  if (!entry) {
    return nested(std::move(entry).error(), "entry");
  }
  r.entry = std::move(*entry);
  auto index = safe_integer(*o, "leaf_index");
  if (!index) {
    return std::move(index).error();
  }
  if (*index < 0) {
    return field_error("leaf_index", "must be 0 … 2^53 − 1");
  }
  r.leaf_index = static_cast<std::uint64_t>(*index);
  if (!pending) {
    auto checkpoint = checkpoint_from_json(o->at("checkpoint"));
    if (!checkpoint) {
      return nested(std::move(checkpoint).error(), "checkpoint");
    }
    r.checkpoint = std::move(*checkpoint);
  }
  // Both algorithms have 32-byte digests; a pending receipt does not say which one it uses.
  const std::size_t digest =
      r.checkpoint ? crypto::digest_size(r.checkpoint->checkpoint.alg) : std::size_t{32};
  auto leaf_text = string_member(*o, "leaf_hash");
  if (!leaf_text) {
    return std::move(leaf_text).error();
  }
  auto leaf = lower_hex(*leaf_text, digest, "leaf_hash");
  if (!leaf) {
    return std::move(leaf).error();
  }
  r.leaf_hash = std::move(*leaf);
  const boost::json::array* proof = o->at("inclusion_proof").if_array();
  if (proof == nullptr) {
    return field_error("inclusion_proof", "must be an array of hex hashes");
  }
  if (pending && !proof->empty()) {
    return field_error("inclusion_proof", "must be empty when there is no checkpoint");
  }
  for (std::size_t i = 0; i < proof->size(); ++i) {
    const boost::json::string* h = (*proof)[i].if_string();
    const std::string field = "inclusion_proof[" + std::to_string(i) + "]";
    if (h == nullptr) {
      return field_error(field, "must be a string of hex digits");
    }
    auto bytes = lower_hex(*h, digest, field);
    if (!bytes) {
      return std::move(bytes).error();
    }
    r.inclusion_proof.push_back(std::move(*bytes));
  }
  return r;
}

Status verify_receipt(const Receipt& r, const crypto::Sm2PublicKey& key) {
  if (!r.checkpoint) {
    const std::string fetch = "/api/v1/ledger/receipts/" + std::to_string(r.leaf_index);
    std::string reason = "no checkpoint yet — fetch the complete receipt from GET " + fetch;
    return Error(std::string(errc::not_found), reason,
                 {{"reason", reason}, {"pending", true}, {"fetch", fetch}});
  }
  const SignedCheckpoint& s = *r.checkpoint;
  const Checkpoint& c = s.checkpoint;
  if (auto st = verify(s, key); !st) {
    return nested(std::move(st).error(), "checkpoint");
  }
  auto leaf = leaf_of(c.alg, r.entry);
  if (!leaf) {
    return nested(std::move(leaf).error(), "entry");
  }
  if (*leaf != r.leaf_hash) {
    return field_error("leaf_hash",
                       "is not the " + std::string(hash_alg_name(c.alg)) +
                           " leaf hash of the entry: the entry or the hash was altered");
  }
  if (r.leaf_index >= c.size) {
    return field_error("leaf_index", "leaf " + std::to_string(r.leaf_index) +
                                         " is not in the checkpoint's tree of " +
                                         std::to_string(c.size) + " leaves");
  }
  if (r.entry.prev && *r.entry.prev >= r.leaf_index) {
    return field_error("entry.prev", "the previous version's leaf " +
                                         std::to_string(*r.entry.prev) + " is not before leaf " +
                                         std::to_string(r.leaf_index));
  }
  if (auto st =
          verify_inclusion(c.alg, r.leaf_hash, r.leaf_index, c.size, r.inclusion_proof, c.root);
      !st) {
    const auto& fields = st.error().details.at("fields").as_object();
    const std::string reason =
        fields.empty() ? st.error().note : std::string(fields.begin()->value().as_string());
    return field_error("inclusion_proof", "does not prove leaf " + std::to_string(r.leaf_index) +
                                              " in the checkpoint's tree of " +
                                              std::to_string(c.size) + " leaves: " + reason);
  }
  return {};
}

}  // namespace lw::ledger
