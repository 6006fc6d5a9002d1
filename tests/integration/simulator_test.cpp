// The testing-machine simulator (agent/lw-sim, issue 7 item 9) run as a program against the
// real demo server, as scripts/run starts it: with the demo labs' keys it tests every specimen
// group awaiting test — started, readings streamed, finished, reviewed by a second certified
// person — and the faults it injects come back as violations. Run once per engine.
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

}  // namespace
}  // namespace lw::testing
