// The audit trail end to end: state changes through the API are audited in the same
// transaction, and `labwatch audit verify` names a row edited or removed in the database
// behind the platform's back (issue: identity & audit; 等保 audit requirements).

#include <boost/json.hpp>

#include "integration/server_fixture.hpp"
#include "support/cli.hpp"

namespace lw::testing {
namespace {

class AuditTest : public ServerTest {
 protected:
  CliResult verify() { return cli("audit verify"); }
};

TEST_F(AuditTest, StateChangesAreAuditedAndAnIntactTrailVerifies) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(as_lab("POST", "/api/v1/connectivity-checks", R"({"message":"audit"})").status, 201);
  }
  ASSERT_EQ(upload_as_lab("photo", "image/jpeg").status, 201);
  auto r = verify();
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("intact"), std::string::npos);
}

TEST_F(AuditTest, AnEditedRowIsNamedByVerify) {
  for (int i = 0; i < 4; ++i) {
    as_lab("POST", "/api/v1/connectivity-checks", R"({"message":"audit"})");
  }
  exec_sql("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");
  auto r = verify();
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("audit row 2: changed"), std::string::npos) << r.output;
}

TEST_F(AuditTest, ARemovedRowIsNamedByVerify) {
  for (int i = 0; i < 4; ++i) {
    as_lab("POST", "/api/v1/connectivity-checks", R"({"message":"audit"})");
  }
  exec_sql("DELETE FROM audit_log WHERE seq = 3");
  auto r = verify();
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("audit row 3: removed"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace lw::testing
