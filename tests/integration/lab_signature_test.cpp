// Signed requests of lab systems end to end (issue 3 item 3, JJ-3.2 / JL-1.1): a key issued
// with `labwatch lab-key issue` signs a request with HMAC-SM3 over the canonical string; a
// valid one passes and is audited under the key, and a wrong secret, a changed body, a stale
// timestamp, a reused nonce and an unknown or revoked key each fail with their own code. A
// signed upload declares its body's SM3 in X-Content-SM3 (JJ-3.2): it is stored when the bytes
// match, refused with nothing kept when they do not. The signing here is written independently
// of the server's (OpenSSL directly), as a lab would.
#include <sys/wait.h>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <vector>

#include "integration/server_fixture.hpp"
#include "support/cli.hpp"

namespace lw::testing {
namespace {

struct SignedRequest {
  std::string method = "POST";
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;  // sent unencoded: plain values only
  std::string body;
  std::string timestamp;
  std::string nonce;
  std::string content_type = "application/json";
  // X-Content-SM3: signed as the last line in place of the body's SM3 when set.
  std::optional<std::string> content_sm3;
};

std::string canonical(const SignedRequest& r) {
  return canonical_string(r.method, r.path, r.query, r.timestamp, r.nonce,
                          r.content_sm3 ? *r.content_sm3 : sm3_hex(r.body));
}

std::string now_seconds(long offset = 0) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count() +
                        offset);
}

class LabSignatureTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    const LabKey key = issue_lab_key("LAB-SIG", db_.url(), db_.dir() / "data");
    key_id_ = key.key_id;
    secret_ = key.secret;
    ASSERT_TRUE(key_id_.starts_with("lk_")) << "labwatch lab-key issue failed";
    ASSERT_EQ(secret_.size(), 32u);
  }

  SignedRequest make(const std::string& path, const std::string& body) {
    SignedRequest r;
    r.path = path;
    r.body = body;
    r.timestamp = now_seconds();
    r.nonce = "nonce-" + std::to_string(++nonces_);
    return r;
  }

  // Sends `r` signed under `secret` (the key's own by default); `sent_body` replaces the body
  // on the wire when given (the signature still covers r.body).
  HttpResponse send(const SignedRequest& r, const std::string* secret = nullptr,
                    const std::string* sent_body = nullptr, const std::string* key_id = nullptr) {
    const std::string signature = hmac_sm3_hex(secret ? *secret : secret_, canonical(r));
    std::string target = r.path;
    for (std::size_t i = 0; i < r.query.size(); ++i) {
      target += (i == 0 ? "?" : "&") + r.query[i].first + "=" + r.query[i].second;
    }
    std::map<std::string, std::string> headers{
        {"Content-Type", r.content_type},
        {"X-Timestamp", r.timestamp},
        {"X-Nonce", r.nonce},
        {"Authorization",
         "LW-HMAC-SM3 KeyId=" + (key_id ? *key_id : key_id_) + ", Signature=" + signature}};
    if (r.content_sm3) {
      headers["X-Content-SM3"] = *r.content_sm3;
    }
    return request(port(), r.method, target, sent_body ? *sent_body : r.body, headers);
  }

  // GET of a blob, signed with the key.
  HttpResponse read_blob(const std::string& sha) {
    SignedRequest r = make("/api/v1/blobs/" + sha, "");
    r.method = "GET";
    return send(r);
  }

  // A signed upload of `content` to the blob route, X-Content-SM3 declaring its SM3.
  SignedRequest upload(const std::string& content) {
    SignedRequest r = make("/api/v1/blobs", content);
    r.content_type = "image/jpeg";
    r.content_sm3 = sm3_hex(content);
    return r;
  }

  // Rows in the blobs table, and the record of one blob.
  std::int64_t blob_rows() {
    const auto rows = query_sql("SELECT COUNT(*) FROM blobs");
    return rows.empty() ? -1 : rows.front().int64(0);
  }
  bool blob_recorded(const std::string& sha256) {
    return query_sql("SELECT 1 FROM blobs WHERE sha256 = $1", {sha256}).size() == 1;
  }
  // Files under the blob store's root (tmp/ included): what a refused upload must not leave.
  std::size_t blob_files() {
    std::size_t n = 0;
    const auto root = db_.dir() / "data" / "blobs";
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
      n += e.is_regular_file() ? 1 : 0;
    }
    return n;
  }

  static std::string code_of(const HttpResponse& r) {
    return std::string(boost::json::parse(r.body).at("code").as_string());
  }

  std::string key_id_;
  std::string secret_;
  int nonces_ = 0;
};

constexpr const char* kChecks = "/api/v1/connectivity-checks";
constexpr const char* kBody = R"({"lab_code":"LAB-SIG"})";

