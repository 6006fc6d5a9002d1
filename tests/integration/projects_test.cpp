// Projects under supervision (issue 5 item 6; JJ-4.2, JJ-4.3, JL-2.2): a county station enters
// the projects of its county with their witnesses, and nobody else's; the assignment rules; and
// a witness replacement judged by the profile of the project's region — in advance in Jiujiang,
// afterwards in Jilin — by the version in force on the day it takes effect, a late one recorded
// as a violation. The server's clock is the filing time, so the effective dates are counted in
// working days from today (GET /api/v1/calendar/working-days): each verdict is the same whatever
// day the test runs. Run once per engine.
#include <boost/json.hpp>

#include <chrono>

#include "integration/registry_fixture.hpp"
#include "support/lab_signer.hpp"

namespace lw::testing {
namespace {

class ProjectsTest : public RegistryTest {
 protected:
  // The open assignment of `person` in a project's answer.
  static std::int64_t assignment_of(const boost::json::object& project, std::int64_t person) {
    for (const auto& a : project.at("assignments").as_array()) {
      if (a.at("person_id").as_int64() == person && a.at("ends_at").is_null()) {
        return a.at("id").as_int64();
      }
    }
    ADD_FAILURE() << "no open assignment of person " << person;
    return 0;
  }

  // The `days`-th working day from today (before it when negative), as the server counts.
  std::string working_day(const Session& s, int days) {
    auto r = as_user(
        s, "GET",
        "/api/v1/calendar/working-days?from=" + today_shanghai() + "&days=" + std::to_string(days));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? std::string(json(r).at("date").as_string()) : "";
  }

