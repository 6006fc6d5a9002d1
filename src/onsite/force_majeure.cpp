// Force majeure (不可抗力, JL-1.3): a lab that cannot upload in time files a report with the
// authority within 2 hours of finishing; if in time, its data and photos are due 2 hours after
// it reports the fault cleared. Regulators accept or reject the filing; a rejected filing gives
// back the normal deadline, and what arrived after it is late.
#include <boost/json/serialize.hpp>

#include "onsite/internal.hpp"
#include "service/commit.hpp"
#include "storage/blob_records.hpp"

namespace lw::onsite {
namespace {

boost::json::object filing_record(const storage::ForceMajeure& f) {
  return {{"test_id", f.test_id},
          {"status", f.status},
          {"in_time", f.in_time},
          {"filed_at", format_utc(f.filed_at)},
          {"evidence_sha256", f.evidence_sha256},
          {"cleared_at", time_or_null(f.cleared_at)},
          {"decided_at", time_or_null(f.decided_at)},
          {"reason", f.decision_reason.empty() ? f.reason : f.decision_reason}};
}

// The filing's test with its deadline settled again from all its filings, judged again when a
// rejection shortened it, locked when that made it late; in the caller's transaction.
Status settle_test(storage::Connection& conn, service::Ledger& ledger,
                   const domain::PolicyBook& policies, std::int64_t test_id,
                   const service::Caller& caller, Instant now, Judgement& judged) {
  auto found = storage::find_onsite_test(conn, domain::Scope::all(), test_id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return {};
  }
  auto& t = **found;
  auto filed = storage::filings_of(conn, test_id);
  if (!filed) {
    return std::move(filed).error();
  }
  settle_deadline(t, policies, *filed);
  judged = judge_settled(t, now, policies);
  if (auto st = apply_lock(conn, ledger, t, judged, caller, now); !st) {
    return st;
  }
  t.updated_at = now;
  return storage::update_onsite_test(conn, t);
}

}  // namespace

// One write of a filing: `change` sets it (a new one is inserted), then its test is settled and
// the filing's version recorded.
Task<Result<service::Receipted<storage::ForceMajeure>>> OnsiteTests::write_filing(
    storage::ForceMajeure filing, std::string action, const service::Caller& caller) {
  const Instant now = clock_.now();
  service::LeafRef leaf;
  Judgement judged;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    judged = {};
    if (filing.id == 0) {
      auto id = storage::insert_force_majeure(conn, filing);
      if (!id) {
        return std::move(id).error();
      }
      filing.id = *id;
    } else if (auto st = storage::update_force_majeure(conn, filing); !st) {
      return st;
    }
    if (auto st = settle_test(conn, ledger_, policies_, filing.test_id, caller, now, judged); !st) {
      return st;
    }
    auto version =
        record_version(conn, ledger_, auditor_, caller, now, kFilingType, filing.id,
                       filing.lab_code, filing_record(filing), action, judged.violations);
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return {};
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<storage::ForceMajeure>{std::move(filing), std::move(leaf)};
}

Task<Result<service::Receipted<storage::ForceMajeure>>> OnsiteTests::file_force_majeure(
    const std::string& lab_code, std::int64_t test_id, NewFiling input,
    const service::Caller& caller) {
  if (input.reason.empty() || input.reason.size() > 1000) {
    co_return field_error("reason", "1 to 1000 bytes");
  }
  if (!input.evidence_sha256.empty() && !blobs::is_sha256_hex(input.evidence_sha256)) {
    co_return field_error("evidence_sha256", "a SHA-256 in hex");
  }
  const Instant now = clock_.now();
  storage::ForceMajeure f;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto t = lab_test_of(**conn, lab_code, test_id);
    if (!t) {
      co_return std::move(t).error();
    }
    if (!input.evidence_sha256.empty()) {
      auto held = storage::find_held_blob(**conn, input.evidence_sha256,
                                          domain::Scope::of_lab(lab_code), caller.actor);
      if (!held) {
        co_return std::move(held).error();
      }
      if (!*held) {
        co_return field_error("evidence_sha256", "not_uploaded");
      }
    }
    const auto policy = policy_of(policies_, *t);
    f.in_time =
        !t->finished_at || !policy ||
        domain::force_majeure_in_time(*policy->version, policies_.calendar(), *t->finished_at, now);
    f.sandbox = t->sandbox;
    f.region_code = t->region_code;
    f.project_id = t->project_id;
  }
  f.test_id = test_id;
  f.lab_code = lab_code;
  f.reason = std::move(input.reason);
  f.evidence_sha256 = std::move(input.evidence_sha256);
  f.filed_by = caller.actor;
  f.filed_at = now;
  f.status = "pending";
  co_return co_await write_filing(std::move(f), "force_majeure.file", caller);
}

Task<Result<service::Receipted<storage::ForceMajeure>>> OnsiteTests::report_cleared(
    const std::string& lab_code, std::int64_t filing_id, Instant cleared_at,
    const service::Caller& caller) {
  const Instant now = clock_.now();
  if (cleared_at > now + std::chrono::minutes(5)) {
    co_return field_error("cleared_at", "in_the_future");
  }
  storage::ForceMajeure f;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto found = storage::find_force_majeure(**conn, domain::Scope::of_lab(lab_code), filing_id);
    if (!found) {
      co_return std::move(found).error();
    }
    if (!*found) {
      co_return Error(std::string(errc::not_found), "no filing " + std::to_string(filing_id));
    }
    f = std::move(**found);
    auto t = lab_test_of(**conn, lab_code, f.test_id);
    if (!t) {
      co_return std::move(t).error();
    }
    if (cleared_at < t->started_at) {
      co_return field_error("cleared_at", "before_the_test");
    }
  }
  if (f.status == "rejected") {
    co_return Error(std::string(errc::conflict), "the filing was rejected", {{"status", f.status}});
  }
  if (f.cleared_at) {
    co_return Error(std::string(errc::conflict), "the clearance was reported before",
                    {{"fields", {{"cleared_at", "reported"}}}});
  }
  f.cleared_at = cleared_at;
  f.cleared_reported_at = now;
  co_return co_await write_filing(std::move(f), "force_majeure.cleared", caller);
}

Task<Result<service::Receipted<storage::ForceMajeure>>> OnsiteTests::decide(
    const domain::Scope& scope, std::int64_t filing_id, Decision decision,
    const service::Caller& caller) {
  if (decision.reason.empty() || decision.reason.size() > 500) {
    co_return field_error("reason", "1 to 500 bytes");
  }
  storage::ForceMajeure f;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto found = storage::find_force_majeure(**conn, scope, filing_id);
    if (!found) {
      co_return std::move(found).error();
    }
    if (!*found) {
      co_return Error(std::string(errc::not_found), "no filing " + std::to_string(filing_id));
    }
    f = std::move(**found);
  }
  if (f.status != "pending") {
    co_return Error(std::string(errc::conflict), "the filing was decided", {{"status", f.status}});
  }
  f.status = decision.accept ? "accepted" : "rejected";
  f.decided_by = caller.actor;
  f.decided_at = clock_.now();
  f.decision_reason = std::move(decision.reason);
  co_return co_await write_filing(std::move(f), "force_majeure.decide", caller);
}

Result<storage::Paged<storage::ForceMajeure>> OnsiteTests::list_filings(const domain::Scope& scope,
                                                                        const std::string& status,
                                                                        const std::string& q,
                                                                        const storage::Page& page) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::list_force_majeure(**conn, scope, status, q, page);
}

}  // namespace lw::onsite
