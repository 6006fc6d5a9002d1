#pragma once
// The specimen chain's use cases (见证取样与试件流转, issue 6; JJ-1.1 … JJ-1.6, JJ-4.1, JL-2.1,
// JL-2.2): label batches issued to a project, the witness's sampling that binds a label to
// each specimen, the commission of a lab, the lab's receipt or refusal, and the trace of it all.
// docs/specimens.md describes the records, routes and error codes.
//
// Every step is one write: audited and recorded in the ledger (record types label_batch,
// sampling, commission, specimen_receipt), so each has a receipt. The server's clock stamps
// every step; a sampling also keeps the time the phone captured it.
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "domain/policy.hpp"
#include "identity/identity.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/database.hpp"
#include "storage/specimens.hpp"
#include "storage/writer.hpp"

namespace lw::specimens {

inline constexpr char kLabelBatchType[] = "label_batch";
inline constexpr char kSamplingType[] = "sampling";
inline constexpr char kCommissionType[] = "commission";
inline constexpr char kReceiptType[] = "specimen_receipt";

struct ProjectRef {
  std::int64_t id = 0;
  std::string code;
  std::string name;
};
struct PersonRef {
  std::int64_t id = 0;
  std::string name;
};

// Labels.
struct NewBatch {
  int quantity = 0;          // 1..500
  std::string requested_by;  // contractor, station
  std::string note;
};
struct BatchView {
  storage::LabelBatch batch;
  ProjectRef project;
  std::vector<storage::LabelRow> labels;  // filled by get_batch only
};
struct LabelView {
  storage::LabelRow label;
  ProjectRef project;
};
/// What anyone who scans a label may see (no sign-in).
struct PublicLabel {
  std::string code;
  std::string state;
  std::string project_name;
  Instant issued_at{};
  std::optional<Instant> sampled_at;
  std::optional<Instant> received_at;
  std::string lab_name;
};

// Samplings.
struct Location {
  double lat = 0;
  double lng = 0;
  double accuracy_m = 0;
};
struct NewSampling {
  domain::SamplingGroup group;  // labels as typed or scanned
  std::string quantity;
  std::int64_t sampler_id = 0;
  Instant captured_at{};
  std::optional<Location> location;
  std::string placard_sha256;
};
struct CommissionView {
  storage::Commission commission;
  std::string lab_name;
};
struct SamplingView {
  storage::Sampling sampling;
  ProjectRef project;
  PersonRef witness, sampler;
  std::vector<storage::LabelRow> specimens;
  std::vector<CommissionView> commissions;
};
/// A project the signed-in witness works on now, with the people they may name.
struct WitnessProject {
  domain::Project project;
  std::vector<std::string> assigned_as;  // witness, sampler
  std::vector<PersonRef> witnesses, samplers;
};

// Receipts.
struct NewReceipt {
  std::string label_code;                  // as scanned; "" for a sample without a label
  std::optional<std::int64_t> project_id;  // the project the clerk receives for, if named
  std::string description;                 // what came, for a sample without a label
  std::optional<std::int64_t> witness_id;
  bool seal_intact = false;
  bool condition_ok = false;
  bool refuse = false;  // the clerk's own judgement
  std::string note;     // required with refuse
};
/// Who receives: the lab (from the account or the signing key) and the clerk's name.
struct ReceivingLab {
  std::string lab_code;
  std::string clerk;
};
struct ReceiptView {
  storage::SpecimenReceipt receipt;
  std::optional<PersonRef> witness;
  std::string lab_name;
};

// Trace.
struct TraceStep {
  std::string step;  // label_issued, sampled, curing, commissioned, received, refused
  Instant at{};
  std::string by;
  std::string summary;
  boost::json::object details;
  std::string record_type, record_id;
  std::optional<service::LeafRef> leaf;
};
struct TraceView {
  std::optional<LabelView> label;
  std::optional<SamplingView> sampling;
  std::vector<TraceStep> steps;  // in time order
};

class Chain {
 public:
  Chain(storage::Database& db, storage::Writer& writer, const Clock& clock,
        const service::Auditor& auditor, service::Ledger& ledger,
        const domain::PolicyBook& policies)
      : db_(db),
        writer_(writer),
        clock_(clock),
        auditor_(auditor),
        ledger_(ledger),
        policies_(policies) {}

