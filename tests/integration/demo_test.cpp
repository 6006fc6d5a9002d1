// The demo dataset a newcomer sees: loaded on first start, left alone on every later start.
#include <boost/json.hpp>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

class DemoTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }

  std::vector<std::string> column(const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& r : query_sql(sql)) {
      out.push_back(r.text(0));
    }
    return out;
  }
};

TEST_F(DemoTest, LoadedOnFirstStartOnly) {
  const auto checks = column("SELECT lab_code FROM connectivity_checks");
  EXPECT_GE(checks.size(), 5u);
  bool jiujiang = false, jilin = false;
  for (const auto& lab : checks) {
    jiujiang = jiujiang || lab.starts_with("3604");  // Jiujiang city 360400
    jilin = jilin || lab.starts_with("22");          // Jilin province 220000
  }
  EXPECT_TRUE(jiujiang && jilin) << "the demo shows both shipped jurisdictions";
  // Every lab that sent a check is registered, in its region; one is in sandbox mode.
  EXPECT_EQ(column("SELECT DISTINCT c.lab_code FROM connectivity_checks c"
                   " LEFT JOIN labs l ON l.lab_code = c.lab_code WHERE l.lab_code IS NULL"),
            std::vector<std::string>{});
  EXPECT_EQ(column("SELECT lab_code FROM labs WHERE sandbox = 1"),
            std::vector<std::string>{"360430-0002"});
  const auto labs = column("SELECT lab_code FROM labs").size();
  restart();
  EXPECT_EQ(column("SELECT lab_code FROM connectivity_checks").size(), checks.size());
  EXPECT_EQ(column("SELECT lab_code FROM labs").size(), labs);
}

