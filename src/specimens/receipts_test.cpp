// JJ-4.1 on the days around Jiujiang's date, on a manual clock: a sample that comes to the lab
// without a QR label is received with a warning kept in its record on 2024-12-15, refused on
// 2024-12-16, and received without either under Jilin's profile, which sets no date. The shipped
// policy profiles decide; both engines.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "core/metrics.hpp"
#include "policy/policy_files.hpp"
#include "specimens/chain.hpp"
#include "storage/projects.hpp"
#include "support/engine_test.hpp"
#include "support/registry_rows.hpp"
#include "support/run_task.hpp"

namespace lw::specimens {
namespace {

using namespace std::chrono;

// 10:00 Asia/Shanghai on `d`.
Instant morning_of(domain::Date d) {
  return domain::shanghai_start_of_day(d) + hours(10);
}

class UnlabelledReceiptTest : public lw::testing::EngineTest {
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
    chain_ = std::make_unique<Chain>(*db_, *writer_, clock_, auditor_, ledger_, *policies_);
    auto conn = db_->acquire();
    ASSERT_TRUE(conn);
    for (auto [lab, region] : {std::pair{"360402-0001", "360402"}, {"220102-0001", "220102"}}) {
      testing::insert_qualified_lab(**conn, lab, std::string("检测机构 ") + lab, region,
                                    {"building_materials"}, 2020y / January / 1d);
      const auto id = testing::insert_project(**conn, std::string("P-") + region, "测试项目",
                                              region, {29.68, 116.0}, 100);
      projects_[region] = id;
      domain::Assignment a;
      a.project_id = id;
      a.person_id = kWitness;
      a.starts_at = morning_of(2024y / January / 1d);
      ASSERT_TRUE(storage::insert_assignment(**conn, a, "test", a.starts_at, std::nullopt));
    }
  }

  storage::SpecimenReceipt receive(const std::string& lab, const std::string& region,
                                   domain::Date on) {
    clock_.set(morning_of(on));
    NewReceipt in;
    in.project_id = projects_[region];
    in.description = "C30 试块 3 块，无二维码";
    in.witness_id = kWitness;
    in.seal_intact = in.condition_ok = true;
    boost::asio::io_context ioc;
    auto out = lw::testing::run(ioc, chain_->receive({lab, "收样员"}, std::move(in), {}));
    EXPECT_TRUE(out && *out) << (out && !*out ? (*out).error().note : "did not finish");
    return out && *out ? (**out).record.receipt : storage::SpecimenReceipt{};
  }

  static constexpr std::int64_t kWitness = 7;
  Metrics metrics_;
  std::unique_ptr<storage::Writer> writer_;
  ManualClock clock_{from_micros(1'734'000'000'000'000)};
  service::Auditor auditor_{std::string(32, 'a')};
  service::Ledger ledger_{{crypto::HashAlg::sm3, "ledger.test", crypto::Sm2KeyPair::generate()},
                          clock_};
  std::unique_ptr<domain::PolicyBook> policies_;
  std::unique_ptr<Chain> chain_;
  std::map<std::string, std::int64_t> projects_;
};

LW_ENGINE_SUITE(UnlabelledReceiptTest);

TEST_P(UnlabelledReceiptTest, JJ_4_1_TheDayBeforeJiujiangsDateItIsReceivedWithAWarning) {
  const auto r = receive("360402-0001", "360402", 2024y / December / 15d);
  EXPECT_TRUE(r.received);
  EXPECT_EQ(r.warnings, std::vector<std::string>{"no_label_before_rule"});
  // The warning is in the stored record, not only in the answer.
  auto conn = db_->acquire();
  ASSERT_TRUE(conn);
  auto rows = (*conn)->query("SELECT outcome, warnings FROM specimen_receipts WHERE id = $1",
                             storage::params({r.id}));
  ASSERT_TRUE(rows && rows->size() == 1);
  EXPECT_EQ(rows->front().text(0), "received");
  EXPECT_EQ(rows->front().text(1), "no_label_before_rule");
}

TEST_P(UnlabelledReceiptTest, JJ_4_1_OnJiujiangsDateAndAfterItIsRefused) {
  for (domain::Date d : {domain::Date{2024y / December / 16d}, domain::Date{2025y / March / 3d}}) {
    const auto r = receive("360402-0001", "360402", d);
    EXPECT_FALSE(r.received) << domain::format_date(d);
    EXPECT_EQ(r.reasons, std::vector<std::string>{"no_label"});
  }
}

TEST_P(UnlabelledReceiptTest, JJ_4_1_UnderJilinsProfileItIsReceivedOnThoseDaysToo) {
  for (domain::Date d : {domain::Date{2024y / December / 15d}, domain::Date{2024y / December / 16d},
                         domain::Date{2026y / November / 21d}}) {
    const auto r = receive("220102-0001", "220102", d);
    EXPECT_TRUE(r.received) << domain::format_date(d);
    EXPECT_TRUE(r.warnings.empty());
  }
}

}  // namespace
}  // namespace lw::specimens
