#include "core/metrics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace lw {
namespace {

using ::testing::HasSubstr;

struct Bucket {
  double le;
  std::uint64_t count;
};

// The `<name>_bucket{...le="X"} N` lines of a rendered histogram, in order.
std::vector<Bucket> buckets(const std::string& text, const std::string& name) {
  std::vector<Bucket> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with(name + "_bucket")) {
      continue;
    }
    const auto le = line.find("le=\"");
    const auto end = line.find('"', le + 4);
    const std::string v = line.substr(le + 4, end - le - 4);
    out.push_back({v == "+Inf" ? std::numeric_limits<double>::infinity() : std::stod(v),
                   std::stoull(line.substr(line.rfind(' ') + 1))});
  }
  return out;
}

// The value of the line that starts with `prefix ` (exactly that series).
std::string sample_value(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(prefix + " ")) {
      return line.substr(prefix.size() + 1);
    }
  }
  return "<absent>";
}

TEST(Metrics, RendersHelpAndTypeForEveryFamily) {
  const std::string text = Metrics{}.render();
  EXPECT_THAT(text, HasSubstr("# HELP labwatch_http_requests_total HTTP requests answered\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE labwatch_http_requests_total counter\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE labwatch_http_request_duration_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("# HELP labwatch_commit_batch_size "));
  EXPECT_THAT(text, HasSubstr("# TYPE labwatch_commit_batch_size histogram\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE labwatch_db_errors_total counter\n"));
}

TEST(Metrics, CounterValuesPerLabelSet) {
  Metrics m;
  m.http_requests.inc({"GET", "/healthz", "200"});
  m.http_requests.inc({"GET", "/healthz", "200"});
  m.http_requests.inc({"POST", "/api/v1/blobs", "201"}, 3);
  EXPECT_EQ(m.http_requests.value({"GET", "/healthz", "200"}), 2);
  EXPECT_EQ(m.http_requests.value({"DELETE", "/x", "405"}), 0);
  const std::string text = m.render();
  EXPECT_EQ(
      sample_value(text,
                   R"(labwatch_http_requests_total{method="GET",route="/healthz",status="200"})"),
      "2");
  EXPECT_EQ(
      sample_value(
          text,
          R"(labwatch_http_requests_total{method="POST",route="/api/v1/blobs",status="201"})"),
      "3");
}

TEST(Metrics, LabelValuesAreEscaped) {
  Metrics m;
  m.db_errors.inc({"sqlite", "say \"hi\"\\now\nnext"});
  EXPECT_THAT(
      m.render(),
      HasSubstr(
          R"(labwatch_db_errors_total{engine="sqlite",operation="say \"hi\"\\now\nnext"} 1)"));
}

TEST(Metrics, HistogramBucketsAreCumulativeAndInfEqualsCount) {
  Metrics m;
  for (double v : {1.0, 3.0, 3.0, 4.0, 100.0, 1000.0}) {
    m.commit_batch.observe({}, v);
  }
  const std::string text = m.render();
  const auto b = buckets(text, "labwatch_commit_batch_size");
  ASSERT_EQ(b.size(), 11u);  // 10 bounds and +Inf
  for (std::size_t i = 1; i < b.size(); ++i) {
    EXPECT_LT(b[i - 1].le, b[i].le);
    EXPECT_LE(b[i - 1].count, b[i].count);
  }
  EXPECT_EQ(b[0].le, 1);
  EXPECT_EQ(b[0].count, 1u);  // le=1
  EXPECT_EQ(b[1].count, 1u);  // le=2
  EXPECT_EQ(b[2].count, 4u);  // le=4: 1, 3, 3, 4 (the bound itself is included)
  EXPECT_EQ(b[7].count, 5u);  // le=128
  EXPECT_EQ(b[9].count, 5u);  // le=512: 1000 is above every bound
  EXPECT_TRUE(std::isinf(b[10].le));
  EXPECT_EQ(b[10].count, 6u);
  EXPECT_EQ(sample_value(text, "labwatch_commit_batch_size_count"), "6");
  EXPECT_EQ(sample_value(text, "labwatch_commit_batch_size_sum"), "1111");
}

TEST(Metrics, LabelledHistogramPutsLeLast) {
  Metrics m;
  m.http_duration.observe({"/healthz"}, 0.003);
  m.http_duration.observe({"/healthz"}, 20);
  const std::string text = m.render();
  EXPECT_THAT(
      text,
      HasSubstr(R"(labwatch_http_request_duration_seconds_bucket{route="/healthz",le="+Inf"} 2)"));
  EXPECT_THAT(text,
              HasSubstr(R"(labwatch_http_request_duration_seconds_count{route="/healthz"} 2)"));
  const auto b = buckets(text, "labwatch_http_request_duration_seconds");
  ASSERT_EQ(b.size(), 15u);
  EXPECT_EQ(b[2].count, 0u);   // le=0.0025
  EXPECT_EQ(b[3].count, 1u);   // le=0.005
  EXPECT_EQ(b[13].count, 1u);  // le=10
  EXPECT_EQ(b[14].count, 2u);  // +Inf
}

TEST(Metrics, EmptyHistogramHasNoSeries) {
  const std::string text = Metrics{}.render();
  EXPECT_TRUE(buckets(text, "labwatch_commit_batch_size").empty());
}

}  // namespace
}  // namespace lw
