// People of the registry (issue 5 item 4; JJ-4.3, JL-2.1, JL-2.2, JJ-3.2): registration by the
// regulator of the employer's region, ID and phone sealed at rest and masked in every answer,
// the audited unmask, a lab that cannot modify its own staff list, scope by region, the witness's
// written authorisation and the lab-side read model. Run once per engine.
#include <boost/json.hpp>

#include "integration/server_fixture.hpp"
#include "support/lab_signer.hpp"

namespace lw::testing {
namespace {

boost::json::object json(const HttpResponse& r) {
  return boost::json::parse(r.body).as_object();
}

constexpr char kLabJj[] = "360402-0001";
constexpr char kLabJl[] = "220102-0001";

// A valid resident ID number from its first 17 digits (GB 11643 MOD 11-2 check).
std::string with_check(const std::string& first17) {
  static const int weights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    sum += (first17[i] - '0') * weights[i];
  }
  return first17 + "10X98765432"[sum % 11];
}

// Fictional people: numbers made up for the tests.
const std::string kId = with_check("36040219880615123");
const std::string kPhone = "13907921234";

class PeopleTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }

  // Each account signs in once per test: a TOTP code is accepted once.
  const Session& jj_regulator() {
    return once(jj_, "jj-regulator", "Demo@2026jj", "labwatch-demo-jj-reg");
  }
  const Session& jl_regulator() {
    return once(jl_, "jl-regulator", "Demo@2026jl", "labwatch-demo-jl-reg");
  }
  const Session& sysadmin() {
    return once(sys_, "sysadmin", "Demo@2026sys", "labwatch-demo-sysadm");
  }
  const Session& once(Session& s, const std::string& login, const std::string& password,
                      const std::string& totp) {
    if (s.cookie.empty()) {
      s = sign_in(login, password, totp);
    }
    return s;
  }
  Session jj_, jl_, sys_;

  std::string person_body(const std::string& id, const std::string& phone,
                          const std::string& lab = kLabJj,
                          const std::string& name = "测试见证员甲") {
    return boost::json::serialize(boost::json::object{
        {"name", name},
        {"id_number", id},
        {"phone", phone},
        {"lab_code", lab},
        {"duties", {"witness", "sampler"}},
        {"trained_on", "2026-01-10"},
        {"exam", {{"state", "passed"}, {"taken_on", "2026-01-20"}, {"score", 88}}}});
  }

  // Registers a person as `s`; their id (0 and a failed test when refused).
  std::int64_t register_person(const Session& s, const std::string& id = kId,
                               const std::string& phone = kPhone, const std::string& lab = kLabJj) {
    auto r = as_user(s, "POST", "/api/v1/people", person_body(id, phone, lab));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json(r).at("id").as_int64() : 0;
  }
  std::string path(std::int64_t id, const std::string& tail = "") {
    return "/api/v1/people/" + std::to_string(id) + tail;
  }

  // A station user of `region`, signed in with the password changed.
  Session station(const std::string& login, const std::string& region) {
    auto made = as_user(sysadmin(), "POST", "/api/v1/users",
                        R"({"login":")" + login +
                            R"(","display_name":"质监站 测试",)"
                            R"("role":"station_staff","region_code":")" +
                            region + R"(","password":"Station@2026a"})");
    EXPECT_EQ(made.status, 201) << made.body;
    const Session s = sign_in(login, "Station@2026a");
    auto changed = as_user(s, "POST", "/api/v1/auth/password",
                           R"({"old_password":"Station@2026a","new_password":"Station@2026b!"})");
    EXPECT_EQ(changed.status, 204) << changed.body;
    return s;
  }

  // Uploads `body` as the user of `s`; the file's SHA-256.
  std::string upload(const Session& s, const std::string& body, const std::string& type) {
    auto r = request(port(), "POST", "/api/v1/blobs", body,
                     {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}, {"Content-Type", type}});
    EXPECT_EQ(r.status, 201) << r.body;
    return sha256_hex(body);
  }
};

