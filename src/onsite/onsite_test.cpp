// The 2-hour rule of on-site tests (JL-1.3) on a manual clock, both engines, under the shipped
// Jilin profile: uploads at finish + 1 h 59 min are on time, at + 2 h 01 min late and the batch
// locked until a regulator lifts it; the scan finds a test with nothing uploaded by its deadline
// and locks its batch; force majeure filed in time moves the deadline to 2 hours after the
// clearance, filed late it changes nothing; a test is refused on an unregistered component or
// witness (JL-2.4, JL-2.2).
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "blobs/fs_blob_store.hpp"
#include "core/metrics.hpp"
#include "crypto/hash.hpp"
#include "onsite/onsite_tests.hpp"
#include "photos/photo_samples.hpp"
#include "policy/policy_files.hpp"
#include "storage/blob_records.hpp"
#include "storage/projects.hpp"
#include "support/engine_test.hpp"
#include "support/registry_rows.hpp"
#include "support/run_task.hpp"
#include "support/test_db.hpp"

namespace lw::onsite {
namespace {

using namespace std::chrono;

constexpr char kLab[] = "220102-0001";
constexpr char kComponent[] = "KZ-3F-A1";
// 2026-09-15, a Tuesday of the formal Jilin version; the test runs 08:00-10:00 Beijing time.
const Instant kStart = domain::shanghai_start_of_day(2026y / September / 15d) + hours(8);
const Instant kFinish = kStart + hours(2);

class OnsiteDeadlineTest : public lw::testing::EngineTest {
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
    onsite_ = std::make_unique<OnsiteTests>(*db_, *writer_, clock_, auditor_, ledger_, *policies_,
                                            *store_);
    auto conn = db_->acquire();
    ASSERT_TRUE(conn);
    auto& c = **conn;
    testing::insert_qualified_lab(c, kLab, "长春检测机构", "220102",
                                  {"foundation", "main_structure"}, 2025y / January / 1d);
    project_ =
        testing::insert_project(c, "JL-P-1", "长春某住宅项目", "220102", {43.88, 125.32}, 200);
    tester_ = person(c, "检测员甲", kLab, domain::Duty::tester);
    witness_ = person(c, "见证员乙", "", domain::Duty::witness);
    domain::Assignment a;
    a.project_id = project_;
    a.person_id = witness_;
    a.duty = domain::AssignmentDuty::witness;
    a.starts_at = kStart - days(30);
    ASSERT_TRUE(storage::insert_assignment(c, a, "station", kStart - days(30), std::nullopt));
    equipment_ = testing::insert_instrument(c, kLab, "回弹仪", "rebound_hammer", 2026y / June / 1d,
                                            2027y / May / 31d, false);
    clock_.set(kStart - days(1));
    ASSERT_TRUE(call(onsite_->register_component(
        domain::Scope::all(), {project_, kComponent, "三层A1柱", "3F A1"}, caller_)));
  }

  static std::int64_t person(storage::Connection& c, const std::string& name,
                             const std::string& lab, domain::Duty duty) {
    return testing::insert_person(c, name, lab, "220102", {duty}, kStart - days(30));
  }

  template <class T>
  Result<T> call(Task<Result<T>> task) {
    boost::asio::io_context ioc;
    auto out = lw::testing::run(ioc, std::move(task));
    EXPECT_TRUE(out) << "did not finish";
    return out ? std::move(*out) : Result<T>(Error("internal", "did not finish"));
  }

  // A test of a fresh batch started at kStart and finished at kFinish (the clock at kFinish).
  storage::OnsiteTest finished_test() {
    clock_.set(kStart);
    auto batch = call(onsite_->open_batch(
        kLab, {project_, "concrete_rebound", "PC-" + std::to_string(++batches_)}, caller_));
    EXPECT_TRUE(batch) << batch.error().note;
    NewTest t;
    t.batch_id = batch ? batch->record.id : 0;
    t.component_code = kComponent;
    t.equipment_id = equipment_;
    t.tester_ids = {tester_};
    t.witness_id = witness_;
    t.started_at = kStart;
    auto started = call(onsite_->start(kLab, std::move(t), caller_));
    EXPECT_TRUE(started) << started.error().note << boost::json::serialize(started.error().details);
    if (!started) {
      return {};
    }
    clock_.set(kFinish);
    auto done =
        call(onsite_->finish(kLab, started->record.test.id, {kFinish, "instrument"}, caller_));
    EXPECT_TRUE(done) << done.error().note;
    return done ? done->record.test : storage::OnsiteTest{};
  }

