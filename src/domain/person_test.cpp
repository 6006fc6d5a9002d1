// People of the registry (JJ-4.3, JL-2.2): phone checks and whether a witness may be assigned.
#include "domain/person.hpp"

#include <gtest/gtest.h>

namespace lw::domain {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

constexpr Date kDay{year(2026), month(5), day(20)};

TEST(Phone, JJ_4_3_MobileAndLandlineNumbersAreAcceptedInOneForm) {
  EXPECT_EQ(*normalise_phone("13812345678"), "13812345678");
  EXPECT_EQ(*normalise_phone("138 1234 5678"), "13812345678");
  EXPECT_EQ(*normalise_phone("0792-8221234"), "0792-8221234");
  EXPECT_EQ(*normalise_phone("010-88886666"), "010-88886666");
  EXPECT_EQ(*normalise_phone("07928221234"), "07928221234");
}

TEST(Phone, JJ_4_3_AnythingElseIsRefusedWithoutEchoingTheNumber) {
  for (const char* bad :
       {"", "1381234567", "138123456789", "12812345678", "23812345678", "+8613812345678",
        "0792-82212", "792-8221234", "0792--8221234", "0792-8221234-12", "1381234567a"}) {
    auto r = normalise_phone(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, "invalid_argument");
    EXPECT_EQ(r.error().details.at("fields").at("phone").as_string(), "format");
    if (std::string_view(bad).size() > 3) {
      EXPECT_EQ(r.error().note.find(bad), std::string::npos);
    }
  }
}

TEST(Duties, StoredBetweenCommasInAFixedOrder) {
  EXPECT_EQ(duties_column({Duty::witness, Duty::tester}), ",tester,witness,");
  EXPECT_EQ(parse_duties_column(",tester,witness,"),
            (std::vector<Duty>{Duty::tester, Duty::witness}));
  EXPECT_EQ(parse_duty("technical_lead"), Duty::technical_lead);
  EXPECT_FALSE(parse_duty("boss"));
}

TEST(IsoDate, OnlyRealDates) {
  EXPECT_EQ(parse_iso_date("2024-02-29"), (Date{year(2024), month(2), day(29)}));
  EXPECT_FALSE(parse_iso_date("2023-02-29"));
  EXPECT_FALSE(parse_iso_date("2023-2-01"));
  EXPECT_FALSE(parse_iso_date("2023-02-01x"));
}

Person ready_witness() {
  Person p;
  p.name = "测试见证员甲";
  p.lab_code = "360402-0001";
  p.region_code = "360402";
  p.duties = {Duty::witness};
  p.trained_on = Date{year(2026), month(1), day(10)};
  p.exam = {ExamState::passed, Date{year(2026), month(1), day(20)}, 86};
  p.verification = IdentityVerification{"jj-regulator", {}};
  p.authorisation = Authorisation{
      "ab", "application/pdf", Date{year(2026), month(12), day(31)}, "jj-regulator", {}};
  p.certificates.push_back({1, "见证人员证书", "JZ-001", "九江市住建局",
                            Date{year(2025), month(1), day(1)},
                            Date{year(2027), month(12), day(31)}});
  return p;
}

TEST(Witness, JL_2_2_AReadyWitnessIsAssignable) {
  auto a = assignable_as_witness(ready_witness(), kDay);
  EXPECT_TRUE(a.assignable);
  EXPECT_TRUE(a.reasons.empty());
  EXPECT_TRUE(validate(ready_witness()));
}

TEST(Witness, JL_2_2_NoWrittenAuthorisationNoAssignment) {
  Person p = ready_witness();
  p.authorisation.reset();
  auto a = assignable_as_witness(p, kDay);
  EXPECT_FALSE(a.assignable);
  EXPECT_EQ(a.reasons, std::vector<std::string>{"no_authorisation"});
  p = ready_witness();
  p.authorisation->valid_until = Date{year(2026), month(5), day(19)};
  EXPECT_EQ(assignable_as_witness(p, kDay).reasons,
            std::vector<std::string>{"authorisation_expired"});
  p.authorisation->valid_until = kDay;  // inclusive
  EXPECT_TRUE(assignable_as_witness(p, kDay).assignable);
}

TEST(Witness, JJ_4_3_IdentityTrainingAndExamComeFirst) {
  Person p = ready_witness();
  p.verification.reset();
  p.trained_on.reset();
  p.exam = {ExamState::failed, Date{year(2026), month(1), day(20)}, 40};
  EXPECT_EQ(assignable_as_witness(p, kDay).reasons,
            (std::vector<std::string>{"identity_not_verified", "not_trained", "exam_not_passed"}));
  // An exam passed after the day does not count on the day.
  p = ready_witness();
  p.exam.taken_on = Date{year(2026), month(6), day(1)};
  EXPECT_EQ(assignable_as_witness(p, kDay).reasons, std::vector<std::string>{"exam_not_passed"});
}

TEST(Witness, JL_2_2_TheDutyAndAValidCertificateAreNeeded) {
  Person p = ready_witness();
  p.duties = {Duty::sampler};
  p.certificates.front().valid_until = Date{year(2026), month(5), day(19)};
  EXPECT_EQ(assignable_as_witness(p, kDay).reasons,
            (std::vector<std::string>{"not_a_witness", "no_valid_certificate"}));
  EXPECT_EQ(assignable_as_witness(p, kDay, {.certificate_required = false}).reasons,
            std::vector<std::string>{"not_a_witness"});
}

TEST(PersonValidate, NamesTheField) {
  Person p = ready_witness();
  p.duties.clear();
  EXPECT_EQ(validate(p).error().details.at("fields").as_object().begin()->key(), "duties");
  p = ready_witness();
  p.organisation_id = 3;
  EXPECT_EQ(validate(p).error().details.at("fields").as_object().begin()->key(), "employer");
  p = ready_witness();
  p.exam.score = 101;
  EXPECT_EQ(validate(p).error().details.at("fields").as_object().begin()->key(), "exam.score");
  p = ready_witness();
  p.name = " 甲";
  EXPECT_FALSE(validate(p));
}

}  // namespace
}  // namespace lw::domain
