#include "core/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace lw {
namespace {

TEST(ErrorCatalogue, CodesAreUniqueAndNonEmpty) {
  std::set<std::string_view> seen;
  for (const auto& k : error_catalogue()) {
    EXPECT_FALSE(k.code.empty());
    EXPECT_TRUE(seen.insert(k.code).second) << "duplicate code " << k.code;
  }
  EXPECT_FALSE(seen.empty());
}

TEST(ErrorCatalogue, EveryStatusIsAClientOrServerError) {
  for (const auto& k : error_catalogue()) {
    EXPECT_GE(k.http_status, 400) << k.code;
    EXPECT_LE(k.http_status, 599) << k.code;
  }
}

TEST(ErrorCatalogue, EveryCodeHasBothMessages) {
  for (const auto& k : error_catalogue()) {
    EXPECT_FALSE(k.message_zh.empty()) << k.code;
    EXPECT_FALSE(k.message_en.empty()) << k.code;
  }
}

TEST(ErrorCatalogue, EveryNamedCodeIsInTheCatalogue) {
  for (std::string_view code :
       {errc::bad_request, errc::invalid_json, errc::invalid_argument, errc::not_found,
        errc::method_not_allowed, errc::request_timeout, errc::payload_too_large,
        errc::unsupported_media_type, errc::header_too_large, errc::conflict, errc::internal,
        errc::storage_unavailable, errc::shutting_down}) {
    EXPECT_EQ(error_kind(code).code, code);
  }
}

TEST(ErrorCatalogue, KnownStatuses) {
  EXPECT_EQ(error_kind(errc::not_found).http_status, 404);
  EXPECT_EQ(error_kind(errc::invalid_argument).http_status, 422);
  EXPECT_EQ(error_kind(errc::conflict).http_status, 409);
  EXPECT_EQ(error_kind(errc::storage_unavailable).http_status, 503);
  EXPECT_EQ(error_kind(errc::shutting_down).http_status, 503);
}

TEST(ErrorCatalogue, UnknownCodeMapsToInternal) {
  EXPECT_EQ(error_kind("no_such_code").code, errc::internal);
  EXPECT_EQ(error_kind("").code, errc::internal);
  EXPECT_EQ(error_kind("no_such_code").http_status, 500);
}

}  // namespace
}  // namespace lw
