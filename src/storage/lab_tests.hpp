#pragma once
// Repository of lab tests (migration 0018): contracts, test plans, tests and the specimens they
// cover, streamed readings, curves, curve fingerprints and reviews. The data of each version of
// a test is a registry version (record type lab_test, service/ledger_records.hpp).
//
// Who sees a test, a contract or a plan: storage/scope_sql.hpp's lab_or_region_condition.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/calendar.hpp"
#include "domain/scope.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

struct TestContract {
  std::int64_t id = 0;
  std::string lab_code;
  bool sandbox = false;
  std::string region_code;
  std::int64_t project_id = 0;
  std::string contract_no;
  std::string client;
  std::vector<std::string> items;
  domain::Date signed_on{};
  std::string amount_yuan;
  std::string document_sha256;
  std::optional<domain::Date> due_by;  // none: no policy judges the project's region
  bool late = false;
  std::string received_by;
  Instant received_at{};
};

struct TestPlan {
  std::int64_t id = 0;
  std::string lab_code;
  bool sandbox = false;
  std::string region_code;
  std::int64_t project_id = 0;
  std::optional<std::int64_t> contract_id;
  std::vector<std::string> items;
  domain::Date planned_start{};
  domain::Date planned_end{};
  std::string note;
  std::optional<domain::Date> latest_on_time;
  bool late = false;
  std::string received_by;
  Instant received_at{};
};

struct LabTest {
  std::int64_t id = 0;
  std::string lab_code;
  bool sandbox = false;
  std::string region_code;
  std::int64_t project_id = 0;
  std::int64_t sampling_id = 0;
  std::string item;
  std::string standard;
  std::string grade;
  std::int64_t equipment_id = 0;
  std::int64_t tester_id = 0;
  std::string acquisition;  // auto, manual
  std::string manual_reason;
  std::string environment;  // JSON or ""
  std::optional<std::int64_t> plan_id;
  std::optional<std::int64_t> retest_of;
  std::string status;  // running, finished, reviewed, rejected, voided
  std::int64_t version = 0;
  std::int64_t anomalies = 0;
  std::string conclusion;
  Instant started_at{};
  Instant received_at{};
  std::optional<Instant> finished_at;
  Instant updated_at{};
  std::string started_by;
  std::vector<std::string> labels;  // the specimens, in order
};

struct TestReview {
  std::int64_t id = 0;
  std::int64_t test_id = 0;
  std::int64_t version = 0;
  std::int64_t reviewer_id = 0;
  std::string verdict;  // confirm, reject
  std::string note;
  std::string reviewed_by;
  Instant reviewed_at{};
};

// Contracts.
/// The new contract's id, or nothing when the lab has a contract of that number already.
Result<std::optional<std::int64_t>> insert_contract(Connection& conn, const TestContract& c);
Result<std::optional<TestContract>> find_contract(Connection& conn, const domain::Scope& scope,
                                                  std::int64_t id);
Result<std::optional<TestContract>> find_contract_by_no(Connection& conn,
                                                        const std::string& lab_code,
                                                        const std::string& contract_no);
struct ContractFilter {
  std::string q;  // in number or client
  std::optional<std::int64_t> project_id;
  std::optional<bool> late;
};
Result<Paged<TestContract>> list_contracts(Connection& conn, const domain::Scope& scope,
                                           const ContractFilter& filter, const Page& page);

// Plans.
Result<std::int64_t> insert_plan(Connection& conn, const TestPlan& p);
/// The plans of a lab for a project, oldest first.
Result<std::vector<TestPlan>> plans_of(Connection& conn, const std::string& lab_code,
                                       std::int64_t project_id);
struct PlanFilter {
  std::optional<std::int64_t> project_id;
  std::optional<bool> late;
};
Result<Paged<TestPlan>> list_plans(Connection& conn, const domain::Scope& scope,
                                   const PlanFilter& filter, const Page& page);

// Tests.
Result<std::int64_t> insert_test(Connection& conn, const LabTest& t);
Result<std::optional<LabTest>> find_test(Connection& conn, const domain::Scope& scope,
                                         std::int64_t id);
/// Stores the test's state after a finish, review, new version or void.
Status update_test_state(Connection& conn, const LabTest& t);
struct TestFilter {
  std::string q;  // in item, grade or standard
  std::string status;
  std::string item;
  std::string lab_code;
  std::optional<std::int64_t> project_id;
};
Result<Paged<LabTest>> list_tests(Connection& conn, const domain::Scope& scope,
                                  const TestFilter& filter, const Page& page);
/// The labels of `codes` a test that is not voided already covers.
Result<std::vector<std::string>> labels_under_test(Connection& conn,
                                                   const std::vector<std::string>& codes);

/// A specimen a lab received and has not tested yet (for the lab's system to pick up).
struct AwaitingSpecimen {
  std::string label_code;
  std::int64_t sampling_id = 0;
  std::int64_t project_id = 0;
  std::string material;
  std::string concrete_group;
  std::string grade;
  int ordinal = 0;
  Instant received_at{};
};
Result<std::vector<AwaitingSpecimen>> awaiting_test(Connection& conn, const std::string& lab_code,
                                                    int limit);

// Readings and curves.
/// Stores chunk `seq`; false when that chunk is there already.
Result<bool> insert_readings(Connection& conn, std::int64_t test_id, int ordinal, int seq,
                             int points, const std::string& data, Instant at);
/// The next chunk number expected for a specimen (0 when none yet).
Result<int> next_readings_seq(Connection& conn, std::int64_t test_id, int ordinal);
/// Chunk `seq` of a specimen (its stored bytes).
Result<std::string> readings_chunk(Connection& conn, std::int64_t test_id, int ordinal, int seq);
/// The chunks of a specimen in order.
Result<std::vector<std::string>> readings_of(Connection& conn, std::int64_t test_id, int ordinal);
Status put_curve(Connection& conn, const std::string& sha256, int points, const std::string& data);
Result<std::optional<std::string>> get_curve(Connection& conn, const std::string& sha256);

// Fingerprints.
struct CurveFingerprintRow {
  std::int64_t test_id = 0;
  int ordinal = 0;
  std::string item;
  std::string fingerprint;  // domain/curve_fingerprint.hpp's stored form
  std::string lab_code;
  Instant created_at{};
};
/// Stores (or replaces, for a new version) the fingerprint of a specimen's curve and files it
/// under `buckets`.
Status put_fingerprint(Connection& conn, const CurveFingerprintRow& f,
                       const std::vector<std::int64_t>& buckets);
/// The fingerprints of `item` filed under any of `buckets`, of other tests than `test_id`: the
/// newest limit / buckets under each key (a bounded cost, whatever the platform holds).
Result<std::vector<CurveFingerprintRow>> fingerprint_candidates(
    Connection& conn, const std::string& item, const std::vector<std::int64_t>& buckets,
    std::int64_t test_id, int limit);

// Reviews.
Result<std::int64_t> insert_review(Connection& conn, const TestReview& r);
Result<std::vector<TestReview>> reviews_of(Connection& conn, std::int64_t test_id);

}  // namespace lw::storage
