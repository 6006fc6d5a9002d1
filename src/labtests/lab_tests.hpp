#pragma once
// Lab tests' use cases (issue 7; JJ-3.3, JJ-3.4, JL-2.3; docs/lab-tests.md): contracts and test
// plans judged against the policy's deadlines, tests of received specimens started, streamed
// and finished by the lab's system, recomputed and checked against the standards, curves
// compared across the platform, two-person review, changes only as approved versions.
//
// A test is one ledger record (type lab_test) whose versions are its states: version 1 the
// start, then the finish, every approved change and a void. Reviews, contracts and plans are
// records of their own. Breaches become violations (storage/violations.hpp) in the same
// transaction. The server's clock stamps everything; the lab's own times are kept beside it.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "domain/concrete.hpp"
#include "domain/lab_test.hpp"
#include "domain/policy.hpp"
#include "identity/identity.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/database.hpp"
#include "storage/lab_tests.hpp"
#include "storage/violations.hpp"
#include "storage/writer.hpp"

namespace lw::labtests {

inline constexpr char kContractType[] = "test_contract";
inline constexpr char kPlanType[] = "test_plan";
inline constexpr char kTestType[] = "lab_test";
inline constexpr char kReviewType[] = "lab_test_review";

/// The lab a request comes from (its system's key, or a signed-in lab user) and who sent it.
struct SendingLab {
  std::string lab_code;
};

struct NewContract {
  std::string contract_no;
  std::int64_t project_id = 0;
  std::string client;
  std::vector<std::string> items;  // test item codes
  domain::Date signed_on{};
  std::string amount_yuan;
  std::string document_sha256;
};

struct NewPlan {
  std::int64_t project_id = 0;
  std::optional<std::int64_t> contract_id;
  std::vector<std::string> items;
  domain::Date planned_start{};
  domain::Date planned_end{};
  std::string note;
};

/// The results of a test: the data the checks read, and per specimen whether its curve is
/// to be taken from the readings streamed while the test ran.
struct Results {
  domain::TestData data;
  std::vector<bool> curve_from_readings;  // by specimen; missing entries: false
  std::optional<Instant> finished_at;     // as the lab's system says; none: now
};

struct NewTest {
  std::string item;
  std::string standard;
  std::string grade;
  std::vector<std::string> label_codes;
  std::int64_t equipment_id = 0;
  std::int64_t tester_id = 0;
  domain::Acquisition acquisition = domain::Acquisition::auto_collected;
  std::string manual_reason;
  std::optional<Instant> started_at;  // as the lab's system says; none: now
  std::optional<double> temperature_c;
  std::optional<double> humidity_percent;
  std::optional<std::int64_t> retest_of;
  std::optional<Results> results;  // started and finished in one request
};

struct ReadingsChunk {
  int ordinal = 0;  // the specimen, 0-based
  int seq = 0;      // chunks of a specimen numbered from 0
  domain::Curve points;
};

struct Review {
  std::int64_t reviewer_id = 0;  // a person of the lab
  bool confirm = true;
  std::string note;
};

/// A change of a finished test (JJ-3.4): a reason and an approver of the lab's quality role.
struct Change {
  std::string reason;
  std::int64_t approver_id = 0;
  std::optional<Results> results;  // none: a void
};

/// A test as the API shows it: the row, its current data, reviews, violations.
struct TestView {
  storage::LabTest test;
  boost::json::object data;  // the current version's record (the ledger's)
  std::vector<storage::TestReview> reviews;
  std::vector<storage::Violation> violations;
  std::string lab_name;
  std::string project_name;
  std::string tester_name;
};

struct TestVersion {
  std::int64_t version = 0;
  boost::json::object record;
  std::string changed_by;
  Instant changed_at{};
  std::optional<std::uint64_t> leaf_index;  // its ledger leaf
  std::string leaf_hash;                    // raw
};

/// A lot of concrete (GB/T 50107-2010): the reviewed groups of one grade at a project, oldest
/// first, and their evaluation (none when there is no group).
struct ConcreteLot {
  std::vector<std::int64_t> tests;
  std::vector<double> groups;  // the reported group values, MPa
  std::optional<domain::LotEvaluation> evaluation;
};

/// What happens to tests, for the live page: a test started, finished, reviewed or voided, or
/// readings arrived. Sent after the write committed.
struct LiveEvent {
  std::string kind;  // test, readings
  std::string lab_code;
  std::string region_code;
  bool sandbox = false;
  std::string json;  // the event's data
};
using LiveSink = std::function<void(const LiveEvent&)>;

class LabTests {
 public:
  LabTests(storage::Database& db, storage::Writer& writer, const Clock& clock,
           const service::Auditor& auditor, service::Ledger& ledger,
           const domain::PolicyBook& policies)
      : db_(db),
        writer_(writer),
        clock_(clock),
        auditor_(auditor),
        ledger_(ledger),
        policies_(policies) {}

