// The lab registry (issue 5 items 3, 5 and 9): unified lab codes assigned at registration
// (JJ-3.5), registered facts with the credit code override, qualification certificates,
// equipment with calibrations and the regulator's verification (JL-1.1 设备核验), the lab-side
// read model for a lab's system, and connection status. Run once per engine.
#include <boost/json.hpp>

#include "domain/calendar.hpp"
#include "integration/server_fixture.hpp"
#include "support/cli.hpp"

namespace lw::testing {
namespace {

boost::json::object json(const HttpResponse& r) {
  return boost::json::parse(r.body).as_object();
}

constexpr char kLabA[] = "360402-0001";  // the demo's Jiujiang centre
constexpr char kLabB[] = "220102-0001";  // the demo's Jilin institute
constexpr char kGoodCredit[] = "91350100M000100Y43";
constexpr char kBadCredit[] = "91350100M000100Y4Z";  // the standard's example: check fails

std::string date_in(int days) {
  return domain::format_date(domain::Date{std::chrono::floor<std::chrono::days>(
      std::chrono::system_clock::now() + std::chrono::hours(8) + std::chrono::days(days))});
}

class LabRegistryTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }

  Session sysadmin() { return sign_in("sysadmin", "Demo@2026sys", "labwatch-demo-sysadm"); }
  Session regulator() { return sign_in("jj-regulator", "Demo@2026jj", "labwatch-demo-jj-reg"); }
  Session jilin_regulator() {
    return sign_in("jl-regulator", "Demo@2026jl", "labwatch-demo-jl-reg");
  }
  Session lab_admin() { return sign_in("lab-jj-01", "Demo@2026lab"); }

  std::string register_lab(const Session& s, const std::string& region,
                           const std::string& extra = "") {
    auto r = as_user(s, "POST", "/api/v1/labs",
                     R"({"name":"测试检测有限公司","region_code":")" + region +
                         R"(","credit_code":")" + kGoodCredit + "\"" + extra + "}");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(json(r).at("lab_code").as_string()) : "";
  }

  std::int64_t add_equipment(const Session& s, const std::string& lab, const std::string& name) {
    auto r = as_user(s, "POST", "/api/v1/labs/" + lab + "/equipment",
                     R"({"name":")" + name +
                         R"(","model":"YAW-2000","serial":"SN-1","category":"力学",)"
                         R"("measuring_range":"0-2000 kN","auto_collect":true})");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json(r).at("id").as_int64() : 0;
  }

  std::string equipment_path(const std::string& lab, std::int64_t id,
                             const std::string& rest = "") {
    return "/api/v1/labs/" + lab + "/equipment/" + std::to_string(id) + rest;
  }
};

TEST_F(LabRegistryTest, JJ_3_5_RegistrationAssignsSequentialCodesPerRegionNeverReused) {
  const Session sys = sysadmin();
  EXPECT_EQ(register_lab(sys, "360423"), "360423-0001");
  EXPECT_EQ(register_lab(sys, "360423"), "360423-0002");
  EXPECT_EQ(register_lab(sys, "220204"), "220204-0001");  // each region counts for itself
  // The lab 360423-0002 leaves (moves, or its row is gone): its sequence is not given again.
  exec_sql("DELETE FROM labs WHERE lab_code = '360423-0002'");
  EXPECT_EQ(register_lab(sys, "360423"), "360423-0003");
  // A region with labs inserted under fixed codes continues after the highest.
  const auto before = query_sql(
      "SELECT lab_code FROM labs WHERE lab_code LIKE '360402-%'"
      " ORDER BY lab_code DESC");
  ASSERT_FALSE(before.empty());
  const int last = std::stoi(before.front().text(0).substr(7));
  char expected[32];
  std::snprintf(expected, sizeof expected, "360402-%04d", last + 1);
  EXPECT_EQ(register_lab(sys, "360402"), expected);

  // The platform assigns the code: a body naming one is refused, naming the field.
  auto given = as_user(sys, "POST", "/api/v1/labs",
                       R"({"lab_code":"360423-0099","name":"x","region_code":"360423",)"
                       R"("credit_code":"91350100M000100Y43"})");
  EXPECT_EQ(given.status, 422) << given.body;
  EXPECT_TRUE(json(given).at("details").at("fields").as_object().contains("lab_code"));
  // Only the system admin registers.
  EXPECT_EQ(as_user(regulator(), "POST", "/api/v1/labs",
                    R"({"name":"x","region_code":"360423","credit_code":"91350100M000100Y43"})")
                .status,
            403);
}

