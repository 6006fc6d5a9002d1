#include "domain/receipt.hpp"

#include <gtest/gtest.h>

namespace lw::domain {
namespace {

using namespace std::chrono;

constexpr Date kRuleDay = 2024y / December / 16d;  // Jiujiang's date (JJ-4.1)

ReceiptFacts unlabelled(Date today, std::optional<Date> rule = kRuleDay) {
  ReceiptFacts f;
  f.labelled = false;
  f.qr_label_required_from = rule;
  f.today = today;
  return f;
}

TEST(Receipt, JJ_4_1_UnlabelledSampleBeforeTheDateIsReceivedWithAWarning) {
  const auto v = judge_receipt(unlabelled(2024y / December / 15d));
  EXPECT_TRUE(v.received);
  EXPECT_EQ(v.warnings, std::vector<std::string>{"no_label_before_rule"});
}

TEST(Receipt, JJ_4_1_UnlabelledSampleOnAndAfterTheDateIsRefused) {
  for (Date d : {kRuleDay, Date{2024y / December / 17d}, Date{2026y / November / 21d}}) {
    const auto v = judge_receipt(unlabelled(d));
    EXPECT_FALSE(v.received);
    EXPECT_EQ(v.reasons, std::vector<std::string>{"no_label"});
  }
}

TEST(Receipt, JJ_4_1_ProfileWithoutTheRuleAcceptsUnlabelledSamples) {
  const auto v = judge_receipt(unlabelled(2026y / November / 21d, std::nullopt));
  EXPECT_TRUE(v.received);
  EXPECT_TRUE(v.warnings.empty());
}

TEST(Receipt, LabelChecksGiveOneReasonEach) {
  ReceiptFacts f;
  f.label_valid = false;
  EXPECT_EQ(judge_receipt(f).reasons, std::vector<std::string>{"label_invalid"});
  f = {};
  f.label_known = false;
  EXPECT_EQ(judge_receipt(f).reasons, std::vector<std::string>{"label_unknown"});
  f = {};
  f.label_bound = false;
  EXPECT_EQ(judge_receipt(f).reasons, std::vector<std::string>{"label_not_bound"});
  f = {};
  f.already_received = true;
  f.other_project = true;
  EXPECT_EQ(judge_receipt(f).reasons,
            (std::vector<std::string>{"label_already_received", "other_project"}));
}

TEST(Receipt, JJ_1_6_NoWitnessBrokenSealAndUnqualifiedLabAreRefusals) {
  ReceiptFacts f;
  f.witness_present = false;
  f.seal_intact = false;
  f.lab_qualified = false;
  f.commissioned = false;
  const auto v = judge_receipt(f);
  EXPECT_FALSE(v.received);
  EXPECT_EQ(v.reasons, (std::vector<std::string>{"not_commissioned", "lab_not_qualified",
                                                 "no_witness", "seal_broken"}));
}

TEST(Receipt, EverythingInOrderIsReceived) {
  const auto v = judge_receipt({});
  EXPECT_TRUE(v.received);
  EXPECT_TRUE(v.reasons.empty());
}

TEST(Receipt, TheClerkMayRefuseOnTheirOwn) {
  ReceiptFacts f;
  f.clerk_refuses = true;
  EXPECT_EQ(judge_receipt(f).reasons, std::vector<std::string>{"refused_by_clerk"});
}

}  // namespace
}  // namespace lw::domain
