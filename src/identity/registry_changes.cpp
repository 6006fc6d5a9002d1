#include "identity/registry_changes.hpp"

#include <boost/json.hpp>

#include "domain/identifiers.hpp"
#include "identity/access.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "storage/labs.hpp"
#include "storage/ledger_rows.hpp"

namespace lw::identity {
namespace {

Error no_request(std::int64_t id) {
  return Error(std::string(errc::not_found),
               "no change request " + std::to_string(id) + " in scope");
}

/// The lab with a request's proposal applied.
domain::Lab applied(domain::Lab lab, const std::string& proposal) {
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(proposal, ec);
  if (ec || !parsed.is_object()) {
    return lab;
  }
  const auto& o = parsed.get_object();
  for (const auto& f : kLabChangeFields) {
    if (const auto* v = o.if_contains(f.name); v && v->is_string()) {
      lab.*f.lab = std::string(v->get_string());
    }
  }
  if (o.contains("credit_code")) {
    const auto* v = o.if_contains("credit_override");
    lab.credit_override =
        v && v->is_string() ? std::optional(std::string(v->get_string())) : std::nullopt;
  }
  return lab;
}

Result<std::int64_t> current_version(storage::Connection& conn, const std::string& type,
                                     const std::string& id) {
  auto leaf = storage::latest_ledger_leaf(conn, type, id);
  if (!leaf) {
    return std::move(leaf).error();
  }
  return *leaf ? (*leaf)->version : 0;
}

}  // namespace

Result<std::optional<std::string>> admit_lab_credit_code(
    const Principal& by, const std::string& credit_code,
    const std::optional<std::string>& override_reason) {
  auto code = domain::check_credit_code(credit_code);
  if (!code) {
    return std::move(code).error();
  }
  if (!code->needs_override()) {
    return std::optional<std::string>{};
  }
  const std::string reason = override_reason.value_or("");
  LW_TRY(domain::admit_credit_code(*code, reason));
  if (by.role != Role::system_admin) {
    return Error(std::string(errc::forbidden),
                 "only the system admin may override a failed credit code check",
                 {{"fields", {{"credit_override", "system admin only"}}}});
  }
  return std::optional(reason);
}

Status record_decision(storage::Connection& conn, service::Ledger& ledger, DecidedChange& decided) {
  domain::ChangeRequest& request = decided.request;
  const Instant at = request.decided_at.value_or(Instant{});
  if (request.state == domain::ChangeState::approved) {
    auto version = current_version(conn, request.record_type, request.record_id);
    if (!version) {
      return std::move(version).error();
    }
    if (*version != request.base_version) {
      return Error(std::string(errc::change_outdated),
                   request.record_type + " " + request.record_id + " is at version " +
                       std::to_string(*version) + ", the request was made against version " +
                       std::to_string(request.base_version),
                   {{"current_version", *version}, {"base_version", request.base_version}});
    }
    auto lab = storage::find_lab(conn, domain::Scope::all(), request.record_id);
    if (!lab) {
      return std::move(lab).error();
    }
    if (!*lab) {
      return no_request(request.id);
    }
    decided.lab = applied(std::move(**lab), request.proposal);
    LW_TRY(storage::update_lab(conn, *decided.lab));
    auto leaf = service::record_lab_version(
        conn, ledger,
        {*decided.lab, 1, request.requested_by, at, request.reason,
         domain::Approval{request.id, request.decided_by, at, request.decision_note}});
    if (!leaf) {
      return std::move(leaf).error();
    }
    request.applied_version = leaf->entry.version;
    decided.leaf = std::move(*leaf);
  }
  auto moved = storage::decide_change_request(conn, request);
  if (!moved) {
    return std::move(moved).error();
  }
  if (!*moved) {
    return Error(std::string(errc::conflict),
                 "change request " + std::to_string(request.id) + " was decided meanwhile");
  }
  return {};
}

Task<Result<domain::ChangeRequest>> RegistryChanges::propose_lab_change(
    const Principal& by, const std::string& lab_code, const LabChange& change, std::string reason,
    const service::Caller& caller) {
  if (auto st = require(by, Permission::propose_registry_changes); !st) {
    co_return std::move(st).error();
  }
  if (auto st = domain::validate_reason("reason", reason); !st) {
    co_return std::move(st).error();
  }
  domain::ChangeRequest request;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto lab = storage::find_lab(**conn, registry_scope(by), lab_code);
    if (!lab) {
      co_return std::move(lab).error();
    }
    if (!*lab) {
      co_return Error(std::string(errc::not_found), "no lab " + lab_code + " in scope");
    }
    boost::json::object proposal;
    for (const auto& f : kLabChangeFields) {
      const auto& value = change.*f.change;
      if (value && *value != (**lab).*f.lab) {
        proposal[f.name] = *value;
      }
    }
    if (proposal.empty()) {
      co_return Error(std::string(errc::invalid_argument),
                      "the request changes nothing: give a registered fact that differs",
                      {{"fields", {{"name", "same as registered"}}}});
    }
    if (proposal.contains("credit_code")) {
      auto admitted = admit_lab_credit_code(by, *change.credit_code, change.credit_override);
      if (!admitted) {
        co_return std::move(admitted).error();
      }
      proposal["credit_override"] = *admitted ? boost::json::value(**admitted) : nullptr;
    }
    request.proposal = boost::json::serialize(proposal);
    if (auto st = domain::validate(applied(**lab, request.proposal)); !st) {
      co_return std::move(st).error();
    }
    auto version = current_version(**conn, service::kLabType, lab_code);
    if (!version) {
      co_return std::move(version).error();
    }
    request.base_version = *version;
  }
  request.record_type = service::kLabType;
  request.record_id = lab_code;
  request.lab_code = lab_code;
  request.reason = std::move(reason);
  request.requested_by = caller.actor;
  request.requester_id = by.user_id;
  request.requested_at = clock_.now();
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto id = storage::insert_change_request(conn, request);
    if (!id) {
      return std::move(id).error();
    }
    request.id = *id;
    return auditor_.record(
        conn, caller, request.requested_at, "change.propose",
        "change_request/" + std::to_string(request.id),
        boost::json::serialize(boost::json::object{{"record_type", request.record_type},
                                                   {"record_id", request.record_id},
                                                   {"proposal", request.proposal}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return request;
}

Result<std::vector<domain::ChangeRequest>> RegistryChanges::list(
    const Principal& by, const storage::ChangeFilter& filter) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::list_change_requests(**conn, registry_scope(by), filter);
}

Result<domain::ChangeRequest> RegistryChanges::get(const Principal& by, std::int64_t id) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto found = storage::find_change_request(**conn, registry_scope(by), id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return no_request(id);
  }
  return std::move(**found);
}

Task<Result<DecidedChange>> RegistryChanges::decide(const Principal& by, std::int64_t id,
                                                    bool approve, std::string note,
                                                    const service::Caller& caller) {
  if (auto st = require(by, Permission::approve_registry_changes); !st) {
    co_return std::move(st).error();
  }
  auto found = get(by, id);
  if (!found) {
    co_return std::move(found).error();
  }
  if (auto st = domain::may_decide(*found, by.user_id); !st) {
    co_return std::move(st).error();
  }
  if (!approve) {
    if (auto st = domain::validate_reason("note", note); !st) {
      co_return std::move(st).error();
    }
  }
  DecidedChange decided{std::move(*found), {}, {}};
  domain::ChangeRequest& request = decided.request;
  const Instant now = clock_.now();
  request.state = approve ? domain::ChangeState::approved : domain::ChangeState::rejected;
  request.decided_by = caller.actor;
  request.decider_id = by.user_id;
  request.decided_at = now;
  request.decision_note = std::move(note);
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    LW_TRY(record_decision(conn, ledger_, decided));
    return auditor_.record(
        conn, caller, now, approve ? "change.approve" : "change.reject",
        "change_request/" + std::to_string(request.id),
        boost::json::serialize(boost::json::object{
            {"record_type", request.record_type},
            {"record_id", request.record_id},
            {"version", request.applied_version ? boost::json::value(*request.applied_version)
                                                : boost::json::value(nullptr)}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return decided;
}

}  // namespace lw::identity
