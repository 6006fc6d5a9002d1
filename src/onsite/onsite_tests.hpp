#pragma once
// On-site tests' use cases (issue 8; JL-1.2, JL-1.3, JL-2.2, JL-2.4; docs/onsite.md):
// components marked on site, batches, tests started, finished and uploaded by the lab's system,
// photos screened as they arrive, the 2-hour deadline with force majeure, the automatic lock of
// a batch's report generation and the regulator's unlock, the scan for missed uploads.
//
// Every record is a ledger record whose versions are its states: a component (one version), a
// batch (created, locked, unlocked), a test (started, finished, each data upload), a photo (one
// version: its hash and findings), a filing (filed, cleared, decided). Breaches become
// violations in the same transaction. The server's clock judges every deadline.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "blobs/blob_store.hpp"
#include "core/clock.hpp"
#include "core/task.hpp"
#include "domain/onsite.hpp"
#include "domain/policy.hpp"
#include "identity/identity.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/database.hpp"
#include "storage/onsite.hpp"
#include "storage/violations.hpp"
#include "storage/writer.hpp"

namespace lw::onsite {

struct Judgement;  // internal.hpp

inline constexpr char kComponentType[] = "component";
inline constexpr char kBatchType[] = "onsite_batch";
inline constexpr char kTestType[] = "onsite_test";
inline constexpr char kPhotoType[] = "onsite_photo";
inline constexpr char kFilingType[] = "force_majeure";

struct NewComponent {
  std::int64_t project_id = 0;
  std::string code;
  std::string name;
  std::string part;
};

struct NewBatch {
  std::int64_t project_id = 0;
  std::string item;
  std::string batch_no;
};

/// The end of a test as the instrument or the lab records it.
struct Finish {
  Instant finished_at{};
  std::string source = "lab";  // instrument, lab
};

struct NewTest {
  std::int64_t batch_id = 0;
  std::string component_code;
  std::int64_t equipment_id = 0;
  std::vector<std::int64_t> tester_ids;
  std::int64_t witness_id = 0;
  Instant started_at{};
  std::optional<Finish> finish;  // started and finished in one request
};

/// One raw value: a name, a decimal string, a unit.
struct Reading {
  std::string name;
  std::string value;
  std::string unit;
};

struct DataFile {
  std::string sha256;
  std::string name;
};

/// A data upload: the original record's values and the instrument's files.
struct Data {
  std::vector<Reading> readings;
  std::vector<DataFile> files;
  std::string conclusion;  // pass, fail, or empty
  std::string note;
};

/// What the capture page or the lab's system stamps into a photo's upload (JL-1.3).
struct Stamp {
  std::optional<Instant> captured_at;
  std::optional<domain::GeoPoint> location;
  std::optional<std::int64_t> tester_id;
  std::optional<std::int64_t> equipment_id;
  std::optional<std::string> component_code;
  std::string device;  // the capture device's id
};

struct NewPhoto {
  std::string sha256;
  std::optional<Stamp> stamp;
};

struct NewFiling {
  std::string reason;
  std::string evidence_sha256;
};

struct Decision {
  bool accept = false;
  std::string reason;
};

/// A test as the API shows it.
struct TestView {
  storage::OnsiteTest test;
  boost::json::object data;  // the current version's record
  std::vector<storage::OnsitePhoto> photos;
  std::vector<storage::ForceMajeure> filings;
  std::vector<storage::Violation> violations;  // about it (the write's own on a write)
  std::optional<storage::OnsiteBatch> batch;
};

struct BatchView {
  storage::OnsiteBatch batch;
  std::vector<storage::OnsiteTest> tests;
  std::vector<storage::BatchLock> locks;
};

/// A photo received: its row, the test's new state and what the write found.
struct PhotoView {
  storage::OnsitePhoto photo;
  storage::OnsiteTest test;
  std::vector<storage::Violation> violations;
};

/// What one deadline scan found.
struct ScanCounts {
  std::int64_t missed = 0;
  std::int64_t locked = 0;
};

class OnsiteTests {
 public:
  OnsiteTests(storage::Database& db, storage::Writer& writer, const Clock& clock,
              const service::Auditor& auditor, service::Ledger& ledger,
              const domain::PolicyBook& policies, blobs::BlobStore& blobs)
      : db_(db),
        writer_(writer),
        clock_(clock),
        auditor_(auditor),
        ledger_(ledger),
        policies_(policies),
        blobs_(blobs) {}

  // components.cpp
  /// Registers a component of a project `scope` sees (a lab's system: any project).
  Task<Result<service::Receipted<storage::Component>>> register_component(
      const domain::Scope& scope, NewComponent input, const service::Caller& caller);
  Result<storage::Paged<storage::Component>> list_components(const domain::Scope& scope,
                                                             std::int64_t project_id,
                                                             const std::string& q,
                                                             const storage::Page& page);