TEST_F(LabRegistryTest, JL_1_1_RegisteredFactsOverrideAuditedAndOutOfProvince) {
  const Session sys = sysadmin();
  // A failed check needs the override reason.
  const std::string bad =
      std::string(R"({"name":"外省检测","region_code":"220102","credit_code":")") + kBadCredit +
      "\"";
  auto refused = as_user(sys, "POST", "/api/v1/labs", bad + "}");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(json(refused).at("details").at("fields").at("credit_code").as_string(), "checksum");
  auto admitted = as_user(sys, "POST", "/api/v1/labs",
                          bad + R"(,"credit_override":"营业执照原件核对无误 licence seen",)"
                                R"("home_region_code":"360402","address":"长春市朝阳区 1 号",)"
                                R"("contact_name":"王工","contact_phone":"0431-88880000",)"
                                R"("technical_lead":"李总工"})");
  ASSERT_EQ(admitted.status, 201) << admitted.body;
  const auto lab = json(admitted);
  EXPECT_TRUE(lab.at("out_of_province").as_bool());  // seated in Jiangxi, registered in Jilin
  EXPECT_EQ(lab.at("credit_override").as_string(), "营业执照原件核对无误 licence seen");
  EXPECT_EQ(lab.at("technical_lead").as_string(), "李总工");
  const std::string code(lab.at("lab_code").as_string());
  // Audited with the override; the ledger entry commits to the facts.
  const auto audit = query_sql(
      "SELECT details FROM audit_log WHERE action = 'lab.register'"
      " AND target = $1",
      {"lab/" + code});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_NE(audit.front().text(0).find("licence seen"), std::string::npos);
  auto history = as_user(sys, "GET", "/api/v1/ledger/records/lab/" + code + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  const auto versions = json(history).at("versions").as_array();
  const auto& record = versions[0].at("entry").at("record");
  EXPECT_EQ(record.at("credit_code").as_string(), kBadCredit);
  EXPECT_EQ(record.at("home_region_code").as_string(), "360402");
  EXPECT_EQ(cli("ledger verify").exit_code, 0);

  // The list shows it as out of province; search by credit code finds it.
  const Session jl = jilin_regulator();
  auto found = as_user(jl, "GET", std::string("/api/v1/labs?q=") + kBadCredit);
  ASSERT_EQ(found.status, 200) << found.body;
  ASSERT_EQ(json(found).at("total").as_int64(), 1);
  EXPECT_TRUE(json(found).at("items").as_array()[0].at("out_of_province").as_bool());

  // A change of registered facts goes through a change request; a regulator cannot override.
  auto change = as_user(jl, "POST", "/api/v1/labs/" + code + "/changes",
                        std::string(R"({"credit_code":")") + kBadCredit +
                            R"(","address":"新地址","reason":"迁址 moved"})");
  EXPECT_EQ(change.status, 201) << change.body;  // same code: only the address changes
  auto override_by_regulator =
      as_user(jl, "POST", std::string("/api/v1/labs/") + kLabB + "/changes",
              std::string(R"({"credit_code":")") + kBadCredit +
                  R"(","credit_override":"x","reason":"更正 correction"})");
  EXPECT_EQ(override_by_regulator.status, 403) << override_by_regulator.body;
}

