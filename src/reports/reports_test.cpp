// Reports on a manual clock, both engines, under the shipped Jiujiang profile: a report agreeing
// with the reviewed data is numbered, sealed and stamped; a figure that differs, a locked
// batch, a specimen received without a QR label when the notice's dates say it may not be
// reported, an instrument whose calibration ran out — each is refused with its own reason;
// 50 concurrent issues of one lab get 50 numbers with no gap; a revocation shows in the public
// facts at once.
#include <gtest/gtest.h>

#include <set>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "blobs/fs_blob_store.hpp"
#include "core/metrics.hpp"
#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "labtests/lab_tests.hpp"
#include "labtests/test_record.hpp"
#include "nonconforming/entries.hpp"
#include "policy/policy_files.hpp"
#include "print/label_sheet.hpp"
#include "reports/reports.hpp"
#include "seal/seal.hpp"
#include "service/ledger_records.hpp"
#include "storage/blob_records.hpp"
#include "storage/lab_tests.hpp"
#include "storage/nonconforming.hpp"
#include "storage/onsite.hpp"
#include "storage/specimens.hpp"
#include "support/engine_test.hpp"
#include "support/registry_rows.hpp"
#include "support/run_task.hpp"
#include "support/test_db.hpp"

namespace lw::reports {
namespace {

using namespace std::chrono;

constexpr char kLab[] = "360402-0007";
// 2026-03-10 10:00 Beijing time: tests ran on 03-09.
const Instant kNow = domain::shanghai_start_of_day(2026y / March / 10d) + hours(10);
const Instant kTested = domain::shanghai_start_of_day(2026y / March / 9d) + hours(9);

class ReportIssueTest : public lw::testing::EngineTest {
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
    auto store = blobs::FsBlobStore::open(dir_.path());
    ASSERT_TRUE(store);
    store_ = std::move(*store);
    reports_ = std::make_unique<Reports>(*db_, *writer_, clock_, auditor_, ledger_, *policies_,
                                         ReportSetup{&key_, store_.get()});
    auto conn = db_->acquire();
    ASSERT_TRUE(conn);
    auto& c = **conn;
    testing::insert_qualified_lab(c, kLab, "九江市建设工程质量检测中心", "360402",
                                  {"building_materials", "main_structure"}, 2024y / January / 1d);
    project_ = testing::insert_project(c, "JJ-P-1", "九江某住宅项目", "360402", {29.7, 116.0}, 200);
    tester_ = person(c, "检测员甲", {domain::Duty::tester});
    reviewer_ = person(c, "复核员乙", {domain::Duty::tester});
    approver_ = person(c, "技术负责人丙", {domain::Duty::technical_lead});
    quality_ = person(c, "质量负责人丁", {domain::Duty::quality_lead});
    equipment_ = equipment(c, "压力试验机", 2025y / June / 1d, 2026y / May / 31d);
    pdf_ = pdf("report");
  }

  static std::int64_t person(storage::Connection& c, const std::string& name,
                             std::vector<domain::Duty> duties) {
    return testing::insert_person(c, name, kLab, "360402", std::move(duties), kNow - days(400));
  }

  static std::int64_t equipment(storage::Connection& c, const std::string& name, domain::Date from,
                                domain::Date until) {
    return testing::insert_instrument(c, kLab, name, "press", from, until, true);
  }

  // A real PDF (a label sheet) sent by the lab as a blob; its SHA-256.
  std::string pdf(const std::string& title) {
    print::LabelSheet sheet;
    sheet.title = "检测报告 " + title;
    sheet.labels.push_back({"7KQ2-M9XD-4TRB-T", "http://127.0.0.1/q/7KQ2M9XD4TRBT"});
    auto bytes = print::label_sheet_pdf(sheet);
    EXPECT_TRUE(bytes);
    auto w = store_->begin();
    EXPECT_TRUE(w);
    EXPECT_TRUE((*w)->write(*bytes));
    auto ref = (*w)->commit();
    EXPECT_TRUE(ref);
    auto conn = db_->acquire();
    EXPECT_TRUE(storage::upsert_blob_record(
        **conn, {ref->sha256, static_cast<std::int64_t>(ref->size), "application/pdf", kNow}));
    EXPECT_TRUE(storage::add_blob_holder(**conn, ref->sha256, {kLab, caller_.actor}, kNow));
    return ref->sha256;
  }

