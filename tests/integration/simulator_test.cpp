// The testing-machine simulator (agent/lw-sim, issue 7 item 9) run as a program against the
// real demo server, as scripts/run starts it: with the demo labs' keys it tests every specimen
// group awaiting test — started, readings streamed, finished, reviewed by a second certified
// person — and the faults it injects come back as violations; with --onsite it plays the
// on-site testers (issue 8). Run once per engine.
#include <cstdio>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

class SimulatorTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }

  // `lw-sim ARGS` against the server with the demo keys; its exit status.
  int simulate(const std::string& args) {
    const std::string command = std::string(LW_SIM_BINARY) +
                                " --url http://127.0.0.1:" + std::to_string(port()) + " --keys '" +
                                (db_.dir() / "data" / "demo-lab-keys.json").string() + "' " + args +
                                " --quiet 2>&1";
    FILE* p = ::popen(command.c_str(), "r");
    if (!p) {
      return -1;
    }
    char buf[4096];
    while (std::fgets(buf, sizeof buf, p)) {
      output_ += buf;
    }
    return WEXITSTATUS(::pclose(p));
  }

  std::int64_t count(const std::string& sql) { return query_sql(sql).front().int64(0); }

  std::string output_;
};

TEST_F(SimulatorTest, Issue7_TheSimulatorTestsTheDemoSpecimensLiveAndItsFaultsAreFound) {
  const auto groups = count(
      "SELECT COUNT(DISTINCT l.sampling_id) FROM specimen_receipts r JOIN labels l ON"
      " l.code = r.label_code WHERE r.outcome = 'received' AND r.lab_code = '360402-0001'");
  ASSERT_GE(groups, 8);
  ASSERT_EQ(simulate("--once --speed 400 --faults 1 --seed 11"), 0) << output_;
  // Every group was tested once, on readings streamed chunk by chunk, and reviewed.
  EXPECT_EQ(count("SELECT COUNT(*) FROM lab_tests WHERE lab_code = '360402-0001'"), groups)
      << output_;
  EXPECT_EQ(count("SELECT COUNT(*) FROM lab_tests WHERE status <> 'reviewed' AND acquisition ="
                  " 'auto'"),
            0)
      << output_;
  EXPECT_GT(count("SELECT COUNT(*) FROM lab_test_readings"), groups * 10);
  EXPECT_EQ(count("SELECT COUNT(*) FROM lab_test_reviews WHERE verdict = 'confirm'"),
            count("SELECT COUNT(*) FROM lab_tests WHERE status = 'reviewed'"));
  // A fault in every test: what the platform found.
  EXPECT_GT(count("SELECT COUNT(*) FROM violations WHERE kind IN ('data_anomaly', 'curve_reused',"
                  " 'manual_replaces_auto')"),
            0)
      << output_;
  // Nothing is left awaiting a test at the lab.
  auto awaiting =
      as_lab(issue_key("360402-0001"), "GET", "/api/v1/lab-api/specimens?state=awaiting_test");
  ASSERT_EQ(awaiting.status, 200) << awaiting.body;
  EXPECT_NE(awaiting.body.find("\"items\":[]"), std::string::npos) << awaiting.body;
}

// Issue 8 item 7: lw-sim --onsite, as scripts/run starts it, learns the Jilin institute's project,
// witness and site from the demo's on-site tests, opens a batch and does four tests — column
// marked, started, two photos generated with EXIF, finished, data uploaded — and the platform
// flags its faults (one in each test with --faults 1, in turns).
TEST_F(SimulatorTest, JL_1_3_TheOnsiteSimulatorUploadsTestsAndPhotosAndItsFaultsAreFlagged) {
  const std::string sim_tests =
      "SELECT COUNT(*) FROM onsite_tests t JOIN onsite_batches b ON b.id = t.batch_id WHERE"
      " b.batch_no LIKE 'SIM-%' AND b.lab_code = '220102-0001'";
  const std::string sim_photos =
      "SELECT COUNT(*) FROM onsite_photos p JOIN onsite_tests t ON t.id = p.test_id JOIN"
      " onsite_batches b ON b.id = t.batch_id WHERE b.batch_no LIKE 'SIM-%'";
  ASSERT_EQ(count("SELECT COUNT(*) FROM onsite_batches WHERE lab_code = '220102-0001'"), 6);
  ASSERT_EQ(simulate("--onsite --once --speed 10000 --interval 0 --faults 1 --seed 7"), 0)
      << output_;
  EXPECT_EQ(count(sim_tests), 4) << output_;
  // Every test finished; all but a missed one (nothing uploaded) sent data and two photos.
  const std::string uploaded = sim_tests + " AND t.data_received_at IS NOT NULL";
  EXPECT_EQ(count(sim_tests + " AND t.finished_at IS NULL"), 0);
  EXPECT_GE(count(uploaded), 3) << output_;
  EXPECT_EQ(count(uploaded + " AND t.photos = 2"), count(uploaded));
  EXPECT_EQ(count(sim_photos), 2 * count(uploaded));
  // The generated photos carry their EXIF: capture time and GPS, read by exiv2.
  EXPECT_EQ(count(sim_photos + " AND p.captured_at_source = 'exif' AND p.location_source = 'exif'"),
            count(sim_photos));
  // The faults, four in a row of edited, late, re-used, off site, missed: at least two photos
  // flagged (each for what was done to it), and a late upload locks its batch.
  EXPECT_GE(count(sim_photos + " AND p.flagged = 1"), 2) << output_;
  EXPECT_EQ(count(sim_photos + " AND p.flagged = 1"),
            count(sim_photos + " AND (p.findings LIKE '%\"reused\"%' OR p.findings LIKE"
                               " '%\"editing_software\"%' OR p.findings LIKE"
                               " '%\"outside_geofence\"%')"))
      << output_;
  EXPECT_EQ(count(sim_tests + " AND t.upload_status = 'late'"),
            count("SELECT COUNT(*) FROM onsite_batch_locks l JOIN onsite_batches b ON b.id ="
                  " l.batch_id WHERE b.batch_no LIKE 'SIM-%' AND l.reason = 'onsite_upload_late'"));
}

}  // namespace
}  // namespace lw::testing
