#pragma once
// What each record type puts in its ledger entry, and how an entry is rebuilt from the stored
// record (for receipts and for `labwatch ledger verify`). A record type that joins the ledger
// adds its functions here: one place says what is committed to. A type whose records change
// keeps every version in a table of its own (lab_versions), so any version can be rebuilt.
#include <optional>
#include <string>

#include "domain/connectivity.hpp"
#include "ledger/entry.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/blob_records.hpp"
#include "storage/labs.hpp"
#include "storage/ledger_rows.hpp"
#include "storage/registry_versions.hpp"

namespace lw::service {

inline constexpr char kConnectivityCheckType[] = "connectivity_check";
inline constexpr char kBlobUploadType[] = "blob_upload";
inline constexpr char kLabType[] = "lab";

/// The entry of a stored connectivity check sent by `caller`.
ledger::Entry connectivity_entry(const domain::ConnectivityCheck& check, const Caller& caller);
/// A blob upload's record id: the file, then its sender ("<sha256>:<holder>", no "/" so it fits in
/// a URL path).
std::string blob_upload_id(const std::string& sha256, const std::string& holder);
/// The entry of a file's receipt from one sender (`lab_code` empty for a user without a lab).
ledger::Entry blob_upload_entry(const storage::BlobRecord& blob, const std::string& lab_code,
                                const std::string& holder, Instant received_at);

/// What a version's entry says of its approval (its member "approval"): the change request,
/// who approved it, when, and their note.
boost::json::object approval_json(const domain::Approval& approval);

/// Records a version of a lab's registry entry: its ledger leaf (which numbers the version)
/// and its lab_versions row, in the caller's transaction.
Result<LeafRef> record_lab_version(storage::Connection& conn, Ledger& ledger,
                                   storage::LabVersion version);

/// A change of a registry record other than a lab (organisation, person, equipment, project,
/// …). `record` is what its ledger entry commits to: the record's fields as changed and the
/// change's "reason" — never personal data in clear (blind indexes instead). `lab_code` is the
/// lab the record belongs to ("" for none): it scopes who may read the entry.
struct RegistryChange {
  std::string record_type;
  std::string record_id;
  std::string lab_code;
  boost::json::object record;
  std::string changed_by;  // the actor as the audit trail names it
  Instant changed_at{};
};

/// Records a version of a registry record: its ledger leaf (which numbers the version) and its
/// registry_versions row, in the caller's transaction. A type needs nothing else to join the
/// ledger: rebuild_entry reads any type it does not know from registry_versions.
Result<LeafRef> record_registry_version(storage::Connection& conn, Ledger& ledger,
                                        RegistryChange change,
                                        Ledger::Previous previous = Ledger::Previous::look_up);

/// The entry of `leaf` rebuilt from its record as stored now; nothing when the record is gone.
/// A record changed behind the platform's back gives an entry whose leaf hash differs.
Result<std::optional<ledger::Entry>> rebuild_entry(storage::Connection& conn,
                                                   const storage::LedgerLeaf& leaf);

/// The leaf of a record's latest version with its entry as stored now (an upload sent again
/// answers the first receipt); nothing when the record has no leaf.
Result<std::optional<LeafRef>> latest_leaf_of(storage::Connection& conn,
                                              const std::string& record_type,
                                              const std::string& record_id);

}  // namespace lw::service