  // A reviewed concrete test of three received specimens, 35.24 MPa each (group 35.2).
  std::int64_t reviewed_test(std::optional<std::int64_t> equipment = std::nullopt,
                             const std::string& conclusion = "pass") {
    auto conn = db_->acquire();
    auto& c = **conn;
    const std::string prefix = "T" + std::to_string(++tests_);
    storage::LabTest t;
    t.lab_code = kLab;
    t.region_code = "360402";
    t.project_id = project_;
    t.sampling_id = 1;
    t.item = "concrete_compression";
    t.standard = "GB/T 50081-2019";
    t.grade = "C30";
    t.equipment_id = equipment.value_or(equipment_);
    t.tester_id = tester_;
    t.acquisition = "auto";
    t.status = "reviewed";
    t.version = 1;
    t.conclusion = conclusion;
    t.started_at = kTested;
    t.received_at = kTested;
    t.finished_at = kTested + minutes(5);
    t.updated_at = kTested;
    t.started_by = "lk_test";
    domain::TestData data;
    data.item = domain::TestItem::concrete_compression;
    data.grade = "C30";
    for (int i = 0; i < 3; ++i) {
      domain::SpecimenData s;
      s.label_code = prefix + "-" + std::to_string(i);
      s.strength_mpa = 35.24;
      data.specimens.push_back(s);
      t.labels.push_back(s.label_code);
      storage::SpecimenReceipt r;
      r.lab_code = kLab;
      r.region_code = "360402";
      r.label_code = s.label_code;
      r.received = true;
      r.seal_intact = r.condition_ok = true;
      r.received_by = "clerk";
      r.received_at = kTested - hours(1);
      EXPECT_TRUE(storage::insert_receipt(c, r));
    }
    data.group_strength_mpa = 35.2;
    data.conclusion = domain::parse_conclusion(conclusion);
    auto id = storage::insert_test(c, t);
    EXPECT_TRUE(id);
    boost::json::object record{{"status", "finished"},
                               {"results", labtests::results_json(data, {})},
                               {"reason", "finished"}};
    EXPECT_TRUE(service::record_registry_version(
        c, ledger_, {labtests::kTestType, std::to_string(*id), kLab, record, "lk_test", kTested}));
    return *id;
  }

  NewReport report_of(std::int64_t test_id) {
    NewReport r;
    r.kind = "lab";
    r.project_id = project_;
    r.title = "混凝土抗压强度检测报告";
    r.tests = {test_id};
    domain::PrintedResults printed;
    printed.test_id = test_id;
    for (int i = 0; i < 3; ++i) {
      printed.specimens.push_back({"T" + std::to_string(tests_) + "-" + std::to_string(i), 35.2,
                                   std::nullopt, std::nullopt});
    }
    printed.group_strength_mpa = 35.2;
    printed.conclusion = domain::Conclusion::pass;
    r.results = {printed};
    r.equipment = {equipment_};
    r.conclusion = domain::ReportConclusion::pass;
    r.tester_id = tester_;
    r.reviewer_id = reviewer_;
    r.approver_id = approver_;
    r.tested_from = r.tested_to = 2026y / March / 9d;
    r.pdf_sha256 = pdf_;
    return r;
  }

  template <class T>
  Result<T> call(Task<Result<T>> task) {
    boost::asio::io_context ioc;
    auto out = lw::testing::run(ioc, std::move(task));
    EXPECT_TRUE(out) << "did not finish";
    return out ? std::move(*out) : Result<T>(Error("internal", "did not finish"));
  }

  Result<service::Receipted<ReportView>> issue(NewReport r) {
    return call(reports_->issue(kLab, std::move(r), caller_, "http://127.0.0.1:8080"));
  }

