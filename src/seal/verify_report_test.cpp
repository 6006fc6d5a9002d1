// lw-verify-report run as a third party runs it: the published key, the QR's text, the PDF they
// hold (JJ-3.5, issue 9: "one changed byte in the PDF fails the digest check").
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "crypto/sm2.hpp"
#include "seal/seal.hpp"
#include "support/shell.hpp"
#include "support/test_db.hpp"

namespace lw::seal {
namespace {

namespace fs = std::filesystem;
using crypto::HashAlg;
using lw::testing::run_shell;
using lw::testing::shell_quote;
using lw::testing::ShellResult;

constexpr std::string_view kPdf = "%PDF-1.7\n% a report\n%%EOF\n";
// The structured content as the platform hashes it: RFC 8785, members sorted, no blanks.
constexpr std::string_view kCanonicalContent =
    R"({"conclusion":"pass","tests":[7,3],"title":"钢筋拉伸检测报告"})";

class VerifyReport : public ::testing::Test {
 protected:
  void SetUp() override {
    write("report-key.pem", key_.public_pem());
    write("report.pdf", kPdf);
    // A pretty-printed copy, as a person saves it.
    write("content.json",
          "{\n  \"tests\": [7, 3],\n  \"conclusion\": \"pass\",\n"
          "  \"title\": \"钢筋拉伸检测报告\"\n}\n");
    auto payload =
        make_seal(key_, {"360402-0007-2026-CL-000123", Instant{std::chrono::seconds{1772344984}},
                         crypto::digest(HashAlg::sm3, kPdf),
                         crypto::digest(HashAlg::sm3, kCanonicalContent)});
    ASSERT_TRUE(payload);
    url_ = seal_url("https://jdjc.jiujiang.gov.cn", *payload);
  }

  void write(const std::string& name, std::string_view data) {
    std::ofstream(dir_.path() / name, std::ios::binary) << data;
  }

  fs::path file(const std::string& name) const { return dir_.path() / name; }

  ShellResult verify(const std::string& args) {
    return run_shell(std::string(LW_VERIFY_REPORT_BINARY) + " " + args);
  }

  crypto::Sm2KeyPair key_ = crypto::Sm2KeyPair::generate();
  lw::testing::TempDir dir_;
  std::string url_;
};

TEST_F(VerifyReport, JJ_3_5_GenuinePdfAndContentPassAndThePrintoutNamesTheFacts) {
  const auto r = verify("--key " + shell_quote(file("report-key.pem")) + " --pdf " +
                        shell_quote(file("report.pdf")) + " --content " +
                        shell_quote(file("content.json")) + " " + shell_quote(url_));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Report number: 360402-0007-2026-CL-000123\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2026-03-01T06:03:04Z (UTC), 2026-03-01T14:03:04+08:00 (Asia/Shanghai)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Key id: " + key_.key_id()), std::string::npos);
  EXPECT_NE(r.out.find("PDF SM3: " + to_hex(crypto::digest(HashAlg::sm3, kPdf))),
            std::string::npos);
  EXPECT_NE(r.out.find("签名 Signature: 有效 OK\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PDF 文件 PDF file: 与签发的一致 matches"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("结构化内容 Content: 与签发的一致 matches"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("结论 Verdict: 通过"), std::string::npos) << r.out;
}

TEST_F(VerifyReport, JJ_3_5_OneChangedByteInThePdfFailsTheDigestCheck) {
  std::string tampered(kPdf);
  tampered[12] = static_cast<char>(tampered[12] ^ 1);
  write("tampered.pdf", tampered);
  const auto r = verify("--key " + shell_quote(file("report-key.pem")) + " --pdf " +
                        shell_quote(file("tampered.pdf")) + " " + shell_quote(url_));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("签名 Signature: 有效 OK\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PDF 文件 PDF file: 与签发的不一致 differs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("结论 Verdict: 未通过"), std::string::npos) << r.out;
}

TEST_F(VerifyReport, JJ_3_5_AnotherKeyFailsTheSignature) {
  write("other.pem", crypto::Sm2KeyPair::generate().public_pem());
  const auto r = verify("--key " + shell_quote(file("other.pem")) + " " + shell_quote(url_));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("签名 Signature: 无效 FAILED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("signed with key " + key_.key_id()), std::string::npos) << r.out;
}

TEST_F(VerifyReport, JJ_3_5_ReadsTheQrTextFromZbarimgOnStdin) {
  const auto r =
      verify("--key " + shell_quote(file("report-key.pem")) + " - <<'EOF'\n" + url_ + "\nEOF");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // The private key file of the platform's operators works too.
  write("private.pem", key_.private_pem());
  EXPECT_EQ(verify("--key " + shell_quote(file("private.pem")) + " " + shell_quote(url_)).exit_code,
            0);
}

TEST_F(VerifyReport, ContentThatDiffersFails) {
  write("other.json", R"({"conclusion":"fail","tests":[7,3],"title":"钢筋拉伸检测报告"})");
  const auto r = verify("--key " + shell_quote(file("report-key.pem")) + " --content " +
                        shell_quote(file("other.json")) + " " + shell_quote(url_));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("结构化内容 Content: 与签发的不一致 differs"), std::string::npos) << r.out;
}

TEST_F(VerifyReport, UsageAndInputErrorsExitWithTwo) {
  const std::string key = " --key " + shell_quote(file("report-key.pem"));
  EXPECT_EQ(verify("").exit_code, 2);
  EXPECT_EQ(verify(shell_quote(url_)).exit_code, 2) << "no key";
  EXPECT_EQ(verify(key).exit_code, 2) << "no QR text";
  EXPECT_EQ(verify(key + " " + shell_quote(url_) + " extra").exit_code, 2);
  EXPECT_EQ(verify(key + " --unknown " + shell_quote(url_)).exit_code, 2);
  EXPECT_EQ(verify("--key " + shell_quote(file("missing.pem")) + " " + shell_quote(url_)).exit_code,
            2);
  EXPECT_EQ(verify("--key " + shell_quote(file("report.pdf")) + " " + shell_quote(url_)).exit_code,
            2)
      << "not a key";
  EXPECT_EQ(verify(key + " --pdf " + shell_quote(file("missing.pdf")) + " " + shell_quote(url_))
                .exit_code,
            2);
  const auto malformed = verify(key + " " + shell_quote(url_.substr(0, url_.size() - 5)));
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_NE(malformed.err.find("not a report seal"), std::string::npos) << malformed.err;
}

}  // namespace
}  // namespace lw::seal