  HttpResponse file(const Session& s, std::int64_t project, std::int64_t assignment,
                    std::int64_t person_in, const std::string& effective_on) {
    return as_user(s, "POST", "/api/v1/projects/" + std::to_string(project) + "/change-notices",
                   boost::json::serialize(boost::json::object{{"assignment_id", assignment},
                                                              {"person_in", person_in},
                                                              {"effective_on", effective_on},
                                                              {"reason", "原见证人员调离 测试"}}));
  }
};

TEST_F(ProjectsTest, JJ_4_2_AStationRegistersAProjectWithTwoWitnesses) {
  const std::int64_t a = witness(jj(), kJjLab), b = witness(jj(), kJjLab);
  ASSERT_GT(a * b, 0);
  auto r = as_user(jj(), "POST", "/api/v1/projects",
                   boost::json::serialize(project_body("360402-2026-T001", "360402", {a, b})));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto made = json(r);
  const std::int64_t id = made.at("id").as_int64();
  EXPECT_EQ(r.header("location"), "/api/v1/projects/" + std::to_string(id));
  EXPECT_EQ(made.at("region_name").as_string(), "濂溪区");
  EXPECT_EQ(made.at("created_by").as_string(), "jj-station");
  EXPECT_EQ(made.at("site").at("radius_m").to_number<double>(), 150);
  EXPECT_FALSE(made.at("client").at("name").as_string().empty());
  EXPECT_FALSE(made.at("supervisor").at("credit_code").as_string().empty());
  ASSERT_EQ(made.at("assignments").as_array().size(), 2u);
  for (const auto& asg : made.at("assignments").as_array()) {
    EXPECT_EQ(asg.at("duty").as_string(), "witness");
    EXPECT_TRUE(asg.at("active").as_bool());
    EXPECT_TRUE(asg.at("person_name").as_string().starts_with("测试见证员"));
  }
  EXPECT_EQ(made.at("policy").at("profile").as_string(), "jiujiang-2024-80");
  EXPECT_EQ(made.at("policy").at("witness_change").at("timing").as_string(), "in_advance");
  EXPECT_EQ(made.at("receipt").at("entry").at("version").as_int64(), 1);

  auto list = as_user(jj(), "GET", "/api/v1/projects?q=T001");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(json(list).at("total").as_int64(), 1);
  const auto item = json(list).at("items").at(0);
  EXPECT_EQ(item.at("active_witnesses").as_int64(), 2);
  EXPECT_EQ(item.at("late_notices").as_int64(), 0);
  EXPECT_EQ(
      json(as_user(jj(), "GET", "/api/v1/projects/" + std::to_string(id))).at("code").as_string(),
      "360402-2026-T001");
  // The same code again is a conflict.
  auto again = as_user(jj(), "POST", "/api/v1/projects",
                       boost::json::serialize(project_body("360402-2026-T001", "360402", {a})));
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(query_sql("SELECT 1 FROM audit_log WHERE action = 'project.register' AND target = $1",
                      {"project/" + std::to_string(id)})
                .size(),
            1u);
}

TEST_F(ProjectsTest, JJ_4_2_ACountyStationCannotEnterNorReadAnotherCountysProject) {
  const std::int64_t a = witness(jj(), kJjLab);
  ASSERT_GT(a, 0);
  auto other = as_user(jj(), "POST", "/api/v1/projects",
                       boost::json::serialize(project_body("360403-2026-T002", "360403", {a})));
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(json(other).at("code").as_string(), "forbidden");
  EXPECT_EQ(json(other).at("details").at("fields").at("region_code").as_string(), "outside_scope");
  EXPECT_EQ(json(other).at("details").at("message_zh").as_string(), "项目所在区县不在您的监管范围");
  EXPECT_TRUE(query_sql("SELECT 1 FROM projects WHERE code = '360403-2026-T002'").empty());

  // The demo's project of the next county, and one of Jilin: 404 like a missing one.
  for (const char* region : {"360403", "220102"}) {
    const auto rows = query_sql("SELECT id FROM projects WHERE region_code = $1 ORDER BY id",
                                {std::string(region)});
    ASSERT_FALSE(rows.empty()) << region;
    const std::string path = "/api/v1/projects/" + std::to_string(rows.front().int64(0));
    auto read = as_user(jj(), "GET", path);
    EXPECT_EQ(read.status, 404) << region << ": " << read.body;
    EXPECT_EQ(file(jj(), rows.front().int64(0), 1, a, "2026-12-01").status, 404);
    EXPECT_EQ(json(as_user(jj(), "GET", std::string("/api/v1/projects?region=") + region))
                  .at("total")
                  .as_int64(),
              0);
  }
  // Every project the county station lists is its county's.
  auto mine = json(as_user(jj(), "GET", "/api/v1/projects?limit=500"));
  EXPECT_GE(mine.at("total").as_int64(), 1);
  for (const auto& p : mine.at("items").as_array()) {
    EXPECT_EQ(p.at("region_code").as_string(), "360402");
  }
  // A lab may not enter projects at all, and sees none.
  const Session lab = sign_in("lab-jj-01", "Demo@2026lab");
  auto by_lab = as_user(lab, "POST", "/api/v1/projects",
                        boost::json::serialize(project_body("360402-2026-T003", "360402", {a})));
  EXPECT_EQ(by_lab.status, 403) << by_lab.body;
  EXPECT_EQ(json(as_user(lab, "GET", "/api/v1/projects")).at("total").as_int64(), 0);
}

TEST_F(ProjectsTest, JJ_4_2_RegistrationChecksSitePartiesAndAssignability) {
  const std::int64_t ready = witness(jj(), kJjLab);
  const std::int64_t unauthorised = witness(jj(), kJjLab, false);
  ASSERT_GT(ready * unauthorised, 0);
  auto refused = [&](boost::json::object body, const std::string& field) {
    auto r = as_user(jj(), "POST", "/api/v1/projects", boost::json::serialize(body));
    EXPECT_EQ(r.status, 422) << field << ": " << r.body;
    return r.status == 422 ? json(r).at("details").as_object() : boost::json::object{};
  };
  auto body = project_body("360402-2026-T004", "360402", {ready});
  body["site"].as_object()["radius_m"] = 5;
  EXPECT_EQ(refused(body, "radius").at("fields").at("site.radius_m").as_string(),
            "10 to 5000 metres");
  body = project_body("360402-2026-T004", "360402", {ready});
  body["site"] = {{"kind", "polygon"}, {"area", {{{"lat", 29.68}, {"lng", 116.0}}}}};
  EXPECT_TRUE(refused(body, "polygon").at("fields").as_object().contains("site.area"));
  body = project_body("360402-2026-T004", "360402", {ready});
  body["client_id"] = organisation("contractor", "360402");
  EXPECT_EQ(refused(body, "client").at("fields").at("client_id").as_string(),
            "not_a_construction_unit");
  body = project_body("360402-2026-T004", "360402", {ready});
  body["supervisor_id"] = 999999;
  EXPECT_EQ(refused(body, "supervisor").at("fields").at("supervisor_id").as_string(),
            "unknown_organisation");
  body = project_body("360402-2026-T004", "360402", {ready, unauthorised});
  const auto details = refused(body, "witness");
  EXPECT_EQ(details.at("fields").at("assignments[1].person_id").as_string(), "not_assignable");
  const auto& reasons = details.at("reasons").as_array();
  EXPECT_NE(std::find(reasons.begin(), reasons.end(), boost::json::value("no_authorisation")),
            reasons.end());
  // Nor a witness before they were trained, nor someone outside the station's people.
  body = project_body("360402-2026-T004", "360402", {ready});
  body["assignments"].as_array()[0].as_object()["starts_on"] = "2025-11-01";
  EXPECT_EQ(refused(body, "early").at("fields").at("assignments[0].person_id").as_string(),
            "not_assignable");
  const std::int64_t jilin = witness(jl(), kJlLab);
  body = project_body("360402-2026-T004", "360402", {jilin});
  EXPECT_EQ(refused(body, "foreign").at("fields").at("assignments[0].person_id").as_string(),
            "unknown_person");
  body = project_body("360402-2026-T004", "360402", {ready});
  body["code"] = "bad code!";
  EXPECT_TRUE(refused(body, "code").at("fields").as_object().contains("code"));
  EXPECT_TRUE(query_sql("SELECT 1 FROM projects WHERE code = '360402-2026-T004'").empty());
}

TEST_F(ProjectsTest, JJ_4_3_JL_2_2_TheSameReplacementIsJudgedByEachRegionsProfile) {
  auto audited = [this](const std::string& action) {
    return query_sql("SELECT 1 FROM audit_log WHERE action = $1", {action}).size();
  };
  const auto late_before = audited("change_notice.late");  // the demo's
  const auto filed_before = audited("change_notice.file");
  // Jiujiang: 3 working days in advance. Filing 2 working days before the change is late;
  // 5 before is on time.
  std::int64_t w[4];
  for (auto& x : w) {
    x = witness(jj(), kJjLab);
  }
  const auto jp = register_project(jj(), project_body("360402-2026-T010", "360402", {w[0], w[1]}));
  ASSERT_FALSE(jp.empty());
  const std::int64_t jid = jp.at("id").as_int64();
  auto late = file(jj(), jid, assignment_of(jp, w[0]), w[2], working_day(jj(), 2));
  ASSERT_EQ(late.status, 201) << late.body;
  const auto late_notice = json(late);
  EXPECT_FALSE(late_notice.at("on_time").as_bool());
  EXPECT_GE(late_notice.at("late_working_days").as_int64(), 1);
  EXPECT_EQ(late_notice.at("policy").at("profile").as_string(), "jiujiang-2024-80");
  EXPECT_EQ(late_notice.at("policy").at("version").as_string(), "2024-10-18");
  EXPECT_EQ(late_notice.at("person_out").at("id").as_int64(), w[0]);
  EXPECT_EQ(late_notice.at("receipt").at("entry").at("version").as_int64(), 1);
  auto early = file(jj(), jid, assignment_of(jp, w[1]), w[3], working_day(jj(), 5));
  ASSERT_EQ(early.status, 201) << early.body;
  EXPECT_TRUE(json(early).at("on_time").as_bool()) << early.body;
  EXPECT_EQ(json(early).at("late_working_days").as_int64(), 0);
  // The same change a day after it took effect: late in Jiujiang (in advance).
  const auto jp2 = register_project(jj(), project_body("360402-2026-T011", "360402", {w[0]}));
  ASSERT_FALSE(jp2.empty());
  auto after =
      file(jj(), jp2.at("id").as_int64(), assignment_of(jp2, w[0]), w[1], working_day(jj(), -2));
  ASSERT_EQ(after.status, 201) << after.body;
  EXPECT_FALSE(json(after).at("on_time").as_bool());

  // Jilin: within 3 working days after. 2 after is on time, 4 after is late; filing before the
  // change is on time too.
  std::int64_t v[6];
  for (auto& x : v) {
    x = witness(jl(), kJlLab);
  }
  const auto lp =
      register_project(jl(), project_body("220102-2026-T010", "220102", {v[0], v[1], v[4]}));
  ASSERT_FALSE(lp.empty());
  const std::int64_t lid = lp.at("id").as_int64();
  auto in_time = file(jl(), lid, assignment_of(lp, v[0]), v[2], working_day(jl(), -2));
  ASSERT_EQ(in_time.status, 201) << in_time.body;
  EXPECT_TRUE(json(in_time).at("on_time").as_bool()) << in_time.body;
  EXPECT_EQ(json(in_time).at("policy").at("profile").as_string(), "jilin-2026-2");
  auto too_late = file(jl(), lid, assignment_of(lp, v[1]), v[3], working_day(jl(), -4));
  ASSERT_EQ(too_late.status, 201) << too_late.body;
  EXPECT_FALSE(json(too_late).at("on_time").as_bool()) << too_late.body;
  EXPECT_GE(json(too_late).at("late_working_days").as_int64(), 1);
  auto ahead = file(jl(), lid, assignment_of(lp, v[4]), v[5], working_day(jl(), 2));
  ASSERT_EQ(ahead.status, 201) << ahead.body;
  EXPECT_TRUE(json(ahead).at("on_time").as_bool()) << ahead.body;

  // Each late notice is a violation under the version that judged it, and audited.
  const auto jview = json(as_user(jj(), "GET", "/api/v1/projects/" + std::to_string(jid)));
  ASSERT_EQ(jview.at("violations").as_array().size(), 1u);
  const auto& violation = jview.at("violations").at(0);
  EXPECT_EQ(violation.at("kind").as_string(), "late_change_notice");
  EXPECT_EQ(violation.at("subject").as_string(),
            "change_notice " + std::to_string(late_notice.at("id").as_int64()));
  EXPECT_EQ(violation.at("policy").at("profile").as_string(), "jiujiang-2024-80");
  EXPECT_EQ(violation.at("details").at("timing").as_string(), "in_advance");
  EXPECT_EQ(jview.at("change_notices").as_array().size(), 2u);
  // The replaced witness's assignment ended when the change took effect; the new one starts then.
  for (const auto& asg : jview.at("assignments").as_array()) {
    if (asg.at("person_id").as_int64() == w[0]) {
      EXPECT_EQ(asg.at("ends_at"), late_notice.at("effective_at"));
    }
    if (asg.at("person_id").as_int64() == w[2]) {
      EXPECT_EQ(asg.at("starts_at"), late_notice.at("effective_at"));
      EXPECT_TRUE(asg.at("ends_at").is_null());
    }
  }
  const auto lview = json(as_user(jl(), "GET", "/api/v1/projects/" + std::to_string(lid)));
  ASSERT_EQ(lview.at("violations").as_array().size(), 1u);
  EXPECT_EQ(lview.at("violations").at(0).at("policy").at("profile").as_string(), "jilin-2026-2");
  const auto summary = json(as_user(jl(), "GET", "/api/v1/projects?q=T010"));
  EXPECT_EQ(summary.at("items").at(0).at("late_notices").as_int64(), 1);
  EXPECT_EQ(query_sql("SELECT 1 FROM violations WHERE kind = 'late_change_notice' AND"
                      " project_id IN ($1, $2, $3)",
                      {jid, jp2.at("id").as_int64(), lid})
                .size(),
            3u);
  EXPECT_EQ(audited("change_notice.late"), late_before + 3);
  EXPECT_EQ(audited("change_notice.file"), filed_before + 6);
  // A replaced assignment cannot be replaced again.
  auto twice = file(jl(), lid, assignment_of(lp, v[0]), v[5], working_day(jl(), 1));
  EXPECT_EQ(twice.status, 422) << twice.body;
  EXPECT_EQ(json(twice).at("details").at("fields").at("assignment_id").as_string(), "not_open");
  // The ledger holds every version and notice, none with an ID number, and verifies.
  const auto records = query_sql(
      "SELECT record FROM registry_versions WHERE record_type IN ('project', 'change_notice')");
  EXPECT_GE(records.size(), 9u);
  for (const auto& r : records) {
    EXPECT_EQ(r.text(0).find("19880615"), std::string::npos) << r.text(0);
  }
  EXPECT_EQ(cli("ledger verify").exit_code, 0);
}

TEST_F(ProjectsTest, JL_2_2_AChangeBeforeAVersionTookEffectFallsUnderTheEarlierVersion) {
  std::int64_t v[6];
  for (auto& x : v) {
    x = witness(jl(), kJlLab);
  }
  const auto lp =
      register_project(jl(), project_body("220102-2026-T020", "220102", {v[0], v[1], v[4]}));
  ASSERT_FALSE(lp.empty());
  const std::int64_t lid = lp.at("id").as_int64();
  // The trial version runs to 2026-06-30; the formal one from 2026-07-01.
  auto trial = file(jl(), lid, assignment_of(lp, v[0]), v[2], "2026-06-30");
  ASSERT_EQ(trial.status, 201) << trial.body;
  EXPECT_EQ(json(trial).at("policy").at("version").as_string(), "2026-02-10");
  auto formal = file(jl(), lid, assignment_of(lp, v[1]), v[3], "2026-07-01");
  ASSERT_EQ(formal.status, 201) << formal.body;
  EXPECT_EQ(json(formal).at("policy").at("version").as_string(), "2026-07-01");
  // Before the profile's first version no rule applies: refused, naming the date it starts.
  auto before = file(jl(), lid, assignment_of(lp, v[4]), v[5], "2026-02-09");
  EXPECT_EQ(before.status, 422) << before.body;
  EXPECT_EQ(json(before).at("details").at("fields").at("effective_on").as_string(),
            "no_policy_in_force");
  EXPECT_EQ(json(before).at("details").at("first_effective_from").as_string(), "2026-02-10");
  // And the project shows the version in force now.
  const auto view = json(as_user(jl(), "GET", "/api/v1/projects/" + std::to_string(lid)));
  EXPECT_EQ(view.at("policy").at("version").as_string(), "2026-07-01");
  EXPECT_EQ(view.at("policy").at("witness_change").at("timing").as_string(), "after");
}

TEST_F(ProjectsTest, TheDemoHasProjectsAndANoticeOnTimeAndOneLateInEachJurisdiction) {
  auto count = [this](const std::string& sql) {
    const auto rows = query_sql(sql);
    return rows.empty() ? std::int64_t{-1} : rows.front().int64(0);
  };
  const auto projects = count("SELECT COUNT(*) FROM projects");
  EXPECT_GE(projects, 28);
  for (const char* prefix : {"3604%", "22%"}) {
    const std::string in_region =
        std::string(
            " FROM change_notices n JOIN projects p ON p.id = n.project_id"
            " WHERE p.region_code LIKE '") +
        prefix + "'";
    EXPECT_EQ(count("SELECT COUNT(*)" + in_region + " AND n.on_time = 1"), 1) << prefix;
    EXPECT_EQ(count("SELECT COUNT(*)" + in_region + " AND n.on_time = 0"), 1) << prefix;
    EXPECT_EQ(count(std::string("SELECT COUNT(*) FROM violations WHERE kind ="
                                " 'late_change_notice' AND region_code LIKE '") +
                    prefix + "'"),
              1);
  }
  // The county station finds witnesses it may assign (the web test registers a project with
  // two of them and replaces one).
  auto people = as_user(jj(), "GET", "/api/v1/people?duty=witness&limit=500");
  ASSERT_EQ(people.status, 200) << people.body;
  int assignable = 0;
  const auto found = json(people);
  for (const auto& p : found.at("items").as_array()) {
    assignable += p.at("witness").at("assignable").as_bool() ? 1 : 0;
  }
  EXPECT_GE(assignable, 4);
  restart();
  EXPECT_EQ(count("SELECT COUNT(*) FROM projects"), projects);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_notices"), 4);
  EXPECT_EQ(cli("ledger verify").exit_code, 0);
}

}  // namespace
}  // namespace lw::testing