// Issue 8 item 7: the Jilin institute's on-site batches, one story each, loaded once.
TEST_F(DemoTest, JL_1_3_TheOnsiteDemoTellsEachStoryOnceAndItsLedgerVerifies) {
  auto status_of = [&](const std::string& batch_no) {
    return column(
        "SELECT t.upload_status FROM onsite_tests t JOIN onsite_batches b ON b.id ="
        " t.batch_id WHERE b.batch_no = '" +
        batch_no + "' ORDER BY t.id");
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(status_of("JLJC-XC-2026-0101"), (V{"on_time", "on_time"}));
  EXPECT_EQ(status_of("JLJC-XC-2026-0102"), V{"late"});
  EXPECT_EQ(status_of("JLJC-XC-2026-0103"), V{"on_time"});
  EXPECT_EQ(status_of("JLJC-XC-2026-0104"), V{"awaiting"});  // its deadline after the clearance
  EXPECT_EQ(status_of("JLJC-XC-2026-0106"), V{"open"});
  // Locked for the late upload; 0105 waits for the scan (a minute after the start).
  EXPECT_EQ(column("SELECT b.batch_no || ' ' || l.reason FROM onsite_batch_locks l JOIN"
                   " onsite_batches b ON b.id = l.batch_id WHERE l.reason = 'onsite_upload_late'"),
            V{"JLJC-XC-2026-0102 onsite_upload_late"});
  // 0101's photos are genuine; of 0103's, the re-used, edited and off-site ones are flagged.
  EXPECT_EQ(column("SELECT p.findings FROM onsite_photos p JOIN onsite_tests t ON t.id ="
                   " p.test_id JOIN onsite_batches b ON b.id = t.batch_id WHERE b.batch_no IN"
                   " ('JLJC-XC-2026-0101', 'JLJC-XC-2026-0102') AND p.flagged = 1"),
            V{});
  const auto flagged = column(
      "SELECT p.findings FROM onsite_photos p JOIN onsite_tests t ON t.id = p.test_id JOIN"
      " onsite_batches b ON b.id = t.batch_id WHERE b.batch_no = 'JLJC-XC-2026-0103' AND"
      " p.flagged = 1 ORDER BY p.id");
  ASSERT_EQ(flagged.size(), 3u);
  EXPECT_NE(flagged[0].find("\"outside_geofence\""), std::string::npos) << flagged[0];
  EXPECT_NE(flagged[1].find("\"reused\""), std::string::npos) << flagged[1];
  EXPECT_NE(flagged[2].find("\"editing_software\""), std::string::npos) << flagged[2];
  EXPECT_EQ(column("SELECT status FROM force_majeure_filings WHERE in_time = 1 AND cleared_at IS"
                   " NOT NULL"),
            V{"pending"});
  // The capture page's account is one of the running test's testers.
  const auto person = column(
      "SELECT CAST(a.person_id AS TEXT) FROM account_people a JOIN users u ON u.id = a.user_id"
      " WHERE u.login = 'jl-tester'");
  ASSERT_EQ(person.size(), 1u);
  const auto running = column("SELECT tester_ids FROM onsite_tests WHERE upload_status = 'open'");
  ASSERT_EQ(running.size(), 1u);
  EXPECT_NE(("," + running[0] + ",").find("," + person[0] + ","), std::string::npos) << running[0];

  auto count = [&](const std::string& sql) { return query_sql(sql).front().int64(0); };
  const auto photos = count("SELECT COUNT(*) FROM onsite_photos");
  restart();
  EXPECT_EQ(count("SELECT COUNT(*) FROM onsite_batches"), 6);
  EXPECT_EQ(count("SELECT COUNT(*) FROM onsite_photos"), photos);
  EXPECT_EQ(cli("ledger verify").exit_code, 0);
}

// Issue 9: the Jiujiang centre's reports in each state, and the public facts anyone reads of
// them (with the QR's payload checked); loaded once.
TEST_F(DemoTest, JJ_3_5_TheDemoHasValidFailingRevokedAndSupersededReportsWhosePublicFactsAnswer) {
  using V = std::vector<std::string>;
  const auto states = column(
      "SELECT status || ' ' || conclusion FROM reports WHERE lab_code = '360402-0001' ORDER BY id");
  EXPECT_EQ(states,
            (V{"valid pass", "valid fail", "revoked pass", "superseded pass", "valid pass"}));
  // The on-site batch's report of the Jilin institute.
  EXPECT_EQ(column("SELECT kind || ' ' || status FROM reports WHERE lab_code = '220102-0001'"),
            V{"onsite valid"});
  for (const auto& r : query_sql("SELECT number, seal, status FROM reports ORDER BY id")) {
    const std::string number = r.text(0);
    auto facts = get("/api/v1/public/reports/" + number + "?seal=" + r.text(1));
    ASSERT_EQ(facts.status, 200) << number << " " << facts.body;
    const auto f = boost::json::parse(facts.body).as_object();
    EXPECT_EQ(f.at("number").as_string(), number);
    EXPECT_EQ(f.at("status").as_string(), r.text(2));
    EXPECT_TRUE(f.at("seal_check").at("valid").as_bool()) << facts.body;
    if (r.text(2) == "revoked") {
      EXPECT_NE(std::string(f.at("status_reason").as_string()).find("养护记录"), std::string::npos);
    }
    if (r.text(2) == "superseded") {
      EXPECT_TRUE(f.at("superseded_by").is_string()) << facts.body;
      auto newer = get("/api/v1/public/reports/" + std::string(f.at("superseded_by").as_string()));
      ASSERT_EQ(newer.status, 200);
      EXPECT_EQ(boost::json::parse(newer.body).at("supersedes").as_string(), number);
    }
    // The stamped copy is there to download.
    auto pdf = get("/api/v1/public/reports/" + number + "/pdf");
    EXPECT_EQ(pdf.status, 200) << number;
    EXPECT_TRUE(pdf.body.starts_with("%PDF-")) << number;
  }
  // Each report's test was reviewed by a second person, with no anomaly.
  EXPECT_EQ(column("SELECT t.status || ' ' || t.anomalies FROM lab_tests t JOIN report_tests rt"
                   " ON rt.test_id = t.id JOIN reports r ON r.id = rt.report_id WHERE r.number ="
                   " (SELECT MIN(number) FROM reports WHERE lab_code = '360402-0001')"),
            V{"reviewed 0"});
  restart();
  EXPECT_EQ(query_sql("SELECT COUNT(*) FROM reports").front().int64(0), 6);
  EXPECT_EQ(cli("ledger verify").exit_code, 0);
}

}  // namespace
}  // namespace lw::testing
