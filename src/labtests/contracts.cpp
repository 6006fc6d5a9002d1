// Contracts and test plans on deadline (JJ-3.3): each judged on receipt against the policy of
// the project's region, by the server's clock and the working-day calendar.
#include <boost/json/serialize.hpp>

#include "blobs/blob_store.hpp"
#include "domain/deadline.hpp"
#include "domain/violation_kinds.hpp"
#include "labtests/internal.hpp"
#include "labtests/lab_tests.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "storage/blob_records.hpp"
#include "storage/labs.hpp"
#include "storage/projects.hpp"

namespace lw::labtests {
namespace {

bool document_media_type(std::string_view t) {
  return t == "application/pdf" || t == "image/jpeg" || t == "image/png";
}

Status check_items(const std::vector<std::string>& items) {
  if (items.empty() || items.size() > 50) {
    return field_error("items", "1 to 50 test items");
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!domain::find_test_item(items[i])) {
      return field_error("items[" + std::to_string(i) + "]", "unknown_item");
    }
  }
  return {};
}

boost::json::array items_json(const std::vector<std::string>& items) {
  boost::json::array out;
  for (const auto& i : items) {
    out.emplace_back(i);
  }
  return out;
}

boost::json::value date_or_null(const std::optional<domain::Date>& d) {
  return d ? boost::json::value(domain::format_date(*d)) : boost::json::value(nullptr);
}

// What an upload judged on deadline (a contract, a plan) writes besides its row.
struct Upload {
  const char* type;             // the record type
  const char* late_kind;        // the violation when late
  boost::json::object record;   // its ledger entry's record
  boost::json::object details;  // the violation's details
};

// The write of an upload: the row `insert` stores (its id set), its ledger version, the
// violation when late, the audit entry. `leaf` receives the version's leaf.
template <class Row, class Insert>
storage::Writer::Job upload_job(Row& row, Insert insert, const Upload& u,
                                const std::optional<domain::PolicyInForce>& policy,
                                service::Ledger& ledger, const service::Auditor& auditor,
                                const service::Caller& caller, Instant now,
                                service::LeafRef& leaf) {
  return [&row, insert, &u, &policy, &ledger, &auditor, &caller, now,
          &leaf](storage::Connection& conn) -> Status {
    auto id = insert(conn, row);
    if (!id) {
      return std::move(id).error();
    }
    row.id = *id;
    const std::string record_id = std::to_string(row.id);
    auto version = service::record_registry_version(
        conn, ledger, {u.type, record_id, row.lab_code, u.record, caller.actor, now});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    if (row.late) {
      const auto v =
          violation_of(policy, u.late_kind, subject_of(u.type, row.id), row, u.details, now);
      if (auto vid = storage::insert_violation(conn, v); !vid) {
        return std::move(vid).error();
      }
    }
    return auditor.record(conn, caller, now, std::string(u.type) + ".upload",
                          std::string(u.type) + "/" + record_id,
                          boost::json::serialize(boost::json::object{{"late", row.late}}));
  };
}

}  // namespace

Result<LabProject> lab_project(storage::Connection& conn, const std::string& lab_code,
                               std::int64_t project_id) {
  auto project = storage::find_project(conn, domain::Scope::all(), project_id);
  if (!project) {
    return std::move(project).error();
  }
  if (!*project) {
    return field_error("project_id", "unknown_project");
  }
  auto sandbox = storage::lab_in_sandbox(conn, lab_code);
  if (!sandbox) {
    return std::move(sandbox).error();
  }
  return LabProject{std::move(**project), *sandbox};
}

