#include "domain/identifiers.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace lw::domain {
namespace {

using namespace std::chrono_literals;
constexpr std::chrono::year_month_day kToday{2026y, std::chrono::May, 21d};

// The reason token a refusal gives for `field`, or "" when it was accepted.
std::string reason_of(const Error& e, std::string_view field) {
  const auto* fields = e.details.if_contains("fields");
  if (fields == nullptr || !fields->is_object()) {
    return {};
  }
  const auto* reason = fields->as_object().if_contains(field);
  return reason != nullptr && reason->is_string() ? std::string(reason->as_string()) : "";
}

std::string id_refusal(std::string_view text) {
  auto r = parse_resident_id(text, kToday);
  return r ? std::string{} : reason_of(r.error(), "id_number");
}

// ---- GB 11643 ----

TEST(ResidentId, JJ_4_3_WorkedExamplesOfTheStandardAreValid) {
  auto a = parse_resident_id("11010519491231002X", kToday);
  ASSERT_TRUE(a) << a.error().note;
  EXPECT_EQ(a->text, "11010519491231002X");
  EXPECT_EQ(a->address_code, "110105");
  EXPECT_EQ(a->birth_date, (std::chrono::year_month_day{1949y, std::chrono::December, 31d}));
  EXPECT_EQ(a->sex, Sex::female);  // sequence 002

  auto b = parse_resident_id("440524188001010014", kToday);
  ASSERT_TRUE(b) << b.error().note;
  EXPECT_EQ(b->birth_date, (std::chrono::year_month_day{1880y, std::chrono::January, 1d}));
  EXPECT_EQ(b->sex, Sex::male);  // sequence 001
}

TEST(ResidentId, CheckCharacterFollowsTheWeights) {
  EXPECT_EQ(resident_id_check("11010519491231002"), 'X');  // sum 167, 167 mod 11 = 2
  EXPECT_EQ(resident_id_check("44052418800101001"), '4');  // sum 195, 195 mod 11 = 8
}

TEST(ResidentId, JJ_4_3_LowerCaseXIsAcceptedAndStoredUpperCase) {
  auto r = parse_resident_id("11010519491231002x", kToday);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->text, "11010519491231002X");
}

TEST(ResidentId, JJ_4_3_WrongLengthsAreRefused) {
  EXPECT_EQ(id_refusal(""), "length");
  EXPECT_EQ(id_refusal("11010519491231002"), "length");
  EXPECT_EQ(id_refusal("11010519491231002X0"), "length");
  EXPECT_EQ(id_refusal("110105491231002"), "length");  // first-generation 15 digits
}

TEST(ResidentId, JJ_4_3_WrongCharactersAreRefused) {
  EXPECT_EQ(id_refusal("1101051949123100XX"), "characters");  // X only as the check
  EXPECT_EQ(id_refusal("11010519491231002Y"), "characters");
  EXPECT_EQ(id_refusal("11010519491231 02X"), "characters");
  EXPECT_EQ(id_refusal("1101051949123100２X"), "characters");  // full-width digit
}

TEST(ResidentId, JJ_4_3_BirthDateMustBeARealDate) {
  // Check characters are right, so only the date can be the reason.
  EXPECT_EQ(id_refusal("360403199902300015"), "date");  // Feb 30
  EXPECT_EQ(id_refusal("360403199902290013"), "date");  // 1999 is not a leap year
  EXPECT_EQ(id_refusal("360403199913010013"), "date");  // month 13
  EXPECT_EQ(id_refusal("110105194900000024"), "date");  // month and day 00
  EXPECT_EQ(id_refusal("360403200002290013"), "");      // 2000 is a leap year
}

TEST(ResidentId, JJ_4_3_BirthDateMayNotBeInTheFuture) {
  EXPECT_EQ(id_refusal("360403202605220021"), "date_future");  // tomorrow
  EXPECT_EQ(id_refusal("360403202701010016"), "date_future");
  EXPECT_EQ(id_refusal("360403202605210026"), "");  // born today
  // The server's date decides: the same number is fine a day later.
  EXPECT_TRUE(parse_resident_id("360403202605220021",
                                std::chrono::year_month_day{2026y, std::chrono::May, 22d}));
}

TEST(ResidentId, JJ_4_3_WrongCheckCharacterIsRefused) {
  EXPECT_EQ(id_refusal("110105194912310021"), "checksum");
  EXPECT_EQ(id_refusal("440524188001010015"), "checksum");
}

TEST(ResidentId, UnknownOrAbolishedAddressCodesAreNotRefused) {
  // 360421 (九江县) became 柴桑区 360404 in 2017; numbers issued before stay valid for life.
  EXPECT_EQ(id_refusal("360421198001010019"), "");
  EXPECT_EQ(id_refusal("999999198001010011"), "");  // never a division: still not our check
}

