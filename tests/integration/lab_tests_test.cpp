// Lab tests (issue 7; JJ-3.3, JJ-3.4, JL-2.3) against the real server: a lab's system starts a
// test on specimens it received, streams the machine's readings — the regulator's live feed
// shows them as they come —, finishes it, and a second certified person confirms it; the
// platform recomputes, flags what disagrees and finds a curve reused for another specimen;
// changes are versions with a reason and the quality lead's approval. Run once per engine.
#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "integration/lab_tests_fixture.hpp"

namespace lw::testing {
namespace {

TEST_F(LabTestsTest, JJ_3_4_JL_2_3_ATestStreamsLiveFinishesAndIsFinalOnlyAfterASecondPerson) {
  const auto labels = received("360402-2026-T001");
  // The county regulator's live feed is open before the test starts.
  RawConnection live(port());
  ASSERT_TRUE(live.send("GET /api/v1/tests/live HTTP/1.1\r\nHost: x\r\nCookie: " + jj().cookie +
                        "\r\n\r\n"));
  const std::string head = live.read_until("retry: 3000", std::chrono::seconds(10));
  ASSERT_NE(head.find("text/event-stream"), std::string::npos) << head;

  auto started = lab_post("/api/v1/lab-api/tests", start_body(labels));
  ASSERT_EQ(started.status, 201) << started.body;
  const auto t = json(started);
  const std::int64_t id = t.at("id").as_int64();
  const std::string base = "/api/v1/tests/" + std::to_string(id);
  EXPECT_EQ(t.at("status").as_string(), "running");
  EXPECT_TRUE(t.contains("receipt"));

  // Readings in chunks per specimen; a repeated chunk is answered as before, a gap refused.
  std::vector<boost::json::value> curves;
  for (int s = 0; s < 3; ++s) {
    const auto points = cube_curve(15, 800 + 10 * s, s);
    const std::size_t half = points.size() / 2;
    boost::json::array first(points.begin(), points.begin() + half);
    boost::json::array second(points.begin() + half, points.end());
    auto sent = lab_post("/api/v1/lab-api" + base.substr(7) + "/readings",
                         {{"specimen", s}, {"seq", 0}, {"points", first}});
    ASSERT_EQ(sent.status, 202) << sent.body;
    EXPECT_TRUE(json(sent).at("stored").as_bool());
    auto again = lab_post("/api/v1/lab-api" + base.substr(7) + "/readings",
                          {{"specimen", s}, {"seq", 0}, {"points", first}});
    EXPECT_EQ(again.status, 202);
    EXPECT_FALSE(json(again).at("stored").as_bool());
    auto gap = lab_post("/api/v1/lab-api" + base.substr(7) + "/readings",
                        {{"specimen", s}, {"seq", 2}, {"points", second}});
    EXPECT_EQ(gap.status, 409) << gap.body;
    ASSERT_EQ(lab_post("/api/v1/lab-api" + base.substr(7) + "/readings",
                       {{"specimen", s}, {"seq", 1}, {"points", second}})
                  .status,
              202);
    curves.emplace_back("readings");
    (void)points;
  }
  // The live feed carried the start and the readings as they came.
  const std::string events = live.read_until("\"specimen\":2", std::chrono::seconds(10));
  EXPECT_NE(events.find("event: test"), std::string::npos) << events.substr(0, 400);
  EXPECT_NE(events.find("event: readings"), std::string::npos);
  EXPECT_NE(events.find("\"test_id\":" + std::to_string(id)), std::string::npos);

  // While it runs, the curve so far is readable.
  auto partial = as_user(jj(), "GET", base + "/curves/0");
  ASSERT_EQ(partial.status, 200) << partial.body;
  EXPECT_GT(json(partial).at("points").as_int64(), 100);

  std::vector<double> peaks;
  for (int s = 0; s < 3; ++s) {
    peaks.push_back(peak_of(cube_curve(15, 800 + 10 * s, s)));
  }
  auto finished = lab_post("/api/v1/lab-api" + base.substr(7) + "/finish",
                           {{"results", results(curves, peaks)}});
  ASSERT_EQ(finished.status, 200) << finished.body;
  const auto f = json(finished);
  EXPECT_EQ(f.at("status").as_string(), "finished");
  EXPECT_EQ(f.at("anomalies").as_int64(), 0) << f.at("data").at("anomalies");
  EXPECT_EQ(f.at("data").at("results").at("specimens").at(0).at("curve").at("points").as_int64(),
            static_cast<std::int64_t>(cube_curve(15, 800, 0).size()));

  // JL-2.3: not the tester, not an uncertified person; a second certified person.
  const std::string reviews = "/api/v1/lab-api" + base.substr(7) + "/reviews";
  auto self = lab_post(reviews, {{"reviewer_id", staff().tester}, {"verdict", "confirm"}});
  EXPECT_EQ(self.status, 403) << self.body;
  EXPECT_EQ(json(self).at("code").as_string(), "self_review");
  auto uncertified =
      lab_post(reviews, {{"reviewer_id", staff().uncertified}, {"verdict", "confirm"}});
  EXPECT_EQ(uncertified.status, 422) << uncertified.body;
  EXPECT_EQ(json(uncertified).at("code").as_string(), "reviewer_not_certified");
  EXPECT_EQ(as_user(jj(), "GET", base).body.find("\"reviewed\""), std::string::npos);
  auto confirmed = lab_post(reviews, {{"reviewer_id", staff().reviewer}, {"verdict", "confirm"}});
  ASSERT_EQ(confirmed.status, 201) << confirmed.body;
  auto page = as_user(jj(), "GET", base);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(json(page).at("status").as_string(), "reviewed");
  EXPECT_EQ(json(page).at("reviews").as_array().size(), 1u);
  const std::string finals = live.read_until("lab_test.review", std::chrono::seconds(10));
  EXPECT_NE(finals.find("lab_test.finish"), std::string::npos);

  // GB/T 50107: the reviewed group is the project's C30 lot so far, judged non-statistically.
  const auto project = json(page).at("project_id").as_int64();
  auto lot = as_user(jj(), "GET",
                     "/api/v1/lots/concrete?project_id=" + std::to_string(project) + "&grade=C30");
  ASSERT_EQ(lot.status, 200) << lot.body;
  const auto l = json(lot);
  EXPECT_EQ(l.at("tests").as_array().size(), 1u);
  EXPECT_EQ(l.at("evaluation").at("method").as_string(), "non_statistical");
  EXPECT_EQ(l.at("evaluation").at("n").as_int64(), 1);
  EXPECT_TRUE(l.at("evaluation").at("pass").as_bool()) << l;
  // Another province's station sees no group of it.
  auto other = as_user(
      jl(), "GET", "/api/v1/lots/concrete?project_id=" + std::to_string(project) + "&grade=C30");
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_TRUE(json(other).at("evaluation").is_null());
}

TEST_F(LabTestsTest, JJ_3_4_APeakThatDisagreesWithItsCurveAndARateOutsideTheBandAreAnomalies) {
  const auto labels = received("360402-2026-T002");
  // Specimen 0 reports 5 % more than its curve's peak; specimen 1 was loaded at 40 kN/s
  // (1.8 MPa/s on a 150 mm cube, far above C30's 0.5-0.8 MPa/s); specimen 2 is right.
  std::vector<boost::json::value> curves{
      boost::json::object{{"rate_hz", 50}, {"points", cube_curve(15, 800, 11)}},
      boost::json::object{{"rate_hz", 50}, {"points", cube_curve(40, 810, 12)}},
      boost::json::object{{"rate_hz", 50}, {"points", cube_curve(15, 790, 13)}}};
  const double true_peak = peak_of(curves[0].at("points").as_array());
  auto body = start_body(labels);
  body["results"] = results(curves, {true_peak * 1.05, peak_of(curves[1].at("points").as_array()),
                                     peak_of(curves[2].at("points").as_array())});
  auto made = lab_post("/api/v1/lab-api/tests", body);
  ASSERT_EQ(made.status, 201) << made.body;
  const auto t = json(made);
  EXPECT_EQ(t.at("status").as_string(), "finished");
  std::vector<std::string> kinds;
  for (const auto& a : t.at("data").at("anomalies").as_array()) {
    kinds.emplace_back(a.at("kind").as_string());
    if (a.at("kind") == "peak_load_mismatch") {
      EXPECT_EQ(a.at("specimen").as_int64(), 0);
      // Measurements go into the ledger as decimal strings.
      EXPECT_NEAR(std::stod(std::string(a.at("reported").as_string())), true_peak * 1.05, 0.01);
      EXPECT_NEAR(std::stod(std::string(a.at("recomputed").as_string())), true_peak, 0.01);
    }
    if (a.at("kind") == "loading_rate_out_of_band") {
      EXPECT_EQ(a.at("specimen").as_int64(), 1);
    }
  }
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "peak_load_mismatch"), kinds.end());
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "loading_rate_out_of_band"), kinds.end());
  EXPECT_EQ(count(violation_kinds(t.at("id").as_int64()), "data_anomaly"), 1u);
}

