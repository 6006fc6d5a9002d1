// The registry's base (issue 5 items 1, 2 and 8): GB/T 2260 divisions loaded at start and
// imported from files, the policy profiles loaded at start and the version in force for a
// region at a time, the working-day calendar, and organisations registered with the GB 32100
// check, the admin's override, scope and versions. Run once per engine on the real server.
#include <filesystem>
#include <fstream>
#include <set>

#include <boost/json.hpp>

#include "domain/policy.hpp"
#include "integration/server_fixture.hpp"
#include "support/cli.hpp"

namespace lw::testing {
namespace {

namespace fs = std::filesystem;

boost::json::object json(const HttpResponse& r) {
  return boost::json::parse(r.body).as_object();
}

std::string field_reason(const HttpResponse& r, const std::string& field) {
  const auto body = json(r);
  const auto* fields = body.at("details").as_object().if_contains("fields");
  if (fields == nullptr || !fields->as_object().contains(field)) {
    return "";
  }
  return std::string(fields->as_object().at(field).as_string());
}

std::vector<std::string> codes_of(const boost::json::array& items) {
  std::vector<std::string> out;
  for (const auto& i : items) {
    out.emplace_back(i.at("code").as_string());
  }
  return out;
}

// Valid credit codes (check character computed by GB 32100) and one whose check fails.
constexpr char kJiujiangCode[] = "91360402MA3XK0001Q";
constexpr char kJilinCode[] = "91220102MA1XK0001M";
constexpr char kBadCheck[] = "91360402MA3XK0002X";  // the check character is U

std::string org_body(const std::string& name, const std::string& code, const std::string& region,
                     const std::string& kind = "contractor", const std::string& extra = "") {
  return R"({"kind":")" + kind + R"(","name":")" + name + R"(","credit_code":")" + code +
         R"(","region_code":")" + region +
         R"(","address":"江西省九江市","contact_name":"王工","contact_phone":"0792-8123456")" +
         extra + "}";
}

class RegistryBaseTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }

  Session sysadmin() { return sign_in("sysadmin", "Demo@2026sys", "labwatch-demo-sysadm"); }
  Session jj_regulator() { return sign_in("jj-regulator", "Demo@2026jj", "labwatch-demo-jj-reg"); }
  Session jl_regulator() { return sign_in("jl-regulator", "Demo@2026jl", "labwatch-demo-jl-reg"); }

  std::int64_t count(const std::string& sql) { return query_sql(sql).front().int64(0); }
};

// ---- Regions ----

