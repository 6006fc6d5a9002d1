#pragma once
// Repository of the specimen chain (migration 0017): label batches and labels, samplings,
// commissions and the labs' receipts, and the link from a witness's account to their registry
// person. Reads take a SpecimenScope, turned into SQL here like every other scope.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/project.hpp"
#include "domain/sampling.hpp"
#include "domain/scope.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// Who sees which rows of the chain: a region (regulators, stations) by the project's region,
/// a lab the samplings commissioned to it and its own receipts, a witness the projects they
/// were ever assigned to, everything all.
struct SpecimenScope {
  domain::Scope scope;                  // region, lab, everything or nothing
  std::optional<std::int64_t> witness;  // people.id: the projects of this witness instead
};

struct LabelBatch {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string region_code;
  int quantity = 0;
  std::string requested_by;  // contractor, station
  std::string note;
  std::string issued_by;
  Instant issued_at{};
  std::int64_t bound = 0;  // labels bound so far (reads only)
};

/// A label and where it stands: free, bound, received or refused (its latest receipt).
struct LabelRow {
  std::string code;
  std::int64_t batch_id = 0;
  std::int64_t project_id = 0;
  std::optional<std::int64_t> sampling_id;
  int ordinal = 0;  // the specimen's place in its group, 0 while free
  std::string state;
};

struct Sampling {
  std::int64_t id = 0;
  domain::SamplingGroup group;  // labels in specimen order
  std::string region_code;
  std::string quantity;
  std::int64_t witness_id = 0;
  std::int64_t sampler_id = 0;
  Instant captured_at{};
  Instant received_at{};
  std::string location;  // JSON {"lat","lng","accuracy_m"} (decimal strings) or ""
  std::string placard_sha256;
  std::string recorded_by;
};

struct Commission {
  std::int64_t id = 0;
  std::int64_t sampling_id = 0;
  std::string lab_code;
  std::string test_item;
  std::string commissioned_by;
  Instant commissioned_at{};
};

struct SpecimenReceipt {
  std::int64_t id = 0;
  std::string lab_code;
  std::string region_code;
  std::string label_code;  // "" for a sample without a label
  std::optional<std::int64_t> sampling_id;
  std::optional<std::int64_t> project_id;
  std::optional<std::int64_t> commission_id;
  bool received = false;
  std::vector<std::string> reasons;
  std::vector<std::string> warnings;
  std::optional<std::int64_t> witness_id;
  bool seal_intact = false;
  bool condition_ok = false;
  std::string description;
  std::string note;
  std::string received_by;
  Instant received_at{};
};

// Witness accounts.
Status link_account_person(Connection& conn, std::int64_t user_id, std::int64_t person_id,
                           const std::string& by, Instant at);
Result<std::optional<std::int64_t>> person_of_account(Connection& conn, std::int64_t user_id);
Result<std::optional<std::int64_t>> user_of_person(Connection& conn, std::int64_t person_id);
/// The projects a person is assigned to at `now` (any duty), newest first.
Result<std::vector<domain::Project>> projects_of_person(Connection& conn, std::int64_t person_id,
                                                        Instant now);

// Labels.
Result<std::int64_t> insert_label_batch(Connection& conn, const LabelBatch& batch);
/// Inserts a free label; false when the code exists already.
Result<bool> insert_label(Connection& conn, const std::string& code, std::int64_t batch_id,
                          std::int64_t project_id);
Result<std::optional<LabelBatch>> find_label_batch(Connection& conn, const SpecimenScope& scope,
                                                   std::int64_t id);
Result<std::vector<LabelBatch>> list_label_batches(Connection& conn, const SpecimenScope& scope,
                                                   std::int64_t project_id);
Result<std::vector<LabelRow>> list_batch_labels(Connection& conn, std::int64_t batch_id);
/// The label of `code` when `scope` sees its project (a lab: when its sampling is
/// commissioned to the lab).
Result<std::optional<LabelRow>> find_label(Connection& conn, const SpecimenScope& scope,
                                           const std::string& code);
/// Binds a free label; false when it was bound already (the binding is once).
Result<bool> bind_label(Connection& conn, const std::string& code, std::int64_t sampling_id,
                        int ordinal);

// Samplings.
Result<std::int64_t> insert_sampling(Connection& conn, const Sampling& s);
Result<std::optional<Sampling>> find_sampling(Connection& conn, const SpecimenScope& scope,
                                              std::int64_t id);
struct SamplingFilter {
  std::string q;  // in part, grade or seal number
  std::optional<std::int64_t> project_id;
};
Result<Paged<Sampling>> list_samplings(Connection& conn, const SpecimenScope& scope,
                                       const SamplingFilter& filter, const Page& page);
/// The labels of a sampling in specimen order, with their states.
Result<std::vector<LabelRow>> sampling_labels(Connection& conn, std::int64_t sampling_id);

// Commissions.
Result<std::int64_t> insert_commission(Connection& conn, const Commission& c);
Result<std::vector<Commission>> list_commissions(Connection& conn, std::int64_t sampling_id);

// Receipts.
Result<std::int64_t> insert_receipt(Connection& conn, const SpecimenReceipt& r);
/// Whether any lab received the specimen of `label_code`.
Result<bool> label_received(Connection& conn, const std::string& label_code);
/// The receipt `id` of the lab `lab_code`; nothing when it is another lab's or unknown.
Result<std::optional<SpecimenReceipt>> find_receipt(Connection& conn, const std::string& lab_code,
                                                    std::int64_t id);
/// The receipts of a sampling's specimens and of a label, oldest first.
Result<std::vector<SpecimenReceipt>> receipts_of(Connection& conn,
                                                 std::optional<std::int64_t> sampling_id,
                                                 const std::string& label_code);
struct ReceiptFilter {
  std::string outcome;  // received, refused, "" both
};
/// The receipts `scope` sees (a lab its own, a region those of its projects), newest first.
Result<Paged<SpecimenReceipt>> list_receipts(Connection& conn, const SpecimenScope& scope,
                                             const ReceiptFilter& filter, const Page& page);

}  // namespace lw::storage