  // labels.cpp
  /// Issues `input.quantity` new labels to a project in the caller's region (issue_labels).
  Task<Result<service::Receipted<BatchView>>> issue_batch(const identity::Principal& by,
                                                          std::int64_t project_id, NewBatch input,
                                                          const service::Caller& caller);
  Result<std::vector<BatchView>> list_batches(const identity::Principal& by,
                                              std::int64_t project_id);
  /// A batch with its labels; not_found outside the caller's scope.
  Result<BatchView> get_batch(const identity::Principal& by, std::int64_t id);
  /// A label the caller's scope sees: label_invalid for a malformed code, not_found otherwise.
  Result<LabelView> get_label(const identity::Principal& by, const std::string& code);
  /// What the public verification page shows; label_invalid or label_unknown.
  Result<PublicLabel> public_label(const std::string& code);

  // sampling.cpp
  Result<std::vector<WitnessProject>> witness_projects(const identity::Principal& by);
  /// Records a witnessed sampling and binds its labels, in one write (record_sampling).
  Task<Result<service::Receipted<SamplingView>>> record_sampling(const identity::Principal& by,
                                                                 NewSampling input,
                                                                 const service::Caller& caller);
  Result<SamplingView> get_sampling(const identity::Principal& by, std::int64_t id);
  Result<storage::Paged<SamplingView>> list_samplings(const identity::Principal& by,
                                                      const storage::SamplingFilter& filter,
                                                      const storage::Page& page);

  // receipts.cpp
  /// Commissions `lab_code` for a sampling the caller sees (commission_labs): refused with
  /// lab_not_connected or lab_not_qualified (JL-2.1).
  Task<Result<service::Receipted<CommissionView>>> commission(const identity::Principal& by,
                                                              std::int64_t sampling_id,
                                                              std::string lab_code,
                                                              std::string test_item,
                                                              const service::Caller& caller);
  /// The same for a lab's system recording a commission made to its own lab: it names the
  /// sampling by one of its labels (holding the specimen is what lets it see the sampling).
  Task<Result<service::Receipted<CommissionView>>> commission_by_lab(std::string lab_code,
                                                                     std::string label_code,
                                                                     std::string test_item,
                                                                     const service::Caller& caller);
  /// Receives or refuses one specimen at `lab`: always a record (201), received or refused with
  /// its reasons; invalid_argument only for a malformed request.
  Task<Result<service::Receipted<ReceiptView>>> receive(const ReceivingLab& lab, NewReceipt input,
                                                        const service::Caller& caller);
  Result<storage::Paged<ReceiptView>> list_receipts(const identity::Principal& by,
                                                    const storage::ReceiptFilter& filter,
                                                    const storage::Page& page);
  /// A label and its sampling as a lab's system sees them (when commissioned to it).
  Result<LabelView> lab_label(const std::string& lab_code, const std::string& code);

  // trace.cpp
  Result<TraceView> trace_label(const identity::Principal& by, const std::string& code);
  Result<TraceView> trace_sampling(const identity::Principal& by, std::int64_t id);

 private:
  Result<storage::SpecimenScope> scope_of(storage::Connection& conn, const identity::Principal& by);
  /// A connection and the chain rows `by` may read on it.
  struct Reading {
    storage::Lease conn;
    storage::SpecimenScope scope;
  };
  Result<Reading> read_as(const identity::Principal& by);
  Result<SamplingView> sampling_view(storage::Connection& conn, storage::Sampling s);
  Result<TraceView> trace(storage::Connection& conn, std::optional<LabelView> label,
                          std::optional<SamplingView> sampling);
  Task<Result<service::Receipted<CommissionView>>> commission_checked(
      storage::SpecimenScope scope, std::int64_t sampling_id, std::string lab_code,
      std::string test_item, const service::Caller& caller);

  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  service::Ledger& ledger_;
  const domain::PolicyBook& policies_;
};

/// Shared by the use cases: project reference, names of people and labs.
Result<ProjectRef> project_ref(storage::Connection& conn, std::int64_t project_id);
Result<PersonRef> person_ref(storage::Connection& conn, std::int64_t person_id);
Result<std::string> lab_name(storage::Connection& conn, const std::string& lab_code);
/// The code of `text` (domain/label_code.hpp), or label_invalid naming the field "code".
Result<std::string> parse_code_or_error(const std::string& text);

}  // namespace lw::specimens