TEST_F(RegistryBaseTest, JJ_4_2_ShippedRegionsAreLoadedAtStartOnceAndListedAsATree) {
  const Session s = jj_regulator();
  const auto regions = count("SELECT COUNT(*) FROM regions");
  EXPECT_EQ(regions, 95);  // Jiangxi, its 11 cities, Jiujiang's 13 counties; Jilin 1 + 9 + 60

  auto provinces = as_user(s, "GET", "/api/v1/regions?parent=");
  ASSERT_EQ(provinces.status, 200) << provinces.body;
  EXPECT_EQ(codes_of(json(provinces).at("items").as_array()),
            (std::vector<std::string>{"220000", "360000"}));

  auto jiujiang = as_user(s, "GET", "/api/v1/regions?parent=360400&limit=5");
  ASSERT_EQ(jiujiang.status, 200) << jiujiang.body;
  const auto page = json(jiujiang);
  EXPECT_EQ(page.at("total").as_int64(), 13);
  EXPECT_EQ(page.at("limit").as_int64(), 5);
  EXPECT_EQ(page.at("items").as_array().size(), 5u);
  EXPECT_EQ(page.at("items").at(0).at("code").as_string(), "360402");
  EXPECT_EQ(page.at("items").at(0).at("name").as_string(), "濂溪区");
  EXPECT_EQ(page.at("items").at(0).at("level").as_string(), "county");

  auto search = as_user(s, "GET", "/api/v1/regions?q=%E4%B9%9D%E6%B1%9F");  // 九江
  ASSERT_EQ(search.status, 200) << search.body;
  EXPECT_EQ(codes_of(json(search).at("items").as_array()), (std::vector<std::string>{"360400"}));

  auto one = as_user(s, "GET", "/api/v1/regions/360402");
  ASSERT_EQ(one.status, 200) << one.body;
  const auto detail = json(one);
  EXPECT_EQ(detail.at("parent").as_string(), "360400");
  EXPECT_EQ(codes_of(detail.at("ancestors").as_array()),
            (std::vector<std::string>{"360400", "360000"}));
  EXPECT_TRUE(detail.at("children").as_array().empty());
  auto jilin = as_user(s, "GET", "/api/v1/regions/220000");
  ASSERT_EQ(jilin.status, 200) << jilin.body;
  EXPECT_EQ(json(jilin).at("level").as_string(), "province");
  EXPECT_EQ(json(jilin).at("children").as_array().size(), 9u);

  EXPECT_EQ(as_user(s, "GET", "/api/v1/regions/110000").status, 404);
  EXPECT_EQ(as_user(s, "GET", "/api/v1/regions/36040").status, 422);
  EXPECT_EQ(as_user(s, "GET", "/api/v1/regions?parent=abc").status, 422);
  EXPECT_EQ(get("/api/v1/regions").status, 401);
  // Read by every signed-in role, a lab's staff included.
  EXPECT_EQ(as_user(sign_in("lab-jj-01", "Demo@2026lab"), "GET", "/api/v1/regions").status, 200);

  restart();  // loading again adds nothing
  EXPECT_EQ(count("SELECT COUNT(*) FROM regions"), regions);
  // Shipped data is loaded like a migration: logged, not audited.
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'region.import'"), 0);
}

TEST_F(RegistryBaseTest, JJ_4_2_RegionsImportAddsWhatIsNewAndRefusesABadFile) {
  const fs::path file = db_.dir() / "more.tsv";
  std::ofstream(file) << "code\tname\n# Nanchang's districts\n360100\t南昌市\n360102\t东湖区\n"
                         "360103\t西湖区\n";
  server_.reset();  // the CLI and the server share the database
  auto first = cli("regions import '" + file.string() + "'");
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("regions added: 2"), std::string::npos) << first.output;
  EXPECT_NE(first.output.find("already known: 1"), std::string::npos) << first.output;
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'region.import'"), 1);
  auto again = cli("regions import '" + file.string() + "'");
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.output.find("regions added: 0"), std::string::npos) << again.output;

  // A county of a province the platform does not know, and a malformed line: nothing added.
  const fs::path bad = db_.dir() / "bad.tsv";
  std::ofstream(bad) << "360104\t青云谱区\n440305\t南山区\n";
  EXPECT_EQ(cli("regions import '" + bad.string() + "'").exit_code, 1);
  std::ofstream(bad) << "3601x5\t青山湖区\n";
  EXPECT_EQ(cli("regions import '" + bad.string() + "'").exit_code, 1);
  EXPECT_EQ(cli("regions import '" + (db_.dir() / "missing.tsv").string() + "'").exit_code, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM regions WHERE code IN ('360104', '440305')"), 0);

  start();
  auto children = as_user(jj_regulator(), "GET", "/api/v1/regions?parent=360100");
  ASSERT_EQ(children.status, 200) << children.body;
  EXPECT_EQ(codes_of(json(children).at("items").as_array()),
            (std::vector<std::string>{"360102", "360103"}));
}

// ---- Policies and calendar ----