TEST_F(PeopleTest, JJ_4_3_ARegisteredPersonIsMaskedAndAnUnmaskIsAudited) {
  const Session& reg = jj_regulator();
  auto made = as_user(reg, "POST", "/api/v1/people", person_body(kId, kPhone));
  ASSERT_EQ(made.status, 201) << made.body;
  const auto body = json(made);
  const std::int64_t id = body.at("id").as_int64();
  EXPECT_EQ(body.at("id_number").as_string(), kId.substr(0, 6) + "********" + kId.substr(14));
  EXPECT_EQ(body.at("phone").as_string(), "139****1234");
  EXPECT_TRUE(body.at("masked").as_bool());
  EXPECT_EQ(body.at("region_code").as_string(), "360402");
  EXPECT_EQ(body.at("receipt").at("entry").at("version").as_int64(), 1);

  auto list = as_user(reg, "GET", "/api/v1/people?duty=witness&q=%E8%A7%81%E8%AF%81%E5%91%98");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(json(list).at("total").as_int64(), 1);
  EXPECT_EQ(list.body.find(kId), std::string::npos);
  EXPECT_EQ(json(as_user(reg, "GET", "/api/v1/people?duty=tester&q=%E8%A7%81%E8%AF%81%E5%91%98"))
                .at("total")
                .as_int64(),
            0);

  auto clear = as_user(reg, "GET", path(id, "?unmask=true"));
  ASSERT_EQ(clear.status, 200) << clear.body;
  EXPECT_EQ(json(clear).at("id_number").as_string(), kId);
  EXPECT_EQ(json(clear).at("phone").as_string(), kPhone);
  EXPECT_FALSE(json(clear).at("masked").as_bool());
  EXPECT_EQ(clear.header("cache-control"), "no-store");

  const auto audit =
      query_sql("SELECT actor, target, details FROM audit_log WHERE action = 'person.unmask'");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].text(0), "jj-regulator");
  EXPECT_EQ(audit[0].text(1), "person/" + std::to_string(id));
  EXPECT_EQ(audit[0].text(2).find(kId), std::string::npos);
  // The system admin registers and changes people but never sees them in clear.
  EXPECT_EQ(as_user(sysadmin(), "GET", path(id)).status, 200);
  EXPECT_EQ(as_user(sysadmin(), "GET", path(id, "?unmask=true")).status, 403);
}

TEST_F(PeopleTest, PII_TheDatabaseHoldsNeitherTheIdNumberNorThePhoneInClear) {
  const std::int64_t id = register_person(jj_regulator());
  ASSERT_GT(id, 0);
  const auto rows = query_sql(
      "SELECT id_number_sealed, phone_sealed, id_number_index, phone_index, name, row_key"
      " FROM people WHERE id = $1",
      {id});
  ASSERT_EQ(rows.size(), 1u);
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string raw = rows[0].bytes(i);
    EXPECT_GE(raw.size(), 28u);  // nonce and tag around the ciphertext
    EXPECT_EQ(raw.find(kId), std::string::npos);
    EXPECT_EQ(raw.find(kPhone), std::string::npos);
    EXPECT_EQ(raw.find(kId.substr(6, 8)), std::string::npos);  // not even the birth date
  }
  for (std::size_t i = 2; i < 6; ++i) {
    EXPECT_EQ(rows[0].text(i).find(kId), std::string::npos);
    EXPECT_EQ(rows[0].text(i).find(kPhone), std::string::npos);
  }
  // The ledger's record carries the blind index, never the number.
  const auto versions = query_sql(
      "SELECT record FROM registry_versions WHERE record_type = 'person' AND record_id = $1",
      {std::to_string(id)});
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].text(0).find(kId), std::string::npos);
  EXPECT_EQ(versions[0].text(0).find(kPhone), std::string::npos);
  EXPECT_NE(versions[0].text(0).find(rows[0].text(2)), std::string::npos);
  EXPECT_EQ(cli("ledger verify").exit_code, 0);
}

TEST_F(PeopleTest, JJ_4_3_OneRegistrationPerIdNumberAndALowerCaseXIsTheSameNumber) {
  const Session& reg = jj_regulator();
  const std::string with_x = with_check("11010519491231002");  // GB 11643's worked example
  ASSERT_EQ(with_x.back(), 'X');
  const std::int64_t id = register_person(reg, with_x);
  ASSERT_GT(id, 0);
  std::string lower = with_x;
  lower.back() = 'x';
  auto again = as_user(reg, "POST", "/api/v1/people", person_body(lower, "0792-8221234"));
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(json(again).at("code").as_string(), "conflict");
  EXPECT_EQ(json(again).at("details").at("fields").at("id_number").as_string(), "taken");
  EXPECT_EQ(again.body.find("11010519491231002"), std::string::npos);
  // Found by the number, in either case, through the index.
  for (const std::string& q : {with_x, lower}) {
    auto found = as_user(reg, "GET", "/api/v1/people?id_number=" + q);
    ASSERT_EQ(found.status, 200) << found.body;
    ASSERT_EQ(json(found).at("total").as_int64(), 1);
    EXPECT_EQ(json(found).at("items").at(0).at("id").as_int64(), id);
  }
  auto none = as_user(reg, "GET", "/api/v1/people?id_number=" + kId);
  EXPECT_EQ(json(none).at("total").as_int64(), 0);
}

