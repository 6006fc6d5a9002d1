// Violation cases (issue 10 deliver 2, JL-3.1) on the demo dataset: the Jiujiang county station
// confirms the demo's late contract — its severity and party from the violation catalogue —
// and dismisses another violation; the lab charged answers; every step is a case event and a
// ledger version; other regions and other roles get nothing.
#include <boost/json.hpp>

#include "integration/registry_fixture.hpp"

namespace lw::testing {
namespace {

std::string refused_field(const HttpResponse& r) {
  const auto body = json(r);
  const auto* fields = body.at("details").as_object().if_contains("fields");
  return fields == nullptr || fields->as_object().empty()
             ? ""
             : std::string(fields->as_object().begin()->key());
}

class CasesTest : public RegistryTest {
 protected:
  // An open violation of `kind` the station sees; 0 when none.
  std::int64_t open_violation(const std::string& kind) {
    auto listed = as_user(jj(), "GET", "/api/v1/violations?status=open&kind=" + kind);
    EXPECT_EQ(listed.status, 200) << listed.body;
    const auto items = json(listed).at("items").as_array();
    return items.empty() ? 0 : items.front().at("id").as_int64();
  }
  std::string path(std::int64_t id, const std::string& tail = "") {
    return "/api/v1/violations/" + std::to_string(id) + tail;
  }
};

TEST_F(CasesTest, JL_3_1_AStationConfirmsACaseWithTheCataloguesSeverityAndParty) {
  const std::int64_t id = open_violation("contract_late");
  ASSERT_NE(id, 0) << "the demo has a late contract in Jiujiang";

  auto open = as_user(jj(), "GET", path(id));
  ASSERT_EQ(open.status, 200) << open.body;
  EXPECT_EQ(json(open).at("status").as_string(), "open");
  EXPECT_TRUE(json(open).at("severity").is_null());
  EXPECT_EQ(json(open).at("kind_info").at("requirements"), (boost::json::array{"JJ-3.3"}));
  EXPECT_TRUE(json(open).at("events").as_array().empty());

  // A reason is required; a party the kind cannot be charged to is refused.
  auto no_reason = as_user(jj(), "POST", path(id, "/confirm"), R"({})");
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_EQ(refused_field(no_reason), "reason");
  auto wrong_party =
      as_user(jj(), "POST", path(id, "/confirm"), R"({"reason":"属实","party":"contractor"})");
  EXPECT_EQ(wrong_party.status, 422) << wrong_party.body;
  EXPECT_EQ(refused_field(wrong_party), "party");
  auto bad_severity =
      as_user(jj(), "POST", path(id, "/confirm"), R"({"reason":"属实","severity":"grave"})");
  EXPECT_EQ(bad_severity.status, 422);
  EXPECT_EQ(refused_field(bad_severity), "severity");

  auto confirmed =
      as_user(jj(), "POST", path(id, "/confirm"), R"({"reason":"合同签订后逾期上传，属实"})");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  const auto c = json(confirmed);
  EXPECT_EQ(c.at("status").as_string(), "confirmed");
  EXPECT_EQ(c.at("severity").as_string(), "minor");
  EXPECT_EQ(c.at("party").at("kind").as_string(), "lab");
  EXPECT_EQ(c.at("party").at("ref"), c.at("lab_code"));
  EXPECT_FALSE(c.at("decided_at").is_null());
  ASSERT_EQ(c.at("events").as_array().size(), 1u);
  EXPECT_EQ(c.at("events").at(0).at("action").as_string(), "confirm");
  EXPECT_EQ(c.at("events").at(0).at("actor").as_string(), "jj-station");
  EXPECT_TRUE(c.contains("receipt"));

  // Decided once: confirming or dismissing again is a conflict.
  EXPECT_EQ(as_user(jj(), "POST", path(id, "/confirm"), R"({"reason":"再次"})").status, 409);
  EXPECT_EQ(as_user(jj(), "POST", path(id, "/dismiss"), R"({"reason":"再次"})").status, 409);

  // The lab charged answers; its answer joins the case.
  const Session lab = sign_in("lab-jj-01", "Demo@2026lab");
  auto seen = as_user(lab, "GET", path(id));
  ASSERT_EQ(seen.status, 200) << seen.body;
  auto answer = as_user(lab, "POST", path(id, "/responses"), R"({"text":"已补传合同并说明原因"})");
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto events = json(answer).at("events").as_array();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].at("action").as_string(), "respond");
  EXPECT_EQ(events[1].at("text").as_string(), "已补传合同并说明原因");

  // Listed as confirmed; each step a ledger version of the case.
  auto listed = as_user(jj(), "GET", "/api/v1/violations?status=confirmed&kind=contract_late");
  ASSERT_EQ(listed.status, 200);
  bool found = false;
  const auto page = json(listed);
  for (const auto& v : page.at("items").as_array()) {
    found = found || v.at("id").as_int64() == id;
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(
      query_sql("SELECT COUNT(*) FROM registry_versions WHERE record_type = $1 AND record_id = $2",
                {std::string("violation_case"), std::to_string(id)})
          .front()
          .int64(0),
      2);
  EXPECT_EQ(as_user(jj(), "GET", "/api/v1/violations?status=closed").status, 422);
}

TEST_F(CasesTest, JL_3_1_ADismissedCaseTakesNoAnswerAndOthersSeeNothing) {
  const std::int64_t id = open_violation("contract_late");
  ASSERT_NE(id, 0) << "the demo has a late contract in Jiujiang";
  const Session lab = sign_in("lab-jj-01", "Demo@2026lab");

  // Only regulators and stations decide; only the lab answers; other regions see nothing.
  EXPECT_EQ(as_user(lab, "POST", path(id, "/dismiss"), R"({"reason":"x"})").status, 403);
  EXPECT_EQ(as_user(jj(), "POST", path(id, "/responses"), R"({"text":"x"})").status, 403);
  EXPECT_EQ(as_user(jl(), "GET", path(id)).status, 404);
  EXPECT_EQ(as_user(jl(), "POST", path(id, "/dismiss"), R"({"reason":"x"})").status, 404);
  EXPECT_EQ(as_user(jj(), "GET", path(999999999)).status, 404);

  auto dismissed =
      as_user(jj(), "POST", path(id, "/dismiss"), R"({"reason":"设备故障已报备，人工录入有据"})");
  ASSERT_EQ(dismissed.status, 200) << dismissed.body;
  EXPECT_EQ(json(dismissed).at("status").as_string(), "dismissed");
  EXPECT_TRUE(json(dismissed).at("severity").is_null());
  EXPECT_EQ(as_user(lab, "POST", path(id, "/responses"), R"({"text":"说明"})").status, 409);
  auto long_text = as_user(jj(), "POST", path(id, "/dismiss"),
                           R"({"reason":")" + std::string(1001, 'x') + R"("})");
  EXPECT_EQ(long_text.status, 422);
}

}  // namespace
}  // namespace lw::testing