TEST_F(RegistryBaseTest, JL_5_PoliciesLoadedAtStartAreListedWithEveryValue) {
  const Session s = jl_regulator();
  auto all = as_user(s, "GET", "/api/v1/policies");
  ASSERT_EQ(all.status, 200) << all.body;
  std::map<std::string, boost::json::object> by_id;
  const auto listed = json(all);
  for (const auto& p : listed.at("items").as_array()) {
    by_id[std::string(p.at("id").as_string())] = p.as_object();
  }
  ASSERT_TRUE(by_id.contains("jiujiang-2024-80"));
  ASSERT_TRUE(by_id.contains("jilin-2026-2"));
  const auto& jilin = by_id["jilin-2026-2"];
  EXPECT_EQ(jilin.at("document").as_string(), "吉建质〔2026〕2号");
  EXPECT_EQ(jilin.at("regions").as_array(), boost::json::array{"220000"});
  const auto& versions = jilin.at("versions").as_array();
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].at("effective_from").as_string(), "2026-02-10");
  EXPECT_EQ(versions[1].at("effective_from").as_string(), "2026-07-01");
  const auto& values = versions[0].at("values").as_object();
  // Every value of "Policies, not constants", keyed as the profile files spell them.
  EXPECT_EQ(values.size(), domain::policy_value_keys().size());
  for (const auto key : domain::policy_value_keys()) {
    EXPECT_TRUE(values.contains(key)) << key;
  }
  EXPECT_EQ(values.at("photos.capture_tolerance_minutes").as_int64(), 10);
  EXPECT_EQ(values.at("uploads.onsite_within"), (boost::json::object{{"hours", 2}}));
  EXPECT_EQ(values.at("witness_change.timing").as_string(), "after");
  EXPECT_EQ(values.at("trial.until").as_string(), "2026-06-30");
  EXPECT_TRUE(versions[1].at("values").at("trial.until").is_null());

  auto one = as_user(s, "GET", "/api/v1/policies/jiujiang-2024-80");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(json(one).at("versions").at(0).at("values").at("witness_change.timing").as_string(),
            "in_advance");
  EXPECT_EQ(as_user(s, "GET", "/api/v1/policies/beijing-2030-1").status, 404);
  EXPECT_EQ(get("/api/v1/policies").status, 401);
}

TEST_F(RegistryBaseTest, JL_3_1_TheViolationCatalogueIsServedWithItsRequirementsAndParties) {
  auto listed = as_user(jj_regulator(), "GET", "/api/v1/violation-kinds");
  ASSERT_EQ(listed.status, 200) << listed.body;
  std::map<std::string, boost::json::object> by_id;
  const auto kinds = json(listed);
  for (const auto& k : kinds.at("items").as_array()) {
    by_id[std::string(k.at("id").as_string())] = k.as_object();
  }
  ASSERT_TRUE(by_id.contains("onsite_reupload"));
  const auto& reupload = by_id["onsite_reupload"];
  EXPECT_EQ(reupload.at("name").at("zh").as_string(), "现场检测数据补传");
  EXPECT_EQ(reupload.at("requirements"), (boost::json::array{"JL-1.3", "JL-3.1"}));
  EXPECT_EQ(reupload.at("severity").as_string(), "minor");
  EXPECT_EQ(reupload.at("parties"), (boost::json::array{"lab", "person"}));
  EXPECT_TRUE(reupload.at("late_reupload").as_bool());
  EXPECT_EQ(by_id.at("witness_proxy").at("detection").as_string(), "inspection");
  EXPECT_EQ(get("/api/v1/violation-kinds").status, 401);
}

