#include "registry/lab_registry.hpp"

#include <boost/json.hpp>

#include "domain/change_request.hpp"
#include "identity/access.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "storage/lab_qualifications.hpp"
#include "storage/labs.hpp"

namespace lw::registry {
namespace {

Error no_certificate(std::int64_t id) {
  return Error(std::string(errc::not_found),
               "no qualification certificate " + std::to_string(id) + " in scope");
}

boost::json::array strings(const std::vector<std::string>& items) {
  boost::json::array a;
  for (const auto& i : items) {
    a.emplace_back(i);
  }
  return a;
}

}  // namespace

Error no_lab(const std::string& lab_code) {
  return Error(std::string(errc::not_found), "no lab " + lab_code + " in scope");
}

Status lab_visible(storage::Database& db, const domain::Scope& scope, const std::string& lab_code) {
  auto conn = db.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto lab = storage::find_lab(**conn, scope, lab_code);
  if (!lab) {
    return std::move(lab).error();
  }
  if (!*lab) {
    return no_lab(lab_code);
  }
  return {};
}

Status may_change_lab(storage::Database& db, const identity::Principal& by,
                      const std::string& lab_code, identity::Permission permission) {
  LW_TRY(identity::require(by, permission));
  return lab_visible(db, identity::registry_scope(by), lab_code);
}

boost::json::object qualification_json(const domain::Qualification& q, Instant now) {
  return {{"id", q.id},
          {"lab_code", q.lab_code},
          {"number", q.number},
          {"issuer", q.issuer},
          {"categories", strings(q.categories)},
          {"parameters", strings(q.parameters)},
          {"valid_from", domain::format_date(q.valid_from)},
          {"valid_until", domain::format_date(q.valid_until)},
          {"withdrawn_at", q.withdrawn_at ? boost::json::value(format_utc(*q.withdrawn_at))
                                          : boost::json::value(nullptr)},
          {"in_force", domain::qualification_in_force(q, now)}};
}

Result<std::vector<domain::Qualification>> LabRegistry::qualifications(
    const domain::Scope& scope, const std::string& lab_code) {
  LW_TRY(lab_visible(db_, scope, lab_code));
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::list_qualifications(**conn, scope, lab_code);
}

Task<Result<service::Receipted<domain::Qualification>>> LabRegistry::save(
    domain::Qualification q, std::string action, std::string reason,
    const service::Caller& caller) {
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    if (q.id == 0) {
      auto id = storage::insert_qualification(conn, q);
      if (!id) {
        return std::move(id).error();
      }
      q.id = *id;
    } else if (action == "lab_qualification.withdraw") {
      auto moved = storage::withdraw_qualification(conn, q.id, *q.withdrawn_at);
      if (!moved) {
        return std::move(moved).error();
      }
      if (!*moved) {
        return Error(std::string(errc::conflict), "the certificate is already withdrawn");
      }
    } else {
      LW_TRY(storage::update_qualification(conn, q));
    }
    auto record = qualification_json(q, q.updated_at);
    record.erase("in_force");  // a judgement at a time, not a fact of the record
    record["reason"] = reason;
    auto version = service::record_registry_version(
        conn, ledger_,
        {kQualificationType, std::to_string(q.id), q.lab_code, record, caller.actor, q.updated_at});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return auditor_.record(
        conn, caller, q.updated_at, std::move(action), "lab_qualification/" + std::to_string(q.id),
        boost::json::serialize(boost::json::object{
            {"lab_code", q.lab_code}, {"number", q.number}, {"reason", reason}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<domain::Qualification>{std::move(q), std::move(leaf)};
}

Task<Result<service::Receipted<domain::Qualification>>> LabRegistry::add(
    const identity::Principal& by, const std::string& lab_code, domain::Qualification q,
    std::string reason, const service::Caller& caller) {
  if (auto st = may_change_lab(db_, by, lab_code, identity::Permission::manage_lab_registry); !st) {
    co_return std::move(st).error();
  }
  q.id = 0;
  q.lab_code = lab_code;
  q.withdrawn_at.reset();
  q.updated_at = clock_.now();
  if (auto st = domain::validate(q); !st) {
    co_return std::move(st).error();
  }
  if (reason.empty()) {
    reason = "certificate registered 登记资质证书";
  }
  std::string action = "lab_qualification.add";
  auto saved = co_await save(std::move(q), std::move(action), std::move(reason), caller);
  co_return saved;
}

Task<Result<service::Receipted<domain::Qualification>>> LabRegistry::replace(
    const identity::Principal& by, const std::string& lab_code, std::int64_t id,
    domain::Qualification q, std::string reason, const service::Caller& caller) {
  if (auto st = may_change_lab(db_, by, lab_code, identity::Permission::manage_lab_registry); !st) {
    co_return std::move(st).error();
  }
  std::optional<domain::Qualification> found;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto f = storage::find_qualification(**conn, identity::registry_scope(by), lab_code, id);
    if (!f) {
      co_return std::move(f).error();
    }
    found = std::move(*f);
  }
  if (!found) {
    co_return no_certificate(id);
  }
  if (found->withdrawn_at) {
    co_return Error(std::string(errc::conflict), "a withdrawn certificate stays as it was");
  }
  q.id = id;
  q.lab_code = lab_code;
  q.withdrawn_at.reset();
  q.updated_at = clock_.now();
  if (auto st = domain::validate(q); !st) {
    co_return std::move(st).error();
  }
  if (reason.empty()) {
    reason = "certificate replaced 更新资质证书";
  }
  std::string action = "lab_qualification.replace";
  auto saved = co_await save(std::move(q), std::move(action), std::move(reason), caller);
  co_return saved;
}

Task<Result<service::Receipted<domain::Qualification>>> LabRegistry::withdraw(
    const identity::Principal& by, const std::string& lab_code, std::int64_t id, std::string reason,
    const service::Caller& caller) {
  if (auto st = may_change_lab(db_, by, lab_code, identity::Permission::manage_lab_registry); !st) {
    co_return std::move(st).error();
  }
  if (auto st = domain::validate_reason("reason", reason); !st) {
    co_return std::move(st).error();
  }
  std::optional<domain::Qualification> found;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto f = storage::find_qualification(**conn, identity::registry_scope(by), lab_code, id);
    if (!f) {
      co_return std::move(f).error();
    }
    found = std::move(*f);
  }
  if (!found) {
    co_return no_certificate(id);
  }
  found->updated_at = clock_.now();
  found->withdrawn_at = found->updated_at;
  std::string action = "lab_qualification.withdraw";
  auto saved = co_await save(std::move(*found), std::move(action), std::move(reason), caller);
  co_return saved;
}

}  // namespace lw::registry