TEST_F(PeopleTest, JJ_4_3_AnInvalidNumberIsRefusedNamingTheFieldNeverTheNumber) {
  const Session& reg = jj_regulator();
  std::string bad_check = kId;
  bad_check.back() = bad_check.back() == '1' ? '2' : '1';
  const std::string bad_date = with_check("36040219880230123");  // 30 February
  const std::string future = with_check("36040230000101123");
  const std::string short_id = kId.substr(0, 17);
  const std::pair<std::string, std::string> cases[] = {
      {bad_check, "checksum"}, {bad_date, "date"}, {future, "date_future"}, {short_id, "length"}};
  for (const auto& [number, problem] : cases) {
    auto r = as_user(reg, "POST", "/api/v1/people", person_body(number, kPhone));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(json(r).at("code").as_string(), "invalid_argument");
    EXPECT_EQ(json(r).at("details").at("fields").at("id_number").as_string(), problem);
    EXPECT_EQ(r.body.find(number), std::string::npos) << r.body;
    auto search = as_user(reg, "GET", "/api/v1/people?id_number=" + number);
    EXPECT_EQ(search.status, 422);
    EXPECT_EQ(search.body.find(number), std::string::npos) << search.body;
  }
  auto phone = as_user(reg, "POST", "/api/v1/people", person_body(kId, "2391234567"));
  EXPECT_EQ(phone.status, 422);
  EXPECT_EQ(json(phone).at("details").at("fields").at("phone").as_string(), "format");
  EXPECT_EQ(phone.body.find("2391234567"), std::string::npos);
  EXPECT_TRUE(query_sql("SELECT id FROM people WHERE name = '测试见证员甲'").empty());
  EXPECT_EQ(server_->log().find(bad_check), std::string::npos);
}

TEST_F(PeopleTest, JJ_4_3_ALabCannotModifyItsOwnStaffList) {
  const std::int64_t own = register_person(jj_regulator());
  const std::int64_t other =
      register_person(jl_regulator(), with_check("22010219900101123"), "13604311234", kLabJl);
  ASSERT_GT(own, 0);
  ASSERT_GT(other, 0);
  const Session lab = sign_in("lab-jj-01", "Demo@2026lab");
  // Reads its own people, masked.
  auto list = as_user(lab, "GET", "/api/v1/people?limit=500");
  ASSERT_EQ(list.status, 200) << list.body;
  bool found = false;
  const auto page = json(list);
  for (const auto& item : page.at("items").as_array()) {
    EXPECT_EQ(item.at("lab_code").as_string(), kLabJj);
    found = found || item.at("id").as_int64() == own;
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(list.body.find(kId), std::string::npos);
  EXPECT_EQ(as_user(lab, "GET", path(own)).status, 200);
  // Changes nothing: every write is 403, and so is an unmask.
  EXPECT_EQ(
      as_user(lab, "POST", "/api/v1/people", person_body(with_check("36040219950101123"), kPhone))
          .status,
      403);
  EXPECT_EQ(as_user(lab, "PATCH", path(own), R"({"name":"改名","reason":"x"})").status, 403);
  EXPECT_EQ(as_user(lab, "POST", path(own, "/certificates"),
                    R"({"kind":"k","number":"n","issuer":"i","valid_from":"2025-01-01",)"
                    R"("valid_until":"2027-01-01"})")
                .status,
            403);
  EXPECT_EQ(as_user(lab, "POST", path(own, "/verification"), "{}").status, 403);
  EXPECT_EQ(as_user(lab, "POST", path(own, "/authorisation"),
                    R"({"sha256":")" + std::string(64, 'a') + "\"}")
                .status,
            403);
  EXPECT_EQ(as_user(lab, "GET", path(own, "?unmask=true")).status, 403);
  // Another lab's person does not exist for it.
  EXPECT_EQ(as_user(lab, "GET", path(other)).status, 404);
  EXPECT_EQ(
      json(as_user(lab, "GET", "/api/v1/people?lab=" + std::string(kLabJl))).at("total").as_int64(),
      0);
  EXPECT_EQ(json(as_user(jj_regulator(), "GET", path(own))).at("name").as_string(), "测试见证员甲");
}

