// Reports (issue 9; JJ-3.5, JJ-4.1, JL-1.3) against the real server: the Jiujiang lab's system
// uploads a PDF and issues a report of a reviewed test; the platform numbers and seals it, and
// anyone can read its public facts, download the stamped copy whose QR decodes to the sealed
// URL, and compare a PDF byte for byte; a figure that differs from the reviewed data is refused
// with its reason; a revocation shows on the public API within the same second. Run once per
// engine.
#include <boost/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "crypto/hmac.hpp"
#include "integration/lab_tests_fixture.hpp"
#include "print/label_sheet.hpp"
#include "support/hook_receiver.hpp"
#include "support/test_db.hpp"

namespace lw::testing {
namespace {

class ReportsApiTest : public LabTestsTest {
 protected:
  // A reviewed test of three cubes at a fresh project; its id, project and printed results.
  struct Reviewed {
    std::int64_t id = 0;
    std::int64_t project = 0;
    boost::json::object results;
  };
  Reviewed reviewed(const std::string& project_code) {
    const auto labels = received(project_code);
    auto body = start_body(labels);
    std::vector<boost::json::value> curves;
    for (int s = 0; s < 3; ++s) {
      curves.emplace_back(boost::json::object{{"points", cube_curve(15, 800 + 10 * s, s + 40)}});
    }
    body["results"] = results(curves);
    auto made = lab_post("/api/v1/lab-api/tests", body);
    EXPECT_EQ(made.status, 201) << made.body;
    Reviewed r;
    r.id = json(made).at("id").as_int64();
    r.project = json(made).at("project_id").as_int64();
    auto confirmed = lab_post("/api/v1/lab-api/tests/" + std::to_string(r.id) + "/reviews",
                              {{"reviewer_id", staff().reviewer}, {"verdict", "confirm"}});
    EXPECT_EQ(confirmed.status, 201) << confirmed.body;
    // The figures as printed: those the lab reported.
    const auto& sent = body.at("results").as_object();
    boost::json::array specimens;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      specimens.push_back({{"label_code", labels[i]},
                           {"strength_mpa", sent.at("specimens").at(i).at("strength_mpa")}});
    }
    r.results = {{"test_id", r.id},
                 {"specimens", std::move(specimens)},
                 {"group_strength_mpa", sent.at("group_strength_mpa")},
                 {"conclusion", "pass"}};
    return r;
  }

  // A PDF sent by the lab's system; its SHA-256.
  std::string upload_pdf(const std::string& title) {
    print::LabelSheet sheet;
    sheet.title = title;
    sheet.labels.push_back({"7KQ2-M9XD-4TRB-T", "http://127.0.0.1/q/7KQ2M9XD4TRBT"});
    pdf_bytes_ = *print::label_sheet_pdf(sheet);
    auto headers = signed_upload_headers(key(), "/api/v1/blobs", pdf_bytes_);
    headers["Content-Type"] = "application/pdf";
    auto sent = request(port(), "POST", "/api/v1/blobs", pdf_bytes_, headers);
    EXPECT_EQ(sent.status, 201) << sent.body;
    return sha256_hex(pdf_bytes_);
  }

  boost::json::object report_body(const Reviewed& t, const std::string& pdf_sha) {
    if (!approver_) {
      approver_ = lab_person(kJjLab, {"technical_lead"}, false);
    }
    const auto today = today_shanghai();
    return {{"kind", "lab"},
            {"project_id", t.project},
            {"title", "混凝土抗压强度检测报告"},
            {"tests", {t.id}},
            {"results", {t.results}},
            {"equipment", {staff().machine}},
            {"conclusion", "pass"},
            {"tester_id", staff().tester},
            {"reviewer_id", staff().reviewer},
            {"approver_id", approver_},
            {"tested_from", today},
            {"tested_to", today},
            {"pdf_sha256", pdf_sha}};
  }

