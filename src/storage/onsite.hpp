#pragma once
// Repository of on-site tests (migration 0019; docs/onsite.md): components, batches and their
// locks, tests, photos, force-majeure filings. The data of each version of a test is a registry
// version (record type onsite_test, service/ledger_records.hpp).
//
// Who sees a batch, a test or a filing: storage/scope_sql.hpp's lab_or_region_condition;
// components are the project's (region_condition).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/scope.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

struct Component {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string code;
  std::string name;
  std::string part;
  std::string created_by;
  Instant created_at{};
};

struct BatchLock {
  std::int64_t id = 0;
  std::int64_t batch_id = 0;
  std::string reason;  // onsite_upload_late, onsite_upload_missed
  std::int64_t test_id = 0;
  Instant locked_at{};
  std::string unlocked_by;
  std::optional<Instant> unlocked_at;
  std::string unlock_reason;
};

struct OnsiteBatch {
  std::int64_t id = 0;
  std::string lab_code;
  bool sandbox = false;
  std::string region_code;
  std::int64_t project_id = 0;
  std::string item;
  std::string category;
  std::string batch_no;
  std::string created_by;
  Instant created_at{};
  std::optional<BatchLock> lock;  // the open lock
};

struct OnsiteTest {
  std::int64_t id = 0;
  std::int64_t batch_id = 0;
  std::string lab_code;
  bool sandbox = false;
  std::string region_code;
  std::int64_t project_id = 0;
  std::string item;
  std::int64_t component_id = 0;
  std::string component_code;
  std::int64_t equipment_id = 0;
  std::vector<std::int64_t> tester_ids;
  std::int64_t witness_id = 0;
  Instant started_at{};
  std::optional<Instant> finished_at;
  std::string finish_source;
  std::optional<Instant> due_at;
  std::optional<std::int64_t> force_majeure_id;
  std::optional<Instant> data_received_at;
  std::optional<Instant> first_photo_at;
  std::int64_t photos = 0;
  std::int64_t flagged_photos = 0;
  std::string upload_status;  // open, awaiting, on_time, late, missed
  std::int64_t version = 0;
  Instant received_at{};
  Instant updated_at{};
  std::string created_by;
};

struct OnsitePhoto {
  std::int64_t id = 0;
  std::int64_t test_id = 0;
  std::string sha256;
  std::string thumb_sha256;
  Instant received_at{};
  std::string received_by;
  bool on_time = false;
  std::optional<Instant> captured_at;
  std::string captured_at_source;  // exif, stamp
  std::optional<double> lat;
  std::optional<double> lng;
  std::string location_source;
  std::optional<std::int64_t> tester_id;
  std::optional<std::int64_t> equipment_id;
  std::string component_code;
  std::string device;
  std::string quant_fingerprint;
  std::int64_t phash = 0;  // the 64-bit perceptual hash as stored (two's complement)
  std::string stamp;       // JSON or ""
  std::string metadata;    // JSON
  std::string findings;    // JSON array
  bool flagged = false;
};

struct ForceMajeure {
  std::int64_t id = 0;
  std::int64_t test_id = 0;
  std::string lab_code;
  bool sandbox = false;
  std::string region_code;
  std::int64_t project_id = 0;
  std::string reason;
  std::string evidence_sha256;
  std::string filed_by;
  Instant filed_at{};
  bool in_time = false;
  std::optional<Instant> cleared_at;
  std::optional<Instant> cleared_reported_at;
  std::string status;  // pending, accepted, rejected
  std::string decided_by;
  std::optional<Instant> decided_at;
  std::string decision_reason;
};

// Components.
/// The new component's id; none when the project has one with that code.
Result<std::optional<std::int64_t>> insert_component(Connection& conn, const Component& c);
Result<std::optional<Component>> find_component(Connection& conn, std::int64_t project_id,
                                                const std::string& code);
Result<Paged<Component>> list_components(Connection& conn, std::int64_t project_id,
                                         const std::string& q, const Page& page);

// Batches and locks.
/// The new batch's id; none when the lab has one with that number.
Result<std::optional<std::int64_t>> insert_batch(Connection& conn, const OnsiteBatch& b);
Result<std::optional<OnsiteBatch>> find_batch(Connection& conn, const domain::Scope& scope,
                                              std::int64_t id);
struct BatchFilter {
  std::optional<std::int64_t> project_id;
  std::string lab_code;
  std::optional<bool> locked;
  std::string q;  // in batch_no and item
};
/// Locked batches first, then the newest.
Result<Paged<OnsiteBatch>> list_batches(Connection& conn, const domain::Scope& scope,
                                        const BatchFilter& filter, const Page& page);
/// Opens a lock unless one is open: the new lock's id, none when the batch was locked.
Result<std::optional<std::int64_t>> lock_batch(Connection& conn, std::int64_t batch_id,
                                               const std::string& reason, std::int64_t test_id,
                                               Instant at);
Status unlock_batch(Connection& conn, const BatchLock& closed);
Result<std::vector<BatchLock>> locks_of(Connection& conn, std::int64_t batch_id);

// Tests.
Result<std::int64_t> insert_onsite_test(Connection& conn, const OnsiteTest& t);
/// Writes the columns a finish, an upload or the scan change.
Status update_onsite_test(Connection& conn, const OnsiteTest& t);
Result<std::optional<OnsiteTest>> find_onsite_test(Connection& conn, const domain::Scope& scope,
                                                   std::int64_t id);
struct OnsiteTestFilter {
  std::optional<std::int64_t> batch_id;
  std::optional<std::int64_t> project_id;
  std::string lab_code;
  std::string upload_status;
  std::optional<bool> flagged;
  std::string q;  // in item and component code
};
Result<Paged<OnsiteTest>> list_onsite_tests(Connection& conn, const domain::Scope& scope,
                                            const OnsiteTestFilter& filter, const Page& page);
/// Tests awaiting their uploads whose deadline passed before `now`, oldest first.
Result<std::vector<OnsiteTest>> overdue_tests(Connection& conn, Instant now, int limit);

// Photos.
Result<std::int64_t> insert_photo(Connection& conn, const OnsitePhoto& p);
Result<std::vector<OnsitePhoto>> photos_of(Connection& conn, std::int64_t test_id);
Result<std::optional<OnsitePhoto>> find_photo(Connection& conn, std::int64_t id);
/// Photos with these bytes (the re-use of an identical file), any test.
Result<std::vector<OnsitePhoto>> photos_with_sha(Connection& conn, const std::string& sha256);
/// The quantisation fingerprints of `device`'s earlier unflagged photos other than `fingerprint`
/// (a forgery sent under a device id does not make its later genuine photos suspect).
Result<std::vector<std::string>> other_fingerprints(Connection& conn, const std::string& device,
                                                    const std::string& fingerprint);

// Force majeure.
Result<std::int64_t> insert_force_majeure(Connection& conn, const ForceMajeure& f);
Status update_force_majeure(Connection& conn, const ForceMajeure& f);
Result<std::optional<ForceMajeure>> find_force_majeure(Connection& conn, const domain::Scope& scope,
                                                       std::int64_t id);
Result<std::vector<ForceMajeure>> filings_of(Connection& conn, std::int64_t test_id);
/// `q` searches the reason.
Result<Paged<ForceMajeure>> list_force_majeure(Connection& conn, const domain::Scope& scope,
                                               const std::string& status, const std::string& q,
                                               const Page& page);

}  // namespace lw::storage
