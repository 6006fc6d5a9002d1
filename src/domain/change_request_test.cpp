#include "domain/change_request.hpp"

#include <gtest/gtest.h>

namespace lw::domain {
namespace {

ChangeRequest pending_from(std::int64_t requester) {
  ChangeRequest r;
  r.id = 7;
  r.requester_id = requester;
  r.requested_by = "jj-regulator";
  return r;
}

// JJ-3.4: a change keeps its modification record, approved by a second person (four eyes).
TEST(ChangeRequest, JJ_3_4_TheRequesterNeverDecidesTheirOwnRequest) {
  const auto st = may_decide(pending_from(3), 3);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, errc::four_eyes);
  EXPECT_TRUE(may_decide(pending_from(3), 4));
}

TEST(ChangeRequest, ADecidedRequestIsNotDecidedAgain) {
  for (auto state : {ChangeState::approved, ChangeState::rejected}) {
    auto r = pending_from(3);
    r.state = state;
    const auto st = may_decide(r, 4);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, errc::conflict);
  }
}

TEST(ChangeRequest, StatesRoundTripByName) {
  for (auto s : {ChangeState::pending, ChangeState::approved, ChangeState::rejected}) {
    EXPECT_EQ(parse_change_state(state_name(s)), s);
  }
  EXPECT_FALSE(parse_change_state("voided"));
}

TEST(ChangeRequest, AReasonIsRequired) {
  EXPECT_FALSE(validate_reason("reason", ""));
  EXPECT_FALSE(validate_reason("reason", std::string(501, 'x')));
  EXPECT_TRUE(validate_reason("reason", "更正机构名称 name corrected per certificate"));
}

}  // namespace
}  // namespace lw::domain
