// Rounding of test results (GB/T 8170-2008): to an interval, ties to the even multiple.
#include "domain/rounding.hpp"

#include <gtest/gtest.h>

namespace lw::domain {
namespace {

TEST(Rounding, GB_T_8170_2008_round_half_to_even_on_the_interval) {
  struct Case {
    double value, interval, want;
  } cases[] = {
      {36.24, 0.1, 36.2}, {36.26, 0.1, 36.3}, {36.25, 0.1, 36.2},  {36.35, 0.1, 36.4},
      {24.9, 0.1, 24.9},  {537.5, 5, 540},    {532.5, 5, 530},     {533, 5, 535},
      {15.25, 0.5, 15.0}, {15.75, 0.5, 16.0}, {2.885, 0.01, 2.88}, {-36.25, 0.1, -36.2},
      {0.04, 0.1, 0.0},   {1234, 10, 1230},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(round_to(c.value, c.interval), c.want) << c.value << " to " << c.interval;
  }
}

}  // namespace
}  // namespace lw::domain