TEST_F(RegistryBaseTest, JL_5_ARegionGetsTheVersionInForceAtTheTimeAsked) {
  const Session s = jl_regulator();
  auto at = [&](const std::string& region, const std::string& time) {
    return as_user(s, "GET", "/api/v1/regions/" + region + "/policy?at=" + time);
  };
  // The trial version from 2026-02-10, the formal one from 2026-07-01 00:00 Asia/Shanghai.
  auto trial = at("220102", "2026-03-01T10:00:00Z");
  ASSERT_EQ(trial.status, 200) << trial.body;
  EXPECT_EQ(json(trial).at("policy_id").as_string(), "jilin-2026-2");
  EXPECT_EQ(json(trial).at("version").at("effective_from").as_string(), "2026-02-10");
  EXPECT_EQ(json(at("220102", "2026-06-30T15:59:59Z")).at("version").at("effective_from"),
            "2026-02-10");
  EXPECT_EQ(json(at("220102", "2026-06-30T16:00:00Z")).at("version").at("effective_from"),
            "2026-07-01");
  EXPECT_EQ(json(at("220000", "2026-07-01T00:00:00%2B08:00")).at("version").at("effective_from"),
            "2026-07-01");
  // Before the first version: no version in force.
  EXPECT_EQ(at("220102", "2026-02-09T15:59:59Z").status, 404);
  // Jiujiang's profile: the same event, the other answer.
  auto jj = at("360402", "2026-03-01T10:00:00Z");
  ASSERT_EQ(jj.status, 200) << jj.body;
  EXPECT_EQ(json(jj).at("policy_id").as_string(), "jiujiang-2024-80");
  EXPECT_EQ(json(jj).at("version").at("values").at("witness_change.timing").as_string(),
            "in_advance");
  // No profile binds Nanchang; without `at` the server's clock decides.
  EXPECT_EQ(at("360100", "2026-03-01T10:00:00Z").status, 404);
  auto now = as_user(s, "GET", "/api/v1/regions/220102/policy");
  ASSERT_EQ(now.status, 200) << now.body;
  EXPECT_EQ(at("220102", "yesterday").status, 422);
}

TEST_F(RegistryBaseTest, JJ_4_3_WorkingDaysFollowTheShippedCalendarAndFlagUncoveredYears) {
  const Session s = jj_regulator();
  auto after = [&](const std::string& from, int days) {
    auto r = as_user(
        s, "GET", "/api/v1/calendar/working-days?from=" + from + "&days=" + std::to_string(days));
    EXPECT_EQ(r.status, 200) << r.body;
    return json(r);
  };
  const auto spring = after("2026-02-12", 5);
  EXPECT_EQ(spring.at("date").as_string(), "2026-02-26");
  EXPECT_EQ(spring.at("due").as_string(), "2026-02-26T15:59:59.999999Z");
  EXPECT_TRUE(spring.at("covered").as_bool());
  const auto national = after("2026-09-28", 5);
  EXPECT_EQ(national.at("date").as_string(), "2026-10-10");
  EXPECT_TRUE(national.at("day_is_makeup_workday").as_bool());
  const auto uncovered = after("2026-12-31", 1);
  EXPECT_EQ(uncovered.at("date").as_string(), "2027-01-01");
  EXPECT_FALSE(uncovered.at("covered").as_bool());
  EXPECT_EQ(uncovered.at("uncovered_years").as_array(), boost::json::array{2027});
  EXPECT_EQ(as_user(s, "GET", "/api/v1/calendar/working-days?from=2026-02-30&days=1").status, 422);
  EXPECT_EQ(as_user(s, "GET", "/api/v1/calendar/working-days?days=1").status, 422);
  EXPECT_EQ(as_user(s, "GET", "/api/v1/calendar/working-days?from=2026-02-12&days=x").status, 422);
}

TEST_F(RegistryBaseTest, ABadPolicyFileRefusesTheStartNamingFileAndKey) {
  server_.reset();
  const fs::path dir = db_.dir() / "policies";
  fs::copy(fs::path(LABWATCH_SOURCE_DIR) / "policies", dir, fs::copy_options::recursive);
  {
    std::ifstream in(dir / "jilin-2026-2.toml");
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    const std::string from = "onsite_within = { hours = 2 }";
    ASSERT_NE(s.find(from), std::string::npos);
    s.replace(s.find(from), from.size(), "onsite_within = { hours = -2 }");
    std::ofstream(dir / "jilin-2026-2.toml") << s;
  }
  try {
    ServerProcess refused(db_.url(), db_.dir() / "data", {"--policies", dir.string()});
    ADD_FAILURE() << "the server started with a bad policy file";
  } catch (const std::runtime_error& e) {
    const std::string log = e.what();
    EXPECT_NE(log.find("jilin-2026-2.toml"), std::string::npos) << log;
    EXPECT_NE(log.find("onsite_within"), std::string::npos) << log;
  }
}

