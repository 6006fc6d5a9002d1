#include "ledger/checkpoint.hpp"

#include <array>
#include <map>

#include "core/random.hpp"
#include "core/text.hpp"
#include "ledger/base64.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/entry.hpp"
#include "ledger/json_fields.hpp"

namespace lw::ledger {

std::string_view hash_alg_name(crypto::HashAlg alg) {
  return alg == crypto::HashAlg::sha256 ? "sha256" : "sm3";
}

std::optional<crypto::HashAlg> parse_hash_alg(std::string_view name) {
  if (name == "sm3") {
    return crypto::HashAlg::sm3;
  }
  if (name == "sha256") {
    return crypto::HashAlg::sha256;
  }
  return std::nullopt;
}

Status validate(const Checkpoint& c) {
  if (c.origin.empty()) {
    return field_error("origin", "is empty");
  }
  if (!valid_utf8(c.origin)) {
    return field_error("origin", "is not well-formed UTF-8");
  }
  if (utf8_length(c.origin) > kMaxOriginChars) {
    return field_error("origin", "has more than 200 characters");
  }
  for (const char ch : c.origin) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) {
      return field_error("origin", "holds a control character (U+0000–U+001F, U+007F)");
    }
  }
  if (c.size > static_cast<std::uint64_t>(kMaxSafeInteger)) {
    return field_error("size", "must be 0 … 2^53 − 1");
  }
  if (c.root.size() != crypto::digest_size(c.alg)) {
    return field_error("root", "has " + std::to_string(c.root.size()) + " bytes, want " +
                                   std::to_string(crypto::digest_size(c.alg)));
  }
  if (parse_ledger_time(ledger_time(c.time)) != c.time) {
    return field_error("time", "is outside the years 0000 … 9999");
  }
  return {};
}

std::string note_body(const Checkpoint& c) {
  std::string out = c.origin;
  out += '\n';
  out += std::to_string(c.size);
  out += '\n';
  out += to_base64(c.root);
  out += "\ntime ";
  out += ledger_time(c.time);
  out += "\nhash ";
  out += hash_alg_name(c.alg);
  out += '\n';
  return out;
}

Result<SignedCheckpoint> sign(const Checkpoint& checkpoint, const crypto::Sm2KeyPair& key) {
  LW_TRY(validate(checkpoint));
  return SignedCheckpoint{checkpoint, key.key_id(), key.sign(note_body(checkpoint))};
}

Status verify(const SignedCheckpoint& s, const crypto::Sm2PublicKey& key) {
  LW_TRY(validate(s.checkpoint));
  if (s.key_id != key.key_id()) {
    return field_error("key_id", "the checkpoint names key " + s.key_id +
                                     ", the public key given is " + key.key_id());
  }
  if (!key.verify(note_body(s.checkpoint), s.signature)) {
    return field_error("signature", "is not key " + key.key_id() +
                                        "'s SM2 signature of the checkpoint's note body");
  }
  return {};
}

boost::json::object checkpoint_json(const SignedCheckpoint& s) {
  const Checkpoint& c = s.checkpoint;
  return {{"origin", c.origin},
          {"size", c.size},
          {"root_hash", to_hex(c.root)},
          {"time", ledger_time(c.time)},
          {"hash_alg", hash_alg_name(c.alg)},
          {"key_id", s.key_id},
          {"signature", to_base64(s.signature)},
          {"note", note_body(c)}};
}

Result<SignedCheckpoint> checkpoint_from_json(const boost::json::value& json) {
  static constexpr std::array<std::string_view, 8> kMembers{
      "origin", "size", "root_hash", "time", "hash_alg", "key_id", "signature", "note"};
  const boost::json::object* o = json.if_object();
  if (o == nullptr) {
    return field_error("checkpoint", "must be an object");
  }
  LW_TRY(exact_members(*o, kMembers));
  std::map<std::string_view, std::string> text;
  for (const std::string_view name :
       {"origin", "root_hash", "time", "hash_alg", "key_id", "signature", "note"}) {
    auto v = string_member(*o, name);
    if (!v) {
      return std::move(v).error();
    }
    text[name] = std::move(*v);
  }
  auto size = safe_integer(*o, "size");
  if (!size) {
    return std::move(size).error();
  }
  SignedCheckpoint s;
  Checkpoint& c = s.checkpoint;
  c.origin = text["origin"];
  if (*size < 0) {
    return field_error("size", "must be 0 … 2^53 − 1");
  }
  c.size = static_cast<std::uint64_t>(*size);
  auto alg = parse_hash_alg(text["hash_alg"]);
  if (!alg) {
    return field_error("hash_alg", "must be \"sm3\" or \"sha256\"");
  }
  c.alg = *alg;
  auto root = lower_hex(text["root_hash"], crypto::digest_size(c.alg), "root_hash");
  if (!root) {
    return std::move(root).error();
  }
  c.root = std::move(*root);
  auto t = parse_ledger_time(text["time"]);
  if (!t) {
    return field_error("time",
                       "must be RFC 3339 UTC with six fraction digits, e.g. "
                       "2026-11-21T09:55:00.123456Z");
  }
  c.time = *t;
  LW_TRY(validate(c));
  if (!lower_hex(text["key_id"], crypto::kSm2KeyIdBytes, "key_id")) {
    return field_error("key_id", "must be 16 lower-case hex digits");
  }
  s.key_id = text["key_id"];
  auto sig = from_base64(text["signature"]);
  if (!sig || sig->empty()) {
    return field_error("signature", "must be the base64 (standard, padded) of a DER signature");
  }
  s.signature = std::move(*sig);
  if (text["note"] != note_body(c)) {
    return field_error("note", "differs from the note body of the checkpoint's fields");
  }
  return s;
}

}  // namespace lw::ledger
