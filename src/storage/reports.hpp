#pragma once
// Repository of reports (migration 0021; docs/reports.md): the number counters, reports and the
// tests they cover, their status changes. The structured content of each version of a report
// is a registry version (record type report, service/ledger_records.hpp).
//
// Who sees a report: storage/scope_sql.hpp's lab_or_region_condition; the public verification
// reads by number without a scope, and only the public facts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/scope.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

struct Report {
  std::int64_t id = 0;
  std::string number;
  std::string lab_code;
  bool sandbox = false;
  std::string region_code;
  std::int64_t project_id = 0;
  std::string kind;  // lab, onsite
  std::string category;
  std::string material;
  std::optional<std::int64_t> onsite_batch_id;
  std::string title;
  std::string conclusion;   // pass, fail
  std::string tested_from;  // YYYY-MM-DD
  std::string tested_to;
  std::int64_t tester_id = 0;
  std::int64_t reviewer_id = 0;
  std::int64_t approver_id = 0;
  std::string pdf_sha256;
  std::string pdf_sm3;  // hex
  std::string stamped_sha256;
  std::string content;      // canonical JSON
  std::string content_sm3;  // hex
  std::string seal;
  std::string key_id;
  std::string status;  // valid, revoked, superseded
  std::optional<std::int64_t> supersedes_id;
  std::optional<std::int64_t> superseded_by_id;
  std::int64_t version = 1;
  std::string issued_by;
  Instant issued_at{};
  Instant updated_at{};
  std::string public_json;
};

struct ReportStatusChange {
  std::int64_t id = 0;
  std::int64_t report_id = 0;
  std::string status;  // revoked, superseded
  std::string reason;
  std::optional<std::int64_t> approver_id;
  std::optional<std::int64_t> new_report_id;
  std::string changed_by;
  Instant changed_at{};
};

/// The next sequence of the lab's numbers in `year` (1 for the first), taken in the caller's
/// transaction: concurrent issues of one lab queue on the counter's row.
Result<int> next_report_sequence(Connection& conn, const std::string& lab_code, int year);

Result<std::int64_t> insert_report(Connection& conn, const Report& r);
Status insert_report_tests(Connection& conn, std::int64_t report_id,
                           const std::vector<std::int64_t>& test_ids);
Result<std::vector<std::int64_t>> tests_of_report(Connection& conn, std::int64_t report_id);
/// The ids of the reports (any status) that cover the test.
Result<std::vector<std::int64_t>> reports_of_test(Connection& conn, std::int64_t test_id);

Result<std::optional<Report>> find_report(Connection& conn, const domain::Scope& scope,
                                          std::int64_t id);
/// By number, whoever asks: for the public verification and the lab's own look-ups.
Result<std::optional<Report>> find_report_by_number(Connection& conn, const std::string& number);
/// Only the public facts of the report of `number` (one point look-up); none when unknown.
Result<std::optional<std::string>> public_facts(Connection& conn, const std::string& number);

/// Stores status, superseded_by_id, version, updated_at and public_json.
Status update_report_status(Connection& conn, const Report& r);

/// Stores the stamped copy's address and the public facts that name it.
Status set_report_stamp(Connection& conn, std::int64_t id, const std::string& stamped_sha256,
                        const std::string& public_json);

struct ReportFilter {
  std::string q;  // in number or title
  std::string lab_code;
  std::string status;
  std::string conclusion;
  std::string kind;
  std::optional<std::int64_t> project_id;
};
/// Newest first.
Result<Paged<Report>> list_reports(Connection& conn, const domain::Scope& scope,
                                   const ReportFilter& filter, const Page& page);

Result<std::int64_t> insert_status_change(Connection& conn, const ReportStatusChange& c);
/// Oldest first.
Result<std::vector<ReportStatusChange>> status_changes_of(Connection& conn, std::int64_t report_id);

// Statistics (JL-3.3): report_stats_daily, kept by the issuing and revoking transactions.

/// What a report adds to its day's row: one issued, passed or failed; or one revoked.
struct StatsDelta {
  std::string day;  // YYYY-MM-DD, Asia/Shanghai
  std::string region_code;
  std::string lab_code;
  std::string material;
  bool sandbox = false;
  int issued = 0;
  int passed = 0;
  int failed = 0;
  int revoked = 0;
};
Status add_report_stats(Connection& conn, const StatsDelta& d);

enum class StatsGroup { region, lab, material, month };
struct StatsRow {
  std::string key;  // the region code, lab code, material or YYYY-MM
  std::int64_t issued = 0;
  std::int64_t passed = 0;
  std::int64_t failed = 0;
  std::int64_t revoked = 0;
};
/// The sums by `group` over the days from `from` to `to` (inclusive, YYYY-MM-DD) that `scope`
/// sees (a lab its own rows, a region those of its subtree or its labs, real rows only), and
/// within `region_code` when not empty; by key.
Result<std::vector<StatsRow>> report_stats(Connection& conn, const domain::Scope& scope,
                                           StatsGroup group, const std::string& from,
                                           const std::string& to, const std::string& region_code);

}  // namespace lw::storage
