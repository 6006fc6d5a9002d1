// On-site tests (issue 8; JL-1.2, JL-1.3, JL-2.2, JL-2.4) against the real server, once per
// engine: the Jilin demo lab's system registers a component, opens a batch, starts and
// finishes a test, uploads a photo (first as a blob) and its data; a finish reported 2 h 01 min
// ago makes the upload late and locks the batch, which a station may not lift and the
// province's regulator lifts with a reason; the regulator sees the photo and its thumbnail.
#include <boost/json.hpp>

#include <ctime>

#include "integration/specimen_fixture.hpp"
#include "photos/photo_samples.hpp"

namespace lw::testing {
namespace {

using namespace std::chrono;

std::string ago(minutes m) {
  return format_utc(time_point_cast<Micros>(system_clock::now() - m));
}

class OnsiteApiTest : public SpecimenChainTest {
 protected:
  void SetUp() override {
    SpecimenChainTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    key_ = connect(kJlLab);
    site_ = site("JL-ONSITE-" + std::to_string(port()), "220102", kJlLab);
    tester_ = lab_person(kJlLab, {"tester"}, true);
    equipment_ = equipment(kJlLab, true);
    auto made = as_lab(key_, "POST",
                       "/api/v1/lab-api/projects/" + std::to_string(site_.project) + "/components",
                       R"({"code":"KZ-3F-A1","name":"三层A1柱","part":"3F A1"})");
    ASSERT_EQ(made.status, 201) << made.body;
  }

  // A test of a fresh batch, started 3 hours ago and finished `finished` ago.
  boost::json::object finished_test(const std::string& batch_no, minutes finished) {
    auto batch = as_lab(
        key_, "POST", "/api/v1/lab-api/onsite-batches",
        boost::json::serialize(boost::json::object{
            {"project_id", site_.project}, {"item", "concrete_rebound"}, {"batch_no", batch_no}}));
    EXPECT_EQ(batch.status, 201) << batch.body;
    auto started =
        as_lab(key_, "POST", "/api/v1/lab-api/onsite-tests",
               boost::json::serialize(boost::json::object{{"batch_id", json(batch).at("id")},
                                                          {"component_code", "KZ-3F-A1"},
                                                          {"equipment_id", equipment_},
                                                          {"tester_ids", {tester_}},
                                                          {"witness_id", site_.witness},
                                                          {"started_at", ago(minutes(180))},
                                                          {"finished_at", ago(finished)},
                                                          {"finish_source", "instrument"}}));
    EXPECT_EQ(started.status, 201) << started.body;
    return json(started);
  }

  // A photo of the site, taken 2 h 30 min ago (during the test), sent as a blob then attached.
  HttpResponse photo(std::int64_t test) {
    photos::samples::SitePhotoSpec spec;
    spec.width = 1200;
    spec.height = 900;
    // Beijing wall time as a camera writes it: "YYYY:MM:DD HH:MM:SS".
    const std::time_t taken =
        system_clock::to_time_t(system_clock::now() + hours(8) - minutes(150));
    std::tm tm{};
    gmtime_r(&taken, &tm);
    char buf[20];
    std::strftime(buf, sizeof buf, "%Y:%m:%d %H:%M:%S", &tm);
    spec.date_time_original = buf;
    spec.gps = domain::GeoPoint{43.861, 125.327};
    spec.label = "KZ-3F-A1";
    const std::string jpeg = photos::samples::generate_site_photo(spec);
    auto headers = signed_upload_headers(key_, "/api/v1/blobs", jpeg);
    headers["Content-Type"] = "image/jpeg";
    auto blob = request(port(), "POST", "/api/v1/blobs", jpeg, headers);
    EXPECT_EQ(blob.status, 201) << blob.body;
    return as_lab(key_, "POST", "/api/v1/lab-api/onsite-tests/" + std::to_string(test) + "/photos",
                  boost::json::serialize(boost::json::object{{"sha256", sha256_hex(jpeg)},
                                                             {"stamp",
                                                              {{"lat", 43.8612},
                                                               {"lng", 125.3271},
                                                               {"tester_id", tester_},
                                                               {"equipment_id", equipment_},
                                                               {"component_code", "KZ-3F-A1"},
                                                               {"device", "phone-1"}}}}));
  }