  // The number the lab's next report takes: its reports so far (the demo dataset issues
  // some) plus one, as the gap-free sequence's last six digits.
  std::string next_sequence() {
    const auto n =
        query_sql("SELECT COUNT(*) FROM reports WHERE lab_code = $1", {std::string(kJjLab)})
            .front()
            .int64(0);
    char buf[24];
    std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(n + 1));
    return buf;
  }

  std::string pdf_bytes_;
  std::int64_t approver_ = 0;
};

TEST_F(ReportsApiTest, JJ_3_5_AReportIsIssuedSealedStampedAndVerifiableByAnyone) {
  const auto t = reviewed("360402-2026-R001");
  const auto pdf_sha = upload_pdf("检测报告 R001");
  const std::string sequence = next_sequence();
  auto issued = lab_post("/api/v1/lab-api/reports", report_body(t, pdf_sha));
  ASSERT_EQ(issued.status, 201) << issued.body;
  const auto r = json(issued);
  const std::string number(r.at("number").as_string());
  EXPECT_TRUE(number.starts_with(std::string(kJjLab) + "-")) << number;
  EXPECT_TRUE(number.ends_with("-CL-" + sequence)) << number;
  EXPECT_TRUE(r.contains("receipt"));
  const std::string url(r.at("seal_url").as_string());
  EXPECT_NE(url.find("/V/"), std::string::npos) << url;

  // Anyone: the public facts, the seal checked by the server.
  const std::string payload = url.substr(url.find("/V/") + 3);
  auto facts = get("/api/v1/public/reports/" + number + "?seal=" + payload);
  ASSERT_EQ(facts.status, 200) << facts.body;
  const auto f = json(facts);
  EXPECT_EQ(f.at("status").as_string(), "valid");
  EXPECT_EQ(f.at("conclusion").as_string(), "pass");
  EXPECT_TRUE(f.at("seal_check").at("valid").as_bool()) << facts.body;
  // A payload of another report (a forged number) is not this report's.
  auto other = get("/api/v1/public/reports/" + number.substr(0, number.size() - 6) + "999999");
  EXPECT_EQ(other.status, 404);

  // The stamped copy: a PDF whose QR decodes to the sealed URL.
  auto stamped = get("/api/v1/public/reports/" + number + "/pdf");
  ASSERT_EQ(stamped.status, 200);
  EXPECT_EQ(stamped.header("content-type"), "application/pdf");
  TempDir dir;
  const auto file = dir.path() / "stamped.pdf";
  std::ofstream(file, std::ios::binary) << stamped.body;
  const auto png = dir.path() / "page";
  ASSERT_EQ(
      std::system(("pdftoppm -r 150 -png -f 1 -l 1 '" + file.string() + "' '" + png.string() + "'")
                      .c_str()),
      0);
  const auto decoded = dir.path() / "decoded.txt";
  EXPECT_EQ(
      std::system(
          ("zbarimg --raw -q '" + png.string() + "-1.png' > '" + decoded.string() + "'").c_str()),
      0);
  std::ifstream in(decoded);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find(url), std::string::npos) << text;

  // Compare: the stamped copy and the original are the genuine bytes; one changed byte is not.
  auto same = request(port(), "POST", "/api/v1/public/reports/" + number + "/compare", stamped.body,
                      {{"Content-Type", "application/pdf"}});
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_TRUE(json(same).at("identical").as_bool());
  EXPECT_EQ(json(same).at("matches").as_string(), "stamped");
  auto original = request(port(), "POST", "/api/v1/public/reports/" + number + "/compare",
                          pdf_bytes_, {{"Content-Type", "application/pdf"}});
  EXPECT_EQ(json(original).at("matches").as_string(), "original");
  std::string altered = pdf_bytes_;
  altered[altered.size() / 2] ^= 0x01;
  auto changed = request(port(), "POST", "/api/v1/public/reports/" + number + "/compare", altered,
                         {{"Content-Type", "application/pdf"}});
  EXPECT_FALSE(json(changed).at("identical").as_bool());
  EXPECT_TRUE(json(changed).at("matches").is_null());

  // The published key verifies the payload offline.
  auto keys = get("/api/v1/public/report-keys");
  ASSERT_EQ(keys.status, 200);
  const auto published = json(keys);
  const auto& key = published.at("keys").at(0);
  EXPECT_EQ(key.at("algorithm").as_string(), "SM2-with-SM3");
  EXPECT_EQ(key.at("key_id").as_string(), f.at("key_id").as_string());

  // The regulator of the county sees it; the report names the test.
  auto seen = as_user(jj(), "GET", "/api/v1/reports?status=valid");
  ASSERT_EQ(seen.status, 200);
  EXPECT_NE(seen.body.find(number), std::string::npos);
}