TEST_F(PeopleTest, JJ_4_3_AStationOfAnotherRegionSeesNothingAndChangesNothing) {
  const std::int64_t id = register_person(jj_regulator());
  ASSERT_GT(id, 0);
  const Session jl = station("jl-station-01", "220000");
  EXPECT_EQ(as_user(jl, "GET", path(id)).status, 404);
  EXPECT_EQ(as_user(jl, "GET", path(id, "?unmask=true")).status, 404);
  EXPECT_EQ(as_user(jl, "PATCH", path(id), R"({"name":"改名","reason":"x"})").status, 404);
  EXPECT_EQ(as_user(jl, "POST", path(id, "/verification"), "{}").status, 404);
  auto seen = as_user(jl, "GET", "/api/v1/people?limit=500");
  const auto page = json(seen);
  for (const auto& item : page.at("items").as_array()) {
    EXPECT_TRUE(item.at("region_code").as_string().starts_with("22")) << item;
  }
  // Nor registers someone at a lab outside its region.
  auto outside = as_user(jl, "POST", "/api/v1/people",
                         person_body(with_check("22010219900101123"), kPhone, kLabJj));
  EXPECT_EQ(outside.status, 404) << outside.body;
  EXPECT_EQ(json(outside).at("details").at("fields").at("lab_code").as_string(), "unknown");
  // A station of the region does both; its verification is on record.
  const Session jj = station("jj-station-01", "360400");
  auto verified = as_user(jj, "POST", path(id, "/verification"), R"({"note":"核对身份证原件"})");
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(json(verified).at("verification").at("verified_by").as_string(), "jj-station-01");
  EXPECT_EQ(json(verified).at("receipt").at("entry").at("version").as_int64(), 2);
  auto changed = as_user(jj, "PATCH", path(id), R"({"phone":"0792-8221234","reason":"换号"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json(changed).at("phone").as_string(), "079******234");
  auto no_reason = as_user(jj, "PATCH", path(id), R"({"name":"改名"})");
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_EQ(json(no_reason).at("details").at("fields").at("reason").as_string(), "required");
}

TEST_F(PeopleTest, JL_2_2_AWitnessNeedsAWrittenAuthorisationBeforeAssignment) {
  const Session& reg = jj_regulator();
  const std::int64_t id = register_person(reg);
  ASSERT_GT(id, 0);
  auto before = json(as_user(reg, "GET", path(id)));
  EXPECT_FALSE(before.at("witness").at("assignable").as_bool());
  const auto& reasons = before.at("witness").at("reasons").as_array();
  EXPECT_NE(std::find(reasons.begin(), reasons.end(), boost::json::value("no_authorisation")),
            reasons.end());

  // Only a PDF or a photo that was uploaded.
  const std::string text = upload(reg, "not a document", "text/plain");
  auto wrong = as_user(reg, "POST", path(id, "/authorisation"), R"({"sha256":")" + text + "\"}");
  EXPECT_EQ(wrong.status, 422) << wrong.body;
  auto missing = as_user(reg, "POST", path(id, "/authorisation"),
                         R"({"sha256":")" + std::string(64, 'b') + "\"}");
  EXPECT_EQ(missing.status, 422) << missing.body;

  const std::string pdf = upload(reg, "%PDF-1.4\n见证授权书 test\n%%EOF\n", "application/pdf");
  auto authorised = as_user(reg, "POST", path(id, "/authorisation"),
                            R"({"sha256":")" + pdf + R"(","valid_until":"2099-12-31"})");
  ASSERT_EQ(authorised.status, 200) << authorised.body;
  EXPECT_EQ(json(authorised).at("authorisation").at("sha256").as_string(), pdf);
  ASSERT_EQ(as_user(reg, "POST", path(id, "/verification"), "{}").status, 200);
  auto cert = as_user(reg, "POST", path(id, "/certificates"),
                      R"({"kind":"见证人员证书","number":"JZ-TEST-1","issuer":"九江市住建局",)"
                      R"("valid_from":"2020-01-01","valid_until":"2099-12-31"})");
  ASSERT_EQ(cert.status, 201) << cert.body;
  const auto after = json(cert);
  EXPECT_TRUE(after.at("witness").at("assignable").as_bool()) << cert.body;
  EXPECT_EQ(after.at("receipt").at("entry").at("version").as_int64(), 4);
  // The lab whose witness it is may fetch the document.
  const Session lab = sign_in("lab-jj-01", "Demo@2026lab");
  EXPECT_EQ(as_user(lab, "GET", "/api/v1/blobs/" + pdf).status, 200);
  EXPECT_EQ(
      query_sql("SELECT action FROM audit_log WHERE target = $1", {"person/" + std::to_string(id)})
          .size(),
      4u);
}

