// Label batches: issue, list, look up; the public check of a scanned label.
#include <boost/json.hpp>

#include "core/random.hpp"
#include "domain/label_code.hpp"
#include "identity/access.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "specimens/chain.hpp"
#include "storage/projects.hpp"

namespace lw::specimens {
namespace {

constexpr int kMaxBatch = 500;

Error no_batch(std::int64_t id) {
  return Error(std::string(errc::not_found), "no label batch " + std::to_string(id) + " in scope");
}

}  // namespace

Result<ProjectRef> project_ref(storage::Connection& conn, std::int64_t project_id) {
  auto p = storage::find_project(conn, domain::Scope::all(), project_id);
  if (!p) {
    return std::move(p).error();
  }
  if (!*p) {
    return ProjectRef{project_id, "", ""};
  }
  return ProjectRef{project_id, (*p)->code, (*p)->name};
}

Result<std::string> parse_code_or_error(const std::string& text) {
  auto code = domain::parse_label_code(text);
  if (!code) {
    return Error(std::string(errc::label_invalid), "not a label code: " + text,
                 {{"fields", {{"code", "label_invalid"}}}});
  }
  return *code;
}

Task<Result<service::Receipted<BatchView>>> Chain::issue_batch(const identity::Principal& by,
                                                               std::int64_t project_id,
                                                               NewBatch input,
                                                               const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::issue_labels); !st) {
    co_return std::move(st).error();
  }
  if (input.quantity < 1 || input.quantity > kMaxBatch) {
    co_return field_error("quantity", "range");
  }
  if (input.requested_by != "contractor" && input.requested_by != "station") {
    co_return field_error("requested_by", "contractor or station");
  }
  if (input.note.size() > 500) {
    co_return field_error("note", "at most 500 bytes");
  }
  domain::Project project;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto found = storage::find_project(**conn, identity::registry_scope(by), project_id);
    if (!found) {
      co_return std::move(found).error();
    }
    if (!*found) {
      co_return Error(std::string(errc::not_found),
                      "no project " + std::to_string(project_id) + " in scope");
    }
    project = std::move(**found);
  }
  BatchView view;
  view.project = {project.id, project.code, project.name};
  auto& batch = view.batch;
  batch.project_id = project.id;
  batch.region_code = project.region_code;
  batch.quantity = input.quantity;
  batch.requested_by = input.requested_by;
  batch.note = input.note;
  batch.issued_by = caller.actor;
  batch.issued_at = clock_.now();
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto id = storage::insert_label_batch(conn, batch);
    if (!id) {
      return std::move(id).error();
    }
    batch.id = *id;
    view.labels.clear();
    boost::json::array codes;
    while (static_cast<int>(view.labels.size()) < batch.quantity) {
      // 60 random bits: a repeat is astronomically rare, and refused by the table anyway.
      std::string code = domain::make_label_code(random_bytes(8));
      auto fresh = storage::insert_label(conn, code, batch.id, project.id);
      if (!fresh) {
        return std::move(fresh).error();
      }
      if (*fresh) {
        codes.emplace_back(code);
        view.labels.push_back({code, batch.id, project.id, std::nullopt, 0, "free"});
      }
    }
    const std::string record_id = std::to_string(batch.id);
    auto version = service::record_registry_version(conn, ledger_,
                                                    {kLabelBatchType,
                                                     record_id,
                                                     "",
                                                     {{"project_id", project.id},
                                                      {"project_code", project.code},
                                                      {"quantity", batch.quantity},
                                                      {"requested_by", batch.requested_by},
                                                      {"note", batch.note},
                                                      {"codes", std::move(codes)},
                                                      {"reason", "issued 发放"}},
                                                     caller.actor,
                                                     batch.issued_at});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return auditor_.record(conn, caller, batch.issued_at, "label_batch.issue",
                           "label_batch/" + record_id,
                           boost::json::serialize(boost::json::object{
                               {"project_id", project.id}, {"quantity", batch.quantity}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<BatchView>{std::move(view), std::move(leaf)};
}

Result<std::vector<BatchView>> Chain::list_batches(const identity::Principal& by,
                                                   std::int64_t project_id) {
  auto reading = read_as(by);
  if (!reading) {
    return std::move(reading).error();
  }
  auto& [conn, scope] = *reading;
  auto rows = storage::list_label_batches(*conn, scope, project_id);
  if (!rows) {
    return std::move(rows).error();
  }
  auto project = project_ref(*conn, project_id);
  if (!project) {
    return std::move(project).error();
  }
  std::vector<BatchView> out;
  for (auto& b : *rows) {
    out.push_back({std::move(b), *project, {}});
  }
  return out;
}

Result<BatchView> Chain::get_batch(const identity::Principal& by, std::int64_t id) {
  auto reading = read_as(by);
  if (!reading) {
    return std::move(reading).error();
  }
  auto& [conn, scope] = *reading;
  auto batch = storage::find_label_batch(*conn, scope, id);
  if (!batch) {
    return std::move(batch).error();
  }
  if (!*batch) {
    return no_batch(id);
  }
  auto project = project_ref(*conn, (*batch)->project_id);
  if (!project) {
    return std::move(project).error();
  }
  auto labels = storage::list_batch_labels(*conn, id);
  if (!labels) {
    return std::move(labels).error();
  }
  return BatchView{std::move(**batch), std::move(*project), std::move(*labels)};
}

Result<LabelView> Chain::get_label(const identity::Principal& by, const std::string& text) {
  auto code = parse_code_or_error(text);
  if (!code) {
    return std::move(code).error();
  }
  auto reading = read_as(by);
  if (!reading) {
    return std::move(reading).error();
  }
  auto& [conn, scope] = *reading;
  auto label = storage::find_label(*conn, scope, *code);
  if (!label) {
    return std::move(label).error();
  }
  if (!*label) {
    return Error(std::string(errc::not_found), "no label " + *code + " in scope");
  }
  auto project = project_ref(*conn, (*label)->project_id);
  if (!project) {
    return std::move(project).error();
  }
  return LabelView{std::move(**label), std::move(*project)};
}

Result<PublicLabel> Chain::public_label(const std::string& text) {
  auto code = parse_code_or_error(text);
  if (!code) {
    return std::move(code).error();
  }
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  const storage::SpecimenScope all{domain::Scope::all(), std::nullopt};
  auto label = storage::find_label(**conn, all, *code);
  if (!label) {
    return std::move(label).error();
  }
  if (!*label) {
    return Error(std::string(errc::label_unknown), "no label " + *code);
  }
  PublicLabel out;
  out.code = *code;
  out.state = (*label)->state;
  auto project = project_ref(**conn, (*label)->project_id);
  if (!project) {
    return std::move(project).error();
  }
  out.project_name = project->name;
  auto batch = storage::find_label_batch(**conn, all, (*label)->batch_id);
  if (!batch) {
    return std::move(batch).error();
  }
  if (*batch) {
    out.issued_at = (*batch)->issued_at;
  }
  if ((*label)->sampling_id) {
    auto sampling = storage::find_sampling(**conn, all, *(*label)->sampling_id);
    if (!sampling) {
      return std::move(sampling).error();
    }
    if (*sampling) {
      out.sampled_at = (*sampling)->received_at;
    }
  }
  auto receipts = storage::receipts_of(**conn, std::nullopt, *code);
  if (!receipts) {
    return std::move(receipts).error();
  }
  for (const auto& r : *receipts) {
    if (r.received) {
      out.received_at = r.received_at;
      auto name = lab_name(**conn, r.lab_code);
      if (!name) {
        return std::move(name).error();
      }
      out.lab_name = *name;
    }
  }
  return out;
}

}  // namespace lw::specimens