TEST_F(ReportsApiTest, JJ_3_5_AFigureThatDiffersFromTheReviewedDataIsRefusedWithItsReason) {
  auto t = reviewed("360402-2026-R002");
  const auto pdf_sha = upload_pdf("检测报告 R002");
  auto body = report_body(t, pdf_sha);
  auto& printed = body["results"].as_array()[0].as_object();
  printed["group_strength_mpa"] = printed.at("group_strength_mpa").to_number<double>() + 1.5;
  const std::string sequence = next_sequence();
  auto refused = lab_post("/api/v1/lab-api/reports", body);
  ASSERT_EQ(refused.status, 422) << refused.body;
  const auto e = json(refused);
  EXPECT_EQ(e.at("code").as_string(), "report_refused");
  EXPECT_EQ(e.at("details").at("reasons"), boost::json::array{"result_mismatch"});
  EXPECT_EQ(e.at("details").at("mismatches").at(0).at("field").as_string(), "group_strength_mpa");
  // No number was taken: the next report of the year takes the number it would have taken.
  printed["group_strength_mpa"] = t.results.at("group_strength_mpa");
  auto issued = lab_post("/api/v1/lab-api/reports", body);
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_TRUE(std::string(json(issued).at("number").as_string()).ends_with("-" + sequence));
}

TEST_F(ReportsApiTest, JJ_3_5_ARevokedReportShowsRevokedOnThePublicApiWithinTheSameSecond) {
  const auto t = reviewed("360402-2026-R003");
  auto issued = lab_post("/api/v1/lab-api/reports", report_body(t, upload_pdf("检测报告 R003")));
  ASSERT_EQ(issued.status, 201) << issued.body;
  const auto id = json(issued).at("id").as_int64();
  const std::string number(json(issued).at("number").as_string());
  // A station user may not revoke; the regulator may, with a reason.
  const std::string target = "/api/v1/reports/" + std::to_string(id) + "/revocation";
  EXPECT_EQ(as_user(jj(), "POST", target, R"({"reason":"x"})").status, 403);
  const Session regulator = sign_in("jj-regulator", "Demo@2026jj", "labwatch-demo-jj-reg");
  EXPECT_EQ(as_user(regulator, "POST", target, "{}").status, 422);
  auto revoked = as_user(regulator, "POST", target, R"({"reason":"检测数据与原始记录不符"})");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  const auto at = std::chrono::steady_clock::now();
  auto facts = get("/api/v1/public/reports/" + number);
  EXPECT_LT(std::chrono::steady_clock::now() - at, std::chrono::seconds(1));
  ASSERT_EQ(facts.status, 200);
  EXPECT_EQ(json(facts).at("status").as_string(), "revoked");
  EXPECT_EQ(json(facts).at("status_reason").as_string(), "检测数据与原始记录不符");
  auto again = as_user(regulator, "POST", target, R"({"reason":"again"})");
  EXPECT_EQ(again.status, 409);
}

// The webhook worker retries after 200 ms here, so a notice reaches its receiver in seconds.
class NonconformingApiTest : public ReportsApiTest {
 protected:
  std::vector<std::string> flags() const override {
    return {"--demo", "--webhook-retry-ms", "200", "--webhook-attempts", "4"};
  }
};