// ---- Organisations ----

TEST_F(RegistryBaseTest, JJ_3_2_AnOrganisationIsRegisteredAuditedVersionedAndListed) {
  const Session s = jj_regulator();
  auto made = as_user(s, "POST", "/api/v1/organisations",
                      org_body("九江市测试建工有限公司", kJiujiangCode, "360402"));
  ASSERT_EQ(made.status, 201) << made.body;
  const auto org = json(made);
  const std::string id = std::to_string(org.at("id").as_int64());
  EXPECT_EQ(made.header("location"), "/api/v1/organisations/" + id);
  EXPECT_EQ(org.at("kind").as_string(), "contractor");
  EXPECT_TRUE(org.at("credit_override").is_null());
  EXPECT_EQ(org.at("receipt").at("entry").at("type").as_string(), "organisation");
  EXPECT_EQ(org.at("receipt").at("entry").at("version").as_int64(), 1);
  // The ledger entry holds no contact of a person.
  const auto& record = org.at("receipt").at("entry").at("record").as_object();
  EXPECT_FALSE(record.contains("contact_name"));
  EXPECT_FALSE(record.contains("contact_phone"));

  auto listed = as_user(s, "GET", "/api/v1/organisations?q=MA3XK0001&kind=contractor");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(json(listed).at("total").as_int64(), 1);
  EXPECT_EQ(json(listed).at("items").at(0).at("name").as_string(), "九江市测试建工有限公司");
  EXPECT_EQ(json(as_user(s, "GET", "/api/v1/organisations?kind=ready_mix_plant&q=MA3XK0001"))
                .at("total")
                .as_int64(),
            0);
  EXPECT_EQ(as_user(s, "GET", "/api/v1/organisations?kind=lab").status, 422);
  EXPECT_EQ(as_user(s, "GET", "/api/v1/organisations/" + id).status, 200);

  // A change needs a reason and makes version 2.
  EXPECT_EQ(as_user(s, "PATCH", "/api/v1/organisations/" + id, R"({"address":"新地址"})").status,
            422);
  EXPECT_EQ(as_user(s, "PATCH", "/api/v1/organisations/" + id,
                    R"({"address":"江西省九江市","reason":"无变化 nothing"})")
                .status,
            422);
  auto changed = as_user(s, "PATCH", "/api/v1/organisations/" + id,
                         R"({"address":"江西省九江市濂溪区十里大道8号","reason":"迁址 moved"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json(changed).at("address").as_string(), "江西省九江市濂溪区十里大道8号");
  EXPECT_EQ(json(changed).at("receipt").at("entry").at("version").as_int64(), 2);
  EXPECT_EQ(json(changed).at("receipt").at("entry").at("record").at("reason").as_string(),
            "迁址 moved");

  EXPECT_EQ(count("SELECT COUNT(*) FROM registry_versions WHERE record_type = 'organisation'"
                  " AND record_id = '" +
                  id + "'"),
            2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE target = 'organisation/" + id +
                  "' AND action IN ('organisation.register', 'organisation.change')"),
            2);
  server_.reset();
  EXPECT_EQ(cli("ledger verify").exit_code, 0);
}