TEST_F(LabTestsTest, JJ_3_4_TheSameCurveForAnotherSpecimenIsFoundRescaledOrNoisy) {
  const auto first = received("360402-2026-T003");
  const auto second = received("360402-2026-T004");
  auto curve = [](double rate, double peak, int seed, double scale = 1, double noise = 0) {
    return boost::json::value(
        boost::json::object{{"points", cube_curve(rate, peak, seed, scale, noise)}});
  };
  auto a = start_body(first);
  a["results"] = results({curve(15, 800, 21), curve(14, 780, 22), curve(16, 820, 23)});
  auto made_a = lab_post("/api/v1/lab-api/tests", a);
  ASSERT_EQ(made_a.status, 201) << made_a.body;
  const auto id_a = json(made_a).at("id").as_int64();
  EXPECT_EQ(count(violation_kinds(id_a), "curve_reused"), 0u) << "different curves are no reuse";

  // The second test's specimen 0 is the first's specimen 1 rescaled by 1 %; specimen 2 is the
  // first's specimen 2 with noise of 0.5 % of the peak; specimen 1 is a curve of its own.
  auto b = start_body(second);
  b["results"] =
      results({curve(14, 780, 22, 1.01), curve(15, 800, 24), curve(16, 820, 23, 1.0, 0.005)});
  auto made_b = lab_post("/api/v1/lab-api/tests", b);
  ASSERT_EQ(made_b.status, 201) << made_b.body;
  const auto id_b = json(made_b).at("id").as_int64();
  EXPECT_EQ(count(violation_kinds(id_b), "curve_reused"), 2u);
  auto found =
      as_user(jj(), "GET",
              "/api/v1/violations?kind=curve_reused&subject=lab_test%20" + std::to_string(id_b));
  ASSERT_EQ(found.status, 200) << found.body;
  std::set<std::pair<std::int64_t, std::int64_t>> pairs;
  const auto listed = json(found);
  for (const auto& v : listed.at("items").as_array()) {
    const auto& d = v.at("details");
    EXPECT_EQ(d.at("other").at("test_id").as_int64(), id_a);
    pairs.insert({d.at("specimen").as_int64(), d.at("other").at("specimen").as_int64()});
  }
  EXPECT_EQ(pairs, (std::set<std::pair<std::int64_t, std::int64_t>>{{0, 1}, {2, 2}}));
}