TEST(ResidentId, ErrorsNeverCarryTheNumber) {
  for (std::string_view bad : {"110105194912310021", "360403199902300015", "360403202701010016",
                               "1101051949123100XX", "11010519491231002"}) {
    auto r = parse_resident_id(bad, kToday, "person.id_number");
    ASSERT_FALSE(r);
    const std::string all = r.error().note + boost::json::serialize(r.error().details);
    EXPECT_EQ(all.find(std::string(bad).substr(6, 8)), std::string::npos) << all;
    EXPECT_NE(all.find("person.id_number"), std::string::npos);  // names the caller's field
  }
}

// ---- GB 32100 ----

TEST(CreditCode, JJ_3_2_ExampleOfTheStandardFailsItsCheckWithExpected3) {
  auto c = check_credit_code("91350100M000100Y4Z");
  ASSERT_TRUE(c) << "a checksum mismatch is a warning, not a refusal";
  EXPECT_FALSE(c->checksum_ok());
  EXPECT_TRUE(c->needs_override());
  EXPECT_EQ(c->expected_check, '3');
  EXPECT_EQ(credit_code_check("91350100M000100Y4"), '3');  // sum 1640, 31 - 1640 mod 31 = 3
}

TEST(CreditCode, JJ_3_2_CorrectedExampleIsValid) {
  auto c = check_credit_code("91350100M000100Y43");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->checksum_ok());
  EXPECT_FALSE(c->needs_override());
  EXPECT_TRUE(admit_credit_code(*c, ""));
}

TEST(CreditCode, CheckOf31WrapsToZero) {
  EXPECT_EQ(credit_code_check("91360400MA0000027"), '0');
  EXPECT_TRUE(check_credit_code("91360400MA00000270")->checksum_ok());
}

TEST(CreditCode, JL_1_1_LettersIOSVZAreRefused) {
  for (char c : std::string_view("IOSVZ")) {
    for (std::size_t at : {0U, 8U, 16U}) {
      std::string code = "91350100M000100Y43";
      code[at] = c;
      auto r = check_credit_code(code);
      ASSERT_FALSE(r) << code;
      EXPECT_EQ(reason_of(r.error(), "credit_code"), "characters") << code;
    }
  }
}

TEST(CreditCode, ALetterOutsideTheAlphabetAsCheckIsAMismatch) {
  // It can never be the check, like the Z of the standard's example: overridable, not malformed.
  for (char c : std::string_view("IOSVZ")) {
    std::string code = "91350100M000100Y4";
    code.push_back(c);
    auto r = check_credit_code(code);
    ASSERT_TRUE(r) << code;
    EXPECT_TRUE(r->needs_override());
    EXPECT_EQ(r->expected_check, '3');
  }
}

TEST(CreditCode, JL_1_1_MalformedCodesAreRefused) {
  auto short_code = check_credit_code("91350100M000100Y4");
  ASSERT_FALSE(short_code);
  EXPECT_EQ(reason_of(short_code.error(), "credit_code"), "length");
  auto long_code = check_credit_code("91350100M000100Y430");
  ASSERT_FALSE(long_code);
  EXPECT_EQ(reason_of(long_code.error(), "credit_code"), "length");
  auto punct = check_credit_code("91350100-000100Y43");
  ASSERT_FALSE(punct);
  EXPECT_EQ(reason_of(punct.error(), "credit_code"), "characters");
  auto wide = check_credit_code("91350100M000100Y4３");  // full-width 3
  ASSERT_FALSE(wide);
  EXPECT_EQ(reason_of(wide.error(), "credit_code"), "characters");
}

TEST(CreditCode, LowerCaseIsFoldedToUpperCase) {
  auto c = check_credit_code("91350100m000100y43");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->text, "91350100M000100Y43");
  EXPECT_TRUE(c->checksum_ok());
}

TEST(CreditCode, JJ_3_2_MismatchIsAdmittedOnlyWithAnOverrideReason) {
  auto c = check_credit_code("91350100M000100Y4Z");
  ASSERT_TRUE(c);
  auto without = admit_credit_code(*c, "");
  ASSERT_FALSE(without);
  EXPECT_EQ(reason_of(without.error(), "credit_code"), "checksum");
  EXPECT_EQ(without.error().details.at("expected_check").as_string(), "3");
  EXPECT_FALSE(admit_credit_code(*c, "   "));
  EXPECT_FALSE(admit_credit_code(*c, std::string(501, 'a')));
  EXPECT_TRUE(admit_credit_code(*c, "营业执照原件核对无误，登记机关赋码如此"));
}

}  // namespace
}  // namespace lw::domain
