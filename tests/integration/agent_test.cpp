// The reference client `lw-agent` (agent/, issue 3 item 3, JJ-3.2 / JL-1.1) run as a program
// against the real server: its signature passes the self-test with the canonical string the
// server computed, a signed connectivity check and a signed GET are accepted, and a real camera
// JPEG uploads as a signed stream. It also reproduces both worked examples of the API manual.
#include <sys/wait.h>

#include <boost/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

struct AgentRun {
  int exit_code = -1;
  std::string out;  // standard output: the response body, or the request head with --dry-run
  std::string err;  // standard error: "HTTP <status>", the canonical string
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The canonical string lw-agent printed with --print-canonical (between its two labels).
std::string printed_canonical(const std::string& err) {
  const std::string head = "canonical string:\n";
  const auto start = err.find(head);
  const auto end = err.find("\nsignature: ");
  if (start == std::string::npos || end == std::string::npos) {
    return {};
  }
  return err.substr(start + head.size(), end - start - head.size());
}

// A real camera JPEG from the shared test data beside the checkout.
std::string photo_path() {
  return std::string(LABWATCH_SOURCE_DIR) + "/../shared/testdata/exif/Canon.jpg";
}

class AgentTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    const LabKey key = issue_lab_key("LAB-AGENT", db_.url(), db_.dir() / "data");
    key_id_ = key.key_id;
    secret_hex_ = key.secret_hex;
    ASSERT_EQ(secret_hex_.size(), 64u) << "labwatch lab-key issue failed";
  }

  // `lw-agent ARGS` with the issued key (the secret through LW_SECRET, as the README advises).
  AgentRun agent(const std::string& args, const std::string& stdin_file = {}) {
    return run_agent("LW_SECRET=" + secret_hex_ + " '" + LW_AGENT_BINARY +
                     "' --url http://127.0.0.1:" + std::to_string(port()) + " --key-id " + key_id_ +
                     " " + args + (stdin_file.empty() ? "" : " < '" + stdin_file + "'"));
  }

  AgentRun run_agent(const std::string& command) {
    const auto err_file = db_.dir() / "agent.err";
    AgentRun r;
    FILE* p = popen((command + " 2>'" + err_file.string() + "'").c_str(), "r");
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while (p && (n = fread(buf.data(), 1, buf.size(), p)) > 0) {
      r.out.append(buf.data(), n);
    }
    const int status = p ? pclose(p) : -1;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = slurp(err_file);
    return r;
  }

  std::filesystem::path write_file(const std::string& name, const std::string& content) {
    auto path = db_.dir() / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::string key_id_;
  std::string secret_hex_;
};

TEST_F(AgentTest, JJ_3_2_TheAgentPassesTheSignatureSelfTest) {
  auto r = agent("--print-canonical sign-check");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("HTTP 200"), std::string::npos) << r.err;
  auto body = boost::json::parse(r.out).as_object();
  EXPECT_EQ(body.at("key_id").as_string(), key_id_);
  EXPECT_EQ(body.at("lab_code").as_string(), "LAB-AGENT");
  EXPECT_EQ(body.at("canonical_request").as_string(), printed_canonical(r.err));

  // A wrong secret is refused, and the agent says so by its exit status.
  auto wrong = run_agent(std::string("'") + LW_AGENT_BINARY +
                         "' --url http://127.0.0.1:" + std::to_string(port()) + " --key-id " +
                         key_id_ + " --secret " + std::string(64, '0') + " sign-check");
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out << wrong.err;
  EXPECT_EQ(boost::json::parse(wrong.out).at("code").as_string(), "signature_invalid");
}

TEST_F(AgentTest, JL_1_1_TheAgentPostsASignedConnectivityCheckAndReadsItBack) {
  const auto json =
      write_file("check.json", R"({"lab_code":"LAB-AGENT","message":"lw-agent 联调"})");
  auto r = agent("post /api/v1/connectivity-checks --json -", json.string());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("HTTP 201"), std::string::npos) << r.err;
  EXPECT_EQ(boost::json::parse(r.out).at("lab_code").as_string(), "LAB-AGENT");

  // A signed GET with a query out of order and percent-encoded ("%2D" is "-").
  auto list = agent("get '/api/v1/connectivity-checks?limit=5&lab_code=LAB%2DAGENT'");
  ASSERT_EQ(list.exit_code, 0) << list.out << list.err;
  EXPECT_EQ(boost::json::parse(list.out).at("items").as_array().size(), 1u);

  const auto rows = query_sql("SELECT role FROM audit_log WHERE actor = $1", {key_id_});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.front().text(0), "lab_system");
}