TEST_F(LabTestsTest, JL_2_3_ManualEntryOnAnAutoMachineNeedsAReasonAndIsFlagged) {
  const auto labels = received("360402-2026-T005");
  auto body = start_body(labels, "manual");
  body["environment"] = {{"temperature_c", 20.5}, {"humidity_percent", 55}};
  auto refused = lab_post("/api/v1/lab-api/tests", body);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(json(refused).at("code").as_string(), "test_refused");
  EXPECT_NE(refused.body.find("manual_replaces_auto"), std::string::npos);
  // JJ-3.4: a manual item records its environment.
  auto no_env = start_body(labels, "manual");
  no_env["manual_reason"] = "采集卡故障";
  auto bare = lab_post("/api/v1/lab-api/tests", no_env);
  EXPECT_EQ(bare.status, 422) << bare.body;
  EXPECT_NE(bare.body.find("environment"), std::string::npos);

  body["manual_reason"] = "采集卡故障，已报修";
  auto made = lab_post("/api/v1/lab-api/tests", body);
  ASSERT_EQ(made.status, 201) << made.body;
  const auto id = json(made).at("id").as_int64();
  EXPECT_EQ(count(violation_kinds(id), "manual_replaces_auto"), 1u);
  // The specimens are now under test: a second test of them is refused; an uncertified tester
  // and a label never received are refused with their reasons.
  auto twice = lab_post("/api/v1/lab-api/tests", start_body(labels));
  EXPECT_EQ(twice.status, 422);
  EXPECT_NE(twice.body.find("label_already_tested"), std::string::npos);
  auto other = start_body(received("360402-2026-T006"));
  other["tester_id"] = staff().uncertified;
  auto uncertified = lab_post("/api/v1/lab-api/tests", other);
  EXPECT_EQ(uncertified.status, 422);
  EXPECT_NE(uncertified.body.find("tester_not_certified"), std::string::npos);
}

