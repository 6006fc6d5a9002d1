#pragma once
// A server test on the demo dataset with the registry steps several test groups share: sign in
// the county stations, register an assignable witness, pick the demo's organisations, register
// a project (issue 5 item 6; used by the specimen chain tests of issue 6).
#include <boost/json.hpp>

#include <chrono>
#include <cstdio>

#include "integration/server_fixture.hpp"

namespace lw::testing {

inline boost::json::object json(const HttpResponse& r) {
  return boost::json::parse(r.body).as_object();
}

// A valid resident ID number from its first 17 digits (GB 11643 MOD 11-2 check).
inline std::string with_check(const std::string& first17) {
  static const int weights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    sum += (first17[i] - '0') * weights[i];
  }
  return first17 + "10X98765432"[sum % 11];
}

inline std::string today_shanghai() {
  using namespace std::chrono;
  const year_month_day d{floor<days>(system_clock::now() + hours(8))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

inline constexpr char kJjLab[] = "360402-0001";
inline constexpr char kJlLab[] = "220102-0001";
inline constexpr char kStart[] = "2026-01-05";  // before both profiles' dates under test

class RegistryTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }

  const Session& jj() { return once(jj_, "jj-station", "Demo@2026st"); }
  const Session& jl() { return once(jl_, "jl-station", "Demo@2026jst"); }
  const Session& once(Session& s, const std::string& login, const std::string& password,
                      const std::string& totp_secret = "") {
    if (s.cookie.empty()) {
      s = sign_in(login, password, totp_secret);
    }
    return s;
  }
  Session jj_, jl_;

  // A witness (and sampler) of `lab`, registered by station `s` and made assignable from
  // 2025-12-15 to 2099: trained, examined, verified, certified and authorised. `ready` false
  // leaves out the written authorisation. Their id; 0 and a failed test when refused.
  std::int64_t witness(const Session& s, const std::string& lab, bool ready = true) {
    const int n = ++people_;
    const std::string region = lab.substr(0, 6);
    const std::string id = with_check(region + "19880615" + std::to_string(950 + n));
    boost::json::object body{{"name", "测试见证员" + std::to_string(n)},
                             {"id_number", id},
                             {"phone", "138000009" + std::to_string(10 + n)},
                             {"lab_code", lab},
                             {"duties", {"witness", "sampler"}},
                             {"trained_on", "2025-12-01"},
                             {"exam", {{"state", "passed"}, {"taken_on", "2025-12-15"}}}};
    auto made = as_user(s, "POST", "/api/v1/people", boost::json::serialize(body));
    EXPECT_EQ(made.status, 201) << made.body;
    if (made.status != 201) {
      return 0;
    }
    const std::int64_t person = json(made).at("id").as_int64();
    const std::string path = "/api/v1/people/" + std::to_string(person);
    EXPECT_EQ(as_user(s, "POST", path + "/verification", "{}").status, 200);
    EXPECT_EQ(
        as_user(
            s, "POST", path + "/certificates",
            R"({"kind":"见证人员证书","number":"JZ-T-)" + std::to_string(n) +
                R"(","issuer":"住建部门","valid_from":"2025-01-01","valid_until":"2099-12-31"})")
            .status,
        201);
    if (ready) {
      const std::string pdf = "%PDF-1.4\n见证授权书 " + std::to_string(n) + "\n%%EOF\n";
      auto up = request(
          port(), "POST", "/api/v1/blobs", pdf,
          {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}, {"Content-Type", "application/pdf"}});
      EXPECT_EQ(up.status, 201) << up.body;
      EXPECT_EQ(as_user(s, "POST", path + "/authorisation",
                        R"({"sha256":")" + sha256_hex(pdf) + R"(","valid_until":"2099-12-31"})")
                    .status,
                200);
    }
    return person;
  }

  // The first organisation of `kind` registered in `region`.
  std::int64_t organisation(const std::string& kind, const std::string& region) {
    const auto rows =
        query_sql("SELECT id FROM organisations WHERE kind = $1 AND region_code = $2 ORDER BY id",
                  {kind, region});
    EXPECT_FALSE(rows.empty()) << kind << " in " << region;
    return rows.empty() ? 0 : rows.front().int64(0);
  }

  boost::json::object project_body(const std::string& code, const std::string& region,
                                   const std::vector<std::int64_t>& witnesses) {
    boost::json::array assignments;
    for (auto w : witnesses) {
      assignments.push_back({{"person_id", w}, {"duty", "witness"}, {"starts_on", kStart}});
    }
    const bool jilin = region.starts_with("22");
    return {{"code", code},
            {"name", jilin ? "南关区测试项目" : "濂溪区测试项目 3# 楼"},
            {"address", jilin ? "长春市南关区人民大街 1 号" : "九江市濂溪区十里大道 88 号"},
            {"region_code", region},
            {"site",
             {{"kind", "circle"},
              {"centre", {{"lat", jilin ? 43.861 : 29.683}, {"lng", jilin ? 125.327 : 116.002}}},
              {"radius_m", 150}}},
            {"client_id", organisation("construction_unit", region)},
            {"contractor_id", organisation("contractor", region)},
            {"supervisor_id", organisation("supervision_company", region)},
            {"assignments", std::move(assignments)}};
  }

  // Registers a project as `s`; the answer's body (empty and a failed test when refused).
  boost::json::object register_project(const Session& s, const boost::json::object& body) {
    auto r = as_user(s, "POST", "/api/v1/projects", boost::json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json(r) : boost::json::object{};
  }

  int people_ = 0;
};

}  // namespace lw::testing