TEST_F(LabRegistryTest, QualificationCertificatesAreVersionedAndReadOnlyForTheLab) {
  const Session reg = regulator();
  const std::string path = std::string("/api/v1/labs/") + kLabA + "/qualifications";
  const std::string cert =
      R"({"number":"赣建检 2026-0001","issuer":"江西省住房和城乡建设厅",)"
      R"("categories":["foundation","main_structure","building_materials"],)"
      R"("parameters":["混凝土抗压强度","钢筋拉伸"],"valid_from":"2026-01-01",)"
      R"("valid_until":"2030-12-31"})";
  auto added = as_user(reg, "POST", path, cert);
  ASSERT_EQ(added.status, 201) << added.body;
  const auto id = json(added).at("id").as_int64();
  EXPECT_TRUE(json(added).at("in_force").as_bool());
  EXPECT_EQ(as_user(reg, "POST", path,
                    R"({"number":"x","issuer":"x","categories":["space"],)"
                    R"("valid_from":"2026-01-01","valid_until":"2027-01-01"})")
                .status,
            422);
  const std::string one = path + "/" + std::to_string(id);
  auto replaced = as_user(reg, "PUT", one,
                          R"({"number":"赣建检 2026-0001","issuer":"江西省住房和城乡建设厅",)"
                          R"("categories":["foundation"],"valid_from":"2026-01-01",)"
                          R"("valid_until":"2031-12-31","reason":"延续 renewed"})");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(as_user(reg, "POST", one + "/withdraw", "{}").status, 422);  // a reason is needed
  auto withdrawn = as_user(reg, "POST", one + "/withdraw", R"({"reason":"撤销 revoked"})");
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_FALSE(json(withdrawn).at("in_force").as_bool());
  EXPECT_EQ(as_user(reg, "POST", one + "/withdraw", R"({"reason":"again"})").status, 409);

  auto history = as_user(
      reg, "GET", "/api/v1/ledger/records/lab_qualification/" + std::to_string(id) + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(json(history).at("versions").as_array().size(), 3u);
  EXPECT_EQ(query_sql("SELECT action FROM audit_log WHERE action LIKE 'lab_qualification.%'"
                      " AND target = $1",
                      {"lab_qualification/" + std::to_string(id)})
                .size(),
            3u);

  // The lab reads its certificates and changes none; another region's regulator sees nothing.
  const Session lab = lab_admin();
  auto mine = as_user(lab, "GET", path);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_NE(mine.body.find("赣建检 2026-0001"), std::string::npos);
  EXPECT_EQ(as_user(lab, "POST", path, cert).status, 403);
  EXPECT_EQ(as_user(lab, "PUT", one, cert).status, 403);
  const Session jl = jilin_regulator();
  EXPECT_EQ(as_user(jl, "GET", path).status, 404);
  EXPECT_EQ(as_user(jl, "POST", path, cert).status, 404);
  EXPECT_EQ(cli("ledger verify").exit_code, 0);
}

TEST_F(LabRegistryTest, JL_1_1_ALabCannotModifyItsOwnEquipmentVerificationStatus) {
  const Session reg = regulator();
  const std::int64_t id = add_equipment(reg, kLabA, "万能试验机 测试");
  ASSERT_GT(id, 0);
  const Session lab = lab_admin();
  // The lab reads its equipment…
  auto own = as_user(lab, "GET", equipment_path(kLabA, id));
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(json(own).at("verification_state").as_string(), "unverified");
  // …and gets 403 on every write, the verification first.
  for (
      const auto& [method, target, body] :
      std::vector<std::tuple<std::string, std::string, std::string>>{
          {"POST", equipment_path(kLabA, id, "/verification"), R"({"state":"verified"})"},
          {"PATCH", equipment_path(kLabA, id), R"({"name":"改名"})"},
          {"POST", equipment_path(kLabA, id, "/calibrations"),
           R"({"number":"c","issuer":"i","calibrated_on":"2026-01-01","valid_until":"2027-01-01"})"},
          {"POST", std::string("/api/v1/labs/") + kLabA + "/equipment", R"({"name":"x"})"}}) {
    auto r = as_user(lab, method, target, body);
    EXPECT_EQ(r.status, 403) << method << " " << target << ": " << r.body;
  }
  EXPECT_EQ(
      json(as_user(lab, "GET", equipment_path(kLabA, id))).at("verification_state").as_string(),
      "unverified");
  // Another lab's equipment does not exist for it.
  const auto theirs =
      query_sql("SELECT id FROM equipment WHERE lab_code = $1", {std::string(kLabB)});
  ASSERT_FALSE(theirs.empty());
  EXPECT_EQ(as_user(lab, "GET", equipment_path(kLabB, theirs.front().int64(0))).status, 404);
  EXPECT_EQ(as_user(lab, "GET", equipment_path(kLabA, theirs.front().int64(0))).status, 404);
  // The system admin registers equipment but does not verify it; the regulator does.
  const Session sys = sysadmin();
  EXPECT_GT(add_equipment(sys, kLabA, "系统管理员登记"), 0);
  EXPECT_EQ(
      as_user(sys, "POST", equipment_path(kLabA, id, "/verification"), R"({"state":"verified"})")
          .status,
      403);
  EXPECT_EQ(
      as_user(reg, "POST", equipment_path(kLabA, id, "/verification"), R"({"state":"rejected"})")
          .status,
      422);  // a rejection needs a note
  auto verified = as_user(reg, "POST", equipment_path(kLabA, id, "/verification"),
                          R"({"state":"verified","note":"现场核验 on site"})");
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(json(verified).at("verification_state").as_string(), "verified");
  EXPECT_EQ(json(verified).at("verified_by").as_string(), "jj-regulator");
  EXPECT_EQ(as_user(jilin_regulator(), "POST", equipment_path(kLabA, id, "/verification"),
                    R"({"state":"verified"})")
                .status,
            404);
}

TEST_F(LabRegistryTest, JL_1_1_EquipmentCalibrationsWarnAMonthAheadAndAreVersioned) {
  const Session reg = regulator();
  const std::int64_t id = add_equipment(reg, kLabA, "压力试验机 测试");
  ASSERT_GT(id, 0);
  auto none = as_user(reg, "GET", equipment_path(kLabA, id));
  EXPECT_EQ(json(none).at("calibration_status").as_string(), "none");
  EXPECT_FALSE(json(none).at("usable").as_bool());
  auto patched = as_user(reg, "PATCH", equipment_path(kLabA, id),
                         R"({"serial":"SN-2026-9","reason":"铭牌更正 plate corrected"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json(patched).at("serial").as_string(), "SN-2026-9");
  EXPECT_EQ(as_user(reg, "PATCH", equipment_path(kLabA, id), R"({"serial":"SN-2026-9"})").status,
            422);  // nothing changes
  auto calibrated = as_user(reg, "POST", equipment_path(kLabA, id, "/calibrations"),
                            R"({"number":"JJ-CAL-1","issuer":"九江市计量测试所",)"
                            R"("calibrated_on":")" +
                                date_in(-340) + R"(","valid_until":")" + date_in(10) + "\"}");
  ASSERT_EQ(calibrated.status, 201) << calibrated.body;
  EXPECT_EQ(json(calibrated).at("calibration_status").as_string(), "expiring");
  EXPECT_TRUE(json(calibrated).at("usable").as_bool());
  EXPECT_EQ(json(calibrated).at("calibrations").as_array().size(), 1u);

  auto expiring = as_user(
      reg, "GET", std::string("/api/v1/equipment?calibration=expiring&limit=500&lab=") + kLabA);
  ASSERT_EQ(expiring.status, 200) << expiring.body;
  bool listed = false;
  const auto expiring_items = json(expiring).at("items").as_array();
  for (const auto& e : expiring_items) {
    EXPECT_EQ(e.at("calibration_status").as_string(), "expiring");
    listed = listed || e.at("id").as_int64() == id;
  }
  EXPECT_TRUE(listed);
  auto expired = as_user(reg, "GET", "/api/v1/equipment?calibration=expired&limit=500");
  const auto expired_items = json(expired).at("items").as_array();
  for (const auto& e : expired_items) {
    EXPECT_EQ(e.at("calibration_status").as_string(), "expired");
  }
  EXPECT_EQ(as_user(reg, "GET", "/api/v1/equipment?calibration=soon").status, 422);

  auto history =
      as_user(reg, "GET", "/api/v1/ledger/records/equipment/" + std::to_string(id) + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  const auto versions = json(history).at("versions").as_array();
  ASSERT_EQ(versions.size(), 3u);  // registered, serial changed, calibration added
  EXPECT_EQ(versions[2].at("entry").at("record").at("calibrations").as_array().size(), 1u);
  EXPECT_EQ(cli("ledger verify").exit_code, 0);
}

TEST_F(LabRegistryTest, Item9_ALabSystemReadsItsOwnQualificationAndEquipment) {
  const LabKey key = issue_lab_key(kLabA, db_.url(), db_.dir() / "data");
  ASSERT_FALSE(key.key_id.empty());
  const auto signed_get = [&](const std::string& target) {
    return request(port(), "GET", target, "", signed_headers(key, "GET", target, ""));
  };
  auto qualification = signed_get("/api/v1/lab-api/qualification");
  ASSERT_EQ(qualification.status, 200) << qualification.body;
  const auto q = json(qualification);
  EXPECT_EQ(q.at("lab_code").as_string(), kLabA);
  EXPECT_FALSE(q.at("qualifications").as_array().empty());
  auto equipment = signed_get("/api/v1/lab-api/equipment?limit=500");
  ASSERT_EQ(equipment.status, 200) << equipment.body;
  const auto items = json(equipment).at("items").as_array();
  ASSERT_FALSE(items.empty());
  for (const auto& e : items) {
    EXPECT_EQ(e.at("lab_code").as_string(), kLabA);
    EXPECT_TRUE(e.as_object().contains("calibration_status"));
    EXPECT_TRUE(e.as_object().contains("verification_state"));
  }
  // Unsigned, or signed in as a person: not the lab API.
  EXPECT_EQ(get("/api/v1/lab-api/equipment").status, 401);
  EXPECT_EQ(as_user(lab_admin(), "GET", "/api/v1/lab-api/qualification").status, 401);
}

TEST_F(LabRegistryTest, ConnectionStatusFollowsKeysAndRecentSending) {
  const Session sys = sysadmin();
  const std::string code = register_lab(sys, "360424");
  ASSERT_FALSE(code.empty());
  const auto status = [&]() {
    auto r = as_user(sys, "GET", "/api/v1/labs?q=" + code);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto items = json(r).at("items").as_array();
    return items.size() == 1 ? std::string(items[0].at("connection_status").as_string())
                             : std::string("missing");
  };
  EXPECT_EQ(status(), "not_connected");
  const LabKey key = issue_lab_key(code, db_.url(), db_.dir() / "data");
  ASSERT_FALSE(key.key_id.empty());
  EXPECT_EQ(status(), "keys_only");
  const std::string body = R"({"message":"联调 link test"})";
  auto headers = signed_headers(key, "POST", "/api/v1/connectivity-checks", body);
  headers["Content-Type"] = "application/json";
  ASSERT_EQ(request(port(), "POST", "/api/v1/connectivity-checks", body, headers).status, 201);
  EXPECT_EQ(status(), "connected");
  // The status filter and paging.
  auto connected = as_user(sys, "GET", "/api/v1/labs?status=connected&limit=500");
  ASSERT_EQ(connected.status, 200) << connected.body;
  EXPECT_NE(connected.body.find(code), std::string::npos);
  auto not_connected = as_user(sys, "GET", "/api/v1/labs?status=not_connected&limit=500");
  EXPECT_EQ(not_connected.body.find(code), std::string::npos);
  auto page = as_user(sys, "GET", "/api/v1/labs?limit=2&offset=0");
  EXPECT_EQ(json(page).at("items").as_array().size(), 2u);
  EXPECT_GT(json(page).at("total").as_int64(), 2);
  EXPECT_EQ(as_user(sys, "GET", "/api/v1/labs?status=online").status, 422);
  auto region = as_user(sys, "GET", "/api/v1/labs?region=220000&limit=500");
  const auto region_items = json(region).at("items").as_array();
  for (const auto& l : region_items) {
    EXPECT_TRUE(std::string(l.at("region_code").as_string()).starts_with("22"));
  }
}

}  // namespace
}  // namespace lw::testing
