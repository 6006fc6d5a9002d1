// The 2-hour rule (JL-1.3): when a finished test's data and photos are due, what an arrival
// after the deadline is (a late upload, or the re-upload of a missed one), what the scan finds,
// and the lock of the batch's report generation that follows.
#include <boost/json/serialize.hpp>

#include "core/json_values.hpp"
#include "domain/violation_kinds.hpp"
#include "labtests/lab_checks.hpp"
#include "onsite/internal.hpp"
#include "service/ledger_records.hpp"

namespace lw::onsite {
namespace {

domain::ForceMajeureFiling filing_of(const storage::ForceMajeure& f) {
  domain::ForceMajeureFiling d;
  d.id = f.id;
  d.filed_at = f.filed_at;
  d.cleared_at = f.cleared_at;
  d.status = domain::parse_force_majeure_status(f.status).value_or(
      domain::ForceMajeureFiling::Status::pending);
  return d;
}

bool complete(const storage::OnsiteTest& t) {
  return t.data_received_at && t.first_photo_at;
}

storage::Violation violation(const domain::PolicyBook& policies, const storage::OnsiteTest& t,
                             std::string kind, boost::json::object details, Instant now) {
  details["test_id"] = t.id;
  details["batch_id"] = t.batch_id;
  details["due_at"] = time_or_null(t.due_at);
  return labtests::violation_of(policy_of(policies, t), std::move(kind),
                                labtests::subject_of(kTestType, t.id), t, details, now);
}

// The lock a late or missed upload brings, when the policy says so.
std::string lock_reason(const domain::PolicyBook& policies, const storage::OnsiteTest& t,
                        std::string_view kind) {
  const auto policy = policy_of(policies, t);
  return policy && policy->version->late_onsite_upload_locks_batch ? std::string(kind)
                                                                   : std::string();
}

}  // namespace

std::optional<domain::PolicyInForce> policy_of(const domain::PolicyBook& policies,
                                               const storage::OnsiteTest& t) {
  return policies.in_force(t.region_code, t.finished_at.value_or(t.started_at));
}

void settle_deadline(storage::OnsiteTest& t, const domain::PolicyBook& policies,
                     const std::vector<storage::ForceMajeure>& filings) {
  t.due_at.reset();
  t.force_majeure_id.reset();
  const auto policy = policy_of(policies, t);
  if (!t.finished_at || !policy) {
    return;
  }
  std::vector<domain::ForceMajeureFiling> judged;
  for (const auto& f : filings) {
    judged.push_back(filing_of(f));
  }
  const auto deadline =
      domain::onsite_deadline(*policy->version, policies.calendar(), *t.finished_at, judged);
  t.due_at = deadline.due;
  t.force_majeure_id = deadline.force_majeure_id;
}

Judgement judge_arrival(storage::OnsiteTest& t, std::string_view what, Instant now,
                        const domain::PolicyBook& policies) {
  Judgement j;
  auto& first = what == "data" ? t.data_received_at : t.first_photo_at;
  if (!first) {
    first = now;
  }
  if (t.due_at && now > *t.due_at) {
    if (t.upload_status == "missed") {
      // 补传: the re-upload of a test the scan recorded missed (JL-3.1 counts them).
      j.violations.push_back(violation(policies, t, domain::violation_kinds::kOnsiteReupload,
                                       {{"received_at", format_utc(now)}, {"what", what}}, now));
      t.upload_status = "late";
    } else if (t.upload_status != "late") {
      // 迟传 (JL-1.3), once per test; the batch's reports lock.
      j.violations.push_back(violation(policies, t, domain::violation_kinds::kOnsiteUploadLate,
                                       {{"received_at", format_utc(now)}, {"what", what}}, now));
      t.upload_status = "late";
      j.lock_reason = lock_reason(policies, t, domain::violation_kinds::kOnsiteUploadLate);
    }
    return j;
  }
  if (t.finished_at && t.upload_status == "awaiting" && complete(t)) {
    t.upload_status = "on_time";
  }
  return j;
}

Judgement judge_overdue(storage::OnsiteTest& t, Instant now, const domain::PolicyBook& policies) {
  Judgement j;
  if (complete(t)) {
    t.upload_status = "on_time";
    return j;
  }
  boost::json::array missing;
  if (!t.data_received_at) {
    missing.emplace_back("data");
  }
  if (!t.first_photo_at) {
    missing.emplace_back("photos");
  }
  // 漏传 (JL-1.3): nothing, or not everything, by the deadline.
  j.violations.push_back(violation(policies, t, domain::violation_kinds::kOnsiteUploadMissed,
                                   {{"missing", std::move(missing)}}, now));
  t.upload_status = "missed";
  j.lock_reason = lock_reason(policies, t, domain::violation_kinds::kOnsiteUploadMissed);
  return j;
}

Judgement judge_settled(storage::OnsiteTest& t, Instant now, const domain::PolicyBook& policies) {
  Judgement j;
  if (!t.finished_at || !t.due_at || t.upload_status == "late" || t.upload_status == "missed") {
    return j;
  }
  std::optional<Instant> late_at;
  std::string what;
  for (const auto& [at, name] :
       {std::pair{t.data_received_at, "data"}, std::pair{t.first_photo_at, "photo"}}) {
    if (at && *at > *t.due_at && (!late_at || *at > *late_at)) {
      late_at = at;
      what = name;
    }
  }
  if (late_at) {
    j.violations.push_back(violation(policies, t, domain::violation_kinds::kOnsiteUploadLate,
                                     {{"received_at", format_utc(*late_at)}, {"what", what}}, now));
    t.upload_status = "late";
    j.lock_reason = lock_reason(policies, t, domain::violation_kinds::kOnsiteUploadLate);
  } else if (t.upload_status == "awaiting" && complete(t)) {
    t.upload_status = "on_time";
  }
  return j;
}

Status apply_lock(storage::Connection& conn, service::Ledger& ledger, const storage::OnsiteTest& t,
                  const Judgement& j, const service::Caller& caller, Instant now) {
  if (j.lock_reason.empty()) {
    return {};
  }
  auto lock = storage::lock_batch(conn, t.batch_id, j.lock_reason, t.id, now);
  if (!lock) {
    return std::move(lock).error();
  }
  if (!*lock) {
    return {};  // locked before
  }
  auto leaf = service::record_registry_version(conn, ledger,
                                               {kBatchType, std::to_string(t.batch_id), t.lab_code,
                                                boost::json::object{{"status", "locked"},
                                                                    {"lock_id", **lock},
                                                                    {"test_id", t.id},
                                                                    {"reason", j.lock_reason},
                                                                    {"locked_at", format_utc(now)}},
                                                caller.actor, now});
  if (!leaf) {
    return std::move(leaf).error();
  }
  return {};
}

Result<service::LeafRef> record_version(storage::Connection& conn, service::Ledger& ledger,
                                        const service::Auditor& auditor,
                                        const service::Caller& caller, Instant now,
                                        std::string_view type, std::int64_t id,
                                        const std::string& lab_code,
                                        const boost::json::object& record, std::string action,
                                        std::vector<storage::Violation>& found) {
  const std::string record_id = std::to_string(id);
  auto leaf = service::record_registry_version(
      conn, ledger, {std::string(type), record_id, lab_code, record, caller.actor, now});
  if (!leaf) {
    return std::move(leaf).error();
  }
  boost::json::array kinds;
  for (auto& v : found) {
    auto vid = storage::insert_violation(conn, v);
    if (!vid) {
      return std::move(vid).error();
    }
    v.id = *vid;
    kinds.emplace_back(v.kind);
  }
  if (auto st =
          auditor.record(conn, caller, now, std::move(action), std::string(type) + "/" + record_id,
                         boost::json::serialize(boost::json::object{
                             {"version", leaf->entry.version}, {"violations", std::move(kinds)}}));
      !st) {
    return std::move(st).error();
  }
  return leaf;
}

Result<storage::OnsiteTest> lab_test_of(storage::Connection& conn, const std::string& lab_code,
                                        std::int64_t id) {
  auto found = storage::find_onsite_test(conn, domain::Scope::of_lab(lab_code), id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return Error(std::string(errc::not_found), "no on-site test " + std::to_string(id));
  }
  return std::move(**found);
}

}  // namespace lw::onsite