  static std::vector<std::string> reasons(const Error& e) {
    std::vector<std::string> out;
    if (const auto* r = e.details.if_contains("reasons")) {
      for (const auto& v : r->as_array()) {
        out.emplace_back(v.as_string());
      }
    }
    return out;
  }

  Metrics metrics_;
  lw::testing::TempDir dir_;
  std::unique_ptr<storage::Writer> writer_;
  std::unique_ptr<blobs::FsBlobStore> store_;
  ManualClock clock_{kNow};
  service::Auditor auditor_{std::string(32, 'a')};
  service::Ledger ledger_{{crypto::HashAlg::sm3, "ledger.test", crypto::Sm2KeyPair::generate()},
                          clock_};
  crypto::Sm2KeyPair key_ = crypto::Sm2KeyPair::generate();
  service::Caller caller_{"lk_test", "lab_system", "127.0.0.1", "req"};
  std::unique_ptr<domain::PolicyBook> policies_;
  std::unique_ptr<Reports> reports_;
  std::int64_t project_ = 0, tester_ = 0, reviewer_ = 0, approver_ = 0, quality_ = 0;
  std::int64_t equipment_ = 0;
  std::string pdf_;
  int tests_ = 0;
};

LW_ENGINE_SUITE(ReportIssueTest);

TEST_P(ReportIssueTest, JJ_3_5_AReportAgreeingWithTheReviewedDataIsNumberedSealedAndStamped) {
  auto issued = issue(report_of(reviewed_test()));
  ASSERT_TRUE(issued) << issued.error().note << boost::json::serialize(issued.error().details);
  const auto& r = issued->record.report;
  EXPECT_EQ(r.number, "360402-0007-2026-CL-000001");
  EXPECT_EQ(r.status, "valid");
  EXPECT_EQ(r.category, "building_materials");
  EXPECT_EQ(r.material, "concrete");
  EXPECT_FALSE(r.stamped_sha256.empty());
  EXPECT_TRUE(store_->local_path(r.stamped_sha256));
  // The seal: this report's number, time and digests, signed with the platform's key.
  auto seal = seal::parse_seal(r.seal);
  ASSERT_TRUE(seal);
  EXPECT_TRUE(seal::verify_seal(*seal, key_.public_key()));
  EXPECT_EQ(seal->facts.number, r.number);
  EXPECT_EQ(to_hex(seal->facts.pdf_sm3), r.pdf_sm3);
  EXPECT_EQ(to_hex(seal->facts.content_sm3), r.content_sm3);
  EXPECT_EQ(r.content_sm3, to_hex(crypto::digest(crypto::HashAlg::sm3, r.content)));
  // The public facts.
  auto facts = reports_->public_facts(r.number);
  ASSERT_TRUE(facts);
  const auto o = boost::json::parse(*facts).as_object();
  EXPECT_EQ(o.at("status"), "valid");
  EXPECT_EQ(o.at("lab").at("name"), "九江市建设工程质量检测中心");
  EXPECT_EQ(o.at("pdf").at("stamped_sha256").as_string(), r.stamped_sha256);
  // The next one of the year is 2.
  auto next = issue(report_of(reviewed_test()));
  ASSERT_TRUE(next) << next.error().note;
  EXPECT_EQ(next->record.report.number, "360402-0007-2026-CL-000002");
}

TEST_P(ReportIssueTest, JJ_3_5_AFigureThatDiffersFromTheReviewedDataIsRefused) {
  auto r = report_of(reviewed_test());
  r.results[0].specimens[1].strength_mpa = 36.1;
  auto refused = issue(std::move(r));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::report_refused);
  EXPECT_EQ(reasons(refused.error()), std::vector<std::string>{"result_mismatch"});
  const auto& m = refused.error().details.at("mismatches").as_array();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].at("field"), "strength_mpa");
  EXPECT_EQ(m[0].at("printed"), "36.1");
  EXPECT_EQ(m[0].at("recorded"), "35.24");
}

