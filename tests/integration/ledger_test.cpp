// The ledger end to end (issue 4): an upload through the API answers a receipt; once a
// checkpoint covers it, the complete receipt verifies offline with only the platform's
// published public key, and stock OpenSSL verifies the checkpoint's SM2 signature with that key
// alone; `labwatch ledger verify` names a record edited or deleted in the database behind the
// platform's back. Run once per engine.
#include <boost/json.hpp>

#include <cstdio>
#include <fstream>

#include "integration/server_fixture.hpp"
#include "ledger/base64.hpp"
#include "support/cli.hpp"

namespace lw::testing {
namespace {

boost::json::object json(const HttpResponse& r) {
  return boost::json::parse(r.body).as_object();
}

class LedgerTest : public ServerTest {
 protected:
  // A connectivity check from the test lab: its id and ledger leaf index.
  std::pair<std::int64_t, std::int64_t> send(const std::string& message) {
    auto r = as_lab("POST", "/api/v1/connectivity-checks",
                    boost::json::serialize(boost::json::object{{"message", message}}));
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) {
      return {0, 0};
    }
    const auto body = json(r);
    return {body.at("id").as_int64(), body.at("receipt").at("leaf_index").as_int64()};
  }

  void write(const std::string& name, const std::string& content) {
    std::ofstream(db_.dir() / name, std::ios::binary) << content;
  }
  std::string path(const std::string& name) const {
    return "'" + (db_.dir() / name).string() + "'";
  }
};

TEST_F(LedgerTest, JJ_3_4_AnUploadsReceiptVerifiesOfflineWithOnlyThePublishedKey) {
  send("before");
  const auto [id, leaf] = send("联调 ledger receipt");
  auto pending = as_lab("GET", "/api/v1/ledger/receipts/" + std::to_string(leaf));
  ASSERT_EQ(pending.status, 200) << pending.body;
  // Signed on demand here rather than waiting for the timer.
  auto cp = as_lab("POST", "/api/v1/ledger/checkpoints");
  ASSERT_EQ(cp.status, 200) << cp.body;
  EXPECT_GE(json(cp).at("size").as_int64(), leaf + 1);

  auto complete = as_lab("GET", "/api/v1/ledger/receipts/" + std::to_string(leaf));
  ASSERT_EQ(complete.status, 200) << complete.body;
  const auto receipt = json(complete);
  EXPECT_EQ(receipt.at("entry").at("id").as_string(), std::to_string(id));
  ASSERT_TRUE(receipt.at("checkpoint").is_object());
  auto key = get("/.well-known/labwatch/ledger-key.pem");
  ASSERT_EQ(key.status, 200);
  EXPECT_NE(key.body.find("BEGIN PUBLIC KEY"), std::string::npos);
  write("pub.pem", key.body);
  write("receipt.json", complete.body);
  auto ok = run_cli("receipt verify " + path("receipt.json") + " --public-key " + path("pub.pem"));
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("receipt verified"), std::string::npos) << ok.output;

  std::string altered = complete.body;
  const auto at = altered.find("联调 ledger receipt");
  ASSERT_NE(at, std::string::npos);
  altered.replace(at, 6, "联通");  // one character of the entry
  write("altered.json", altered);
  auto bad = run_cli("receipt verify " + path("altered.json") + " --public-key " + path("pub.pem"));
  EXPECT_EQ(bad.exit_code, 1) << bad.output;

  // Another lab's system cannot read the receipt; the public cannot either.
  EXPECT_EQ(get("/api/v1/ledger/receipts/" + std::to_string(leaf)).status, 401);
}

TEST_F(LedgerTest, ACheckpointSignatureVerifiesWithStockOpenSslAndThePublishedKey) {
  if (std::system("command -v openssl >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no openssl command";
  }
  send("for a checkpoint");
  ASSERT_EQ(as_lab("POST", "/api/v1/ledger/checkpoints").status, 200);
  auto latest = get("/api/v1/ledger/checkpoints/latest");  // public
  ASSERT_EQ(latest.status, 200) << latest.body;
  const auto cp = json(latest);
  write("note.txt", std::string(cp.at("note").as_string()));
  auto der = ledger::from_base64(cp.at("signature").as_string());
  ASSERT_TRUE(der);
  write("sig.der", *der);
  write("pub.pem", get("/.well-known/labwatch/ledger-key.pem").body);
  const std::string cmd = "openssl dgst -sm3 -verify " + path("pub.pem") + " -signature " +
                          path("sig.der") + " -sigopt distid:1234567812345678 " + path("note.txt") +
                          " 2>&1";
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, p)) {
      out += buf;
    }
    EXPECT_EQ(pclose(p), 0) << out;
  }
  EXPECT_NE(out.find("Verified OK"), std::string::npos) << out;
  // The public proofs lead from that checkpoint to the next.
  send("after the checkpoint");
  auto next = as_lab("POST", "/api/v1/ledger/checkpoints");
  ASSERT_EQ(next.status, 200);
  auto consistency =
      get("/api/v1/ledger/proofs/consistency?size1=" + std::to_string(cp.at("size").as_int64()) +
          "&size2=" + std::to_string(json(next).at("size").as_int64()));
  EXPECT_EQ(consistency.status, 200) << consistency.body;
}