TEST_F(PeopleTest, JJ_3_2_ALabSystemReadsItsOwnStaffMasked) {
  const std::int64_t own = register_person(jj_regulator());
  ASSERT_GT(own, 0);
  ASSERT_GT(register_person(jl_regulator(), with_check("22010219900101123"), "13604311234", kLabJl),
            0);
  const LabKey key = issue_lab_key(kLabJj, db_.url(), db_.dir() / "data");
  const std::string target = "/api/v1/lab-api/staff?limit=500";
  auto staff = request(port(), "GET", target, "", signed_headers(key, "GET", target, ""));
  ASSERT_EQ(staff.status, 200) << staff.body;
  bool found = false;
  const auto page = json(staff);
  for (const auto& item : page.at("items").as_array()) {
    EXPECT_EQ(item.at("lab_code").as_string(), kLabJj);
    found = found || item.at("id").as_int64() == own;
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(staff.body.find(kId), std::string::npos);
  EXPECT_EQ(staff.body.find(kLabJl), std::string::npos);
  // Without a signature there is nothing to read.
  EXPECT_EQ(get("/api/v1/lab-api/staff").status, 401);
}

TEST_F(PeopleTest, PII_TheFullNumbersAppearOnlyInTheUnmaskAnswer) {
  std::vector<std::pair<std::string, HttpResponse>> answers;
  const auto keep = [&answers](const std::string& what, HttpResponse r) {
    answers.emplace_back(what, r);
    return r;
  };
  const Session& reg = jj_regulator();
  auto made = keep("register", as_user(reg, "POST", "/api/v1/people", person_body(kId, kPhone)));
  ASSERT_EQ(made.status, 201) << made.body;
  const std::int64_t id = json(made).at("id").as_int64();
  keep("duplicate", as_user(reg, "POST", "/api/v1/people", person_body(kId, kPhone)));
  keep("list", as_user(reg, "GET", "/api/v1/people"));
  keep("search", as_user(reg, "GET", "/api/v1/people?id_number=" + kId));
  keep("get", as_user(reg, "GET", path(id)));
  keep("patch", as_user(reg, "PATCH", path(id), R"({"name":"测试见证员乙","reason":"更名"})"));
  keep("verify", as_user(reg, "POST", path(id, "/verification"), "{}"));
  keep("history",
       as_user(reg, "GET", "/api/v1/ledger/records/person/" + std::to_string(id) + "/history"));
  keep("lab", as_user(sign_in("lab-jj-01", "Demo@2026lab"), "GET", path(id)));
  const HttpResponse clear = as_user(reg, "GET", path(id, "?unmask=true"));
  ASSERT_EQ(clear.status, 200);
  const Session aud = sign_in("auditadmin", "Demo@2026aud", "labwatch-demo-audadm");
  auto trail = keep("audit", as_user(aud, "GET", "/api/v1/audit-log?action=person.unmask"));
  ASSERT_EQ(trail.status, 200);
  EXPECT_NE(trail.body.find("person.unmask"), std::string::npos);
  keep("audit export", as_user(aud, "GET", "/api/v1/audit-log/export.csv"));

  for (const auto& [what, r] : answers) {
    EXPECT_EQ(r.body.find(kId), std::string::npos) << what << ": " << r.body.substr(0, 300);
    EXPECT_EQ(r.body.find(kPhone), std::string::npos) << what;
  }
  for (const auto& row : query_sql("SELECT details, target FROM audit_log")) {
    EXPECT_EQ(row.text(0).find(kId), std::string::npos);
    EXPECT_EQ(row.text(0).find(kPhone), std::string::npos);
  }
  const std::string log = server_->log();
  EXPECT_EQ(log.find(kId), std::string::npos);
  EXPECT_EQ(log.find(kPhone), std::string::npos);
  // The one place they appear: the unmask answer.
  EXPECT_NE(clear.body.find(kId), std::string::npos);
  EXPECT_NE(clear.body.find(kPhone), std::string::npos);
}

}  // namespace
}  // namespace lw::testing
