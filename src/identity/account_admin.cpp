#include "identity/account_admin.hpp"

#include <boost/json.hpp>

#include "domain/lab.hpp"
#include "domain/person.hpp"
#include "identity/access.hpp"
#include "identity/store.hpp"
#include "service/commit.hpp"
#include "storage/labs.hpp"
#include "storage/people.hpp"
#include "storage/specimens.hpp"

namespace lw::identity {
namespace {

Error not_found(std::int64_t id) {
  return Error(std::string(errc::not_found), "no user " + std::to_string(id) + " in scope");
}

bool uses_region(Role role) {
  return role == Role::regulator || role == Role::station_staff || role == Role::reviewer;
}

bool uses_lab(Role role) {
  return role == Role::lab_admin || role == Role::lab_staff;
}

std::string target_of(const User& u) {
  return "user/" + u.login;
}

}  // namespace

Result<std::vector<User>> AccountAdmin::list(const Principal& by, const UserFilter& filter) {
  const domain::Scope scope = account_scope(by);
  if (scope.kind == domain::Scope::Kind::nothing) {
    return Error(std::string(errc::forbidden), "no accounts in this role's scope");
  }
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return list_users(**conn, scope, filter);
}

Result<User> AccountAdmin::get(const Principal& by, std::int64_t id) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto found = find_user_in(**conn, account_scope(by), id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return not_found(id);
  }
  return std::move(**found);
}

Result<User> AccountAdmin::managed(const Principal& by, std::int64_t id) {
  if (!has_permission(by.role, Permission::manage_accounts)) {
    LW_TRY(require(by, Permission::manage_lab_staff));
  }
  auto user = get(by, id);
  if (!user) {
    return user;
  }
  if (!has_permission(by.role, Permission::manage_accounts) && user->role != Role::lab_staff) {
    return Error(std::string(errc::forbidden), "a lab admin manages lab staff only");
  }
  return user;
}

Status AccountAdmin::check_attributes(Role role, std::optional<std::string>& region_code,
                                      std::optional<std::string>& lab_code) {
  if (!uses_region(role)) {
    region_code.reset();
  } else if (!region_code || !domain::valid_region_code(*region_code)) {
    return field_error("region_code", domain::kRegionCodeRule);
  }
  if (!uses_lab(role)) {
    lab_code.reset();
    return {};
  }
  if (!lab_code) {
    return field_error("lab_code", "the lab's code is required for this role");
  }
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto lab = storage::find_lab(**conn, domain::Scope::all(), *lab_code);
  if (!lab) {
    return std::move(lab).error();
  }
  if (!*lab) {
    return field_error("lab_code", "no such lab in the registry");
  }
  return {};
}

Status AccountAdmin::check_person(const NewUser& spec, std::optional<std::int64_t>& person_id) {
  // A witness signs in as their registry person (issue 6); a lab user may be linked to theirs,
  // so that what they review or approve names a person (issue 7, JL-2.3).
  const bool lab_user = spec.role == Role::lab_staff || spec.role == Role::lab_admin;
  if (spec.role != Role::witness && !(lab_user && person_id)) {
    person_id.reset();
    return {};
  }
  if (!person_id) {
    return field_error("person_id", "required");
  }
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto person = storage::find_person(**conn, domain::Scope::all(), *person_id);
  if (!person) {
    return std::move(person).error();
  }
  if (!*person) {
    return field_error("person_id", "unknown_person");
  }
  const auto& p = (*person)->person;
  if (lab_user && p.lab_code != spec.lab_code.value_or("")) {
    return field_error("person_id", "not_of_the_lab");
  }
  if (!lab_user && !p.has_duty(domain::Duty::witness) && !p.has_duty(domain::Duty::sampler)) {
    return field_error("person_id", "not_a_witness");
  }
  auto linked = storage::user_of_person(**conn, *person_id);
  if (!linked) {
    return std::move(linked).error();
  }
  if (*linked) {
    return Error(std::string(errc::conflict), "the person has an account already",
                 {{"fields", {{"person_id", "taken"}}}});
  }
  return {};
}

