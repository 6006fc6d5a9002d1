#pragma once
// What the use cases of reports share and nobody else needs.
#include <filesystem>
#include <string>

#include <boost/json/object.hpp>

#include "reports/reports.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/reports.hpp"
#include "storage/sql.hpp"

namespace lw::reports {

/// `record` as the next version of report `r` in the ledger (its lab scopes who reads it), and
/// the audit entry `action`, in the caller's transaction.
Result<service::LeafRef> record_version(storage::Connection& conn, service::Ledger& ledger,
                                        const service::Auditor& auditor,
                                        const service::Caller& caller, Instant now,
                                        const storage::Report& r, const boost::json::object& record,
                                        std::string action);

/// The facts the public verification answers (storage::Report::public_json) of a report just
/// issued: `facts` (kind, title, lab, items, …) with the row's number, status, times, digests,
/// seal and `supersedes` (a number or "").
std::string public_json(const storage::Report& r, boost::json::object facts,
                        const std::string& supersedes);
/// `public_json` after a status change (superseded_by: the newer number, or "").
std::string with_status(const std::string& public_json, const std::string& status,
                        const std::string& superseded_by, const std::string& reason, Instant at);
/// `public_json` with the stamped copy's SHA-256.
std::string with_stamp(const std::string& public_json, const std::string& stamped_sha256);

/// What changes a report's status: revoked (by_report none) or superseded by a newer one.
struct StatusChange {
  std::string status;  // revoked, superseded
  std::string reason;
  std::optional<std::int64_t> approver_id;
  const storage::Report* by_report = nullptr;
};
/// Records the change of `r` (valid until now) in the caller's transaction: its status row,
/// the row's new state and public facts, its next ledger version and the audit entry.
Result<service::LeafRef> change_status(storage::Connection& conn, service::Ledger& ledger,
                                       const service::Auditor& auditor,
                                       const service::Caller& caller, Instant now,
                                       storage::Report& r, const StatusChange& change);

/// The lower-case hex SM3 of the file's content; storage_unavailable when it cannot be read.
Result<std::string> file_sm3(const std::filesystem::path& file);

/// The figures of a lab test's version record (the ledger's "results": decimal strings) as the
/// report compares them.
domain::TestData recorded_results(const boost::json::object& record);

}  // namespace lw::reports
