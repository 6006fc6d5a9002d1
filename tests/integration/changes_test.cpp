// Registry changes with a second person's approval (issue 4 item 6: the history shows who,
// when, why and the approval; JJ-3.4: a needed adjustment keeps its modification record).
// A regulator proposes, the requester cannot approve, another regulator of the region does, and
// the approved version is the lab's next ledger leaf carrying the approval. Run once per engine.
#include <boost/json.hpp>

#include "integration/server_fixture.hpp"
#include "support/cli.hpp"

namespace lw::testing {
namespace {

boost::json::object json(const HttpResponse& r) {
  return boost::json::parse(r.body).as_object();
}

constexpr char kLab[] = "360430-0002";  // the demo's Pengze lab: registered, then in sandbox
constexpr char kRename[] =
    R"({"name":"彭泽县建科检测有限公司（更名）","reason":"营业执照变更 licence renamed"})";

class ChangesTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }

  Session regulator() { return sign_in("jj-regulator", "Demo@2026jj", "labwatch-demo-jj-reg"); }
  Session second_regulator() {
    return sign_in("jj-regulator2", "Demo@2026jj2", "labwatch-demo-jj-re2");
  }

  // A proposal from `s`; its id.
  std::int64_t propose(const Session& s, const std::string& body = kRename) {
    auto r = as_user(s, "POST", std::string("/api/v1/labs/") + kLab + "/changes", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json(r).at("id").as_int64() : 0;
  }
  std::string change_path(std::int64_t id, const std::string& verb = "") {
    return "/api/v1/changes/" + std::to_string(id) + (verb.empty() ? "" : "/" + verb);
  }
};

TEST_F(ChangesTest, JJ_3_4_AnApprovedChangeIsTheNextVersionWithWhoWhenWhyAndTheApproval) {
  const Session requester = regulator();
  const std::int64_t id = propose(requester);
  ASSERT_GT(id, 0);
  // Pending: nothing changed yet.
  auto lab = as_user(requester, "GET", std::string("/api/v1/labs/") + kLab);
  EXPECT_EQ(json(lab).at("name").as_string(), "彭泽县建科检测有限公司");

  // Four eyes: the requester cannot decide their own request.
  auto own = as_user(requester, "POST", change_path(id, "approve"), "{}");
  EXPECT_EQ(own.status, 403) << own.body;
  EXPECT_EQ(json(own).at("code").as_string(), "four_eyes");

  const Session approver = second_regulator();
  auto pending = as_user(approver, "GET", "/api/v1/changes?state=pending");
  ASSERT_EQ(pending.status, 200) << pending.body;
  ASSERT_EQ(json(pending).at("items").as_array().size(), 1u);
  auto approved = as_user(approver, "POST", change_path(id, "approve"),
                          R"({"note":"已核对营业执照 licence checked"})");
  ASSERT_EQ(approved.status, 200) << approved.body;
  const auto body = json(approved);
  EXPECT_EQ(body.at("change").at("state").as_string(), "approved");
  EXPECT_EQ(body.at("change").at("decided_by").as_string(), "jj-regulator2");
  EXPECT_EQ(body.at("record").at("name").as_string(), "彭泽县建科检测有限公司（更名）");
  EXPECT_EQ(body.at("receipt").at("entry").at("version").as_int64(), 3);
  // Decided once.
  EXPECT_EQ(as_user(approver, "POST", change_path(id, "approve"), "{}").status, 409);

  // The history: version 1 as registered stays; version 3 says who, when, why, the approval.
  auto history =
      as_user(requester, "GET", std::string("/api/v1/ledger/records/lab/") + kLab + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  const auto versions = json(history).at("versions").as_array();
  ASSERT_EQ(versions.size(), 3u);
  const auto& first = versions[0].at("entry").as_object();
  const auto& last = versions.back().at("entry").as_object();
  EXPECT_EQ(first.at("record").at("name").as_string(), "彭泽县建科检测有限公司");
  EXPECT_FALSE(first.at("record").as_object().contains("approval"));
  EXPECT_EQ(last.at("uploader").as_string(), "jj-regulator");  // who asked
  EXPECT_EQ(last.at("record").at("reason").as_string(), "营业执照变更 licence renamed");
  const auto& approval = last.at("record").at("approval").as_object();
  EXPECT_EQ(approval.at("request").as_int64(), id);
  EXPECT_EQ(approval.at("approved_by").as_string(), "jj-regulator2");
  EXPECT_EQ(approval.at("approved_at").as_string(), last.at("received_at").as_string());
  EXPECT_EQ(approval.at("note").as_string(), "已核对营业执照 licence checked");

  // Every step is audited, and the ledger rebuilds the approved version; rewriting who
  // approved it behind the platform's back is named.
  EXPECT_EQ(query_sql("SELECT action FROM audit_log WHERE action LIKE 'change.%'"
                      " ORDER BY seq")
                .size(),
            2u);
  EXPECT_EQ(cli("ledger verify").exit_code, 0);
  exec_sql(std::string("UPDATE lab_versions SET approved_by = 'jl-regulator' WHERE lab_code = '") +
           kLab + "' AND version = 3");
  auto found = cli("ledger verify");
  EXPECT_EQ(found.exit_code, 3) << found.output;
  EXPECT_NE(found.output.find(std::string("lab ") + kLab + " v3: record changed"),
            std::string::npos)
      << found.output;
}

TEST_F(ChangesTest, JJ_3_4_ARejectionNeedsANoteAndChangesNothing) {
  const std::int64_t id = propose(regulator());
  ASSERT_GT(id, 0);
  const Session approver = second_regulator();
  auto bare = as_user(approver, "POST", change_path(id, "reject"), "{}");
  EXPECT_EQ(bare.status, 422) << bare.body;
  auto rejected = as_user(approver, "POST", change_path(id, "reject"),
                          R"({"note":"名称与执照不符 does not match the licence"})");
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(json(rejected).at("change").at("state").as_string(), "rejected");
  EXPECT_FALSE(json(rejected).contains("receipt"));
  auto lab = as_user(approver, "GET", std::string("/api/v1/labs/") + kLab);
  EXPECT_EQ(json(lab).at("name").as_string(), "彭泽县建科检测有限公司");
  EXPECT_EQ(as_user(approver, "POST", change_path(id, "approve"), "{}").status, 409);
}

TEST_F(ChangesTest, AnApprovalOfAnOutdatedRequestIsRefused) {
  const Session requester = regulator();
  const std::int64_t first = propose(requester);
  const std::int64_t second =
      propose(requester, R"({"region_code":"360429","reason":"迁址 moved to another county"})");
  const Session approver = second_regulator();
  ASSERT_EQ(as_user(approver, "POST", change_path(first, "approve"), "{}").status, 200);
  // The second was made against version 2; the lab is at version 3 now.
  auto stale = as_user(approver, "POST", change_path(second, "approve"), "{}");
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(json(stale).at("code").as_string(), "change_outdated");
  EXPECT_EQ(json(as_user(approver, "GET", change_path(second))).at("state").as_string(), "pending");
}

TEST_F(ChangesTest, ProposalsAreCheckedAndScoped) {
  const Session requester = regulator();
  const std::string path = std::string("/api/v1/labs/") + kLab + "/changes";
  // No reason, nothing to change, an invalid region, a stranger to the field types.
  EXPECT_EQ(as_user(requester, "POST", path, R"({"name":"新名称"})").status, 422);
  EXPECT_EQ(
      as_user(requester, "POST", path, R"({"name":"彭泽县建科检测有限公司","reason":"同名 same"})")
          .status,
      422);
  EXPECT_EQ(as_user(requester, "POST", path, R"({"region_code":"36","reason":"x"})").status, 422);
  EXPECT_EQ(as_user(requester, "POST", path, R"({"name":5,"reason":"x"})").status, 422);
  EXPECT_EQ(as_user(requester, "GET", "/api/v1/changes?state=maybe").status, 422);

  // Another region's regulator neither proposes for, sees nor decides the lab's requests.
  const std::int64_t id = propose(requester);
  const Session other = sign_in("jl-regulator", "Demo@2026jl", "labwatch-demo-jl-reg");
  EXPECT_EQ(as_user(other, "POST", path, kRename).status, 404);
  EXPECT_EQ(as_user(other, "GET", change_path(id)).status, 404);
  EXPECT_EQ(as_user(other, "POST", change_path(id, "approve"), "{}").status, 404);
  EXPECT_TRUE(json(as_user(other, "GET", "/api/v1/changes")).at("items").as_array().empty());
  // A lab's admin neither proposes nor decides.
  const Session lab_admin = sign_in("lab-jj-01", "Demo@2026lab");
  EXPECT_EQ(as_user(lab_admin, "POST", change_path(id, "approve"), "{}").status, 403);
  EXPECT_EQ(as_user(lab_admin, "POST", path, kRename).status, 403);
}

}  // namespace
}  // namespace lw::testing
