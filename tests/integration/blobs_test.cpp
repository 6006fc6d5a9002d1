// Files are streamed to disk while hashed, stored once under their SHA-256, served back to the
// callers who may read them: the sender and the scopes covering the sending lab.
#include <boost/json.hpp>

#include <random>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

using namespace std::chrono_literals;

std::string random_content(std::size_t n) {
  std::mt19937_64 rng(n);
  std::string s(n, '\0');
  for (auto& c : s) {
    c = static_cast<char>(rng());
  }
  return s;
}

class BlobsTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--upload-limit", "8388608"}; }

  // The start of a hand-written signed upload of `body` (headers only).
  std::string upload_head(const std::string& body, const std::string& framing) {
    return "POST /api/v1/blobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/pdf\r\n" +
           header_lines(signed_upload_headers(lab_key(), "/api/v1/blobs", body)) + framing + "\r\n";
  }
};

TEST_F(BlobsTest, UploadWithContentLengthIsStoredUnderItsHashAndServedBack) {
  const std::string photo = random_content(5 * 1024 * 1024);
  auto r = upload_as_lab(photo, "image/jpeg");
  ASSERT_EQ(r.status, 201) << r.body;
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body.at("sha256").as_string(), sha256_hex(photo));
  EXPECT_EQ(body.at("size").as_int64(), static_cast<std::int64_t>(photo.size()));
  EXPECT_EQ(r.header("location"), "/api/v1/blobs/" + sha256_hex(photo));

  auto back = as_lab("GET", "/api/v1/blobs/" + sha256_hex(photo));
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(back.header("content-type"), "image/jpeg");
  EXPECT_TRUE(back.body == photo);
}

TEST_F(BlobsTest, ThePublicNeitherUploadsNorReadsAndAnotherLabCannotRead) {
  const std::string photo = "placard photo of lab T1";
  auto anonymous = request(port(), "POST", "/api/v1/blobs", photo, {{"Content-Type", "a/b"}});
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  ASSERT_EQ(upload_as_lab(photo, "image/jpeg").status, 201);
  const std::string target = "/api/v1/blobs/" + sha256_hex(photo);
  EXPECT_EQ(get(target).status, 401);
  const LabKey other = issue_lab_key("LAB-T2", db_.url(), db_.dir() / "data");
  auto theirs = request(port(), "GET", target, "", signed_headers(other, "GET", target, ""));
  EXPECT_EQ(theirs.status, 404) << theirs.body;  // as if it did not exist
  EXPECT_EQ(theirs.body.find(photo), std::string::npos);
}

TEST_F(BlobsTest, ChunkedUploadIsAccepted) {
  const std::string pdf = random_content(300 * 1024);
  RawConnection c(port());
  c.send(upload_head(pdf, "Transfer-Encoding: chunked\r\n"));
  for (std::size_t off = 0; off < pdf.size(); off += 70000) {
    const std::string part = pdf.substr(off, 70000);
    char line[16];
    std::snprintf(line, sizeof line, "%zx\r\n", part.size());
    c.send(line + part + "\r\n");
  }
  c.send("0\r\n\r\n");
  auto r = c.read_response();
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(boost::json::parse(r.body).at("sha256").as_string(), sha256_hex(pdf));
}

TEST_F(BlobsTest, SameContentTwiceKeepsTheFirstReceipt) {
  const std::string data = "placard photo 举牌验证";
  auto first = upload_as_lab(data, "image/jpeg");
  auto second = upload_as_lab(data, "image/jpeg");
  ASSERT_EQ(first.status, 201);
  ASSERT_EQ(second.status, 201);
  EXPECT_EQ(boost::json::parse(first.body).at("received_at"),
            boost::json::parse(second.body).at("received_at"));
}

TEST_F(BlobsTest, UploadOverTheLimitIs413) {
  auto whole_body = upload_as_lab(random_content(9 * 1024 * 1024), "application/octet-stream");
  EXPECT_EQ(whole_body.status, 413) << whole_body.body;
  // A chunked upload that grows past the limit is cut as well, and nothing is kept.
  const std::string chunk(1024 * 1024, 'z');
  std::string whole;
  for (int i = 0; i < 10; ++i) {
    whole += chunk;
  }
  RawConnection c(port());
  c.send(upload_head(whole, "Transfer-Encoding: chunked\r\n"));
  for (int i = 0; i < 10 && c.send("100000\r\n" + chunk + "\r\n"); ++i) {
  }
  EXPECT_EQ(c.read_response().status, 413);
  EXPECT_EQ(as_lab("GET", "/api/v1/blobs/" + sha256_hex(std::string(8 * 1024 * 1024, 'z'))).status,
            404);
}

TEST_F(BlobsTest, UploadWithoutMediaTypeIs415) {
  auto r = upload_as_lab("data", "");
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(boost::json::parse(r.body).at("code").as_string(), "unsupported_media_type");
}

TEST_F(BlobsTest, BadOrUnknownHashIsRefused) {
  EXPECT_EQ(as_lab("GET", "/api/v1/blobs/not-a-hash").status, 422);
  EXPECT_EQ(as_lab("GET", "/api/v1/blobs/" + std::string(64, 'a')).status, 404);
}

TEST_F(BlobsTest, ClientThatStopsMidUploadLeavesNothingBehind) {
  {
    RawConnection c(port());
    c.send(upload_head(std::string(100000, 'q'), "Content-Length: 100000\r\n") +
           std::string(5000, 'q'));
  }  // closed after 5,000 of 100,000 bytes
  std::this_thread::sleep_for(200ms);
  const auto tmp = db_.dir() / "data" / "blobs" / "tmp";
  EXPECT_TRUE(std::filesystem::is_empty(tmp));
  EXPECT_EQ(get("/healthz").status, 200);
}

}  // namespace
}  // namespace lw::testing
