#include "ledger/base64.hpp"

#include <gtest/gtest.h>

#include "crypto/hash.hpp"
#include "ledger/merkle.hpp"

namespace lw::ledger {
namespace {

// RFC 4648 §10.
TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(to_base64(bytes), text);
    EXPECT_EQ(from_base64(text), bytes) << text;
  }
}

TEST(Base64, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) {
    all.push_back(static_cast<char>(i));
  }
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    EXPECT_EQ(from_base64(to_base64(all.substr(0, n))), all.substr(0, n));
  }
  // The C2SP checkpoint form of the SHA-256 empty-tree hash.
  EXPECT_EQ(to_base64(empty_root(crypto::HashAlg::sha256)),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

// One accepted text per byte string.
TEST(Base64, RefusesEveryNonCanonicalText) {
  for (const char* bad : {"Zg", "Zg=", "Zh==", "Zm9=", "Zm8", "Zm9v\n", " Zm9v", "Zm=v",
                          "Z===", "====", "Zg==Zg==", "-_8=", "Zm9vYg", "Zm9vY===", "Zm9v!"}) {
    EXPECT_FALSE(from_base64(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace lw::ledger
