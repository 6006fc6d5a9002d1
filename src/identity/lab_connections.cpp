#include "identity/lab_connections.hpp"

#include <boost/json.hpp>

#include "identity/access.hpp"
#include "identity/registry_changes.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"

namespace lw::identity {
namespace {

Error no_lab(const std::string& code) {
  return Error(std::string(errc::not_found), "no lab " + code + " in scope");
}

Error no_key(const std::string& key_id) {
  return Error(std::string(errc::not_found), "no lab key " + key_id + " in scope");
}

}  // namespace

Result<storage::Paged<storage::LabListing>> LabConnections::list(const Principal& by,
                                                                 const storage::LabFilter& filter) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::list_labs(**conn, registry_scope(by), filter, clock_.now());
}

Result<storage::LabListing> LabConnections::listing(const Principal& by,
                                                    const std::string& lab_code) {
  return listing_in(registry_scope(by), lab_code);
}

Result<storage::LabListing> LabConnections::listing_in(const domain::Scope& scope,
                                                       const std::string& lab_code) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto found = storage::find_lab_listing(**conn, scope, lab_code, clock_.now());
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return no_lab(lab_code);
  }
  return std::move(**found);
}

Result<domain::Lab> LabConnections::get(const Principal& by, const std::string& lab_code) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto lab = storage::find_lab(**conn, registry_scope(by), lab_code);
  if (!lab) {
    return std::move(lab).error();
  }
  if (!*lab) {
    return no_lab(lab_code);
  }
  return std::move(**lab);
}

Result<domain::Lab> LabConnections::managed_lab(const Principal& by, const std::string& lab_code) {
  LW_TRY(require(by, Permission::manage_lab_keys));
  return get(by, lab_code);
}

Result<LabKeyInfo> LabConnections::managed_key(const Principal& by, const std::string& key_id) {
  LW_TRY(require(by, Permission::manage_lab_keys));
  std::optional<LabKeyInfo> key;
  {
    auto conn = db_.acquire();
    if (!conn) {
      return std::move(conn).error();
    }
    auto found = find_lab_key_info(**conn, key_id);
    if (!found) {
      return std::move(found).error();
    }
    key = std::move(*found);
  }
  if (!key || !get(by, key->lab_code)) {
    return no_key(key_id);  // a key of a lab outside the scope does not exist for the caller
  }
  return std::move(*key);
}