TEST_F(LabSignatureTest, JL_1_1_ASignedRequestPassesAndIsAuditedUnderTheKey) {
  auto r = send(make(kChecks, kBody));
  ASSERT_EQ(r.status, 201) << r.body;

  const auto rows = query_sql("SELECT role FROM audit_log WHERE actor = $1", {key_id_});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.front().text(0), "lab_system");
}

TEST_F(LabSignatureTest, JL_1_1_EachFaultFailsWithItsOwnCode) {
  const std::string wrong_secret(32, 'w');
  auto bad_secret = send(make(kChecks, kBody), &wrong_secret);
  EXPECT_EQ(bad_secret.status, 401);
  EXPECT_EQ(code_of(bad_secret), "signature_invalid");

  const std::string changed = R"({"lab_code":"LAB-SIG","message":"x"})";
  auto bad_body = send(make(kChecks, kBody), nullptr, &changed);
  EXPECT_EQ(bad_body.status, 401);
  EXPECT_EQ(code_of(bad_body), "signature_invalid");

  auto stale_req = make(kChecks, kBody);
  stale_req.timestamp = now_seconds(-301 - 5);
  auto stale = send(stale_req);
  EXPECT_EQ(stale.status, 401);
  EXPECT_EQ(code_of(stale), "timestamp_skewed");
  EXPECT_TRUE(boost::json::parse(stale.body).at("details").as_object().contains("server_time"));

  auto first = make(kChecks, kBody);
  ASSERT_EQ(send(first).status, 201);
  first.timestamp = now_seconds(1);  // a fresh timestamp does not make a used nonce new
  auto replay = send(first);
  EXPECT_EQ(replay.status, 401);
  EXPECT_EQ(code_of(replay), "nonce_reused");

  const std::string unknown = "lk_0000000000000000";
  auto no_key = send(make(kChecks, kBody), nullptr, nullptr, &unknown);
  EXPECT_EQ(no_key.status, 401);
  EXPECT_EQ(code_of(no_key), "key_unknown");
}

TEST_F(LabSignatureTest, ARevokedKeyIsUnknown) {
  auto revoked = cli("lab-key revoke " + key_id_);
  ASSERT_EQ(revoked.exit_code, 0) << revoked.output;
  auto r = send(make(kChecks, kBody));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(code_of(r), "key_unknown");
}

TEST_F(LabSignatureTest, UnsignedAnonymousUploadsAreRefused) {
  EXPECT_EQ(code_of(post_json(kChecks, kBody)), "unauthenticated");
}

TEST_F(LabSignatureTest, JL_3_2_TheSelfTestShowsTheServersCanonicalString) {
  auto good = make("/api/v1/lab-api/signature-check", R"({"hello":"世界"})");
  good.query = {{"b", "2"}, {"a", "9"}, {"a", "1"}};
  auto ok = send(good);
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto body = boost::json::parse(ok.body).as_object();
  EXPECT_EQ(body.at("key_id"), key_id_.c_str());
  EXPECT_EQ(body.at("lab_code"), "LAB-SIG");
  EXPECT_EQ(body.at("canonical_request").as_string(), canonical(good));

  auto bad = make("/api/v1/lab-api/signature-check", "{}");
  const std::string wrong_secret(32, 'w');
  auto refused = send(bad, &wrong_secret);
  ASSERT_EQ(refused.status, 401);
  auto err = boost::json::parse(refused.body).as_object();
  EXPECT_EQ(err.at("code"), "signature_invalid");
  const auto& details = err.at("details").as_object();
  EXPECT_EQ(details.at("canonical_request").as_string(), canonical(bad));
  EXPECT_EQ(details.at("body_sm3").as_string(), sm3_hex("{}"));

  // A query byte that is not UTF-8 is echoed as U+FFFD: the answer stays valid JSON.
  auto odd = make("/api/v1/lab-api/signature-check", "{}");
  odd.query = {{"a", "%FF"}};
  auto echoed = send(odd, &wrong_secret);
  ASSERT_EQ(echoed.status, 401);
  const auto odd_details = boost::json::parse(echoed.body).at("details").as_object();
  EXPECT_NE(odd_details.at("canonical_request").as_string().find("a=\xEF\xBF\xBD"),
            boost::json::string::npos);
}