TEST_F(RegistryBaseTest, JJ_3_2_AFailedCheckCharacterNeedsTheSystemAdminsOverride) {
  const Session regulator = jj_regulator();
  auto refused = as_user(regulator, "POST", "/api/v1/organisations",
                         org_body("九江市校验位错误公司", kBadCheck, "360402"));
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(field_reason(refused, "credit_code"), "checksum");
  EXPECT_EQ(json(refused).at("details").at("expected_check").as_string(), "U");
  // A regulator may not override.
  auto not_admin = as_user(
      regulator, "POST", "/api/v1/organisations",
      org_body("九江市校验位错误公司", kBadCheck, "360402", "contractor",
               R"(,"credit_override_reason":"营业执照原件如此 as printed on the licence")"));
  EXPECT_EQ(not_admin.status, 403) << not_admin.body;

  const Session admin = sysadmin();
  auto admitted = as_user(
      admin, "POST", "/api/v1/organisations",
      org_body("九江市校验位错误公司", kBadCheck, "360402", "contractor",
               R"(,"credit_override_reason":"营业执照原件如此 as printed on the licence")"));
  ASSERT_EQ(admitted.status, 201) << admitted.body;
  EXPECT_EQ(json(admitted).at("credit_override").as_string(),
            "营业执照原件如此 as printed on the licence");
  const std::string id = std::to_string(json(admitted).at("id").as_int64());
  const auto audit = query_sql(
      "SELECT details FROM audit_log WHERE action = 'organisation.credit_override' AND target = $1",
      {std::string("organisation/") + id});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_NE(audit.front().text(0).find("\"expected_check\":\"U\""), std::string::npos);

  // An override reason for a code whose check holds is refused.
  auto needless = as_user(admin, "POST", "/api/v1/organisations",
                          org_body("九江市正常公司", kJiujiangCode, "360402", "contractor",
                                   R"(,"credit_override_reason":"不需要 not needed")"));
  EXPECT_EQ(needless.status, 422);
  EXPECT_EQ(field_reason(needless, "credit_override_reason"),
            "only for a code whose check character fails");
}

TEST_F(RegistryBaseTest, JJ_3_2_DuplicatesAndBadFieldsAreRefused) {
  const Session s = sysadmin();
  ASSERT_EQ(as_user(s, "POST", "/api/v1/organisations",
                    org_body("九江市测试建工有限公司", kJiujiangCode, "360402"))
                .status,
            201);
  auto twice = as_user(s, "POST", "/api/v1/organisations",
                       org_body("另一家公司", kJiujiangCode, "360403", "construction_unit"));
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(field_reason(twice, "credit_code"), "taken");
  // Lower case is folded: the same code.
  std::string lower = kJiujiangCode;
  lower[8] = 'm';
  lower[9] = 'a';
  EXPECT_EQ(as_user(s, "POST", "/api/v1/organisations", org_body("小写", lower, "360402")).status,
            409);

  struct Case {
    std::string body;
    std::string field;
  };
  const std::vector<Case> cases{
      {org_body("名称", kJilinCode, "220102", "laboratory"), "kind"},
      {org_body("", kJilinCode, "220102"), "name"},
      {org_body("名称", "91220102MA1XK0001", "220102"), "credit_code"},
      {org_body("名称", kJilinCode, "22010"), "region_code"},
      {org_body("名称", kJilinCode, "220199"), "region_code"},  // well-formed, not a division
      {R"({"kind":"contractor","name":"名称","credit_code":")" + std::string(kJilinCode) +
           R"(","region_code":"220102","contact_phone":"call me"})",
       "contact_phone"},
      {R"({"kind":"contractor","credit_code":")" + std::string(kJilinCode) +
           R"(","region_code":"220102"})",
       "name"},
  };
  for (const auto& c : cases) {
    auto r = as_user(s, "POST", "/api/v1/organisations", c.body);
    EXPECT_EQ(r.status, 422) << c.body << " → " << r.body;
    EXPECT_NE(field_reason(r, c.field), "") << c.body << " → " << r.body;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM organisations WHERE credit_code = '" +
                  std::string(kJilinCode) + "'"),
            0);
}