Task<Result<service::Receipted<domain::Lab>>> LabConnections::register_lab(
    const Principal& by, domain::Lab lab, const service::Caller& caller) {
  if (auto st = require(by, Permission::register_labs); !st) {
    co_return std::move(st).error();
  }
  lab.created_at = clock_.now();
  lab.sandbox = false;
  if (lab.home_region_code.empty()) {
    lab.home_region_code = lab.region_code;
  }
  lab.lab_code = domain::unified_lab_code(lab.region_code, 1);  // stands in until allocated
  if (auto st = domain::validate(lab); !st) {
    co_return std::move(st).error();
  }
  if (lab.credit_code.empty()) {
    co_return field_error("credit_code", "required");
  }
  auto admitted = admit_lab_credit_code(by, lab.credit_code, lab.credit_override);
  if (!admitted) {
    co_return std::move(admitted).error();
  }
  lab.credit_override = std::move(*admitted);
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto code = storage::allocate_lab_code(conn, lab.region_code);
    if (!code) {
      return std::move(code).error();
    }
    lab.lab_code = std::move(*code);
    auto added = storage::insert_lab(conn, lab);
    if (!added) {
      return std::move(added).error();
    }
    if (!*added) {
      return Error(std::string(errc::conflict), "lab code " + lab.lab_code + " is taken");
    }
    auto version = service::record_lab_version(
        conn, ledger_, {lab, 1, caller.actor, lab.created_at, "registered 登记", {}});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return auditor_.record(
        conn, caller, lab.created_at, "lab.register", "lab/" + lab.lab_code,
        boost::json::serialize(boost::json::object{
            {"name", lab.name},
            {"region_code", lab.region_code},
            {"credit_code", lab.credit_code},
            {"credit_override", lab.credit_override ? boost::json::value(*lab.credit_override)
                                                    : boost::json::value(nullptr)}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<domain::Lab>{std::move(lab), std::move(leaf)};
}

Task<Result<service::Receipted<domain::Lab>>> LabConnections::set_sandbox(
    const Principal& by, const std::string& lab_code, bool sandbox, std::string reason,
    const service::Caller& caller) {
  auto lab = managed_lab(by, lab_code);
  if (!lab) {
    co_return std::move(lab).error();
  }
  lab->sandbox = sandbox;
  if (reason.empty()) {
    reason = sandbox ? "sandbox on 开启沙箱" : "sandbox off 关闭沙箱";
  }
  const Instant now = clock_.now();
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    LW_TRY(storage::set_lab_sandbox(conn, lab_code, sandbox));
    auto version =
        service::record_lab_version(conn, ledger_, {*lab, 1, caller.actor, now, reason, {}});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return auditor_.record(conn, caller, now, "lab.sandbox", "lab/" + lab_code,
                           boost::json::serialize(boost::json::object{{"sandbox", sandbox}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<domain::Lab>{std::move(*lab), std::move(leaf)};
}

Result<std::vector<LabKeyInfo>> LabConnections::keys(const Principal& by,
                                                     const std::string& lab_code) {
  LW_TRY(get(by, lab_code));  // anyone who sees the lab sees its key list (never the secrets)
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return list_lab_keys(**conn, lab_code);
}

Task<Result<IssuedLabKey>> LabConnections::issue_key(const Principal& by,
                                                     const std::string& lab_code,
                                                     const service::Caller& caller) {
  if (auto lab = managed_lab(by, lab_code); !lab) {
    co_return std::move(lab).error();
  }
  const Instant now = clock_.now();
  IssuedLabKey issued;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto made = issue_lab_key(conn, data_key_, lab_code, now);
    if (!made) {
      return std::move(made).error();
    }
    issued = std::move(*made);
    return auditor_.record(conn, caller, now, "lab_key.issue", "lab_key/" + issued.key_id,
                           boost::json::serialize(boost::json::object{{"lab_code", lab_code}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return issued;
}

Task<Result<RotatedLabKey>> LabConnections::rotate_key(const Principal& by,
                                                       const std::string& key_id,
                                                       const service::Caller& caller) {
  auto key = managed_key(by, key_id);
  if (!key) {
    co_return std::move(key).error();
  }
  const Instant now = clock_.now();
  if (key_state(*key, now) != "active") {
    co_return Error(std::string(errc::conflict), "only an active key can be rotated",
                    {{"state", std::string(key_state(*key, now))}});
  }
  RotatedLabKey out;
  out.replaces = key_id;
  out.old_key_expires_at = now + kRotationGrace;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto made = issue_lab_key(conn, data_key_, key->lab_code, now);
    if (!made) {
      return std::move(made).error();
    }
    out.issued = std::move(*made);
    LW_TRY(revoke_lab_key(conn, key_id, now, out.old_key_expires_at));
    return auditor_.record(conn, caller, now, "lab_key.rotate", "lab_key/" + key_id,
                           boost::json::serialize(boost::json::object{
                               {"lab_code", key->lab_code},
                               {"new_key_id", out.issued.key_id},
                               {"old_key_expires_at", format_utc(out.old_key_expires_at)}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return out;
}

Task<Result<Instant>> LabConnections::revoke_key(const Principal& by, const std::string& key_id,
                                                 const service::Caller& caller) {
  auto key = managed_key(by, key_id);
  if (!key) {
    co_return std::move(key).error();
  }
  const Instant now = clock_.now();
  bool in_force = false;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto r = revoke_lab_key(conn, key_id, now, now);
    if (!r) {
      return std::move(r).error();
    }
    in_force = *r;
    if (!in_force) {
      return {};
    }
    return auditor_.record(
        conn, caller, now, "lab_key.revoke", "lab_key/" + key_id,
        boost::json::serialize(boost::json::object{{"lab_code", key->lab_code}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  if (!in_force) {
    co_return Error(std::string(errc::conflict), "the key is already revoked");
  }
  co_return now;
}

}  // namespace lw::identity