TEST_P(ReportIssueTest, JJ_3_5_ATestNotReviewedIsRefused) {
  const auto id = reviewed_test();
  {
    auto conn = db_->acquire();
    ASSERT_TRUE((*conn)->query("UPDATE lab_tests SET status = 'finished' WHERE id = $1",
                               storage::params({id})));
  }
  auto refused = issue(report_of(id));
  ASSERT_FALSE(refused);
  EXPECT_EQ(reasons(refused.error()), std::vector<std::string>{"test_not_reviewed"});
}

TEST_P(ReportIssueTest, JL_1_3_AReportOfALockedBatchIsRefused) {
  std::int64_t batch_id = 0;
  {
    auto conn = db_->acquire();
    auto& c = **conn;
    storage::OnsiteBatch b;
    b.lab_code = kLab;
    b.region_code = "360402";
    b.project_id = project_;
    b.item = "concrete_rebound";
    b.category = "main_structure";
    b.batch_no = "PC-1";
    b.created_by = "lk_test";
    b.created_at = kTested - hours(1);
    auto id = storage::insert_batch(c, b);
    ASSERT_TRUE(id && *id);
    batch_id = **id;
    storage::OnsiteTest t;
    t.batch_id = batch_id;
    t.lab_code = kLab;
    t.region_code = "360402";
    t.project_id = project_;
    t.item = "concrete_rebound";
    t.component_id = 1;
    t.component_code = "KZ-1";
    t.equipment_id = equipment_;
    t.tester_ids = {tester_};
    t.witness_id = 1;
    t.started_at = kTested;
    t.finished_at = kTested + hours(1);
    t.upload_status = "late";
    t.received_at = t.updated_at = kTested;
    t.created_by = "lk_test";
    auto test = storage::insert_onsite_test(c, t);
    ASSERT_TRUE(test);
    ASSERT_TRUE(storage::lock_batch(c, batch_id, "onsite_upload_late", *test, kTested + hours(4)));
  }
  NewReport r;
  r.kind = "onsite";
  r.project_id = project_;
  r.title = "回弹法检测混凝土抗压强度报告";
  r.onsite_batch_id = batch_id;
  r.conclusion = domain::ReportConclusion::pass;
  r.tester_id = tester_;
  r.reviewer_id = reviewer_;
  r.approver_id = approver_;
  r.tested_from = r.tested_to = 2026y / March / 9d;
  r.pdf_sha256 = pdf_;
  auto refused = issue(r);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::report_refused);
  EXPECT_EQ(reasons(refused.error()), std::vector<std::string>{"batch_locked"});
  // Unlocked by a regulator, the same report is issued, under the on-site category.
  {
    auto conn = db_->acquire();
    auto batch = storage::find_batch(**conn, domain::Scope::all(), batch_id);
    ASSERT_TRUE(batch && *batch && (*batch)->lock);
    auto lock = *(*batch)->lock;
    lock.unlocked_by = "regulator";
    lock.unlocked_at = kNow;
    lock.unlock_reason = "补传完成";
    ASSERT_TRUE(storage::unlock_batch(**conn, lock));
  }
  auto issued = issue(r);
  ASSERT_TRUE(issued) << issued.error().note << boost::json::serialize(issued.error().details);
  EXPECT_EQ(issued->record.report.number, "360402-0007-2026-ZT-000001");
}