Task<Result<service::Receipted<storage::TestContract>>> LabTests::upload_contract(
    const SendingLab& lab, NewContract input, const service::Caller& caller) {
  if (input.contract_no.empty() || input.contract_no.size() > 64) {
    co_return field_error("contract_no", "1 to 64 bytes");
  }
  if (input.client.empty() || input.client.size() > 200) {
    co_return field_error("client", "1 to 200 bytes");
  }
  if (auto st = check_items(input.items); !st) {
    co_return std::move(st).error();
  }
  if (!blobs::is_sha256_hex(input.document_sha256)) {
    co_return field_error("document_sha256", "required");
  }
  const Instant now = clock_.now();
  if (input.signed_on > domain::shanghai_date(now)) {
    co_return field_error("signed_on", "in_the_future");
  }
  storage::TestContract c;
  std::optional<domain::PolicyInForce> policy;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto lp = lab_project(**conn, lab.lab_code, input.project_id);
    if (!lp) {
      co_return std::move(lp).error();
    }
    auto doc = storage::find_held_blob(**conn, input.document_sha256,
                                       domain::Scope::of_lab(lab.lab_code), caller.actor);
    if (!doc) {
      co_return std::move(doc).error();
    }
    if (!*doc) {
      co_return field_error("document_sha256", "not_uploaded");
    }
    if (!document_media_type((*doc)->media_type)) {
      co_return field_error("document_sha256", "not_a_pdf_or_image");
    }
    auto existing = storage::find_contract_by_no(**conn, lab.lab_code, input.contract_no);
    if (!existing) {
      co_return std::move(existing).error();
    }
    if (*existing) {
      co_return Error(std::string(errc::conflict),
                      "contract " + input.contract_no + " was uploaded before",
                      {{"fields", {{"contract_no", "exists"}}}, {"id", (*existing)->id}});
    }
    c.sandbox = lp->sandbox;
    c.region_code = lp->project.region_code;
    policy = policies_.in_force(c.region_code, now);
  }
  c.lab_code = lab.lab_code;
  c.project_id = input.project_id;
  c.contract_no = std::move(input.contract_no);
  c.client = std::move(input.client);
  c.items = std::move(input.items);
  c.signed_on = input.signed_on;
  c.amount_yuan = std::move(input.amount_yuan);
  c.document_sha256 = std::move(input.document_sha256);
  c.received_by = caller.actor;
  c.received_at = now;
  boost::json::object details;
  if (policy) {
    // JJ-3.3: within N working days of signing, by the server's receipt time.
    const auto period = policy->version->contract_upload;
    const auto deadline = domain::deadline_after(
        policies_.calendar(), domain::shanghai_start_of_day(c.signed_on), period);
    c.due_by = domain::shanghai_date(deadline.due);
    c.late = deadline.passed_at(now);
    details = {{"contract_no", c.contract_no},
               {"signed_on", domain::format_date(c.signed_on)},
               {"due_by", domain::format_date(*c.due_by)},
               {"received_at", format_utc(now)},
               {"working_days", period.amount}};
  }
  const Upload upload{kContractType,
                      domain::violation_kinds::kContractLate,
                      {{"project_id", c.project_id},
                       {"contract_no", c.contract_no},
                       {"client", c.client},
                       {"items", items_json(c.items)},
                       {"signed_on", domain::format_date(c.signed_on)},
                       {"amount_yuan", c.amount_yuan},
                       {"document_sha256", c.document_sha256},
                       {"due_by", date_or_null(c.due_by)},
                       {"late", c.late},
                       {"reason", "contract uploaded 合同上传"}},
                      std::move(details)};
  const auto insert = [](storage::Connection& conn,
                         const storage::TestContract& row) -> Result<std::int64_t> {
    auto id = storage::insert_contract(conn, row);
    if (!id) {
      return std::move(id).error();
    }
    if (!*id) {
      return Error(std::string(errc::conflict),
                   "contract " + row.contract_no + " was uploaded before",
                   {{"fields", {{"contract_no", "exists"}}}});
    }
    return **id;
  };
  service::LeafRef leaf;
  storage::Writer::Job job =
      upload_job(c, insert, upload, policy, ledger_, auditor_, caller, now, leaf);
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<storage::TestContract>{std::move(c), std::move(leaf)};
}

Task<Result<service::Receipted<storage::TestPlan>>> LabTests::upload_plan(
    const SendingLab& lab, NewPlan input, const service::Caller& caller) {
  if (auto st = check_items(input.items); !st) {
    co_return std::move(st).error();
  }
  if (input.planned_end < input.planned_start) {
    co_return field_error("planned_end", "before_planned_start");
  }
  if (input.note.size() > 1000) {
    co_return field_error("note", "at most 1000 bytes");
  }
  const Instant now = clock_.now();
  storage::TestPlan p;
  std::optional<domain::PolicyInForce> policy;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto lp = lab_project(**conn, lab.lab_code, input.project_id);
    if (!lp) {
      co_return std::move(lp).error();
    }
    if (input.contract_id) {
      auto contract =
          storage::find_contract(**conn, domain::Scope::of_lab(lab.lab_code), *input.contract_id);
      if (!contract) {
        co_return std::move(contract).error();
      }
      if (!*contract || (*contract)->project_id != input.project_id) {
        co_return field_error("contract_id", "unknown_contract");
      }
    }
    p.sandbox = lp->sandbox;
    p.region_code = lp->project.region_code;
    policy = policies_.in_force(p.region_code, now);
  }
  p.lab_code = lab.lab_code;
  p.project_id = input.project_id;
  p.contract_id = input.contract_id;
  p.items = std::move(input.items);
  p.planned_start = input.planned_start;
  p.planned_end = input.planned_end;
  p.note = std::move(input.note);
  p.received_by = caller.actor;
  p.received_at = now;
  boost::json::object details;
  if (policy) {
    // JJ-3.3: no later than N working days before the planned start.
    const auto period = policy->version->plan_upload;
    const auto deadline = domain::deadline_before(
        policies_.calendar(), domain::shanghai_start_of_day(p.planned_start), period);
    p.latest_on_time = domain::shanghai_date(deadline.due);
    p.late = deadline.passed_at(now);
    details = {{"planned_start", domain::format_date(p.planned_start)},
               {"latest_on_time", domain::format_date(*p.latest_on_time)},
               {"received_at", format_utc(now)},
               {"working_days", period.amount}};
  }
  const Upload upload{kPlanType,
                      domain::violation_kinds::kPlanLate,
                      {{"project_id", p.project_id},
                       {"contract_id", p.contract_id ? boost::json::value(*p.contract_id)
                                                     : boost::json::value(nullptr)},
                       {"items", items_json(p.items)},
                       {"planned_start", domain::format_date(p.planned_start)},
                       {"planned_end", domain::format_date(p.planned_end)},
                       {"note", p.note},
                       {"latest_on_time", date_or_null(p.latest_on_time)},
                       {"late", p.late},
                       {"reason", "test plan uploaded 检测方案上传"}},
                      std::move(details)};
  service::LeafRef leaf;
  storage::Writer::Job job =
      upload_job(p, storage::insert_plan, upload, policy, ledger_, auditor_, caller, now, leaf);
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<storage::TestPlan>{std::move(p), std::move(leaf)};
}

Result<storage::Paged<storage::TestContract>> LabTests::list_contracts(
    const domain::Scope& scope, const storage::ContractFilter& filter, const storage::Page& page) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::list_contracts(**conn, scope, filter, page);
}

Result<storage::Paged<storage::TestPlan>> LabTests::list_plans(const domain::Scope& scope,
                                                               const storage::PlanFilter& filter,
                                                               const storage::Page& page) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::list_plans(**conn, scope, filter, page);
}

}  // namespace lw::labtests
