#pragma once
// The ledger entry: what one Merkle leaf commits to. Every accepted record (and every change of
// one) becomes an entry; its bytes are the canonical JSON (ledger/canonical_json.hpp) of
//   {"v":1,"type":…,"id":…,"version":…,"prev":…,"uploader":…,"received_at":…,"record":{…}}
// and its leaf hash is H(0x00 ‖ bytes) (ledger/merkle.hpp), H = SM3 or SHA-256 per deployment.
//
//   v            1, the version of this format
//   type         the record type, e.g. "connectivity_check", "blob" (not empty)
//   id           the record's id as a string (not empty)
//   version      1 for a new record, +1 per change (1 … 2^53 − 1)
//   prev         the ledger index of the previous version's leaf; null exactly when version is 1
//   uploader     the actor as the audit trail names it: a lab key id or a login (not empty)
//   received_at  the server's receive time, RFC 3339 UTC with exactly six fraction digits,
//                "2026-11-21T09:55:00.123456Z"
//   record       the record's own fields (chosen per type by the storage side), canonical JSON:
//                no numbers with fractions, integers within ±(2^53 − 1)
#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/hash.hpp"

namespace lw::ledger {

/// The entry format's version, the value of "v".
inline constexpr std::int64_t kEntryFormat = 1;

struct Entry {
  std::string record_type;            // e.g. "connectivity_check", "blob"
  std::string record_id;              // the record's id as a string
  std::int64_t version = 1;           // 1 for a new record; +1 per change
  std::optional<std::uint64_t> prev;  // ledger index of the previous version's leaf
  std::string uploader;               // the actor as the audit trail names it (key id or login)
  Instant received_at;                // server receive time
  boost::json::object record;         // the record's own fields

  bool operator==(const Entry&) const = default;
};

/// Checks the fields' rules above (not the record's content: canonical_json does); invalid_argument
/// naming the field ("type", "id", "version", "prev", "uploader", "received_at").
Status validate(const Entry& entry);

/// The entry as its JSON object (not validated; entry_bytes validates).
boost::json::object entry_json(const Entry& entry);

/// The canonical JSON of entry_json(entry): the bytes the leaf commits to. invalid_argument when
/// validate fails or the record holds a value canonical JSON refuses (named by JSON Pointer,
/// e.g. "/record/temperature").
Result<std::string> entry_bytes(const Entry& entry);

/// leaf_hash(alg, entry_bytes(entry)).
Result<std::string> leaf_of(crypto::HashAlg alg, const Entry& entry);

/// The entry of its JSON object, strictly: exactly the eight members, of the right types, "v"
/// 1, "received_at" in the exact form above, then validate and the record's canonical JSON.
/// invalid_argument naming the member.
Result<Entry> entry_from_json(const boost::json::value& json);

/// RFC 3339 UTC with six fraction digits (format_utc), the one form of every ledger time.
std::string ledger_time(Instant t);
/// The instant of a ledger time; nullopt unless `text` is exactly ledger_time of it.
std::optional<Instant> parse_ledger_time(std::string_view text);

}  // namespace lw::ledger