  // batches.cpp
  Task<Result<service::Receipted<storage::OnsiteBatch>>> open_batch(const std::string& lab_code,
                                                                    NewBatch input,
                                                                    const service::Caller& caller);
  /// Lifts the open lock of a batch in `scope` with a reason (a regulator).
  Task<Result<service::Receipted<BatchView>>> unlock(const domain::Scope& scope,
                                                     std::int64_t batch_id, std::string reason,
                                                     const service::Caller& caller);
  Result<BatchView> get_batch(const domain::Scope& scope, std::int64_t id);
  Result<storage::Paged<storage::OnsiteBatch>> list_batches(const domain::Scope& scope,
                                                            const storage::BatchFilter& filter,
                                                            const storage::Page& page);

  // tests.cpp
  /// Starts a test: onsite_refused with every reason when a check fails.
  Task<Result<service::Receipted<TestView>>> start(const std::string& lab_code, NewTest input,
                                                   const service::Caller& caller);
  /// Records the finish: the upload deadline starts (409 when finished before).
  Task<Result<service::Receipted<TestView>>> finish(const std::string& lab_code,
                                                    std::int64_t test_id, Finish input,
                                                    const service::Caller& caller);
  /// A data upload: a new version, judged against the deadline.
  Task<Result<service::Receipted<TestView>>> upload_data(const std::string& lab_code,
                                                         std::int64_t test_id, Data input,
                                                         const service::Caller& caller);

  // photos.cpp
  /// A photo already stored as a blob by the same sender, screened and judged.
  Task<Result<service::Receipted<PhotoView>>> add_photo(const std::string& lab_code,
                                                        std::int64_t test_id, NewPhoto input,
                                                        const service::Caller& caller);
  /// The same from the capture page: a lab user (submit_lab_data) linked to a registry person
  /// of the lab, who is the photo's tester (forbidden otherwise; the stamp's tester_id is
  /// theirs whatever was sent).
  Task<Result<service::Receipted<PhotoView>>> add_photo_as(const identity::Principal& by,
                                                           std::int64_t test_id, NewPhoto input,
                                                           const service::Caller& caller);
  /// The photo of a test in `scope`.
  Result<storage::OnsitePhoto> photo(const domain::Scope& scope, std::int64_t photo_id);

  // force_majeure.cpp
  Task<Result<service::Receipted<storage::ForceMajeure>>> file_force_majeure(
      const std::string& lab_code, std::int64_t test_id, NewFiling input,
      const service::Caller& caller);
  Task<Result<service::Receipted<storage::ForceMajeure>>> report_cleared(
      const std::string& lab_code, std::int64_t filing_id, Instant cleared_at,
      const service::Caller& caller);
  Task<Result<service::Receipted<storage::ForceMajeure>>> decide(const domain::Scope& scope,
                                                                 std::int64_t filing_id,
                                                                 Decision decision,
                                                                 const service::Caller& caller);
  Result<storage::Paged<storage::ForceMajeure>> list_filings(const domain::Scope& scope,
                                                             const std::string& status,
                                                             const std::string& q,
                                                             const storage::Page& page);

  // scan.cpp
  /// Records every finished test whose deadline passed incomplete as missed and locks its
  /// batch (the server's timer, every minute).
  Task<Result<ScanCounts>> scan_deadlines();

  // reads.cpp
  Result<TestView> get_test(const domain::Scope& scope, std::int64_t id);
  Result<storage::Paged<storage::OnsiteTest>> list_tests(const domain::Scope& scope,
                                                         const storage::OnsiteTestFilter& filter,
                                                         const storage::Page& page);

 private:
  /// What a write of a test does before its version is recorded: the row inserted or changed,
  /// and what the arrival or the scan found.
  using Step = std::function<Status(storage::Connection&, storage::OnsiteTest&, Judgement&)>;
  /// Records `record` as the test's next version after `step`, with the batch's lock, the
  /// violations and the audit entry `action`, in one transaction.
  Task<Result<service::Receipted<TestView>>> write_test(storage::OnsiteTest test,
                                                        boost::json::object record,
                                                        const service::Caller& caller,
                                                        std::string action, const Step& step);
  /// Inserts (id 0) or updates a filing, settles its test's deadline again and records the
  /// filing's version, in one transaction.
  Task<Result<service::Receipted<storage::ForceMajeure>>> write_filing(
      storage::ForceMajeure filing, std::string action, const service::Caller& caller);

  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  service::Ledger& ledger_;
  const domain::PolicyBook& policies_;
  blobs::BlobStore& blobs_;
};

}  // namespace lw::onsite