TEST_P(ReportIssueTest, JJ_4_1_ASpecimenWithoutAQrLabelInvalidatesAReportAfterTheDates) {
  // Received without a label on 2024-12-10, before the QR rule (a warning then); a report of
  // it issued on 2025-01-02, after "reports not made under the notice are invalid".
  std::int64_t receipt = 0;
  {
    auto conn = db_->acquire();
    storage::SpecimenReceipt r;
    r.lab_code = kLab;
    r.region_code = "360402";
    r.received = true;
    r.seal_intact = r.condition_ok = true;
    r.description = "混凝土试块 3 块（无标识）";
    r.received_by = "clerk";
    r.received_at = domain::shanghai_start_of_day(2024y / December / 10d) + hours(9);
    auto id = storage::insert_receipt(**conn, r);
    ASSERT_TRUE(id);
    receipt = *id;
  }
  clock_.set(domain::shanghai_start_of_day(2025y / January / 2d) + hours(10));
  pdf_ = pdf("2025");
  // A test of that day, whose specimen came in unlabelled.
  const auto test = reviewed_test();
  {
    auto conn = db_->acquire();
    const auto day = domain::shanghai_start_of_day(2024y / December / 12d) + hours(9);
    ASSERT_TRUE(
        (*conn)->query("UPDATE lab_tests SET started_at = $2, finished_at = $2 WHERE id = $1",
                       storage::params({test, to_micros(day)})));
  }
  auto with_test = report_of(test);
  with_test.unlabelled_receipts = {receipt};
  with_test.tested_from = with_test.tested_to = 2024y / December / 12d;
  auto equipment_then = [&] {
    auto conn = db_->acquire();
    return equipment(**conn, "旧压力机", 2024y / January / 1d, 2025y / December / 31d);
  }();
  with_test.equipment = {equipment_then};
  {
    auto conn = db_->acquire();
    ASSERT_TRUE((*conn)->query("UPDATE lab_tests SET equipment_id = $2 WHERE id = $1",
                               storage::params({test, equipment_then})));
  }
  auto refused2 = issue(with_test);
  ASSERT_FALSE(refused2);
  EXPECT_EQ(reasons(refused2.error()), std::vector<std::string>{"specimen_without_qr"});
  // Issued before 2025-01-01 (on 2024-12-20) the same specimen was acceptable.
  clock_.set(domain::shanghai_start_of_day(2024y / December / 20d) + hours(10));
  auto before = issue(with_test);
  ASSERT_TRUE(before) << before.error().note << boost::json::serialize(before.error().details);
  EXPECT_EQ(before->record.report.number, "360402-0007-2024-CL-000001");
}

TEST_P(ReportIssueTest, ALabReportWithoutATestIsAShapeErrorAndTakesNoNumber) {
  auto r = report_of(reviewed_test());
  r.tests.clear();
  r.results.clear();
  auto refused = issue(r);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::invalid_argument);
  auto issued = issue(report_of(reviewed_test()));
  ASSERT_TRUE(issued) << issued.error().note;
  EXPECT_EQ(issued->record.report.number, "360402-0007-2026-CL-000001");
}

TEST_P(ReportIssueTest, JL_1_1_AnInstrumentWhoseCalibrationRanOutIsRefused) {
  std::int64_t expired = 0;
  {
    auto conn = db_->acquire();
    expired = equipment(**conn, "过期试验机", 2025y / January / 1d, 2026y / February / 28d);
  }
  auto r = report_of(reviewed_test());
  r.equipment.push_back(expired);
  auto refused = issue(r);
  ASSERT_FALSE(refused);
  EXPECT_EQ(reasons(refused.error()), std::vector<std::string>{"equipment_expired"});
}

TEST_P(ReportIssueTest, EveryReasonIsNamedAtOnce) {
  std::int64_t expired = 0;
  {
    auto conn = db_->acquire();
    expired = equipment(**conn, "过期试验机", 2025y / January / 1d, 2026y / February / 28d);
  }
  auto r = report_of(reviewed_test());
  r.results[0].conclusion = domain::Conclusion::fail;
  r.equipment.push_back(expired);
  r.approver_id = tester_;  // not a technical or quality lead
  auto refused = issue(r);
  ASSERT_FALSE(refused);
  EXPECT_EQ(reasons(refused.error()),
            (std::vector<std::string>{"equipment_expired", "person_not_valid", "result_mismatch"}));
}

