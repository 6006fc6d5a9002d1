#pragma once
// The specimen chain's steps (issue 6) that several test groups share: a project with a ready
// witness and sampler, label batches, samplings with their placard photo, a connected lab, its
// commission and its clerk's receipts.
#include <boost/json.hpp>

#include "core/clock.hpp"
#include "integration/registry_fixture.hpp"
#include "support/lab_signer.hpp"

namespace lw::testing {

inline constexpr char kPlacard[] = "\xFF\xD8\xFF\xE0 placard photo of the sampling (JPEG stand-in)";

class SpecimenChainTest : public RegistryTest {
 protected:
  // A project of the Jiujiang county station with a ready witness and a sampler, and the
  // witness's account signed in.
  struct Site {
    std::int64_t project = 0;
    std::int64_t witness = 0;  // people.id
    std::int64_t sampler = 0;
    Session account;
    std::vector<std::string> labels;  // a fresh batch of 6
  };

  Site site(const std::string& code, const std::string& region = "360402",
            const std::string& lab = kJjLab) {
    const Session& station = region.starts_with("22") ? jl() : jj();
    Site s;
    s.witness = witness(station, lab);
    s.sampler = witness(station, lab);
    auto body = project_body(code, region, {s.witness});
    body["assignments"].as_array().push_back(
        {{"person_id", s.sampler}, {"duty", "sampler"}, {"starts_on", kStart}});
    s.project = register_project(station, body).at("id").as_int64();
    s.account = witness_account(s.witness);
    s.labels = issue(station, s.project, 6);
    return s;
  }

  // A witness account for `person`, created by the system admin, its first password changed.
  Session witness_account(std::int64_t person) {
    const std::string login = "witness-" + std::to_string(person);
    auto made = as_user(once(sys_, "sysadmin", "Demo@2026sys", "labwatch-demo-sysadm"), "POST",
                        "/api/v1/users",
                        boost::json::serialize(boost::json::object{{"login", login},
                                                                   {"display_name", "见证员"},
                                                                   {"role", "witness"},
                                                                   {"person_id", person},
                                                                   {"password", "Witness@2026a"}}));
    EXPECT_EQ(made.status, 201) << made.body;
    Session s = sign_in(login, "Witness@2026a");
    EXPECT_EQ(as_user(s, "POST", "/api/v1/auth/password",
                      R"({"old_password":"Witness@2026a","new_password":"Witness@2026b!"})")
                  .status,
              204);
    return s;
  }

  // Issues `n` labels to `project` as station `s`; their codes.
  std::vector<std::string> issue(const Session& s, std::int64_t project, int n) {
    auto made = as_user(s, "POST", "/api/v1/projects/" + std::to_string(project) + "/label-batches",
                        boost::json::serialize(
                            boost::json::object{{"quantity", n}, {"requested_by", "contractor"}}));
    EXPECT_EQ(made.status, 201) << made.body;
    if (made.status != 201) {
      return {};
    }
    auto batch = as_user(s, "GET", made.header("location"));
    EXPECT_EQ(batch.status, 200) << batch.body;
    const auto listed = json(batch);
    std::vector<std::string> codes;
    for (const auto& l : listed.at("labels").as_array()) {
      codes.emplace_back(l.at("code").as_string());
    }
    return codes;
  }

  // The placard photo uploaded as `s`; its SHA-256.
  std::string placard(const Session& s, const std::string& tag = "") {
    const std::string photo = kPlacard + tag;
    auto up =
        request(port(), "POST", "/api/v1/blobs", photo,
                {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}, {"Content-Type", "image/jpeg"}});
    EXPECT_EQ(up.status, 201) << up.body;
    return sha256_hex(photo);
  }