TEST_F(AgentTest, JJ_3_2_TheAgentUploadsACameraJpegAsASignedStream) {
  const std::string photo = slurp(photo_path());
  ASSERT_GT(photo.size(), 1000u) << photo_path() << " missing";
  auto r = agent("--print-canonical upload '" + photo_path() + "' --media-type image/jpeg");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("HTTP 201"), std::string::npos) << r.err;
  const std::string sha = sha256_hex(photo);
  auto body = boost::json::parse(r.out).as_object();
  EXPECT_EQ(body.at("sha256").as_string(), sha);
  EXPECT_EQ(body.at("media_type").as_string(), "image/jpeg");
  EXPECT_EQ(printed_canonical(r.err).substr(0, 20), "POST\n/api/v1/blobs\n\n");

  auto back = agent("get /api/v1/blobs/" + sha);  // read back as the lab that sent it
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_TRUE(back.out == photo);
  EXPECT_EQ(query_sql("SELECT 1 FROM blobs WHERE sha256 = $1", {sha}).size(), 1u);
}

// Both worked examples of docs/api/openapi.yaml, signed by the agent with their fixed values.
TEST_F(AgentTest, JJ_3_2_TheAgentReproducesTheManualsWorkedExamples) {
  const std::string fixed = std::string("'") + LW_AGENT_BINARY +
                            "' --dry-run --print-canonical --key-id lk_0123456789abcdef --secret "
                            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f ";

  const auto json =
      write_file("example.json", R"({"lab_code":"360402-0001","message":"LIMS test"})");
  auto post = run_agent(fixed +
                        "--timestamp 1795756203 --nonce 5f1c2a9e-7d4b-4e0a-9b1f-3c8d2e6a7f10 "
                        "post '/api/v1/lab-api/signature-check?mode=test&a=1' --json '" +
                        json.string() + "'");
  ASSERT_EQ(post.exit_code, 0) << post.err;
  EXPECT_EQ(printed_canonical(post.err),
            "POST\n/api/v1/lab-api/signature-check\na=1&mode=test\n1795756203\n"
            "5f1c2a9e-7d4b-4e0a-9b1f-3c8d2e6a7f10\n"
            "f9125d1c5bd43cd650322490fe27a4942958027341f976e2bf5a0d13ad8b9995");
  EXPECT_NE(
      post.out.find("Authorization: LW-HMAC-SM3 KeyId=lk_0123456789abcdef, "
                    "Signature=15c1f0822554df9d210f1ad53e7ac75afc7cba890f1326ef5d283beda64b17a0"),
      std::string::npos)
      << post.out;

  const auto file = write_file("example.txt", "LIMS upload test");
  auto up = run_agent(fixed +
                      "--timestamp 1795756260 --nonce 8c3e1f4a-2b6d-4f9e-a1c7-5d0b9e3f2a64 "
                      "upload '" +
                      file.string() + "' --media-type text/plain");
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(printed_canonical(up.err),
            "POST\n/api/v1/blobs\n\n1795756260\n8c3e1f4a-2b6d-4f9e-a1c7-5d0b9e3f2a64\n"
            "92af08d31dcdff1f96522e36b67b368336913404141dcc175b2c5973b9420815");
  EXPECT_NE(up.out.find("X-Content-SM3: "
                        "92af08d31dcdff1f96522e36b67b368336913404141dcc175b2c5973b9420815"),
            std::string::npos)
      << up.out;
  EXPECT_NE(
      up.out.find("Signature=3af1751e668f0a0a5d28ee3d60249493b9bdb4def7c267df7af06c0aede5b10e"),
      std::string::npos)
      << up.out;
  EXPECT_NE(up.out.find("Content-Length: 16"), std::string::npos) << up.out;
}

}  // namespace
}  // namespace lw::testing