TEST_P(ReportIssueTest, JJ_3_5_FiftyConcurrentIssuesOfOneLabGetFiftyNumbersWithoutAGap) {
  constexpr int kReports = 50;
  std::vector<NewReport> inputs;
  for (int i = 0; i < kReports; ++i) {
    inputs.push_back(report_of(reviewed_test()));
  }
  boost::asio::io_context ioc;
  std::vector<std::optional<Result<service::Receipted<ReportView>>>> out(kReports);
  for (int i = 0; i < kReports; ++i) {
    boost::asio::co_spawn(
        ioc,
        [&, i]() -> Task<void> {
          auto r = co_await reports_->issue(kLab, std::move(inputs[static_cast<std::size_t>(i)]),
                                            caller_, "http://127.0.0.1:8080");
          out[static_cast<std::size_t>(i)].emplace(std::move(r));
        },
        boost::asio::detached);
  }
  ioc.run();
  std::set<std::string> numbers;
  for (auto& o : out) {
    ASSERT_TRUE(o && *o) << (o ? (*o).error().note : "did not finish");
    numbers.insert((**o).record.report.number);
  }
  ASSERT_EQ(numbers.size(), static_cast<std::size_t>(kReports));
  int expected = 1;
  for (const auto& n : numbers) {
    const auto parsed = domain::parse_report_number(n);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->sequence, expected++);
  }
}

TEST_P(ReportIssueTest, JJ_3_5_RevocationShowsInThePublicFactsAtOnce) {
  auto issued = issue(report_of(reviewed_test()));
  ASSERT_TRUE(issued) << issued.error().note;
  const auto id = issued->record.report.id;
  const auto number = issued->record.report.number;
  // From the lab, only with its quality lead's approval.
  auto unapproved = call(reports_->revoke(domain::Scope::of_lab(kLab), id,
                                          {"数据录入错误", approver_}, true, caller_));
  ASSERT_FALSE(unapproved);
  EXPECT_EQ(unapproved.error().code, errc::approver_not_quality);
  auto revoked = call(
      reports_->revoke(domain::Scope::of_lab(kLab), id, {"数据录入错误", quality_}, true, caller_));
  ASSERT_TRUE(revoked) << revoked.error().note;
  EXPECT_EQ(revoked->record.report.status, "revoked");
  ASSERT_EQ(revoked->record.changes.size(), 1u);
  EXPECT_EQ(revoked->record.changes[0].approver_id, quality_);
  const auto facts = boost::json::parse(*reports_->public_facts(number)).as_object();
  EXPECT_EQ(facts.at("status"), "revoked");
  EXPECT_EQ(facts.at("status_reason"), "数据录入错误");
  auto again =
      call(reports_->revoke(domain::Scope::all(), id, {"再次撤销", std::nullopt}, false, caller_));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, errc::conflict);
}

TEST_P(ReportIssueTest, JJ_3_5_ACorrectionSupersedesTheOldReportWithTheNewerNumber) {
  auto first = issue(report_of(reviewed_test()));
  ASSERT_TRUE(first) << first.error().note;
  auto correction = report_of(reviewed_test());
  correction.supersedes = first->record.report.number;
  correction.reason = "委托单位名称更正";
  auto second = issue(correction);
  ASSERT_TRUE(second) << second.error().note << boost::json::serialize(second.error().details);
  EXPECT_EQ(second->record.report.supersedes_id, first->record.report.id);
  const auto old = boost::json::parse(*reports_->public_facts(first->record.report.number));
  EXPECT_EQ(old.at("status"), "superseded");
  EXPECT_EQ(old.at("superseded_by").as_string(), second->record.report.number);
  const auto newer = boost::json::parse(*reports_->public_facts(second->record.report.number));
  EXPECT_EQ(newer.at("supersedes").as_string(), first->record.report.number);
  // A superseded report is not corrected twice.
  auto third = report_of(reviewed_test());
  third.supersedes = first->record.report.number;
  third.reason = "再次更正";
  auto refused = issue(third);
  ASSERT_FALSE(refused);
  EXPECT_EQ(reasons(refused.error()), std::vector<std::string>{"supersedes_unknown"});
}

