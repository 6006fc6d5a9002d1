// Lab API keys: the canonical request, its signature, and the key and nonce repository on
// both engines (issue 3 item 3).
#include "identity/lab_keys.hpp"

#include <gtest/gtest.h>

#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "identity/test_values.hpp"
#include "support/engine_test.hpp"

namespace lw::identity {
namespace {

using namespace test_values;

// SM3 of the empty message (GB/T 32905 test vectors are for "abc"; this one is well known).
constexpr std::string_view kEmptySm3 =
    "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b";

TEST(CanonicalRequest, JoinsTheFieldsOneALineWithTheQuerySortedByKeyThenValue) {
  const std::string c =
      canonical_request("POST", "/api/v1/connectivity-checks", {{"b", "2"}, {"a", "z"}, {"a", "y"}},
                        "1790000000", "n-1", "");
  EXPECT_EQ(c, "POST\n/api/v1/connectivity-checks\na=y&a=z&b=2\n1790000000\nn-1\n" +
                   std::string(kEmptySm3));
}

TEST(CanonicalRequest, AnEmptyQueryLeavesAnEmptyLine) {
  const std::string c = canonical_request("GET", "/x", {}, "1", "n", "");
  EXPECT_EQ(c, "GET\n/x\n\n1\nn\n" + std::string(kEmptySm3));
}

TEST(CanonicalRequest, TheBodyEntersAsItsSm3) {
  EXPECT_EQ(body_sm3_hex("abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  EXPECT_NE(canonical_request("POST", "/x", {}, "1", "n", "{}"),
            canonical_request("POST", "/x", {}, "1", "n", "{ }"));
}

TEST(LabSignature, IsHexHmacSm3AndDependsOnSecretAndMessage) {
  const std::string s = lab_signature("secret", "message");
  EXPECT_EQ(s.size(), 64u);
  EXPECT_EQ(s, lab_signature("secret", "message"));
  EXPECT_NE(s, lab_signature("secret2", "message"));
  EXPECT_NE(s, lab_signature("secret", "message2"));
}

// The worked example of the API manual (docs/api/openapi.yaml, /api/v1/lab-api/signature-check):
// if this changes, the manual changes with it.
TEST(LabSignature, JL_3_2_TheManualsWorkedExampleHolds) {
  const std::string secret =
      *crypto::from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  const std::string body = R"({"lab_code":"360402-0001","message":"LIMS test"})";
  EXPECT_EQ(body_sm3_hex(body), "f9125d1c5bd43cd650322490fe27a4942958027341f976e2bf5a0d13ad8b9995");
  const std::string c =
      canonical_request("POST", "/api/v1/lab-api/signature-check", {{"mode", "test"}, {"a", "1"}},
                        "1795756203", "5f1c2a9e-7d4b-4e0a-9b1f-3c8d2e6a7f10", body);
  EXPECT_EQ(c,
            "POST\n/api/v1/lab-api/signature-check\na=1&mode=test\n1795756203\n"
            "5f1c2a9e-7d4b-4e0a-9b1f-3c8d2e6a7f10\n"
            "f9125d1c5bd43cd650322490fe27a4942958027341f976e2bf5a0d13ad8b9995");
  EXPECT_EQ(lab_signature(secret, c),
            "15c1f0822554df9d210f1ad53e7ac75afc7cba890f1326ef5d283beda64b17a0");
}

// The manual's second worked example, a signed upload: the body's SM3 is declared in
// X-Content-SM3 and enters the canonical string as its last line.
TEST(LabSignature, JJ_3_2_TheManualsUploadExampleHolds) {
  const std::string secret =
      *crypto::from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  const std::string body = "LIMS upload test";
  const std::string declared = body_sm3_hex(body);
  EXPECT_EQ(declared, "92af08d31dcdff1f96522e36b67b368336913404141dcc175b2c5973b9420815");
  EXPECT_TRUE(is_sm3_hex(declared));
  const std::string c = canonical_request_for_digest(
      "POST", "/api/v1/blobs", {}, "1795756260", "8c3e1f4a-2b6d-4f9e-a1c7-5d0b9e3f2a64", declared);
  EXPECT_EQ(c, canonical_request("POST", "/api/v1/blobs", {}, "1795756260",
                                 "8c3e1f4a-2b6d-4f9e-a1c7-5d0b9e3f2a64", body));
  EXPECT_EQ(c,
            "POST\n/api/v1/blobs\n\n1795756260\n8c3e1f4a-2b6d-4f9e-a1c7-5d0b9e3f2a64\n"
            "92af08d31dcdff1f96522e36b67b368336913404141dcc175b2c5973b9420815");
  EXPECT_EQ(lab_signature(secret, c),
            "3af1751e668f0a0a5d28ee3d60249493b9bdb4def7c267df7af06c0aede5b10e");
}

TEST(LabSignature, ADeclaredSm3IsSixtyFourLowerCaseHexDigits) {
  EXPECT_TRUE(is_sm3_hex(std::string(kEmptySm3)));
  EXPECT_FALSE(is_sm3_hex(""));
  EXPECT_FALSE(is_sm3_hex(std::string(63, 'a')));
  EXPECT_FALSE(is_sm3_hex(std::string(65, 'a')));
  EXPECT_FALSE(is_sm3_hex(std::string(64, 'A')));
  EXPECT_FALSE(is_sm3_hex(std::string(64, 'g')));
}

class LabKeyStoreTest : public lw::testing::EngineTest {
 protected:
  LabKeyStoreTest() : EngineTest({.connect = true}) {}
};

TEST_P(LabKeyStoreTest, AnIssuedKeyOpensWithItsSecretUntilRevoked) {
  auto issued = issue_lab_key(*c_, kDataKey, "LAB-1", kT0);
  ASSERT_TRUE(issued) << issued.error().note;
  EXPECT_TRUE(issued->key_id.starts_with("lk_"));
  EXPECT_EQ(issued->key_id.size(), 19u);
  EXPECT_EQ(issued->secret_hex.size(), 64u);

  auto found = find_lab_key(*c_, kDataKey, issued->key_id, kT0);
  ASSERT_TRUE(found);
  ASSERT_TRUE(*found);
  EXPECT_EQ((*found)->lab_code, "LAB-1");
  EXPECT_EQ(to_hex((*found)->secret), issued->secret_hex);

  auto stored = c_->query("SELECT secret_sealed FROM lab_api_keys");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->front().bytes(0).find((*found)->secret), std::string::npos);

  EXPECT_FALSE(find_lab_key(*c_, std::string(16, 'x'), issued->key_id, kT0));  // wrong data key

  auto revoked = revoke_lab_key(*c_, issued->key_id, kT0, kT0);
  ASSERT_TRUE(revoked);
  EXPECT_TRUE(*revoked);
  EXPECT_FALSE(*revoke_lab_key(*c_, issued->key_id, kT0, kT0));
  auto gone = find_lab_key(*c_, kDataKey, issued->key_id, kT0);
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
  EXPECT_FALSE(*find_lab_key(*c_, kDataKey, "lk_unknown", kT0));
}

TEST_P(LabKeyStoreTest, ANonceCountsOncePerKey) {
  const Instant forget = kT0 - std::chrono::minutes(10);
  EXPECT_TRUE(*record_nonce(*c_, "lk_a", "n1", kT0, forget));
  EXPECT_FALSE(*record_nonce(*c_, "lk_a", "n1", kT0, forget));
  EXPECT_TRUE(*record_nonce(*c_, "lk_b", "n1", kT0, forget));
}

TEST_P(LabKeyStoreTest, NoncesBeyondTheWindowAreForgotten) {
  ASSERT_TRUE(*record_nonce(*c_, "lk_a", "old", kT0, kT0 - std::chrono::minutes(10)));
  const Instant later = kT0 + std::chrono::minutes(11);
  ASSERT_TRUE(*record_nonce(*c_, "lk_a", "new", later, later - std::chrono::minutes(10)));
  auto rows = c_->query("SELECT nonce FROM request_nonces WHERE key_id = 'lk_a'");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().text(0), "new");
}

// Rotation: the replaced key is still accepted until its retirement time, then refused.
TEST_P(LabKeyStoreTest, ARotatedKeyRetiresAtItsTime) {
  auto old_key = issue_lab_key(*c_, kDataKey, "LAB-1", kT0);
  ASSERT_TRUE(old_key);
  auto new_key = issue_lab_key(*c_, kDataKey, "LAB-1", kT0 + std::chrono::seconds(1));
  ASSERT_TRUE(new_key);
  const Instant retire = kT0 + std::chrono::hours(24);
  ASSERT_TRUE(*revoke_lab_key(*c_, old_key->key_id, kT0, retire));
  EXPECT_TRUE(*find_lab_key(*c_, kDataKey, old_key->key_id, retire - std::chrono::seconds(1)));
  EXPECT_FALSE(*find_lab_key(*c_, kDataKey, old_key->key_id, retire));

  auto keys = list_lab_keys(*c_, "LAB-1");
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].key_id, new_key->key_id);  // newest first
  EXPECT_EQ(key_state((*keys)[0], kT0), "active");
  EXPECT_EQ(key_state((*keys)[1], kT0), "retiring");
  EXPECT_EQ(key_state((*keys)[1], retire), "revoked");
  // Revoking a retiring key ends it at once.
  ASSERT_TRUE(*revoke_lab_key(*c_, old_key->key_id, kT0, kT0));
  EXPECT_FALSE(*find_lab_key(*c_, kDataKey, old_key->key_id, kT0 + std::chrono::seconds(1)));
  auto info = find_lab_key_info(*c_, old_key->key_id);
  ASSERT_TRUE(info && *info);
  EXPECT_EQ((*info)->lab_code, "LAB-1");
}

LW_ENGINE_SUITE(LabKeyStoreTest);

}  // namespace
}  // namespace lw::identity
