#include "crypto/pii.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "crypto/sm4.hpp"

namespace lw::crypto {
namespace {

constexpr std::string_view kId = "11010519491231002X";
constexpr std::string_view kPhone = "13812345678";

std::string data_key(char first = '\x00') {
  std::string key = *from_hex("000102030405060708090a0b0c0d0e0f");
  key[0] = first;
  return key;
}

PiiKeys keys(char first = '\x00') {
  auto k = PiiKeys::derive(data_key(first));
  EXPECT_TRUE(k);
  return std::move(k).value();
}

TEST(Pii, KeysAreDerivedByTheDocumentedHmacSm3Steps) {
  // openssl mac -digest SM3 -macopt hexkey:000102…0f -in <label> HMAC
  const PiiKeys k = keys();
  EXPECT_EQ(to_hex(k.index_key()),
            "a44bfe413bf05a874357fad8f836ac26b839ebdb0bbf61eab5bee1ff98397c56");
  EXPECT_EQ(to_hex(k.seal_key()), "5e14e8e87d548d7c87e45b12aabc5597");
  EXPECT_NE(k.seal_key(), data_key());
}

TEST(Pii, DataKeyOfAnotherSizeIsAnErrorNotAThrow) {
  EXPECT_FALSE(PiiKeys::derive(""));
  EXPECT_FALSE(PiiKeys::derive(std::string(32, 'k')));
  EXPECT_TRUE(PiiKeys::derive(std::string(16, 'k')));
}

TEST(Pii, JJ_4_3_SealedValuesRoundTripAndHideTheValue) {
  const PiiKeys k = keys();
  const std::string sealed_id = seal_pii(k, PiiKind::resident_id, kId);
  EXPECT_EQ(sealed_id.find(kId), std::string::npos);
  EXPECT_EQ(sealed_id.find("19491231"), std::string::npos);
  EXPECT_EQ(open_pii(k, PiiKind::resident_id, sealed_id).value(), kId);

  const std::string sealed_phone = seal_pii(k, PiiKind::phone, kPhone, "person:42");
  EXPECT_EQ(open_pii(k, PiiKind::phone, sealed_phone, "person:42").value(), kPhone);
  // A fresh nonce each time: equal values do not seal alike (the index is for equality).
  EXPECT_NE(seal_pii(k, PiiKind::resident_id, kId), sealed_id);
}

TEST(Pii, ASealedValueOpensOnlyAsItsKindRowAndKey) {
  const PiiKeys k = keys();
  const std::string sealed_id = seal_pii(k, PiiKind::resident_id, kId, "person:42");
  // An ID ciphertext copied into a phone column, or onto another person's row.
  EXPECT_FALSE(open_pii(k, PiiKind::phone, sealed_id, "person:42"));
  EXPECT_FALSE(open_pii(k, PiiKind::resident_id, sealed_id, "person:43"));
  EXPECT_FALSE(open_pii(k, PiiKind::resident_id, sealed_id));
  EXPECT_FALSE(open_pii(keys('\x01'), PiiKind::resident_id, sealed_id, "person:42"));
  // Sealed under the data key directly (as TOTP secrets are): the sub-key does not open it.
  EXPECT_FALSE(open_pii(k, PiiKind::resident_id,
                        sm4_gcm_seal(data_key(), kId, pii_aad(PiiKind::resident_id))));
  std::string altered = sealed_id;
  altered[14] ^= 1;
  auto r = open_pii(k, PiiKind::resident_id, altered, "person:42");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().note.find("1949"), std::string::npos);
}

TEST(Pii, AadNamesTheKind) {
  EXPECT_EQ(pii_aad(PiiKind::resident_id), "pii:resident_id");
  EXPECT_EQ(pii_aad(PiiKind::phone, "person:42"), "pii:phone:person:42");
}

TEST(Pii, JJ_4_3_BlindIndexIsDeterministicAndPinned) {
  const PiiKeys k = keys();
  const std::string index = pii_index(k, PiiKind::resident_id, kId);
  EXPECT_EQ(index, pii_index(keys(), PiiKind::resident_id, kId));
  // HMAC-SM3(index key, "resident_id:11010519491231002X"), by openssl: changing the derivation
  // would orphan every stored index, so it is pinned.
  EXPECT_EQ(index, "ceae4eb1d5f120790848a50557d22a20993b78caf8d1b70e0c25fc2be49f991c");
  EXPECT_EQ(index.find(kId), std::string::npos);
}

TEST(Pii, BlindIndexDiffersPerKindValueAndKey) {
  const PiiKeys k = keys();
  EXPECT_NE(pii_index(k, PiiKind::resident_id, kPhone), pii_index(k, PiiKind::phone, kPhone));
  EXPECT_NE(pii_index(k, PiiKind::phone, "13812345678"),
            pii_index(k, PiiKind::phone, "13812345679"));
  EXPECT_NE(pii_index(k, PiiKind::phone, kPhone), pii_index(keys('\x01'), PiiKind::phone, kPhone));
  // Keyed: a plain SM3 of the value (what a dictionary attack would compute) is not the index.
  EXPECT_NE(pii_index(k, PiiKind::phone, kPhone), to_hex(digest(HashAlg::sm3, kPhone)));
}

TEST(Pii, JJ_4_3_MaskedResidentIdAsInTheIssue) {
  const std::string masked = mask_pii(PiiKind::resident_id, kId);
  EXPECT_EQ(masked, "110105********002X");
  EXPECT_EQ(masked.find("19491231"), std::string::npos);
  EXPECT_EQ(mask_pii(PiiKind::resident_id, "440524188001010014"), "440524********0014");
}

TEST(Pii, MaskedPhone) {
  EXPECT_EQ(mask_pii(PiiKind::phone, "13812345678"), "138****5678");
}

TEST(Pii, MaskingOfAnyLengthHidesAtLeastTheMiddleAndNeverBreaks) {
  for (PiiKind kind : {PiiKind::resident_id, PiiKind::phone}) {
    for (std::size_t n = 0; n <= 40; ++n) {
      std::string value;
      for (std::size_t i = 0; i < n; ++i) {
        value.push_back(static_cast<char>('0' + i % 10));
      }
      const std::string masked = mask_pii(kind, value);
      ASSERT_EQ(masked.size(), n) << n;
      const auto hidden = static_cast<std::size_t>(std::count(masked.begin(), masked.end(), '*'));
      const bool canonical =
          (kind == PiiKind::resident_id && n == 18) || (kind == PiiKind::phone && n == 11);
      if (!canonical) {
        EXPECT_GE(hidden * 2, n) << pii_kind_name(kind) << " " << n << ": " << masked;
      }
      if (n > 0) {
        EXPECT_GE(hidden, 1U) << masked;
        // The middle character is always among the hidden.
        EXPECT_EQ(masked[n / 2], '*') << masked;
      }
    }
  }
  EXPECT_EQ(mask_pii(PiiKind::resident_id, "110105491231002"), "110*********002");  // 15 digits
  EXPECT_EQ(mask_pii(PiiKind::phone, "079212345678"), "079******678");              // landline
  EXPECT_EQ(mask_pii(PiiKind::phone, "123"), "***");
  EXPECT_EQ(mask_pii(PiiKind::phone, ""), "");
}

TEST(Pii, MaskingHidesNonAsciiValuesEntirely) {
  // Full-width digits would otherwise be cut inside a UTF-8 sequence.
  EXPECT_EQ(mask_pii(PiiKind::phone, "１３８１２３４５６７８"), "***********");
  EXPECT_EQ(mask_pii(PiiKind::resident_id, "11010519491231002\xFF"), "******************");
}

}  // namespace
}  // namespace lw::crypto