TEST_P(ReportIssueTest, JJ_3_6_AFailingReportEntersTheLedgerAndIsNotifiedToClientAndStation) {
  auto r = report_of(reviewed_test(std::nullopt, "fail"));
  r.results[0].conclusion = domain::Conclusion::fail;
  r.conclusion = domain::ReportConclusion::fail;
  auto issued = issue(r);
  ASSERT_TRUE(issued) << issued.error().note << boost::json::serialize(issued.error().details);
  auto conn = db_->acquire();
  auto& c = **conn;
  auto entries = storage::list_nonconforming(c, domain::Scope::all(), {}, storage::Page{0, 10});
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->items.size(), 1u);
  const auto& e = entries->items[0];
  EXPECT_EQ(e.source, "report");
  EXPECT_EQ(e.report_id, issued->record.report.id);
  EXPECT_EQ(e.material, "concrete");
  EXPECT_EQ(e.status, "open");
  ASSERT_TRUE(e.notice_id);
  auto recipients = c.query(
      "SELECT recipient_kind, recipient_id FROM notice_recipients WHERE notice_id = $1"
      " ORDER BY recipient_kind",
      storage::params({*e.notice_id}));
  ASSERT_TRUE(recipients);
  ASSERT_EQ(recipients->size(), 2u);
  EXPECT_EQ((*recipients)[0].text(0), "organisation");
  EXPECT_EQ((*recipients)[0].text(1), "1");  // the project's client
  EXPECT_EQ((*recipients)[1].text(0), "region");
  EXPECT_EQ((*recipients)[1].text(1), "360402");
  // A retest of the failed test moves the entry on.
  auto entered = nonconforming::enter(c, ledger_,
                                      {kLab,
                                       false,
                                       "360402",
                                       project_,
                                       "concrete",
                                       "concrete_compression",
                                       "C30",
                                       *issued->record.tests.begin(),
                                       std::nullopt,
                                       "test_reported",
                                       {}},
                                      "lk_test", kNow);
  ASSERT_TRUE(entered);
  ASSERT_TRUE(*entered);
  ASSERT_TRUE(
      nonconforming::note_retest(c, ledger_, *issued->record.tests.begin(), 999, "lk_test", kNow));
  auto retest = storage::nonconforming_of_test(c, *issued->record.tests.begin());
  ASSERT_TRUE(retest && *retest);
  EXPECT_EQ((*retest)->status, "retest");
  EXPECT_EQ((*retest)->retest_id, 999);
  // The same test is not entered twice.
  auto again = nonconforming::enter(c, ledger_,
                                    {kLab,
                                     false,
                                     "360402",
                                     project_,
                                     "concrete",
                                     "concrete_compression",
                                     "C30",
                                     *issued->record.tests.begin(),
                                     std::nullopt,
                                     "test_reported",
                                     {}},
                                    "lk_test", kNow);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
}

TEST_P(ReportIssueTest, JL_3_3_StatisticsCountIssuedPassedFailedAndRevoked) {
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(issue(report_of(reviewed_test())));
  }
  auto failing = report_of(reviewed_test(std::nullopt, "fail"));
  failing.results[0].conclusion = domain::Conclusion::fail;
  failing.conclusion = domain::ReportConclusion::fail;
  auto failed = issue(failing);
  ASSERT_TRUE(failed) << failed.error().note;
  ASSERT_TRUE(call(reports_->revoke(domain::Scope::all(), failed->record.report.id,
                                    {"数据错误", std::nullopt}, false, caller_)));
  const auto day = 2026y / March / 10d;
  auto by_lab =
      reports_->stats(domain::Scope::of_region("360400"), storage::StatsGroup::lab, day, day, "");
  ASSERT_TRUE(by_lab) << by_lab.error().note;
  ASSERT_EQ(by_lab->size(), 1u);
  EXPECT_EQ((*by_lab)[0].key, kLab);
  EXPECT_EQ((*by_lab)[0].issued, 3);
  EXPECT_EQ((*by_lab)[0].passed, 2);
  EXPECT_EQ((*by_lab)[0].failed, 1);
  EXPECT_EQ((*by_lab)[0].revoked, 1);
  auto by_month = reports_->stats(domain::Scope::of_lab(kLab), storage::StatsGroup::month,
                                  2026y / January / 1d, day, "3604");
  ASSERT_TRUE(by_month);
  ASSERT_EQ(by_month->size(), 1u);
  EXPECT_EQ((*by_month)[0].key, "2026-03");
  // Another region sees nothing.
  auto other = reports_->stats(domain::Scope::of_region("220000"), storage::StatsGroup::region, day,
                               day, "");
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

}  // namespace
}  // namespace lw::reports