TEST_F(LabTestsTest, JJ_3_4_AChangeIsANewVersionWithReasonAndQualityApprovalBothInTheLedger) {
  const auto labels = received("360402-2026-T007");
  std::vector<boost::json::value> curves{boost::json::object{{"points", cube_curve(15, 800, 31)}},
                                         boost::json::object{{"points", cube_curve(15, 805, 32)}},
                                         boost::json::object{{"points", cube_curve(15, 795, 33)}}};
  auto body = start_body(labels);
  body["results"] = results(curves);
  auto made = lab_post("/api/v1/lab-api/tests", body);
  ASSERT_EQ(made.status, 201) << made.body;
  const auto id = json(made).at("id").as_int64();
  const std::string versions = "/api/v1/lab-api/tests/" + std::to_string(id) + "/versions";

  boost::json::object change{{"results", results(curves)}};
  auto no_reason = lab_post(versions, change);
  EXPECT_EQ(no_reason.status, 422) << no_reason.body;
  EXPECT_NE(no_reason.body.find("reason"), std::string::npos);
  change["reason"] = "试件尺寸录入错误，按原始记录更正";
  auto no_approver = lab_post(versions, change);
  EXPECT_EQ(no_approver.status, 422) << no_approver.body;
  EXPECT_NE(no_approver.body.find("approver_id"), std::string::npos);
  change["approver_id"] = staff().reviewer;  // a tester, not the quality lead
  auto not_quality = lab_post(versions, change);
  EXPECT_EQ(not_quality.status, 422) << not_quality.body;
  EXPECT_EQ(json(not_quality).at("code").as_string(), "approver_not_quality");

  change["approver_id"] = staff().quality;
  auto changed = lab_post(versions, change);
  ASSERT_EQ(changed.status, 201) << changed.body;

  auto history = as_user(jj(), "GET", "/api/v1/tests/" + std::to_string(id) + "/versions");
  ASSERT_EQ(history.status, 200) << history.body;
  const auto items = json(history).at("items").as_array();
  ASSERT_EQ(items.size(), 3u);  // started, finished, changed
  EXPECT_EQ(items[1].at("record").at("status").as_string(), "finished");
  EXPECT_EQ(items[2].at("record").at("reason").as_string(), "试件尺寸录入错误，按原始记录更正");
  EXPECT_EQ(items[2].at("record").at("approver_id").as_int64(), staff().quality);
  for (const auto& v : items) {
    const auto index = v.at("receipt").at("index").as_int64();
    auto receipt = as_lab(key(), "GET", "/api/v1/ledger/receipts/" + std::to_string(index));
    ASSERT_EQ(receipt.status, 200) << receipt.body;
    EXPECT_EQ(json(receipt).at("entry").at("version"), v.at("version"));
  }
  EXPECT_EQ(cli("ledger verify").exit_code, 0);

  // Nothing is deleted: a void is a version too, with a reason and the approver.
  auto voided = lab_post("/api/v1/lab-api/tests/" + std::to_string(id) + "/void",
                         {{"reason", "样品编号错误，作废"}, {"approver_id", staff().quality}});
  ASSERT_EQ(voided.status, 200) << voided.body;
  EXPECT_EQ(json(voided).at("status").as_string(), "voided");
  auto after = as_user(jj(), "GET", "/api/v1/tests/" + std::to_string(id) + "/versions");
  EXPECT_EQ(json(after).at("items").as_array().size(), 4u);
}