  /// Where live events go (the API's event hub); none by default.
  void set_live_sink(LiveSink sink) { live_ = std::move(sink); }

  // contracts.cpp
  Task<Result<service::Receipted<storage::TestContract>>> upload_contract(
      const SendingLab& lab, NewContract input, const service::Caller& caller);
  Task<Result<service::Receipted<storage::TestPlan>>> upload_plan(const SendingLab& lab,
                                                                  NewPlan input,
                                                                  const service::Caller& caller);
  Result<storage::Paged<storage::TestContract>> list_contracts(
      const domain::Scope& scope, const storage::ContractFilter& filter, const storage::Page& page);
  Result<storage::Paged<storage::TestPlan>> list_plans(const domain::Scope& scope,
                                                       const storage::PlanFilter& filter,
                                                       const storage::Page& page);

  // tests.cpp
  /// Starts a test (and finishes it when `input.results` is given): test_refused with every
  /// reason when a check fails.
  Task<Result<service::Receipted<TestView>>> start(const SendingLab& lab, NewTest input,
                                                   const service::Caller& caller);
  /// Stores a chunk of readings of a running test; false when that chunk was stored before.
  Task<Result<bool>> add_readings(const SendingLab& lab, std::int64_t test_id, ReadingsChunk chunk,
                                  const service::Caller& caller);
  Task<Result<service::Receipted<TestView>>> finish(const SendingLab& lab, std::int64_t test_id,
                                                    Results results, const service::Caller& caller);

  // reviews.cpp
  Task<Result<service::Receipted<TestView>>> review(const SendingLab& lab, std::int64_t test_id,
                                                    Review input, const service::Caller& caller);
  /// The same by a signed-in lab user, reviewing as the registry person their account is
  /// linked to (input.reviewer_id is ignored): forbidden without submit_lab_data or a link.
  Task<Result<service::Receipted<TestView>>> review_as(const identity::Principal& by,
                                                       std::int64_t test_id, Review input,
                                                       const service::Caller& caller);
  /// A new version of the data, or a void when `change.results` is none.
  Task<Result<service::Receipted<TestView>>> change(const SendingLab& lab, std::int64_t test_id,
                                                    Change change, const service::Caller& caller);

  // reads.cpp
  Result<TestView> get_test(const domain::Scope& scope, std::int64_t id);
  Result<storage::Paged<storage::LabTest>> list_tests(const domain::Scope& scope,
                                                      const storage::TestFilter& filter,
                                                      const storage::Page& page);
  Result<std::vector<TestVersion>> versions(const domain::Scope& scope, std::int64_t id);
  /// The curve of specimen `ordinal` of the current version (or the readings so far while the
  /// test runs).
  Result<domain::Curve> curve(const domain::Scope& scope, std::int64_t id, int ordinal);
  Result<storage::Paged<storage::Violation>> list_violations(const domain::Scope& scope,
                                                             const storage::ViolationFilter& filter,
                                                             const storage::Page& page);
  Result<std::vector<storage::AwaitingSpecimen>> awaiting(const SendingLab& lab);

  // lots.cpp
  /// The lot of `grade` at `project_id` in `scope`, by `method` (the standard's choice when
  /// none: known σ for 3 groups with σ0, statistical from 10 groups, non-statistical below).
  Result<ConcreteLot> concrete_lot(const domain::Scope& scope, std::int64_t project_id,
                                   const std::string& grade,
                                   std::optional<domain::LotMethod> method,
                                   std::optional<double> sigma0);

 private:
  /// What a write adds before the version is recorded: the test row inserted or changed, and
  /// the violations found.
  using Step = std::function<Status(storage::Connection&, storage::LabTest&,
                                    std::vector<storage::Violation>&)>;
  /// Records `record` as the test's next version with `step`, the row's new state, the
  /// violations and the audit entry `action`, in one transaction; then tells the live page.
  Task<Result<service::Receipted<TestView>>> write_version(storage::LabTest test,
                                                           boost::json::object record,
                                                           const service::Caller& caller,
                                                           std::string action, const Step& step);
  /// Recomputes and checks `results`, stores the curves and their fingerprints, and records the
  /// version (`record` adds its reason and approver): the finish and every change.
  Task<Result<service::Receipted<TestView>>> record_results(storage::LabTest test, Results results,
                                                            boost::json::object record,
                                                            const service::Caller& caller,
                                                            std::string action);
  /// The lab's own test, or not_found.
  Result<storage::LabTest> find_for_lab(const SendingLab& lab, std::int64_t id);
  void publish(const storage::LabTest& test, std::string kind, std::string json) const;

  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  service::Ledger& ledger_;
  const domain::PolicyBook& policies_;
  LiveSink live_;
};

}  // namespace lw::labtests