  TestView upload_at(const storage::OnsiteTest& t, Instant at) {
    clock_.set(at);
    Data d;
    d.readings = {{"R1", "36.2", "MPa"}, {"carbonation", "1.5", "mm"}};
    auto up = call(onsite_->upload_data(kLab, t.id, std::move(d), caller_));
    EXPECT_TRUE(up) << up.error().note;
    return up ? up->record : TestView{};
  }

  // A photo of the project's site (43.88, 125.32) taken at 09:00 Beijing time, during the
  // test, showing component kComponent; `edit` changes the spec.
  template <class Edit>
  std::string site_photo(Edit edit) {
    photos::samples::SitePhotoSpec spec;
    spec.width = 2000;
    spec.height = 1500;
    spec.date_time_original = "2026:09:15 09:00:00";
    spec.gps = domain::GeoPoint{43.8801, 125.3201};
    spec.label = kComponent;
    edit(spec);
    return photos::samples::generate_site_photo(spec);
  }
  std::string site_photo() {
    return site_photo([](auto&) {});
  }

  // The stamp the capture page sends: the test's tester, instrument and component.
  Stamp stamp() const {
    Stamp s;
    s.tester_id = tester_;
    s.equipment_id = equipment_;
    s.component_code = kComponent;
    s.device = "phone-1";
    return s;
  }

  // `jpeg` stored as a blob the lab sent, then attached to test `t` with `s`: its findings.
  std::vector<std::string> upload_photo(const storage::OnsiteTest& t, const std::string& jpeg,
                                        const Stamp& s) {
    auto writer = store_->begin();
    EXPECT_TRUE(writer);
    EXPECT_TRUE((*writer)->write(jpeg));
    auto ref = (*writer)->commit();
    EXPECT_TRUE(ref);
    {
      auto conn = db_->acquire();
      EXPECT_TRUE(conn);
      EXPECT_TRUE(storage::upsert_blob_record(
          **conn,
          {ref->sha256, static_cast<std::int64_t>(jpeg.size()), "image/jpeg", clock_.now()}));
      EXPECT_TRUE(
          storage::add_blob_holder(**conn, ref->sha256, {kLab, caller_.actor}, clock_.now()));
    }
    auto added = call(onsite_->add_photo(kLab, t.id, {ref->sha256, s}, caller_));
    EXPECT_TRUE(added) << added.error().note;
    std::vector<std::string> kinds;
    if (added) {
      const auto findings = boost::json::parse(added->record.photo.findings);
      for (const auto& f : findings.as_array()) {
        kinds.emplace_back(f.at("kind").as_string());
      }
    }
    return kinds;
  }

  static bool has(const std::vector<std::string>& kinds, const std::string& kind) {
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
  }

  BatchView batch_of(const storage::OnsiteTest& t) {
    auto b = onsite_->get_batch(domain::Scope::all(), t.batch_id);
    EXPECT_TRUE(b);
    return b ? *b : BatchView{};
  }

  std::vector<std::string> violations(const storage::OnsiteTest& t) {
    auto conn = db_->acquire();
    EXPECT_TRUE(conn);
    auto rows = (*conn)->query("SELECT kind FROM violations WHERE subject = $1 ORDER BY id",
                               storage::params({"onsite_test " + std::to_string(t.id)}));
    EXPECT_TRUE(rows);
    std::vector<std::string> out;
    for (const auto& r : *rows) {
      out.push_back(r.text(0));
    }
    return out;
  }

