#pragma once
// What the use cases of on-site tests share and nobody else needs.
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/json_values.hpp"
#include "domain/onsite.hpp"
#include "domain/policy.hpp"
#include "onsite/onsite_tests.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/onsite.hpp"
#include "storage/sql.hpp"
#include "storage/violations.hpp"

namespace lw::onsite {

/// The end of every write's transaction: `record` as the next version of (`type`, `id`) in the
/// ledger, the violations `found` inserted (their ids set), the audit entry `action`.
Result<service::LeafRef> record_version(storage::Connection& conn, service::Ledger& ledger,
                                        const service::Auditor& auditor,
                                        const service::Caller& caller, Instant now,
                                        std::string_view type, std::int64_t id,
                                        const std::string& lab_code,
                                        const boost::json::object& record, std::string action,
                                        std::vector<storage::Violation>& found);

/// The policy that judges a test: the profile of its project's region in force at its finish
/// (at its start while running).
std::optional<domain::PolicyInForce> policy_of(const domain::PolicyBook& policies,
                                               const storage::OnsiteTest& t);

/// Sets the test's due_at (and the filing that moved it) from its finish, the policy and its
/// filings; a test with no policy has no deadline.
void settle_deadline(storage::OnsiteTest& t, const domain::PolicyBook& policies,
                     const std::vector<storage::ForceMajeure>& filings);

/// What an arrival or the scan found: violations to insert, and whether the batch locks.
struct Judgement {
  std::vector<storage::Violation> violations;
  std::string lock_reason;  // empty: no lock
};
/// A data version (`what` "data") or a photo ("photo") received at `now`: the test's counters
/// and status move; after the deadline a late upload (or a re-upload of a missed one).
Judgement judge_arrival(storage::OnsiteTest& t, std::string_view what, Instant now,
                        const domain::PolicyBook& policies);
/// The scan at `now` of a test whose deadline passed: missed unless complete.
Judgement judge_overdue(storage::OnsiteTest& t, Instant now, const domain::PolicyBook& policies);

/// A test whose deadline was settled again (a filing, its clearance, a decision): what had
/// arrived after the new deadline is late, unless the test was judged late or missed before.
Judgement judge_settled(storage::OnsiteTest& t, Instant now, const domain::PolicyBook& policies);

/// Locks the test's batch for `j.lock_reason` (when set and not locked yet) and records the
/// batch's version. Call before record_version, in the same transaction.
Status apply_lock(storage::Connection& conn, service::Ledger& ledger, const storage::OnsiteTest& t,
                  const Judgement& j, const service::Caller& caller, Instant now);

/// The lab's own test, or not_found.
Result<storage::OnsiteTest> lab_test_of(storage::Connection& conn, const std::string& lab_code,
                                        std::int64_t id);

/// A component code as the contractor marks it: 1-64 of A-Z a-z 0-9 - _ / .
bool valid_component_code(std::string_view code);
/// The project `scope` sees, or not_found.
Result<domain::Project> visible_project(storage::Connection& conn, const domain::Scope& scope,
                                        std::int64_t project_id);

}  // namespace lw::onsite
