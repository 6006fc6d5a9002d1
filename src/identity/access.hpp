#pragma once
// Who may do what, on which rows (issue 3 item 2). Permissions by role, and the three data
// scopes a principal has: lab-owned business rows, the lab registry, and user accounts. The
// three admin roles are separate duties (三权分立): each holds only its own permissions and
// none sees business data.
#include <span>
#include <string_view>

#include "core/result.hpp"
#include "domain/scope.hpp"
#include "identity/identity.hpp"

namespace lw::identity {

enum class Permission {
  manage_accounts,   // create, edit, disable, reset and unlock users (system admin)
  manage_lab_staff,  // the same for lab_staff of one's own lab (lab admin)
  assign_roles,      // change a user's role (security admin)
  register_labs,     // add labs to the registry (system admin)
  manage_lab_keys,   // issue, rotate, revoke lab API keys; sandbox mode (security admin, regulator)
  read_audit,        // read and export the audit trail (audit admin)
  submit_lab_data,   // send a lab's data from the browser (lab staff and lab admin)
  upload_files,      // upload photos and documents (lab staff, regulators, stations, witnesses)
  propose_registry_changes,  // ask for a change of a registry entry (system admin, regulator)
  approve_registry_changes,  // approve or reject someone else's request (regulator)
  manage_lab_registry,  // labs' certificates, equipment and calibrations (system admin, regulator)
  verify_equipment,     // confirm or reject a lab's equipment (设备核验; regulator)
  // People of the registry (issue 5 item 4).
  manage_people,         // register and change people (system admin, regulator, station staff)
  verify_people,         // verify a person's identity (regulator, station staff; JJ-4.3)
  unmask_personal_data,  // see an ID or phone number in clear, audited (regulator, station staff)
  // Issue 5, registry base: organisations other than labs.
  register_organisations,  // register and edit organisations (system admin; regulators and
                           // stations within their region)
  override_credit_codes,   // store a credit code whose check character fails (system admin)
  // Issue 5 item 6: projects.
  register_projects,  // enter projects and file change notices (regulator, station staff; JJ-4.2)
  // Issue 6: the specimen chain.
  issue_labels,       // issue QR label batches to a project (regulator, station staff)
  record_sampling,    // record a witnessed sampling and bind its labels (witness)
  commission_labs,    // commission a lab for a sampling (witness, regulator, station staff)
  receive_specimens,  // receive or refuse specimens at the lab (lab staff and lab admin)
  // Issue 8: on-site tests.
  unlock_batches,       // lift a batch's report lock (JL-1.3; regulator)
  judge_force_majeure,  // accept or reject a force-majeure filing (regulator, station staff)
  // Issue 9: reports.
  revoke_reports,           // revoke a lab's report, with a reason (regulator)
  follow_up_nonconforming,  // record how a non-conforming result was handled (regulator, station)
  // Issue 9: webhook endpoints of regions (regulator, station staff: their subtree) and of
  // organisations (system admin; regulator, station staff: those registered in their subtree).
  manage_webhooks,
  // Issue 10: supervision.
  decide_cases,      // confirm or dismiss a violation case, with a reason (regulator, station)
  respond_to_cases,  // answer a case charged to one's lab (lab admin, lab staff)
};

bool has_permission(Role role, Permission permission);
/// Error forbidden naming the permission, unless the principal's role has it.
Status require(const Principal& principal, Permission permission);

/// The system, security and audit administrators.
bool is_admin_role(Role role);
/// The one role of an account asked for as a set: duties_conflict when the set holds two admin
/// duties, or an admin duty with any other role (one account, one duty); invalid_argument
/// naming `roles` when it holds no role or several.
Result<Role> single_role(std::span<const Role> roles);

/// Lab-owned business rows: a lab's staff their lab (sandbox rows included), regulators,
/// stations and reviewers the real rows of their region subtree, everyone else none.
domain::Scope data_scope(const Principal& principal);
/// A lab system signing with its key: its own lab, sandbox rows included.
domain::Scope lab_system_scope(std::string lab_code);
/// Labs in the registry: system and security admins all, regulators and stations their
/// region, lab staff their lab.
domain::Scope registry_scope(const Principal& principal);
/// User accounts: system and security admins all, a lab admin the accounts of its lab.
domain::Scope account_scope(const Principal& principal);

/// What a role is called and what it covers, for the role list the admin pages show.
struct RoleInfo {
  Role role;
  std::string_view name_zh;
  std::string_view name_en;
  std::string_view scope;  // "region", "lab", "projects" or "none"
};
std::span<const RoleInfo> role_catalogue();

}  // namespace lw::identity