  LabKey key_;
  Site site_;
  std::int64_t tester_ = 0, equipment_ = 0;
};

TEST_F(OnsiteApiTest, JL_1_3_AnUploadWithin2hIsOnTimeWithItsPhotoScreened) {
  const auto test = finished_test("PC-ON-TIME", minutes(119));
  const auto id = test.at("id").as_int64();
  EXPECT_EQ(test.at("upload_status").as_string(), "awaiting");
  auto shot = photo(id);
  ASSERT_EQ(shot.status, 201) << shot.body;
  const auto p = json(shot);
  EXPECT_TRUE(p.at("on_time").as_bool());
  EXPECT_TRUE(p.at("findings").as_array().empty()) << shot.body;
  EXPECT_EQ(p.at("metadata").at("make").as_string(), "HUAWEI");
  EXPECT_TRUE(p.at("receipt").is_object());
  auto data = as_lab(key_, "POST", "/api/v1/lab-api/onsite-tests/" + std::to_string(id) + "/data",
                     R"({"readings":[{"name":"测区1回弹值","value":"36.2","unit":"MPa"}],)"
                     R"("conclusion":"pass"})");
  ASSERT_EQ(data.status, 201) << data.body;
  EXPECT_EQ(json(data).at("upload_status").as_string(), "on_time");
  // The regulator of the province sees the test, its photo and the thumbnail.
  const Session regulator = sign_in("jl-regulator", "Demo@2026jl", "labwatch-demo-jl-reg");
  auto seen = as_user(regulator, "GET", "/api/v1/onsite-tests/" + std::to_string(id));
  ASSERT_EQ(seen.status, 200) << seen.body;
  ASSERT_EQ(json(seen).at("photos").as_array().size(), 1u);
  const auto photo_id = json(seen).at("photos").at(0).at("id").as_int64();
  auto thumb = as_user(regulator, "GET",
                       "/api/v1/onsite-photos/" + std::to_string(photo_id) + "/image?size=thumb");
  ASSERT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.header("content-type"), "image/jpeg");
  EXPECT_EQ(thumb.body.substr(0, 2), "\xFF\xD8");
  // A Jiujiang regulator does not.
  const Session other = sign_in("jj-regulator", "Demo@2026jj", "labwatch-demo-jj-reg");
  EXPECT_EQ(as_user(other, "GET", "/api/v1/onsite-tests/" + std::to_string(id)).status, 404);
}

TEST_F(OnsiteApiTest, JL_1_3_AnUploadAfter2hIsLateLocksTheBatchAndOnlyARegulatorUnlocks) {
  const auto test = finished_test("PC-LATE", minutes(121));
  const auto id = test.at("id").as_int64();
  const auto batch = test.at("batch_id").as_int64();
  auto shot = photo(id);
  ASSERT_EQ(shot.status, 201) << shot.body;
  EXPECT_FALSE(json(shot).at("on_time").as_bool());
  EXPECT_EQ(json(shot).at("test").at("upload_status").as_string(), "late");
  EXPECT_EQ(json(shot).at("violations").at(0).at("kind").as_string(), "onsite_upload_late");
  const std::string target = "/api/v1/onsite-batches/" + std::to_string(batch);
  const Session regulator = sign_in("jl-regulator", "Demo@2026jl", "labwatch-demo-jl-reg");
  auto locked = as_user(regulator, "GET", target);
  ASSERT_EQ(locked.status, 200) << locked.body;
  EXPECT_TRUE(json(locked).at("locked").as_bool());
  EXPECT_EQ(json(locked).at("lock").at("reason").as_string(), "onsite_upload_late");
  // The station may not lift it; the regulator must give a reason.
  EXPECT_EQ(as_user(jl(), "POST", target + "/unlock", R"({"reason":"x"})").status, 403);
  EXPECT_EQ(as_user(regulator, "POST", target + "/unlock", "{}").status, 422);
  auto unlocked =
      as_user(regulator, "POST", target + "/unlock", R"({"reason":"已约谈，资料补齐"})");
  ASSERT_EQ(unlocked.status, 200) << unlocked.body;
  EXPECT_FALSE(json(unlocked).at("locked").as_bool());
  EXPECT_EQ(json(unlocked).at("locks").at(0).at("unlock_reason").as_string(), "已约谈，资料补齐");
  const Session auditor = sign_in("auditadmin", "Demo@2026aud", "labwatch-demo-audadm");
  auto trail = as_user(auditor, "GET", "/api/v1/audit-log?action=onsite_batch.unlock");
  EXPECT_NE(trail.body.find("jl-regulator"), std::string::npos) << trail.body.substr(0, 400);
}

TEST_F(OnsiteApiTest, JL_2_4_ATestOnAnUnregisteredComponentIsRefusedWithItsReason) {
  auto batch = as_lab(key_, "POST", "/api/v1/lab-api/onsite-batches",
                      boost::json::serialize(boost::json::object{{"project_id", site_.project},
                                                                 {"item", "concrete_rebound"},
                                                                 {"batch_no", "PC-REFUSED"}}));
  ASSERT_EQ(batch.status, 201) << batch.body;
  auto refused =
      as_lab(key_, "POST", "/api/v1/lab-api/onsite-tests",
             boost::json::serialize(boost::json::object{{"batch_id", json(batch).at("id")},
                                                        {"component_code", "KZ-NONE"},
                                                        {"equipment_id", equipment_},
                                                        {"tester_ids", {tester_}},
                                                        {"witness_id", site_.witness},
                                                        {"started_at", ago(minutes(10))}}));
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(json(refused).at("code").as_string(), "onsite_refused");
  EXPECT_EQ(boost::json::serialize(json(refused).at("details").at("reasons")),
            R"(["component_unknown"])");
  // A component code is registered once per project.
  auto again = as_lab(key_, "POST",
                      "/api/v1/lab-api/projects/" + std::to_string(site_.project) + "/components",
                      R"({"code":"KZ-3F-A1","name":"重复"})");
  EXPECT_EQ(again.status, 409) << again.body;
}

}  // namespace
}  // namespace lw::testing
