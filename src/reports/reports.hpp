#pragma once
// Reports' use cases (issue 9; JJ-3.5, JJ-3.6, JJ-4.1, JL-1.3, JL-3.3; docs/reports.md): a lab's
// system issues a report; the platform checks it against what it holds, numbers it, signs it
// and stamps its PDF; anyone verifies it by its QR; a report is revoked or superseded only
// with a reason and an approval; failed results fill the non-conforming ledger.
//
// A report is one ledger record (type report) whose versions are its states: version 1 the
// issue, then a revocation or the supersession. The stamped PDF is derived from the lab's PDF
// and the seal after the issue commits (never inside the group commit), and again on demand
// when it is missing.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "blobs/blob_store.hpp"
#include "core/byte_source.hpp"
#include "core/clock.hpp"
#include "core/task.hpp"
#include "crypto/sm2.hpp"
#include "domain/policy.hpp"
#include "domain/report.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/database.hpp"
#include "storage/reports.hpp"
#include "storage/writer.hpp"

namespace lw::reports {

inline constexpr char kReportType[] = "report";

/// The report as the lab's system submits it (its structured content).
struct NewReport {
  std::string kind;  // lab, onsite
  std::int64_t project_id = 0;
  std::string title;
  std::vector<std::int64_t> tests;                // lab reports
  std::optional<std::int64_t> onsite_batch_id;    // on-site reports
  std::vector<std::int64_t> unlabelled_receipts;  // specimens received without a QR label
  std::vector<domain::PrintedResults> results;    // one per test
  std::vector<std::int64_t> equipment;            // instruments the report lists
  domain::ReportConclusion conclusion = domain::ReportConclusion::pass;
  std::int64_t tester_id = 0;
  std::int64_t reviewer_id = 0;
  std::int64_t approver_id = 0;
  domain::Date tested_from{};
  domain::Date tested_to{};
  std::string pdf_sha256;
  std::string supersedes;  // the number of the lab's report this one corrects, or ""
  std::string reason;      // why, with supersedes
};

/// The structured content as the seal's digest covers it: every field of `r` in the ledger's
/// canonical JSON form (figures as decimal strings).
boost::json::object content_json(const NewReport& r);

/// A report as the API shows it to its lab and its regulators.
struct ReportView {
  storage::Report report;
  std::vector<std::int64_t> tests;
  std::vector<storage::ReportStatusChange> changes;
};

/// Who asks for a revocation: a lab (with its quality lead's approval) or a regulator.
struct Revocation {
  std::string reason;
  std::optional<std::int64_t> approver_id;  // required from a lab
};

/// What the public compare of an uploaded PDF found.
struct Comparison {
  bool identical = false;
  std::string matches;  // stamped, original, "" for neither
};

/// Where the signing key and the blobs come from.
struct ReportSetup {
  const crypto::Sm2KeyPair* key = nullptr;  // the platform's report signing key
  blobs::BlobStore* store = nullptr;
};

class Reports {
 public:
  Reports(storage::Database& db, storage::Writer& writer, const Clock& clock,
          const service::Auditor& auditor, service::Ledger& ledger,
          const domain::PolicyBook& policies, ReportSetup setup)
      : db_(db),
        writer_(writer),
        clock_(clock),
        auditor_(auditor),
        ledger_(ledger),
        policies_(policies),
        setup_(std::move(setup)) {}

  // issue.cpp
  /// Checks, numbers, signs and records the report, then stamps its PDF with a QR of the URL at
  /// `public_base` (seal::seal_url): report_refused with every reason when a check fails.
  Task<Result<service::Receipted<ReportView>>> issue(const std::string& lab_code, NewReport input,
                                                     const service::Caller& caller,
                                                     std::string public_base);

  // status.cpp
  /// Revokes a valid report: a lab its own (approver_id a quality lead of the lab), a regulator
  /// any in `scope` (not_found outside it).
  Task<Result<service::Receipted<ReportView>>> revoke(const domain::Scope& scope, std::int64_t id,
                                                      Revocation input, bool by_lab,
                                                      const service::Caller& caller);

  // reads.cpp
  Result<ReportView> get(const domain::Scope& scope, std::int64_t id);
  Result<storage::Paged<storage::Report>> list(const domain::Scope& scope,
                                               const storage::ReportFilter& filter,
                                               const storage::Page& page);

  // public.cpp
  /// The public facts of the report of `number` (JSON text); not_found when unknown.
  Result<std::string> public_facts(const std::string& number);
  /// The stamped copy's file (made now when missing, its QR's URL at `public_base`) or the
  /// lab's original.
  Task<Result<std::filesystem::path>> pdf_file(const std::string& number, bool original,
                                               std::string public_base);
  /// Whether `body` (a PDF, read to its end, at most `limit` bytes) is byte-identical to the
  /// report's stamped copy or its original.
  Task<Result<Comparison>> compare(const std::string& number, ByteSource& body);

  /// Report statistics (JL-3.3) within `scope`: counts and pass rates grouped by region, lab,
  /// material or month over the days from `from` to `to` (inclusive), within `region_code`.
  Result<std::vector<storage::StatsRow>> stats(const domain::Scope& scope,
                                               storage::StatsGroup group, domain::Date from,
                                               domain::Date to, const std::string& region_code);

  const crypto::Sm2KeyPair& key() const { return *setup_.key; }

 private:
  /// The report of `number`, whoever asks; not_found when unknown.
  Result<storage::Report> by_number(const std::string& number);
  /// Makes the stamped copy of `r` and records its address; the report as stored after.
  Task<Result<storage::Report>> stamp(storage::Report r, std::string public_base);

  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  service::Ledger& ledger_;
  const domain::PolicyBook& policies_;
  ReportSetup setup_;
};

}  // namespace lw::reports