  Metrics metrics_;
  lw::testing::TempDir dir_;
  std::unique_ptr<storage::Writer> writer_;
  std::unique_ptr<blobs::FsBlobStore> store_;
  ManualClock clock_{kStart};
  service::Auditor auditor_{std::string(32, 'a')};
  service::Ledger ledger_{{crypto::HashAlg::sm3, "ledger.test", crypto::Sm2KeyPair::generate()},
                          clock_};
  service::Caller caller_{"lk_test", "lab_system", "127.0.0.1", "req"};
  service::Caller regulator_{"regulator-jl", "regulator", "127.0.0.1", "req"};
  std::unique_ptr<domain::PolicyBook> policies_;
  std::unique_ptr<OnsiteTests> onsite_;
  std::int64_t project_ = 0, tester_ = 0, witness_ = 0, equipment_ = 0;
  int batches_ = 0;
};

LW_ENGINE_SUITE(OnsiteDeadlineTest);

TEST_P(OnsiteDeadlineTest, JL_1_3_DataAtFinishPlus1h59IsOnTime) {
  const auto t = finished_test();
  ASSERT_TRUE(t.due_at);
  EXPECT_EQ(*t.due_at, kFinish + hours(2));
  const auto v = upload_at(t, kFinish + hours(1) + minutes(59));
  EXPECT_EQ(v.test.upload_status, "awaiting");  // on time, photos still to come
  EXPECT_TRUE(violations(t).empty());
  EXPECT_FALSE(batch_of(t).batch.lock);
}

TEST_P(OnsiteDeadlineTest,
       JL_1_3_DataAtFinishPlus2h01IsLateAndLocksTheBatchUntilARegulatorUnlocks) {
  const auto t = finished_test();
  const auto v = upload_at(t, kFinish + hours(2) + minutes(1));
  EXPECT_EQ(v.test.upload_status, "late");
  EXPECT_EQ(violations(t), std::vector<std::string>{"onsite_upload_late"});
  const auto locked = batch_of(t);
  ASSERT_TRUE(locked.batch.lock);
  EXPECT_EQ(locked.batch.lock->reason, "onsite_upload_late");
  EXPECT_EQ(locked.batch.lock->test_id, t.id);
  // A second late upload adds nothing.
  upload_at(t, kFinish + hours(3));
  EXPECT_EQ(violations(t).size(), 1u);
  // Only with a reason; then audited and kept in the history.
  EXPECT_FALSE(call(onsite_->unlock(domain::Scope::all(), t.batch_id, "", regulator_)));
  auto unlocked =
      call(onsite_->unlock(domain::Scope::all(), t.batch_id, "约谈后已补齐资料", regulator_));
  ASSERT_TRUE(unlocked) << unlocked.error().note;
  EXPECT_FALSE(unlocked->record.batch.lock);
  ASSERT_EQ(unlocked->record.locks.size(), 1u);
  EXPECT_EQ(unlocked->record.locks[0].unlocked_by, "regulator-jl");
  EXPECT_EQ(unlocked->record.locks[0].unlock_reason, "约谈后已补齐资料");
  auto conn = db_->acquire();
  ASSERT_TRUE(conn);
  auto audited = (*conn)->query(
      "SELECT actor FROM audit_log WHERE action = 'onsite_batch.unlock' AND target = $1",
      storage::params({"onsite_batch/" + std::to_string(t.batch_id)}));
  ASSERT_TRUE(audited);
  ASSERT_EQ(audited->size(), 1u);
  EXPECT_EQ(audited->front().text(0), "regulator-jl");
}

TEST_P(OnsiteDeadlineTest, JL_1_3_TheScanLocksABatchWithNothingUploadedByTheDeadline) {
  const auto t = finished_test();
  clock_.set(kFinish + hours(2));  // the last instant on time: nothing yet
  auto early = call(onsite_->scan_deadlines());
  ASSERT_TRUE(early);
  EXPECT_EQ(early->missed, 0);
  clock_.set(kFinish + hours(2) + minutes(1));
  auto scanned = call(onsite_->scan_deadlines());
  ASSERT_TRUE(scanned) << scanned.error().note;
  EXPECT_EQ(scanned->missed, 1);
  EXPECT_EQ(violations(t), std::vector<std::string>{"onsite_upload_missed"});
  const auto b = batch_of(t);
  ASSERT_TRUE(b.batch.lock);
  EXPECT_EQ(b.batch.lock->reason, "onsite_upload_missed");
  // Scanning again finds nothing new; the re-upload (补传) is its own violation.
  auto again = call(onsite_->scan_deadlines());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->missed, 0);
  upload_at(t, kFinish + hours(4));
  EXPECT_EQ(violations(t), (std::vector<std::string>{"onsite_upload_missed", "onsite_reupload"}));
}

