#pragma once
// Use cases of account administration (用户与角色管理, issue 3 items 2 and 6): the system
// admin creates, edits, disables, resets and unlocks accounts; a lab admin does the same for
// the lab staff of its own lab; the security admin alone changes roles, and never gives one
// account two admin duties (三权分立). Every change is audited; targets outside the caller's
// account scope are not found.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "identity/auth_service.hpp"
#include "identity/store.hpp"

namespace lw::identity {

struct RoleAssignment {
  std::vector<Role> roles;  // one role per account; two admin duties are a duties_conflict
  std::optional<std::string> region_code;
  std::optional<std::string> lab_code;
};

struct ProfileChange {
  std::optional<std::string> display_name;
  std::optional<bool> disabled;
};

class AccountAdmin {
 public:
  AccountAdmin(storage::Database& db, storage::Writer& writer, const Clock& clock,
               const service::Auditor& auditor, const AuthService& auth)
      : db_(db), writer_(writer), clock_(clock), auditor_(auditor), auth_(auth) {}

  Result<std::vector<User>> list(const Principal& by, const UserFilter& filter);
  Result<User> get(const Principal& by, std::int64_t id);
  /// A new account that must change its password at first sign-in. A witness account names
  /// the registry person (a witness or sampler) it signs in as: person_id, each person once.
  Task<Result<User>> create(const Principal& by, NewUser spec, const service::Caller& caller);
  Task<Result<User>> update(const Principal& by, std::int64_t id, ProfileChange change,
                            const service::Caller& caller);
  /// Sets a password the user must change at next sign-in; ends the user's sessions.
  Task<Status> reset_password(const Principal& by, std::int64_t id, std::string password,
                              const service::Caller& caller);
  Task<Status> unlock(const Principal& by, std::int64_t id, const service::Caller& caller);
  /// Security admin only; ends the user's sessions so the new role applies at once.
  Task<Result<User>> assign_role(const Principal& by, std::int64_t id, RoleAssignment assignment,
                                 const service::Caller& caller);

 private:
  /// The account `id` when `by` may manage it (system admin: any; lab admin: its lab staff).
  Result<User> managed(const Principal& by, std::int64_t id);
  /// Region and lab as the role needs them: regulators a region, lab roles a registered lab.
  Status check_attributes(Role role, std::optional<std::string>& region_code,
                          std::optional<std::string>& lab_code);
  /// The person of a witness account: registered, a witness or sampler, not linked yet.
  Status check_person(const NewUser& spec, std::optional<std::int64_t>& person_id);

  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  const AuthService& auth_;
};

}  // namespace lw::identity