TEST_F(LabTestsTest, JJ_3_3_ContractsAndPlansAreJudgedAgainstTheirDeadlinesByTheServerClock) {
  const auto labels = received("360402-2026-T008");
  const auto project = query_sql(
                           "SELECT s.project_id FROM samplings s JOIN labels l ON"
                           " l.sampling_id = s.id WHERE l.code = $1",
                           {labels[0]})
                           .front()
                           .int64(0);
  const std::string pdf = "%PDF-1.4\n检测合同\n%%EOF\n";
  auto headers = signed_upload_headers(key(), "/api/v1/blobs", pdf);
  headers["Content-Type"] = "application/pdf";
  ASSERT_EQ(request(port(), "POST", "/api/v1/blobs", pdf, headers).status, 201);
  auto contract = [&](const std::string& no, const std::string& signed_on) {
    return lab_post("/api/v1/lab-api/contracts", {{"contract_no", no},
                                                  {"project_id", project},
                                                  {"client", "九江市某建设单位"},
                                                  {"items", {"concrete_compression"}},
                                                  {"signed_on", signed_on},
                                                  {"amount_yuan", "12000.50"},
                                                  {"document_sha256", sha256_hex(pdf)}});
  };
  auto fresh = contract("HT-2026-001", today_shanghai());
  ASSERT_EQ(fresh.status, 201) << fresh.body;
  EXPECT_FALSE(json(fresh).at("late").as_bool());
  auto old = contract("HT-2026-002", "2026-01-05");
  ASSERT_EQ(old.status, 201) << old.body;
  EXPECT_TRUE(json(old).at("late").as_bool());
  EXPECT_EQ(json(old).at("due_by").as_string(), "2026-01-12");
  auto again = contract("HT-2026-002", "2026-01-05");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(query_sql("SELECT kind FROM violations WHERE subject = $1",
                      {"test_contract " + std::to_string(json(old).at("id").as_int64())})
                .size(),
            1u);
  EXPECT_TRUE(query_sql("SELECT kind FROM violations WHERE subject = $1",
                        {"test_contract " + std::to_string(json(fresh).at("id").as_int64())})
                  .empty());

  // A test with no plan for it is flagged; a plan received today for a start today is late
  // (Jiujiang: 3 working days before); a test it covers is not flagged again.
  auto unplanned = lab_post("/api/v1/lab-api/tests", start_body(labels));
  ASSERT_EQ(unplanned.status, 201) << unplanned.body;
  const auto first_id = json(unplanned).at("id").as_int64();
  EXPECT_EQ(count(violation_kinds(first_id), "test_without_plan"), 1u);
  auto plan = lab_post("/api/v1/lab-api/test-plans", {{"project_id", project},
                                                      {"items", {"concrete_compression"}},
                                                      {"planned_start", today_shanghai()},
                                                      {"planned_end", "2099-12-31"}});
  ASSERT_EQ(plan.status, 201) << plan.body;
  EXPECT_TRUE(json(plan).at("late").as_bool());
  EXPECT_EQ(query_sql("SELECT 1 FROM violations WHERE kind = 'plan_late' AND subject = $1",
                      {"test_plan " + std::to_string(json(plan).at("id").as_int64())})
                .size(),
            1u);
  ASSERT_EQ(lab_post("/api/v1/lab-api/tests/" + std::to_string(first_id) + "/void",
                     {{"reason", "重新开始"}, {"approver_id", staff().quality}})
                .status,
            200);
  auto planned = lab_post("/api/v1/lab-api/tests", start_body(labels));
  ASSERT_EQ(planned.status, 201) << planned.body;
  EXPECT_EQ(count(violation_kinds(json(planned).at("id").as_int64()), "test_without_plan"), 0u);
  EXPECT_FALSE(json(planned).at("plan_id").is_null());

  auto listed = as_user(jj(), "GET", "/api/v1/contracts?late=true&q=HT-2026-00");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(json(listed).at("total").as_int64(), 1);
}

TEST_F(LabTestsTest, Issue7_TestsAreSeenOnlyWithinScopeAndBadInputGetsClearErrors) {
  const auto labels = received("360402-2026-T009");
  auto made = lab_post("/api/v1/lab-api/tests", start_body(labels));
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string path = "/api/v1/tests/" + std::to_string(json(made).at("id").as_int64());
  EXPECT_EQ(as_user(jj(), "GET", path).status, 200);
  EXPECT_EQ(as_user(jl(), "GET", path).status, 404);  // another province's station
  EXPECT_EQ(get(path).status, 401);
  auto jl_list = as_user(jl(), "GET", "/api/v1/tests");
  EXPECT_EQ(json(jl_list).at("total").as_int64(), 0);

  for (const auto& bad : {R"({"item":"x"})", R"({"item":"concrete_compression"})", "[]",
                          R"({"item":"concrete_compression","standard":"s","label_codes":["A"],)"
                          R"("equipment_id":1,"tester_id":1,"acquisition":"robot"})"}) {
    auto r = as_lab(key(), "POST", "/api/v1/lab-api/tests", bad);
    EXPECT_TRUE(r.status == 400 || r.status == 422) << bad << " → " << r.body;
    EXPECT_TRUE(json(r).contains("code")) << r.body;
  }
  auto readings = as_lab(key(), "POST", "/api/v1/lab-api" + path.substr(7) + "/readings",
                         R"({"specimen":0,"seq":0,"points":[[0,1],[1,"x"]]})");
  EXPECT_EQ(readings.status, 422) << readings.body;
  auto backwards = as_lab(key(), "POST", "/api/v1/lab-api" + path.substr(7) + "/readings",
                          R"({"specimen":0,"seq":0,"points":[[2,1],[1,2]]})");
  EXPECT_EQ(backwards.status, 422) << backwards.body;
  EXPECT_EQ(as_lab(key(), "POST", "/api/v1/lab-api/tests/999999/finish",
                   R"({"results":{"specimens":[{}]}})")
                .status,
            404);
}

}  // namespace
}  // namespace lw::testing