TEST_P(OnsiteDeadlineTest, JL_1_3_ForceMajeureInTimeMovesTheDeadlineTo2hAfterTheClearance) {
  for (const auto& [upload, late] :
       {std::pair{hours(6) + minutes(30), false}, std::pair{hours(7) + minutes(30), true}}) {
    const auto t = finished_test();
    clock_.set(kFinish + hours(1) + minutes(30));
    auto filed =
        call(onsite_->file_force_majeure(kLab, t.id, {"现场停电，采集仪无法上传", ""}, caller_));
    ASSERT_TRUE(filed) << filed.error().note;
    EXPECT_TRUE(filed->record.in_time);
    // Before the clearance the deadline is open: the scan leaves the test alone.
    clock_.set(kFinish + hours(3));
    ASSERT_TRUE(call(onsite_->scan_deadlines()));
    EXPECT_TRUE(violations(t).empty());
    clock_.set(kFinish + hours(5) + minutes(10));
    auto cleared =
        call(onsite_->report_cleared(kLab, filed->record.id, kFinish + hours(5), caller_));
    ASSERT_TRUE(cleared) << cleared.error().note;
    const auto v = upload_at(t, kFinish + upload);
    EXPECT_EQ(v.test.upload_status == "late", late);
    ASSERT_TRUE(v.test.due_at);
    EXPECT_EQ(*v.test.due_at, kFinish + hours(7));
    EXPECT_EQ(violations(t).empty(), !late);
  }
}

TEST_P(OnsiteDeadlineTest, JL_1_3_ForceMajeureFiledAfter2hDoesNotExtend) {
  const auto t = finished_test();
  clock_.set(kFinish + hours(2) + minutes(30));
  auto filed = call(onsite_->file_force_majeure(kLab, t.id, {"网络中断", ""}, caller_));
  ASSERT_TRUE(filed) << filed.error().note;
  EXPECT_FALSE(filed->record.in_time);
  clock_.set(kFinish + hours(3));
  ASSERT_TRUE(call(onsite_->report_cleared(kLab, filed->record.id, kFinish + hours(3), caller_)));
  const auto v = upload_at(t, kFinish + hours(4));
  EXPECT_EQ(v.test.upload_status, "late");
  EXPECT_EQ(*v.test.due_at, kFinish + hours(2));
}

TEST_P(OnsiteDeadlineTest, JL_1_3_ARejectedFilingGivesBackTheNormalDeadline) {
  const auto t = finished_test();
  clock_.set(kFinish + hours(1));
  auto filed = call(onsite_->file_force_majeure(kLab, t.id, {"设备故障", ""}, caller_));
  ASSERT_TRUE(filed);
  upload_at(t, kFinish + hours(3));  // extended: not late yet
  EXPECT_TRUE(violations(t).empty());
  clock_.set(kFinish + hours(4));
  auto rejected = call(
      onsite_->decide(domain::Scope::all(), filed->record.id, {false, "停电记录不符"}, regulator_));
  ASSERT_TRUE(rejected) << rejected.error().note;
  EXPECT_EQ(rejected->record.status, "rejected");
  EXPECT_EQ(violations(t), std::vector<std::string>{"onsite_upload_late"});
  EXPECT_TRUE(batch_of(t).batch.lock);
}

TEST_P(OnsiteDeadlineTest, JL_2_4_JL_2_2_AnUnregisteredComponentOrWitnessIsRefused) {
  clock_.set(kStart);
  auto batch = call(onsite_->open_batch(kLab, {project_, "concrete_rebound", "PC-X"}, caller_));
  ASSERT_TRUE(batch);
  NewTest t;
  t.batch_id = batch->record.id;
  t.component_code = "KZ-UNKNOWN";
  t.equipment_id = equipment_;
  t.tester_ids = {tester_};
  t.witness_id = tester_;  // a tester, not the project's witness
  t.started_at = kStart;
  auto refused = call(onsite_->start(kLab, std::move(t), caller_));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "onsite_refused");
  EXPECT_EQ(boost::json::serialize(refused.error().details.at("reasons")),
            R"(["component_unknown","witness_not_registered"])");
}

