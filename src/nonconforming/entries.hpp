#pragma once
// The non-conforming ledger (不合格台账, issue 9; JJ-3.6; docs/reports.md): a failed result
// enters it by itself — in the transaction that records the failure, never by the lab's
// choice — and the project's client (建设单位) and supervision station are told at once (in-app
// and by webhook, notify/notices.hpp). The station follows each entry up: a retest started
// moves it to `retest`, a handling note closes it.
#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "domain/scope.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/database.hpp"
#include "storage/nonconforming.hpp"
#include "storage/writer.hpp"

namespace lw::nonconforming {

inline constexpr char kEntryType[] = "nonconforming";

/// What failed: a lab test (its id) or a report (its id); where and what.
struct Failure {
  std::string lab_code;
  bool sandbox = false;
  std::string region_code;  // the project's
  std::int64_t project_id = 0;
  std::string material;
  std::string item;
  std::string grade;
  std::optional<std::int64_t> test_id;
  std::optional<std::int64_t> report_id;
  std::string source;          // test_reported, test_recomputed, report
  boost::json::object detail;  // the failing figures, for people (never personal data)
};

/// Enters `failure` and notifies the project's client and station, with a ledger leaf, in the
/// caller's transaction. The entry's id; nothing when the test has its entry already.
Result<std::optional<std::int64_t>> enter(storage::Connection& conn, service::Ledger& ledger,
                                          const Failure& failure, const std::string& actor,
                                          Instant now);

/// A retest of `original_test` started as test `retest_id`: its entry, if any, moves to
/// `retest`, in the caller's transaction.
Status note_retest(storage::Connection& conn, service::Ledger& ledger, std::int64_t original_test,
                   std::int64_t retest_id, const std::string& actor, Instant now);

/// What the station records.
struct FollowUp {
  std::string handling;  // 1-1000 bytes: what was done (处理情况)
};

class Entries {
 public:
  Entries(storage::Database& db, storage::Writer& writer, const Clock& clock,
          const service::Auditor& auditor, service::Ledger& ledger)
      : db_(db), writer_(writer), clock_(clock), auditor_(auditor), ledger_(ledger) {}

  Result<storage::Paged<storage::Nonconforming>> list(const domain::Scope& scope,
                                                      const storage::NonconformingFilter& filter,
                                                      const storage::Page& page);
  Result<storage::Nonconforming> get(const domain::Scope& scope, std::int64_t id);
  /// Closes an open or retest entry of `scope` as handled; conflict when handled already.
  Task<Result<service::Receipted<storage::Nonconforming>>> handle(const domain::Scope& scope,
                                                                  std::int64_t id, FollowUp input,
                                                                  const service::Caller& caller);

 private:
  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  service::Ledger& ledger_;
};

}  // namespace lw::nonconforming
