// Revocation and correction (docs/reports.md "Revocation and correction"): a valid report
// becomes revoked or superseded only with a reason and an approval, as a new version in the
// ledger; the public facts change in the same transaction, so the next scan shows it.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/json_values.hpp"
#include "labtests/lab_checks.hpp"
#include "notify/notices.hpp"
#include "reports/internal.hpp"
#include "service/commit.hpp"
#include "storage/projects.hpp"

namespace lw::reports {
namespace {

// The project's client and station learn that a report they may hold is revoked.
Status notify_revoked(storage::Connection& conn, const storage::Report& r,
                      const std::string& reason, Instant now) {
  auto project = storage::find_project(conn, domain::Scope::all(), r.project_id);
  if (!project) {
    return std::move(project).error();
  }
  notify::Notice notice;
  notice.kind = "report_revoked";
  notice.subject = std::string(kReportType) + " " + std::to_string(r.id);
  notice.title_zh = "检测报告已撤销：" + r.number;
  notice.title_en = "Test report revoked: " + r.number;
  notice.body = {{"report_id", r.id},
                 {"number", r.number},
                 {"lab_code", r.lab_code},
                 {"project", {{"id", r.project_id}, {"name", *project ? (*project)->name : ""}}},
                 {"title", r.title},
                 {"reason", reason},
                 {"revoked_at", format_utc(now)}};
  notice.lab_code = r.lab_code;
  notice.sandbox = r.sandbox;
  if (*project && (*project)->client_id > 0) {
    notice.recipients.push_back(
        {notify::Recipient::Kind::organisation, std::to_string((*project)->client_id)});
  }
  notice.recipients.push_back({notify::Recipient::Kind::region, r.region_code});
  auto id = notify::enqueue(conn, notice, now);
  if (!id) {
    return std::move(id).error();
  }
  return {};
}

}  // namespace

Result<service::LeafRef> change_status(storage::Connection& conn, service::Ledger& ledger,
                                       const service::Auditor& auditor,
                                       const service::Caller& caller, Instant now,
                                       storage::Report& r, const StatusChange& change) {
  storage::ReportStatusChange row;
  row.report_id = r.id;
  row.status = change.status;
  row.reason = change.reason;
  row.approver_id = change.approver_id;
  row.changed_by = caller.actor;
  row.changed_at = now;
  std::string newer;
  if (change.by_report) {
    row.new_report_id = change.by_report->id;
    r.superseded_by_id = change.by_report->id;
    newer = change.by_report->number;
  }
  if (auto id = storage::insert_status_change(conn, row); !id) {
    return std::move(id).error();
  }
  r.status = change.status;
  r.version += 1;
  r.updated_at = now;
  r.public_json = with_status(r.public_json, r.status, newer, change.reason, now);
  if (auto st = storage::update_report_status(conn, r); !st) {
    return std::move(st).error();
  }
  if (change.status == "revoked") {
    // JL-3.3: counted on the day the report was issued, so a period's figures stay whole.
    if (auto st = storage::add_report_stats(
            conn, {domain::format_date(domain::shanghai_date(r.issued_at)), r.region_code,
                   r.lab_code, r.material, r.sandbox, 0, 0, 0, 1});
        !st) {
      return std::move(st).error();
    }
    if (auto st = notify_revoked(conn, r, change.reason, now); !st) {
      return std::move(st).error();
    }
  }
  boost::json::object record{{"status", r.status},
                             {"number", r.number},
                             {"reason", change.reason},
                             {"approver_id", id_or_null(change.approver_id)},
                             {"changed_at", format_utc(now)}};
  if (change.by_report) {
    record["superseded_by"] = newer;
  }
  return record_version(conn, ledger, auditor, caller, now, r, record, "report." + r.status);
}

Task<Result<service::Receipted<ReportView>>> Reports::revoke(const domain::Scope& scope,
                                                             std::int64_t id, Revocation input,
                                                             bool by_lab,
                                                             const service::Caller& caller) {
  if (input.reason.empty() || input.reason.size() > 500) {
    co_return field_error("reason", "1 to 500 bytes");
  }
  if (by_lab && !input.approver_id) {
    co_return field_error("approver_id", "required");
  }
  auto found = get(scope, id);
  if (!found) {
    co_return std::move(found).error();
  }
  auto r = std::move(found->report);
  if (r.status != "valid") {
    co_return Error(std::string(errc::conflict), "the report is " + r.status,
                    {{"fields", {{"status", r.status}}}});
  }
  if (by_lab) {
    // The lab's quality system approves (质量负责人), as for changes of test data (JJ-3.4).
    auto lease = db_.acquire();
    if (!lease) {
      co_return std::move(lease).error();
    }
    auto approver = labtests::lab_person(**lease, r.lab_code, *input.approver_id);
    if (!approver) {
      co_return std::move(approver).error();
    }
    if (!*approver || !(*approver)->has_duty(domain::Duty::quality_lead)) {
      co_return Error(std::string(errc::approver_not_quality),
                      "the approver is not a quality lead of the lab",
                      {{"fields", {{"approver_id", "not_quality_lead"}}}});
    }
  }
  const Instant now = clock_.now();
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    // A concurrent revocation or supersession: the row as it is now decides.
    auto current = storage::find_report(conn, domain::Scope::all(), id);
    if (!current) {
      return std::move(current).error();
    }
    if (!*current || (*current)->status != "valid") {
      return Error(std::string(errc::conflict), "the report is no longer valid");
    }
    auto row = std::move(**current);
    auto changed = change_status(conn, ledger_, auditor_, caller, now, row,
                                 {"revoked", input.reason, input.approver_id, nullptr});
    if (!changed) {
      return std::move(changed).error();
    }
    leaf = std::move(*changed);
    return {};
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  auto view = get(scope, id);
  if (!view) {
    co_return std::move(view).error();
  }
  co_return service::Receipted<ReportView>{std::move(*view), std::move(leaf)};
}

}  // namespace lw::reports
