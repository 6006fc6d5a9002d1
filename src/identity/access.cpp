#include "identity/access.hpp"

#include <algorithm>
#include <array>

namespace lw::identity {
namespace {

constexpr std::array<RoleInfo, 9> kRoleInfo{{
    {Role::system_admin, "系统管理员", "System administrator", "none"},
    {Role::security_admin, "安全管理员", "Security administrator", "none"},
    {Role::audit_admin, "审计管理员", "Audit administrator", "none"},
    {Role::regulator, "监管人员", "Regulator", "region"},
    {Role::station_staff, "质监站人员", "Supervision station staff", "region"},
    {Role::lab_admin, "检测机构管理员", "Lab administrator", "lab"},
    {Role::lab_staff, "检测人员", "Lab staff", "lab"},
    {Role::witness, "见证人员/取样人员", "Witness or sampler", "projects"},
    {Role::reviewer, "协会评审人员（只读）", "Association reviewer (read-only)", "region"},
}};

std::string_view permission_name(Permission p) {
  switch (p) {
    case Permission::manage_accounts:
      return "manage_accounts";
    case Permission::manage_lab_staff:
      return "manage_lab_staff";
    case Permission::assign_roles:
      return "assign_roles";
    case Permission::register_labs:
      return "register_labs";
    case Permission::manage_lab_keys:
      return "manage_lab_keys";
    case Permission::read_audit:
      return "read_audit";
    case Permission::submit_lab_data:
      return "submit_lab_data";
    case Permission::upload_files:
      return "upload_files";
    case Permission::propose_registry_changes:
      return "propose_registry_changes";
    case Permission::approve_registry_changes:
      return "approve_registry_changes";
    case Permission::manage_lab_registry:
      return "manage_lab_registry";
    case Permission::verify_equipment:
      return "verify_equipment";
    case Permission::manage_people:
      return "manage_people";
    case Permission::verify_people:
      return "verify_people";
    case Permission::unmask_personal_data:
      return "unmask_personal_data";
    case Permission::register_organisations:
      return "register_organisations";
    case Permission::override_credit_codes:
      return "override_credit_codes";
    case Permission::register_projects:
      return "register_projects";
    case Permission::issue_labels:
      return "issue_labels";
    case Permission::record_sampling:
      return "record_sampling";
    case Permission::commission_labs:
      return "commission_labs";
    case Permission::receive_specimens:
      return "receive_specimens";
    case Permission::unlock_batches:
      return "unlock_batches";
    case Permission::judge_force_majeure:
      return "judge_force_majeure";
    case Permission::revoke_reports:
      return "revoke_reports";
    case Permission::follow_up_nonconforming:
      return "follow_up_nonconforming";
    case Permission::manage_webhooks:
      return "manage_webhooks";
    case Permission::decide_cases:
      return "decide_cases";
    case Permission::respond_to_cases:
      return "respond_to_cases";
  }
  return "unknown";
}

}  // namespace

bool has_permission(Role role, Permission permission) {
  switch (permission) {
    case Permission::manage_accounts:
    case Permission::register_labs:
      return role == Role::system_admin;
    case Permission::manage_lab_staff:
      return role == Role::lab_admin;
    case Permission::assign_roles:
      return role == Role::security_admin;
    case Permission::manage_lab_keys:
      return role == Role::security_admin || role == Role::regulator;
    case Permission::read_audit:
      return role == Role::audit_admin;
    case Permission::submit_lab_data:
      return role == Role::lab_admin || role == Role::lab_staff;
    case Permission::upload_files:
      return role == Role::lab_admin || role == Role::lab_staff || role == Role::regulator ||
             role == Role::station_staff || role == Role::witness;
    case Permission::propose_registry_changes:
      return role == Role::system_admin || role == Role::regulator;
    case Permission::approve_registry_changes:
      return role == Role::regulator;
    case Permission::manage_lab_registry:
      return role == Role::system_admin || role == Role::regulator;
    case Permission::verify_equipment:
      return role == Role::regulator;
    case Permission::manage_people:
      return role == Role::system_admin || role == Role::regulator || role == Role::station_staff;
    case Permission::verify_people:
    case Permission::unmask_personal_data:
      return role == Role::regulator || role == Role::station_staff;
    case Permission::register_organisations:
      return role == Role::system_admin || role == Role::regulator || role == Role::station_staff;
    case Permission::override_credit_codes:
      return role == Role::system_admin;
    case Permission::register_projects:
    case Permission::issue_labels:
      return role == Role::regulator || role == Role::station_staff;
    case Permission::record_sampling:
      return role == Role::witness;
    case Permission::commission_labs:
      return role == Role::witness || role == Role::regulator || role == Role::station_staff;
    case Permission::receive_specimens:
      return role == Role::lab_admin || role == Role::lab_staff;
    case Permission::unlock_batches:
      return role == Role::regulator;
    case Permission::judge_force_majeure:
      return role == Role::regulator || role == Role::station_staff;
    case Permission::revoke_reports:
      return role == Role::regulator;
    case Permission::follow_up_nonconforming:
      return role == Role::regulator || role == Role::station_staff;
    case Permission::manage_webhooks:
      return role == Role::system_admin || role == Role::regulator || role == Role::station_staff;
    case Permission::decide_cases:
      return role == Role::regulator || role == Role::station_staff;
    case Permission::respond_to_cases:
      return role == Role::lab_admin || role == Role::lab_staff;
  }
  return false;
}

Status require(const Principal& principal, Permission permission) {
  if (has_permission(principal.role, permission)) {
    return {};
  }
  return Error(std::string(errc::forbidden),
               std::string(role_name(principal.role)) + " may not " +
                   std::string(permission_name(permission)),
               {{"permission", std::string(permission_name(permission))},
                {"role", std::string(role_name(principal.role))}});
}

bool is_admin_role(Role role) {
  return role == Role::system_admin || role == Role::security_admin || role == Role::audit_admin;
}

Result<Role> single_role(std::span<const Role> roles) {
  const auto admins = std::count_if(roles.begin(), roles.end(), is_admin_role);
  if (admins > 0 && roles.size() > 1) {
    boost::json::array names;
    for (Role r : roles) {
      names.emplace_back(role_name(r));
    }
    return Error(std::string(errc::duties_conflict),
                 "an account holding an admin duty holds no other role",
                 {{"roles", std::move(names)}});
  }
  if (roles.size() != 1) {
    return field_error("roles", "exactly one role per account");
  }
  return roles.front();
}

domain::Scope data_scope(const Principal& principal) {
  switch (principal.role) {
    case Role::lab_admin:
    case Role::lab_staff:
      return principal.lab_code ? domain::Scope::of_lab(*principal.lab_code)
                                : domain::Scope::none();
    case Role::regulator:
    case Role::station_staff:
    case Role::reviewer:
      return principal.region_code ? domain::Scope::of_region(*principal.region_code)
                                   : domain::Scope::none();
    default:
      return domain::Scope::none();  // admins do no business; witnesses see their projects
  }
}

domain::Scope lab_system_scope(std::string lab_code) {
  return domain::Scope::of_lab(std::move(lab_code));
}

domain::Scope registry_scope(const Principal& principal) {
  if (principal.role == Role::system_admin || principal.role == Role::security_admin) {
    return domain::Scope::all();
  }
  return data_scope(principal);
}

domain::Scope account_scope(const Principal& principal) {
  switch (principal.role) {
    case Role::system_admin:
    case Role::security_admin:
      return domain::Scope::all();
    case Role::lab_admin:
      return principal.lab_code ? domain::Scope::of_lab(*principal.lab_code)
                                : domain::Scope::none();
    default:
      return domain::Scope::none();
  }
}

std::span<const RoleInfo> role_catalogue() {
  return kRoleInfo;
}

}  // namespace lw::identity