  boost::json::object sampling_body(const Site& s, std::vector<std::string> labels) {
    boost::json::array codes;
    for (auto& l : labels) {
      codes.emplace_back(l);
    }
    return {{"project_id", s.project},
            {"part", "3# 楼 5 层楼板"},
            {"material", "concrete"},
            {"concrete_group", "standard_cured"},
            {"grade", "C30"},
            {"quantity", "86 m³"},
            {"specimen_count", static_cast<std::int64_t>(codes.size())},
            {"mould_count", static_cast<std::int64_t>(codes.size())},
            {"maker", {{"kind", "contractor"}, {"name", "施工单位试验员"}}},
            {"curer", {{"kind", "contractor"}, {"name", "现场标养室"}}},
            {"sampler_id", s.sampler},
            {"seal_number", "F-0012"},
            {"captured_at", format_utc(std::chrono::time_point_cast<Micros>(
                                std::chrono::system_clock::now() - std::chrono::minutes(3)))},
            {"location", {{"lat", 29.6831}, {"lng", 116.0021}, {"accuracy_m", 8}}},
            {"placard_sha256", placard(s.account)},
            {"labels", std::move(codes)}};
  }

  HttpResponse sample(const Site& s, const boost::json::object& body) {
    return as_user(s.account, "POST", "/api/v1/samplings", boost::json::serialize(body));
  }

  // A person of `lab` registered by the county station with `duties`; `certified` adds a
  // certificate valid today.
  std::int64_t lab_person(const std::string& lab, boost::json::array duties, bool certified) {
    const int n = ++people_;
    boost::json::object body{
        {"name", "检测员" + std::to_string(n)},
        {"id_number", with_check(lab.substr(0, 6) + "19900101" + std::to_string(500 + n))},
        {"phone", "139000008" + std::to_string(10 + n)},
        {"lab_code", lab},
        {"duties", std::move(duties)},
        {"trained_on", "2025-12-01"},
        {"exam", {{"state", "passed"}, {"taken_on", "2025-12-15"}}}};
    const Session& station = lab.starts_with("22") ? jl() : jj();
    auto made = as_user(station, "POST", "/api/v1/people", boost::json::serialize(body));
    EXPECT_EQ(made.status, 201) << made.body;
    const std::int64_t id = json(made).at("id").as_int64();
    if (certified) {
      EXPECT_EQ(
          as_user(
              station, "POST", "/api/v1/people/" + std::to_string(id) + "/certificates",
              R"({"kind":"检测人员上岗证","number":"SG-)" + std::to_string(n) +
                  R"(","issuer":"住建部门","valid_from":"2025-01-01","valid_until":"2099-12-31"})")
              .status,
          201);
    }
    return id;
  }

  // A piece of the lab's equipment usable today that collects automatically (or not).
  std::int64_t equipment(const std::string& lab, bool auto_collect) {
    const auto rows = query_sql(
        "SELECT id FROM equipment WHERE lab_code = $1 AND auto_collect = $2 AND"
        " verification_state <> 'rejected' AND calibrated_until >= $3 ORDER BY id",
        {lab, std::int64_t{auto_collect}, today_shanghai()});
    EXPECT_FALSE(rows.empty()) << lab;
    return rows.empty() ? 0 : rows.front().int64(0);
  }

  // Makes the demo lab `lab` connected: a key in force and a check sent just now.
  LabKey connect(const std::string& lab) {
    LabKey key = issue_key(lab);
    auto sent = as_lab(key, "POST", "/api/v1/connectivity-checks", R"({"message":"hello"})");
    EXPECT_EQ(sent.status, 201) << sent.body;
    return key;
  }

  HttpResponse commission(const Session& s, std::int64_t sampling, const std::string& lab,
                          const std::string& item = "building_materials") {
    return as_user(
        s, "POST", "/api/v1/samplings/" + std::to_string(sampling) + "/commissions",
        boost::json::serialize(boost::json::object{{"lab_code", lab}, {"test_item", item}}));
  }

  HttpResponse receive(const Session& clerk, boost::json::object body) {
    body.emplace("seal_intact", true);
    body.emplace("condition_ok", true);
    body.emplace("decision", "receive");
    return as_user(clerk, "POST", "/api/v1/receipts", boost::json::serialize(body));
  }

  const Session& clerk() { return once(clerk_, "lab-jj-01", "Demo@2026lab"); }
  std::size_t versions_of_receipts() {
    return query_sql("SELECT 1 FROM registry_versions WHERE record_type = 'specimen_receipt'")
        .size();
  }
  Session clerk_, sys_;
};

}  // namespace lw::testing
