// JJ-3.3 on a manual clock across the 2026 Spring Festival (days off Feb 15-23, Saturdays
// Feb 14 and Feb 28 working): a contract signed on Friday 2026-02-13 is due within 5 working
// days — Feb 14, 24, 25, 26, 27 — so it is on time uploaded on Feb 27 and late on Feb 28, the
// 6th working day; a test plan for Thursday 2026-02-26 is due 3 working days before — Feb 25,
// 24, then Saturday Feb 14 — so it is on time on Feb 14 and late on Feb 24. The shipped
// policies and calendar decide; both engines.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "core/metrics.hpp"
#include "labtests/lab_tests.hpp"
#include "policy/policy_files.hpp"
#include "storage/blob_records.hpp"
#include "storage/projects.hpp"
#include "support/engine_test.hpp"
#include "support/registry_rows.hpp"
#include "support/run_task.hpp"

namespace lw::labtests {
namespace {

using namespace std::chrono;

constexpr char kLab[] = "360402-0001";
const std::string kDocument(64, 'c');

Instant morning_of(domain::Date d) {
  return domain::shanghai_start_of_day(d) + hours(10);
}

class DeadlinesTest : public lw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    auto book = policy::load_policy_dir(LABWATCH_SOURCE_DIR "/policies");
    ASSERT_TRUE(book) << book.error().note;
    policies_ = std::make_unique<domain::PolicyBook>(std::move(*book));
    writer_ = std::make_unique<storage::Writer>(*db_, &metrics_);
    tests_ = std::make_unique<LabTests>(*db_, *writer_, clock_, auditor_, ledger_, *policies_);
    auto conn = db_->acquire();
    ASSERT_TRUE(conn);
    testing::insert_qualified_lab(**conn, kLab, "九江检测机构", "360402", {"building_materials"},
                                  2020y / January / 1d);
    project_ =
        testing::insert_project(**conn, "P-360402", "测试项目", "360402", {29.68, 116.0}, 100);
    const Instant long_ago = morning_of(2026y / January / 5d);
    ASSERT_TRUE(storage::upsert_blob_record(**conn, {kDocument, 100, "application/pdf", long_ago}));
    ASSERT_TRUE(storage::add_blob_holder(**conn, kDocument, {kLab, "lk_test"}, long_ago));
  }

  storage::TestContract contract(const std::string& no, domain::Date uploaded_on) {
    clock_.set(morning_of(uploaded_on));
    NewContract in;
    in.contract_no = no;
    in.project_id = project_;
    in.client = "九江市某建设单位";
    in.items = {"concrete_compression"};
    in.signed_on = 2026y / February / 13d;
    in.document_sha256 = kDocument;
    boost::asio::io_context ioc;
    auto out = lw::testing::run(ioc, tests_->upload_contract({kLab}, std::move(in), caller_));
    EXPECT_TRUE(out && *out) << (out && !*out ? (*out).error().note : "did not finish");
    return out && *out ? (**out).record : storage::TestContract{};
  }

  storage::TestPlan plan(domain::Date uploaded_on) {
    clock_.set(morning_of(uploaded_on));
    NewPlan in;
    in.project_id = project_;
    in.items = {"concrete_compression"};
    in.planned_start = 2026y / February / 26d;
    in.planned_end = 2026y / March / 6d;
    boost::asio::io_context ioc;
    auto out = lw::testing::run(ioc, tests_->upload_plan({kLab}, std::move(in), caller_));
    EXPECT_TRUE(out && *out) << (out && !*out ? (*out).error().note : "did not finish");
    return out && *out ? (**out).record : storage::TestPlan{};
  }

  std::vector<std::string> violations() {
    auto conn = db_->acquire();
    EXPECT_TRUE(conn);
    auto rows = (*conn)->query("SELECT kind, subject FROM violations ORDER BY id");
    EXPECT_TRUE(rows);
    std::vector<std::string> out;
    for (const auto& r : *rows) {
      out.push_back(r.text(0) + " " + r.text(1));
    }
    return out;
  }

  Metrics metrics_;
  std::unique_ptr<storage::Writer> writer_;
  ManualClock clock_{morning_of(2026y / February / 13d)};
  service::Auditor auditor_{std::string(32, 'a')};
  service::Ledger ledger_{{crypto::HashAlg::sm3, "ledger.test", crypto::Sm2KeyPair::generate()},
                          clock_};
  service::Caller caller_{"lk_test", "lab_system", "127.0.0.1", "req"};
  std::unique_ptr<domain::PolicyBook> policies_;
  std::unique_ptr<LabTests> tests_;
  std::int64_t project_ = 0;
};

LW_ENGINE_SUITE(DeadlinesTest);

TEST_P(DeadlinesTest, JJ_3_3_AContractOnThe5thWorkingDayAcrossSpringFestivalIsOnTime) {
  const auto c = contract("HT-5", 2026y / February / 27d);
  EXPECT_FALSE(c.late);
  ASSERT_TRUE(c.due_by);
  EXPECT_EQ(domain::format_date(*c.due_by), "2026-02-27");
  EXPECT_TRUE(violations().empty());
}

TEST_P(DeadlinesTest, JJ_3_3_AContractOnThe6thWorkingDayIsLateAndAViolation) {
  const auto c = contract("HT-6", 2026y / February / 28d);
  EXPECT_TRUE(c.late);
  EXPECT_EQ(violations(),
            std::vector<std::string>{"contract_late test_contract " + std::to_string(c.id)});
}

TEST_P(DeadlinesTest, JJ_3_3_APlanThreeWorkingDaysBeforeTheStartIsOnTimeAndLaterIsLate) {
  const auto on_time = plan(2026y / February / 14d);
  EXPECT_FALSE(on_time.late);
  ASSERT_TRUE(on_time.latest_on_time);
  EXPECT_EQ(domain::format_date(*on_time.latest_on_time), "2026-02-14");
  const auto late = plan(2026y / February / 24d);
  EXPECT_TRUE(late.late);
  EXPECT_EQ(violations(),
            std::vector<std::string>{"plan_late test_plan " + std::to_string(late.id)});
}

}  // namespace
}  // namespace lw::labtests