Task<Result<User>> AccountAdmin::create(const Principal& by, NewUser spec,
                                        const service::Caller& caller) {
  if (!has_permission(by.role, Permission::manage_accounts)) {
    if (auto st = require(by, Permission::manage_lab_staff); !st) {
      co_return std::move(st).error();
    }
    if (spec.role != Role::lab_staff) {
      co_return Error(std::string(errc::forbidden), "a lab admin creates lab staff only");
    }
    if (spec.lab_code && spec.lab_code != by.lab_code) {
      co_return Error(std::string(errc::forbidden), "a lab admin creates staff of its own lab");
    }
    spec.lab_code = by.lab_code;
  }
  if (auto st = check_attributes(spec.role, spec.region_code, spec.lab_code); !st) {
    co_return std::move(st).error();
  }
  if (auto st = check_person(spec, spec.person_id); !st) {
    co_return std::move(st).error();
  }
  spec.totp_secret.reset();  // enrolled by the user, never chosen for them
  spec.must_change_password = true;
  auto prepared = auth_.prepare_user(spec);
  if (!prepared) {
    co_return std::move(prepared).error();
  }
  User user = std::move(*prepared);
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    LW_TRY(insert_user(conn, user));
    boost::json::object details{{"role", role_name(user.role)}};
    if (spec.person_id) {
      LW_TRY(storage::link_account_person(conn, user.id, *spec.person_id, caller.actor,
                                          user.created_at));
      details["person_id"] = *spec.person_id;
    }
    if (user.lab_code) {
      details["lab_code"] = *user.lab_code;
    }
    if (user.region_code) {
      details["region_code"] = *user.region_code;
    }
    return auditor_.record(conn, caller, user.created_at, "user.create", target_of(user),
                           boost::json::serialize(details));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return user;
}

Task<Result<User>> AccountAdmin::update(const Principal& by, std::int64_t id, ProfileChange change,
                                        const service::Caller& caller) {
  auto found = managed(by, id);
  if (!found) {
    co_return std::move(found).error();
  }
  User user = std::move(*found);
  if (change.display_name) {
    if (change.display_name->empty() || change.display_name->size() > 200) {
      co_return field_error("display_name", "1-200 bytes");
    }
    user.display_name = *change.display_name;
  }
  if (change.disabled) {
    if (*change.disabled && user.id == by.user_id) {
      co_return field_error("disabled", "you cannot disable your own account");
    }
    user.disabled = *change.disabled;
  }
  const Instant now = clock_.now();
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    LW_TRY(update_profile(conn, user.id, user.display_name, user.disabled));
    if (user.disabled) {
      LW_TRY(end_other_sessions(conn, user.id, 0, now, "account_disabled"));
    }
    return auditor_.record(conn, caller, now, "user.update", target_of(user),
                           boost::json::serialize(boost::json::object{
                               {"display_name", user.display_name}, {"disabled", user.disabled}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return user;
}

Task<Status> AccountAdmin::reset_password(const Principal& by, std::int64_t id,
                                          std::string password, const service::Caller& caller) {
  auto user = managed(by, id);
  if (!user) {
    co_return std::move(user).error();
  }
  auto hash = auth_.hash_new_password(user->login, password);
  if (!hash) {
    co_return std::move(hash).error();
  }
  const Instant now = clock_.now();
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    LW_TRY(set_password(conn, user->id, *hash, now, true));
    LW_TRY(unlock_user(conn, user->id));
    LW_TRY(end_other_sessions(conn, user->id, 0, now, "password_reset"));
    return auditor_.record(conn, caller, now, "user.password_reset", target_of(*user));
  };
  co_return co_await service::commit(writer_, std::move(job));
}

Task<Status> AccountAdmin::unlock(const Principal& by, std::int64_t id,
                                  const service::Caller& caller) {
  auto user = managed(by, id);
  if (!user) {
    co_return std::move(user).error();
  }
  const Instant now = clock_.now();
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    LW_TRY(unlock_user(conn, user->id));
    return auditor_.record(conn, caller, now, "user.unlock", target_of(*user));
  };
  co_return co_await service::commit(writer_, std::move(job));
}

Task<Result<User>> AccountAdmin::assign_role(const Principal& by, std::int64_t id,
                                             RoleAssignment assignment,
                                             const service::Caller& caller) {
  if (auto st = require(by, Permission::assign_roles); !st) {
    co_return std::move(st).error();
  }
  auto role = single_role(assignment.roles);
  if (!role) {
    co_return std::move(role).error();
  }
  auto found = get(by, id);
  if (!found) {
    co_return std::move(found).error();
  }
  User user = std::move(*found);
  if (user.id == by.user_id) {
    co_return field_error("roles", "you cannot change your own role");
  }
  if (auto st = check_attributes(*role, assignment.region_code, assignment.lab_code); !st) {
    co_return std::move(st).error();
  }
  const std::string before(role_name(user.role));
  user.role = *role;
  user.region_code = assignment.region_code;
  user.lab_code = assignment.lab_code;
  const Instant now = clock_.now();
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    LW_TRY(set_role(conn, user.id, user.role, user.region_code, user.lab_code));
    LW_TRY(end_other_sessions(conn, user.id, 0, now, "role_changed"));
    return auditor_.record(
        conn, caller, now, "user.role_assign", target_of(user),
        boost::json::serialize(boost::json::object{{"from", before}, {"to", role_name(*role)}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return user;
}

}  // namespace lw::identity