TEST_F(NonconformingApiTest, JJ_3_6_AFailingConcreteResultIsEnteredAndNotifiedToClientAndStation) {
  // The client (建设单位) of the county's projects receives notices by webhook; its endpoint
  // fails twice, then answers.
  HookReceiver hook({500, 500, 200});
  const auto client = organisation("construction_unit", "360402");
  auto endpoint =
      as_user(jj(), "POST", "/api/v1/webhooks",
              boost::json::serialize(boost::json::object{
                  {"owner_kind", "organisation"}, {"owner_id", client}, {"url", hook.url()}}));
  ASSERT_EQ(endpoint.status, 201) << endpoint.body;
  const std::string secret(json(endpoint).at("secret").as_string());

  // A C30 group at about 22 MPa: the lab reports it failed, as the standard says.
  const auto labels = received("360402-2026-N001");
  auto body = start_body(labels);
  std::vector<boost::json::value> curves;
  for (int s = 0; s < 3; ++s) {
    curves.emplace_back(boost::json::object{{"points", cube_curve(10, 490 + 5 * s, s + 60)}});
  }
  body["results"] = results(curves);
  body["results"].as_object()["conclusion"] = "fail";
  auto made = lab_post("/api/v1/lab-api/tests", body);
  ASSERT_EQ(made.status, 201) << made.body;
  const auto test_id = json(made).at("id").as_int64();

  // The entry, written by the platform with the test.
  auto listed = as_user(jj(), "GET", "/api/v1/nonconforming?status=open&material=concrete");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto entries = json(listed);
  const auto& items = entries.at("items").as_array();
  auto entry = std::find_if(items.begin(), items.end(), [&](const auto& e) {
    return e.at("test_id").is_int64() && e.at("test_id").as_int64() == test_id;
  });
  ASSERT_NE(entry, items.end()) << listed.body;
  const auto entry_id = entry->at("id").as_int64();
  EXPECT_EQ(entry->at("source").as_string(), "test_reported");
  EXPECT_EQ(entry->at("lab_code").as_string(), kJjLab);

  // The station: in its notification centre.
  auto inbox = as_user(jj(), "GET", "/api/v1/notifications");
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  EXPECT_NE(inbox.body.find("nonconforming " + std::to_string(entry_id)), std::string::npos)
      << inbox.body.substr(0, 400);

  // The client: by webhook, after two failures exactly once more, signed with its secret.
  ASSERT_TRUE(hook.wait_for(3, std::chrono::seconds(20)));
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // nothing comes after the 200
  const auto got = hook.requests();
  ASSERT_EQ(got.size(), 3u);
  for (const auto& r : got) {
    EXPECT_EQ(r.header("x-labwatch-event"), "nonconforming");
    EXPECT_EQ(r.header("x-labwatch-delivery"), got.front().header("x-labwatch-delivery"));
    const std::string sig = r.header("x-labwatch-signature");
    const auto comma = sig.find(",v1=");
    ASSERT_TRUE(sig.starts_with("t=") && comma != std::string::npos) << sig;
    const std::string t = sig.substr(2, comma - 2);
    EXPECT_EQ(sig.substr(comma + 4),
              to_hex(crypto::hmac(crypto::MacAlg::sha256, secret, t + "." + r.body)));
  }
  const auto delivered = boost::json::parse(got.back().body);
  EXPECT_EQ(delivered.at("data").at("nonconforming_id").as_int64(), entry_id);
  EXPECT_EQ(delivered.at("data").at("test_id").as_int64(), test_id);

  // The station follows it up.
  auto handled =
      as_user(jj(), "POST", "/api/v1/nonconforming/" + std::to_string(entry_id) + "/handling",
              R"({"handling":"已通知施工单位对该批次构件进行实体检测"})");
  ASSERT_EQ(handled.status, 200) << handled.body;
  EXPECT_EQ(json(handled).at("status").as_string(), "handled");
  EXPECT_EQ(as_user(jj(), "POST", "/api/v1/nonconforming/" + std::to_string(entry_id) + "/handling",
                    R"({"handling":"again"})")
                .status,
            409);
}

}  // namespace
}  // namespace lw::testing