// A real camera JPEG (EXIF, maker notes) from the shared test data beside the checkout.
std::string camera_photo() {
  std::ifstream in(std::string(LABWATCH_SOURCE_DIR) + "/../shared/testdata/exif/Canon.jpg",
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST_F(LabSignatureTest, JJ_3_2_ASignedStreamedUploadIsStoredAndAuditedUnderTheKey) {
  const std::string photo = camera_photo();
  ASSERT_GT(photo.size(), 1000u) << "../shared/testdata/exif/Canon.jpg missing";
  auto r = send(upload(photo));
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string sha = sha256_hex(photo);
  EXPECT_EQ(boost::json::parse(r.body).at("sha256").as_string(), sha);
  auto back = read_blob(sha);
  ASSERT_EQ(back.status, 200);
  EXPECT_TRUE(back.body == photo);
  EXPECT_TRUE(blob_recorded(sha));

  const auto rows = query_sql("SELECT role FROM audit_log WHERE actor = $1 AND action = $2",
                              {key_id_, std::string("blob.upload")});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.front().text(0), "lab_system");
}

TEST_F(LabSignatureTest, JJ_3_2_AnUploadThatDiffersFromItsDeclaredSm3IsRefusedAndNothingIsKept) {
  const std::string photo = camera_photo();
  ASSERT_GT(photo.size(), 1000u);
  std::string altered = photo;
  altered[altered.size() / 2] ^= 0x01;  // one bit on the way: same length, other content
  auto r = send(upload(photo), nullptr, &altered);
  ASSERT_EQ(r.status, 400) << r.body;
  const auto err = boost::json::parse(r.body).as_object();
  EXPECT_EQ(err.at("code"), "body_hash_mismatch");
  const auto& details = err.at("details").as_object();
  EXPECT_EQ(details.at("declared_sm3").as_string(), sm3_hex(photo));
  EXPECT_EQ(details.at("received_sm3").as_string(), sm3_hex(altered));
  EXPECT_EQ(details.at("received_bytes").as_int64(), static_cast<std::int64_t>(altered.size()));

  EXPECT_EQ(read_blob(sha256_hex(altered)).status, 404);
  EXPECT_EQ(read_blob(sha256_hex(photo)).status, 404);
  EXPECT_EQ(blob_rows(), 0);
  EXPECT_EQ(blob_files(), 0u);

  // A chunked body is checked the same way.
  RawConnection c(port());
  auto req = upload(photo);
  const std::string signature = hmac_sm3_hex(secret_, canonical(req));
  c.send(
      "POST /api/v1/blobs HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\n"
      "Transfer-Encoding: chunked\r\nX-Timestamp: " +
      req.timestamp + "\r\nX-Nonce: " + req.nonce + "\r\nX-Content-SM3: " + *req.content_sm3 +
      "\r\nAuthorization: LW-HMAC-SM3 KeyId=" + key_id_ + ", Signature=" + signature + "\r\n\r\n");
  char size_line[16];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", altered.size());
  c.send(size_line + altered + "\r\n0\r\n\r\n");
  auto chunked = c.read_response();
  EXPECT_EQ(chunked.status, 400) << chunked.body;
  EXPECT_EQ(blob_rows(), 0);
  EXPECT_EQ(blob_files(), 0u);

  // The same upload with the bytes it declared then goes through (with a fresh nonce).
  EXPECT_EQ(send(upload(photo)).status, 201);
  EXPECT_EQ(blob_rows(), 1);
}

TEST_F(LabSignatureTest, JJ_3_2_ASignedUploadMustDeclareAndSignItsSm3) {
  auto bare = upload("photo bytes");
  bare.content_sm3.reset();
  auto missing = send(bare);
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(code_of(missing), "signature_invalid");
  const auto reason = boost::json::parse(missing.body).at("details").at("reason").as_string();
  EXPECT_NE(std::string_view(reason).find("X-Content-SM3"), std::string_view::npos) << reason;

  auto upper = upload("photo bytes");
  for (auto& ch : *upper.content_sm3) {
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  auto malformed = send(upper);
  EXPECT_EQ(malformed.status, 401);
  EXPECT_EQ(code_of(malformed), "signature_invalid");

  // The declaration is part of what is signed: changing it breaks the signature.
  const auto signed_req = upload("photo bytes");
  auto swapped = signed_req;
  swapped.content_sm3 = sm3_hex("other bytes");
  const std::string signature = hmac_sm3_hex(secret_, canonical(signed_req));
  auto r =
      request(port(), "POST", "/api/v1/blobs", "other bytes",
              {{"Content-Type", "image/jpeg"},
               {"X-Timestamp", swapped.timestamp},
               {"X-Nonce", swapped.nonce},
               {"X-Content-SM3", *swapped.content_sm3},
               {"Authorization", "LW-HMAC-SM3 KeyId=" + key_id_ + ", Signature=" + signature}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(code_of(r), "signature_invalid");
  EXPECT_EQ(blob_rows(), 0);
  EXPECT_EQ(blob_files(), 0u);
}

TEST_F(LabSignatureTest, JJ_3_2_OnABufferedRouteADeclaredSm3MustBeTheBodys) {
  auto declared = make(kChecks, kBody);
  declared.content_sm3 = sm3_hex(kBody);
  EXPECT_EQ(send(declared).status, 201);

  auto wrong = make(kChecks, kBody);
  wrong.content_sm3 = sm3_hex(R"({"lab_code":"LAB-OTHER"})");
  auto r = send(wrong);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code_of(r), "body_hash_mismatch");
}

}  // namespace
}  // namespace lw::testing
