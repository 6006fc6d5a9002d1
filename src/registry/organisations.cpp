#include "registry/organisations.hpp"

#include <boost/json.hpp>

#include "domain/change_request.hpp"
#include "domain/identifiers.hpp"
#include "identity/access.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "storage/regions.hpp"

namespace lw::registry {
namespace {

Error organisation_not_found(std::int64_t id) {
  return Error(std::string(errc::not_found), "no organisation " + std::to_string(id) + " in scope");
}

// What a version's ledger entry commits to. Contacts name a person: the entry says which
// contact fields a change touched, never their values.
boost::json::object version_record(const domain::Organisation& o, std::string_view reason,
                                   boost::json::array changed) {
  boost::json::object r{
      {"kind", domain::kind_name(o.kind)}, {"name", o.name},       {"credit_code", o.credit_code},
      {"region_code", o.region_code},      {"address", o.address}, {"reason", reason}};
  r["credit_override"] =
      o.credit_override ? boost::json::value(*o.credit_override) : boost::json::value(nullptr);
  if (!changed.empty()) {
    r["changed"] = std::move(changed);
  }
  return r;
}

}  // namespace

Task<Result<service::Receipted<domain::Organisation>>> Organisations::register_organisation(
    const identity::Principal& by, NewOrganisation input, const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::register_organisations); !st) {
    co_return std::move(st).error();
  }
  domain::Organisation org;
  org.kind = input.kind;
  org.name = std::move(input.name);
  org.region_code = std::move(input.region_code);
  org.address = std::move(input.address);
  org.contact_name = std::move(input.contact_name);
  org.contact_phone = std::move(input.contact_phone);
  if (auto st = domain::validate(org); !st) {
    co_return std::move(st).error();
  }
  if (!domain::covers_region(identity::registry_scope(by), org.region_code)) {
    co_return Error(std::string(errc::forbidden),
                    "region " + org.region_code + " is outside the caller's region",
                    {{"fields", {{"region_code", "outside_scope"}}}});
  }
  auto code = domain::check_credit_code(input.credit_code);
  if (!code) {
    co_return std::move(code).error();
  }
  org.credit_code = code->text;
  const bool overriding = !input.credit_override_reason.empty();
  if (overriding) {
    if (code->checksum_ok()) {
      co_return field_error("credit_override_reason",
                            "only for a code whose check character fails");
    }
    if (auto st = identity::require(by, identity::Permission::override_credit_codes); !st) {
      co_return std::move(st).error();
    }
    if (auto st = domain::validate_reason("credit_override_reason", input.credit_override_reason);
        !st) {
      co_return std::move(st).error();
    }
    org.credit_override = input.credit_override_reason;
  }
  if (auto st = domain::admit_credit_code(*code, input.credit_override_reason); !st) {
    co_return std::move(st).error();
  }
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto region = storage::find_region(**conn, org.region_code);
    if (!region) {
      co_return std::move(region).error();
    }
    if (!*region) {
      co_return field_error("region_code", "unknown_region");
    }
  }
  org.created_by = caller.actor;
  org.created_at = clock_.now();
  org.updated_at = org.created_at;
  bool taken = false;
  service::LeafRef leaf;
  const char expected_check = code->expected_check;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto id = storage::insert_organisation(conn, org);
    if (!id) {
      return std::move(id).error();
    }
    taken = !*id;
    if (taken) {
      return {};
    }
    org.id = **id;
    const std::string record_id = std::to_string(org.id);
    auto version = service::record_registry_version(
        conn, ledger_,
        {kOrganisationType, record_id, "", version_record(org, "registered 登记", {}), caller.actor,
         org.created_at});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    const std::string target = "organisation/" + record_id;
    LW_TRY(auditor_.record(
        conn, caller, org.created_at, "organisation.register", target,
        boost::json::serialize(boost::json::object{{"kind", domain::kind_name(org.kind)},
                                                   {"name", org.name},
                                                   {"credit_code", org.credit_code},
                                                   {"region_code", org.region_code}})));
    if (!org.credit_override) {
      return {};
    }
    return auditor_.record(conn, caller, org.created_at, "organisation.credit_override", target,
                           boost::json::serialize(boost::json::object{
                               {"credit_code", org.credit_code},
                               {"expected_check", std::string(1, expected_check)},
                               {"reason", *org.credit_override}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  if (taken) {
    co_return Error(std::string(errc::conflict),
                    "credit code " + org.credit_code + " is registered already",
                    {{"fields", {{"credit_code", "taken"}}}});
  }
  co_return service::Receipted<domain::Organisation>{std::move(org), std::move(leaf)};
}

Task<Result<service::Receipted<domain::Organisation>>> Organisations::change(
    const identity::Principal& by, std::int64_t id, OrganisationChange change, std::string reason,
    const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::register_organisations); !st) {
    co_return std::move(st).error();
  }
  if (auto st = domain::validate_reason("reason", reason); !st) {
    co_return std::move(st).error();
  }
  auto found = get(by, id);
  if (!found) {
    co_return std::move(found).error();
  }
  domain::Organisation org = std::move(*found);
  boost::json::array changed;
  for (auto [field, value, current] :
       {std::tuple{"name", &change.name, &org.name},
        std::tuple{"address", &change.address, &org.address},
        std::tuple{"contact_name", &change.contact_name, &org.contact_name},
        std::tuple{"contact_phone", &change.contact_phone, &org.contact_phone}}) {
    if (*value && **value != *current) {
      *current = std::move(**value);
      changed.emplace_back(field);
    }
  }
  if (changed.empty()) {
    co_return Error(std::string(errc::invalid_argument),
                    "the change changes nothing: give a name, address or contact that differs",
                    {{"fields", {{"name", "same as registered"}}}});
  }
  if (auto st = domain::validate(org); !st) {
    co_return std::move(st).error();
  }
  org.updated_at = clock_.now();
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    LW_TRY(storage::update_organisation(conn, org));
    const std::string record_id = std::to_string(org.id);
    auto version = service::record_registry_version(
        conn, ledger_,
        {kOrganisationType, record_id, "", version_record(org, reason, changed), caller.actor,
         org.updated_at});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return auditor_.record(
        conn, caller, org.updated_at, "organisation.change", "organisation/" + record_id,
        boost::json::serialize(boost::json::object{{"changed", changed}, {"reason", reason}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<domain::Organisation>{std::move(org), std::move(leaf)};
}

Result<storage::Paged<domain::Organisation>> Organisations::list(
    const identity::Principal& by, const storage::OrganisationFilter& filter,
    const storage::Page& page) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::list_organisations(**conn, identity::registry_scope(by), filter, page);
}

Result<domain::Organisation> Organisations::get(const identity::Principal& by, std::int64_t id) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto found = storage::find_organisation(**conn, identity::registry_scope(by), id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return organisation_not_found(id);
  }
  return std::move(**found);
}

}  // namespace lw::registry