TEST_P(OnsiteDeadlineTest, JL_1_3_AGenuinePhotoOfTheTestHasNoFindingAndCompletesTheUpload) {
  const auto t = finished_test();
  upload_at(t, kFinish + minutes(30));
  clock_.set(kFinish + minutes(40));
  EXPECT_TRUE(upload_photo(t, site_photo(), stamp()).empty());
  auto v = onsite_->get_test(domain::Scope::all(), t.id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->test.upload_status, "on_time");
  EXPECT_EQ(v->test.photos, 1);
  EXPECT_EQ(v->test.flagged_photos, 0);
  ASSERT_EQ(v->photos.size(), 1u);
  EXPECT_EQ(v->photos[0].captured_at_source, "exif");
  EXPECT_FALSE(v->photos[0].thumb_sha256.empty());
}

TEST_P(OnsiteDeadlineTest, JL_1_3_PhotosOffSiteOutOfTimeOrOfAnotherComponentAreFlagged) {
  const auto t = finished_test();
  clock_.set(kFinish + minutes(10));
  // 2.2 km north of the site.
  EXPECT_EQ(upload_photo(t, site_photo([](auto& s) {
                           s.gps = domain::GeoPoint{43.90, 125.32};
                         }),
                         stamp()),
            std::vector<std::string>{"outside_geofence"});
  // At 14:00, four hours after the test.
  EXPECT_EQ(upload_photo(t, site_photo([](auto& s) {
                           s.scene_seed = 2;
                           s.date_time_original = "2026:09:15 14:00:00";
                         }),
                         stamp()),
            std::vector<std::string>{"time_outside_window"});
  // Stamped with another component's id.
  auto other = stamp();
  other.component_code = "KZ-9F-C3";
  EXPECT_EQ(upload_photo(t, site_photo([](auto& s) { s.scene_seed = 3; }), other),
            std::vector<std::string>{"component_mismatch"});
  // Without EXIF (a messaging app) and without a stamp: the five facts are missing.
  const auto bare = upload_photo(t, site_photo([](auto& s) {
                                   s.scene_seed = 4;
                                   s.exif = false;
                                 }),
                                 Stamp{});
  for (const char* kind : {"missing_time", "missing_location", "missing_tester",
                           "missing_instrument", "missing_component"}) {
    EXPECT_TRUE(has(bare, kind)) << kind;
  }
  auto v = onsite_->get_test(domain::Scope::all(), t.id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->test.flagged_photos, 4);
}

TEST_P(OnsiteDeadlineTest,
       JL_1_3_APhotoReusedResizedRecompressedOrCroppedIsCaughtASecondShotIsNot) {
  namespace s = photos::samples;
  const auto first = finished_test();
  clock_.set(kFinish + minutes(10));
  const std::string original = site_photo([](auto& p) { p.scene_seed = 77; });
  EXPECT_TRUE(upload_photo(first, original, stamp()).empty());
  // Another test (another batch) of the same day sends the picture again, altered.
  const auto second = finished_test();
  clock_.set(kFinish + minutes(20));
  EXPECT_TRUE(has(upload_photo(second, original, stamp()), "reused"));
  EXPECT_TRUE(has(upload_photo(second, s::resize_jpeg(original, 0.5), stamp()), "reused"));
  EXPECT_TRUE(has(upload_photo(second, s::recompress_jpeg(original, 70), stamp()), "reused"));
  EXPECT_TRUE(has(upload_photo(second, s::crop_jpeg(original, 0.05), stamp()), "reused"));
  // A second shot of the same scene is another photo.
  const auto third = finished_test();
  clock_.set(kFinish + minutes(30));
  EXPECT_FALSE(has(upload_photo(third, site_photo([](auto& p) {
                                  p.scene_seed = 77;
                                  p.shot = 1;
                                }),
                                stamp()),
                   "reused"));
}

TEST_P(OnsiteDeadlineTest, JL_1_3_AnEditedPhotoShowsItsSoftwareAndItsStaleThumbnail) {
  const auto t = finished_test();
  clock_.set(kFinish + minutes(10));
  const auto kinds = upload_photo(
      t, photos::samples::edit_photo(site_photo([](auto& p) { p.scene_seed = 5; })), stamp());
  EXPECT_TRUE(has(kinds, "editing_software"));
  EXPECT_TRUE(has(kinds, "thumbnail_mismatch"));
}

}  // namespace
}  // namespace lw::onsite