TEST_F(RegistryBaseTest, JL_1_1_ARegulatorSeesAndRegistersOnlyWithinItsRegion) {
  const Session jj = jj_regulator();
  const Session jl = jl_regulator();
  auto jj_made =
      as_user(jj, "POST", "/api/v1/organisations",
              org_body("九江市测试监理有限公司", kJiujiangCode, "360402", "supervision_company"));
  ASSERT_EQ(jj_made.status, 201) << jj_made.body;
  const std::string jj_id = std::to_string(json(jj_made).at("id").as_int64());

  // Jilin cannot register in Jiujiang, nor see or change its organisations.
  auto outside =
      as_user(jl, "POST", "/api/v1/organisations", org_body("越界登记", kJilinCode, "360403"));
  EXPECT_EQ(outside.status, 403) << outside.body;
  EXPECT_EQ(as_user(jl, "GET", "/api/v1/organisations/" + jj_id).status, 404);
  EXPECT_EQ(as_user(jl, "PATCH", "/api/v1/organisations/" + jj_id,
                    R"({"name":"改名","reason":"越权 probe"})")
                .status,
            404);
  EXPECT_EQ(json(as_user(jl, "GET", "/api/v1/organisations?q=MA3XK0001")).at("total").as_int64(),
            0);

  auto jl_made =
      as_user(jl, "POST", "/api/v1/organisations",
              org_body("长春市测试预拌混凝土有限公司", kJilinCode, "220102", "ready_mix_plant"));
  ASSERT_EQ(jl_made.status, 201) << jl_made.body;
  const std::string jl_id = std::to_string(json(jl_made).at("id").as_int64());
  EXPECT_EQ(as_user(jj, "GET", "/api/v1/organisations/" + jl_id).status, 404);
  auto in_jilin = as_user(jl, "GET", "/api/v1/organisations?region=220100&q=MA1XK");
  ASSERT_EQ(in_jilin.status, 200);
  EXPECT_EQ(json(in_jilin).at("total").as_int64(), 1);

  // The system admin sees both; a lab's staff neither, and may not register.
  EXPECT_EQ(
      json(as_user(sysadmin(), "GET", "/api/v1/organisations?q=XK000")).at("total").as_int64(), 2);
  const Session lab = sign_in("lab-jj-01", "Demo@2026lab");
  EXPECT_EQ(json(as_user(lab, "GET", "/api/v1/organisations")).at("total").as_int64(),
            0);  // none at all
  EXPECT_EQ(as_user(lab, "GET", "/api/v1/organisations/" + jj_id).status, 404);
  EXPECT_EQ(as_user(lab, "POST", "/api/v1/organisations",
                    org_body("实验室登记", "91360402MA3XK0002U", "360402"))
                .status,
            403);
  EXPECT_EQ(get("/api/v1/organisations").status, 401);
}

}  // namespace
}  // namespace lw::testing

namespace lw::testing {
namespace {

TEST_F(RegistryBaseTest, TheDemoHasOrganisationsOfEveryKindInBothJurisdictionsOnce) {
  const auto rows = query_sql(
      "SELECT kind, region_code, credit_code, credit_override FROM organisations ORDER BY id");
  ASSERT_GE(rows.size(), 20u);
  std::set<std::string> kinds;
  int jiujiang = 0, jilin = 0, overridden = 0;
  for (const auto& r : rows) {
    kinds.insert(r.text(0));
    jiujiang += r.text(1).starts_with("3604");
    jilin += r.text(1).starts_with("22");
    overridden += !r.is_null(3);
  }
  EXPECT_EQ(kinds.size(), 4u);
  EXPECT_GE(jiujiang, 8);
  EXPECT_GE(jilin, 8);
  EXPECT_EQ(overridden, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.credit_override'"),
            1);
  // A regulator sees its own jurisdiction's only.
  auto jl = as_user(jl_regulator(), "GET", "/api/v1/organisations?limit=500");
  ASSERT_EQ(jl.status, 200) << jl.body;
  EXPECT_EQ(json(jl).at("total").as_int64(), jilin);
  restart();  // loading again adds nothing
  EXPECT_EQ(count("SELECT COUNT(*) FROM organisations"), static_cast<std::int64_t>(rows.size()));
  server_.reset();
  EXPECT_EQ(cli("ledger verify").exit_code, 0);
}

}  // namespace
}  // namespace lw::testing