TEST_F(LedgerTest, JJ_3_4_LedgerVerifyNamesARecordEditedOrDeletedInTheDatabase) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 6; ++i) {
    ids.push_back(send("check " + std::to_string(i)).first);
  }
  auto clean = cli("ledger verify");
  EXPECT_EQ(clean.exit_code, 0) << clean.output;
  EXPECT_NE(clean.output.find("ledger intact: 6 leaves"), std::string::npos) << clean.output;

  exec_sql("UPDATE connectivity_checks SET message = 'check 9' WHERE id = " +
           std::to_string(ids[2]));
  exec_sql("DELETE FROM connectivity_checks WHERE id = " + std::to_string(ids[4]));
  auto found = cli("ledger verify");
  EXPECT_EQ(found.exit_code, 3) << found.output;
  EXPECT_NE(
      found.output.find("connectivity_check " + std::to_string(ids[2]) + " v1: record changed"),
      std::string::npos)
      << found.output;
  EXPECT_NE(
      found.output.find("connectivity_check " + std::to_string(ids[4]) + " v1: record missing"),
      std::string::npos)
      << found.output;
}

}  // namespace
}  // namespace lw::testing

namespace lw::testing {
namespace {

class LedgerHistoryTest : public LedgerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }
};

TEST_F(LedgerHistoryTest, JJ_3_4_AChangeIsANewVersionChainedToTheLastWithWhoWhenAndWhy) {
  const std::string lab = "220102-0001";
  const Session sec = sign_in("secadmin", "Demo@2026sec", "labwatch-demo-secadm");
  auto changed =
      as_user(sec, "PATCH", "/api/v1/labs/" + lab,
              R"({"sandbox":true,"reason":"LIMS 升级联调 integration of the new LIMS"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json(changed).at("receipt").at("entry").at("version").as_int64(), 2);  // its receipt

  const Session regulator = sign_in("jl-regulator", "Demo@2026jl", "labwatch-demo-jl-reg");
  auto history = as_user(regulator, "GET", "/api/v1/ledger/records/lab/" + lab + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  const auto versions = json(history).at("versions").as_array();
  ASSERT_EQ(versions.size(), 2u);  // registered by the demo, then switched here
  const auto& first = versions[0].at("entry").as_object();
  const auto& second = versions[1].at("entry").as_object();
  EXPECT_EQ(first.at("version").as_int64(), 1);
  EXPECT_TRUE(first.at("prev").is_null());
  EXPECT_EQ(second.at("version").as_int64(), 2);
  EXPECT_EQ(second.at("prev").as_int64(), versions[0].at("leaf_index").as_int64());
  EXPECT_EQ(second.at("uploader").as_string(), "secadmin");  // who
  EXPECT_TRUE(second.at("received_at").is_string());         // when
  EXPECT_EQ(second.at("record").at("reason").as_string(),
            "LIMS 升级联调 integration of the new LIMS");    // why
  EXPECT_FALSE(first.at("record").at("sandbox").as_bool());  // the old version stays
  EXPECT_TRUE(second.at("record").at("sandbox").as_bool());

  // Another region's regulator does not see the lab's history.
  const Session other = sign_in("jj-regulator", "Demo@2026jj", "labwatch-demo-jj-reg");
  EXPECT_EQ(as_user(other, "GET", "/api/v1/ledger/records/lab/" + lab + "/history").status, 404);

  // Rewriting the old version in the database is named by ledger verify.
  EXPECT_EQ(cli("ledger verify").exit_code, 0);
  exec_sql("UPDATE lab_versions SET reason = 'never happened' WHERE lab_code = '" + lab +
           "' AND version = 1");
  auto found = cli("ledger verify");
  EXPECT_EQ(found.exit_code, 3) << found.output;
  EXPECT_NE(found.output.find("lab " + lab + " v1: record changed"), std::string::npos)
      << found.output;
}

}  // namespace
}  // namespace lw::testing
