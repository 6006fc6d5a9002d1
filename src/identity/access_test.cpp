// Permissions and scopes by role (issue 3 item 2): the three admin duties each hold only their
// own permission and see no lab data; the association reviewer reads its region and changes
// nothing (JJ-4.5).
#include "identity/access.hpp"

#include <gtest/gtest.h>

#include <array>

namespace lw::identity {
namespace {

constexpr std::array kPermissions{Permission::manage_accounts,
                                  Permission::manage_lab_staff,
                                  Permission::assign_roles,
                                  Permission::register_labs,
                                  Permission::manage_lab_keys,
                                  Permission::read_audit,
                                  Permission::submit_lab_data,
                                  Permission::upload_files,
                                  Permission::propose_registry_changes,
                                  Permission::approve_registry_changes,
                                  Permission::manage_lab_registry,
                                  Permission::verify_equipment};

Principal as(Role role, const char* region = nullptr, const char* lab = nullptr) {
  Principal p;
  p.role = role;
  if (region) {
    p.region_code = region;
  }
  if (lab) {
    p.lab_code = lab;
  }
  return p;
}

TEST(Access, JJ_4_5_TheReviewerReadsItsRegionAndChangesNothing) {
  for (Permission permission : kPermissions) {
    EXPECT_FALSE(has_permission(Role::reviewer, permission));
  }
  const auto scope = data_scope(as(Role::reviewer, "360000"));
  EXPECT_EQ(scope.kind, domain::Scope::Kind::region);
  EXPECT_EQ(scope.code, "36");
  EXPECT_FALSE(scope.sandbox_visible);
  EXPECT_EQ(require(as(Role::reviewer, "360000"), Permission::submit_lab_data).error().code,
            errc::forbidden);
}

TEST(Access, JJ_4_2_StationsAndRegulatorsEnterProjectsNobodyElse) {
  for (Role role :
       {Role::system_admin, Role::security_admin, Role::audit_admin, Role::regulator,
        Role::station_staff, Role::lab_admin, Role::lab_staff, Role::witness, Role::reviewer}) {
    EXPECT_EQ(has_permission(role, Permission::register_projects),
              role == Role::regulator || role == Role::station_staff)
        << role_name(role);
  }
}

TEST(Access, EachAdminDutyHoldsOnlyItsOwnPermissionsAndNoLabData) {
  EXPECT_TRUE(has_permission(Role::audit_admin, Permission::read_audit));
  EXPECT_TRUE(has_permission(Role::system_admin, Permission::manage_accounts));
  EXPECT_TRUE(has_permission(Role::security_admin, Permission::assign_roles));
  for (Role admin : {Role::system_admin, Role::security_admin, Role::audit_admin}) {
    EXPECT_TRUE(is_admin_role(admin));
    EXPECT_EQ(data_scope(as(admin)).kind, domain::Scope::Kind::nothing);
    EXPECT_EQ(has_permission(admin, Permission::read_audit), admin == Role::audit_admin);
    EXPECT_EQ(has_permission(admin, Permission::manage_accounts), admin == Role::system_admin);
    EXPECT_EQ(has_permission(admin, Permission::assign_roles), admin == Role::security_admin);
    EXPECT_FALSE(has_permission(admin, Permission::upload_files));
  }
}

TEST(Access, LabsSeeThemselvesAndRegulatorsTheirRegion) {
  EXPECT_EQ(data_scope(as(Role::lab_staff, nullptr, "360402-0001")).code, "360402-0001");
  EXPECT_TRUE(data_scope(as(Role::lab_staff, nullptr, "360402-0001")).sandbox_visible);
  EXPECT_EQ(data_scope(as(Role::lab_staff)).kind, domain::Scope::Kind::nothing);
  EXPECT_EQ(data_scope(as(Role::regulator, "360400")).code, "3604");
  EXPECT_EQ(registry_scope(as(Role::security_admin)).kind, domain::Scope::Kind::everything);
  EXPECT_EQ(account_scope(as(Role::lab_admin, nullptr, "360402-0001")).code, "360402-0001");
  EXPECT_EQ(account_scope(as(Role::regulator, "360400")).kind, domain::Scope::Kind::nothing);
}

TEST(Access, JL_1_1_ALabCannotChangeItsOwnRegistryEntriesOrVerifyEquipment) {
  for (Role lab : {Role::lab_admin, Role::lab_staff}) {
    EXPECT_FALSE(has_permission(lab, Permission::manage_lab_registry));
    EXPECT_FALSE(has_permission(lab, Permission::verify_equipment));
  }
  EXPECT_TRUE(has_permission(Role::regulator, Permission::verify_equipment));
  EXPECT_FALSE(has_permission(Role::system_admin, Permission::verify_equipment));
  EXPECT_TRUE(has_permission(Role::system_admin, Permission::manage_lab_registry));
}

TEST(Access, OneAccountHoldsOneRoleAndNeverTwoAdminDuties) {
  const std::array one{Role::regulator};
  EXPECT_EQ(*single_role(one), Role::regulator);
  const std::array two_admins{Role::system_admin, Role::audit_admin};
  EXPECT_EQ(single_role(two_admins).error().code, errc::duties_conflict);
  const std::array admin_and_other{Role::security_admin, Role::regulator};
  EXPECT_EQ(single_role(admin_and_other).error().code, errc::duties_conflict);
  const std::array two_others{Role::regulator, Role::reviewer};
  EXPECT_EQ(single_role(two_others).error().code, errc::invalid_argument);
  EXPECT_EQ(single_role(std::span<const Role>{}).error().code, errc::invalid_argument);
}

}  // namespace
}  // namespace lw::identity
