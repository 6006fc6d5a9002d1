// Load curves (issue 7, JJ-3.4): the three input forms, validation naming the field, the
// compact stored form, peak, loading rate and chart downsampling.
#include "domain/curve.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>

#include "domain/curve_samples.hpp"
#include "support/refusals.hpp"

namespace lw::domain {
namespace {

using lw::testing::refusal;

std::string f32le(std::initializer_list<float> values) {
  std::string out;
  for (float v : values) {
    auto bits = std::bit_cast<std::uint32_t>(v);
    for (int i = 0; i < 4; ++i) {
      out.push_back(static_cast<char>(bits & 0xFF));
      bits >>= 8;
    }
  }
  return out;
}

TEST(Curve, JJ_3_4_points_csv_and_f32le_give_the_same_curve) {
  const auto from_points = curve_from_points({{0, 0, 0}, {0.01, 1.5, 0.002}, {0.02, 3.25, 0.004}});
  ASSERT_TRUE(from_points) << refusal(from_points);
  const auto from_csv = curve_from_csv(
      "\xEF\xBB\xBF"
      "disp_mm, t_s ,force_kn,note\r\n0,0,0,a\r\n\r\n0.002,0.01,1.5,b\n"
      "0.004,0.02,3.25,c\n");
  ASSERT_TRUE(from_csv) << refusal(from_csv);
  const auto from_bytes =
      curve_from_f32le(f32le({0, 0, 0, 0.01F, 1.5F, 0.002F, 0.02F, 3.25F, 0.004F}), 3);
  ASSERT_TRUE(from_bytes) << refusal(from_bytes);
  for (const Curve* c : {&*from_points, &*from_csv, &*from_bytes}) {
    ASSERT_EQ(c->size(), 3U);
    EXPECT_NEAR(c->t_s[1], 0.01, 1e-7);
    EXPECT_NEAR(c->force_kn[2], 3.25, 1e-7);
    EXPECT_NEAR(c->disp_mm[2], 0.004, 1e-7);
  }
  const auto two = curve_from_points({{0, 0}, {1, 2}}, 100);
  ASSERT_TRUE(two);
  EXPECT_TRUE(two->disp_mm.empty());
  EXPECT_EQ(two->rate_hz, 100);
}

TEST(Curve, JJ_3_4_invalid_curves_name_the_field) {
  const double nan = std::nan("");
  struct Case {
    const char* name;
    std::string got;
    const char* want;
  } cases[] = {
      {"no points", refusal(curve_from_points({})), "points:empty"},
      {"ragged", refusal(curve_from_points({{0, 0}, {1, 2, 3}})), "points[1]:width"},
      {"one column", refusal(curve_from_points({{0}})), "points[0]:width"},
      {"nan", refusal(curve_from_points({{0, 0}, {1, nan}})), "points[1]:not_finite"},
      {"huge", refusal(curve_from_points({{0, 0}, {1, 2e9}})), "points[1]:range"},
      {"time back", refusal(curve_from_points({{0, 0}, {2, 1}, {1.5, 2}})),
       "points[2]:time_decreasing"},
      {"rate", refusal(curve_from_points({{0, 0}}, -1)), "rate_hz:range"},
      {"csv header", refusal(curve_from_csv("time,force\n0,0\n")), "csv:header"},
      {"csv twice", refusal(curve_from_csv("t_s,force_kn,t_s\n0,0,0\n")), "csv:header"},
      {"csv cells", refusal(curve_from_csv("t_s,force_kn\n0,0\n1\n")), "csv[1]:columns"},
      {"csv number", refusal(curve_from_csv("t_s,force_kn\n0,0\n1,x\n")), "csv[1]:not_a_number"},
      {"csv empty", refusal(curve_from_csv("t_s,force_kn\n")), "csv:empty"},
      {"csv order", refusal(curve_from_csv("t_s,force_kn\n1,0\n0,1\n")), "csv[1]:time_decreasing"},
      {"channels", refusal(curve_from_f32le(f32le({0, 0}), 4)), "channels:range"},
      {"f32 length", refusal(curve_from_f32le(f32le({0, 0, 1}), 2)), "f32le:length"},
      {"f32 nan", refusal(curve_from_f32le(f32le({0, 0, 1, NAN}), 2)), "f32le[1]:not_finite"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.got, c.want) << c.name;
  }
  std::vector<std::vector<double>> many(kMaxCurvePoints + 1, {0, 0});
  EXPECT_EQ(refusal(curve_from_points(many)), "points:too_many");
}

TEST(Curve, JJ_3_4_streamed_chunks_append_in_time_order) {
  Curve c;
  ASSERT_TRUE(append_curve(c, *curve_from_points({{0, 0}, {1, 1}})));
  ASSERT_TRUE(append_curve(c, *curve_from_points({{1, 1.5}, {2, 2}})));
  EXPECT_EQ(c.size(), 4U);
  EXPECT_EQ(refusal(append_curve(c, *curve_from_points({{1.5, 0}}))), "points[0]:time_decreasing");
  EXPECT_EQ(refusal(append_curve(c, *curve_from_points({{3, 0, 1}}))), "points:channels");
  EXPECT_EQ(c.size(), 4U);
}

TEST(Curve, JJ_3_4_stored_form_round_trips_within_a_quantum_and_is_compact) {
  const Curve c = samples::steel_curve(3);
  const std::string bytes = encode_curve(c);
  const auto back = decode_curve(bytes);
  ASSERT_TRUE(back) << refusal(back);
  ASSERT_EQ(back->size(), c.size());
  EXPECT_NEAR(back->rate_hz, c.rate_hz, kRateQuantumHz);
  for (std::size_t i = 0; i < c.size(); ++i) {
    ASSERT_NEAR(back->t_s[i], c.t_s[i], kTimeQuantumS / 2 + 1e-12) << i;
    ASSERT_NEAR(back->force_kn[i], c.force_kn[i], kForceQuantumKn / 2 + 1e-12) << i;
    ASSERT_NEAR(back->disp_mm[i], c.disp_mm[i], kDispQuantumMm / 2 + 1e-12) << i;
  }
  EXPECT_EQ(encode_curve(*back), bytes);  // decoding and encoding again is stable

  // A 2,000-point concrete curve at 100 Hz: about 4 bytes a point with displacement (8 KB)
  // and 3 without, instead of 24 and 16 for doubles.
  auto p = samples::draw_concrete(11);
  p.rate_hz = 100;
  p.start_s = 0;
  p.rate_kn_s = p.peak_kn / 25.0;  // the first 20 s of a 25 s rise
  Curve concrete = samples::concrete_curve(p, 12);
  ASSERT_GE(concrete.size(), 2000U);
  concrete.t_s.resize(2000);
  concrete.force_kn.resize(2000);
  concrete.disp_mm.resize(2000);
  const std::string stored = encode_curve(concrete);
  EXPECT_LT(stored.size(), 2000U * 9 / 2);
  const Curve no_disp{100, concrete.t_s, concrete.force_kn, {}};
  EXPECT_LT(encode_curve(no_disp).size(), 2000U * 7 / 2);
  ASSERT_TRUE(decode_curve(encode_curve(no_disp)));
  EXPECT_TRUE(decode_curve(encode_curve(no_disp))->disp_mm.empty());
}

TEST(Curve, JJ_3_4_malformed_stored_forms_are_refused) {
  const std::string good = encode_curve(*curve_from_points({{0, 0}, {0.1, 1}, {0.2, 2}}));
  ASSERT_TRUE(decode_curve(good));
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    EXPECT_EQ(refusal(decode_curve(good.substr(0, cut))), "curve:malformed") << cut;
  }
  EXPECT_EQ(refusal(decode_curve(good + "x")), "curve:malformed");
  std::string bad_magic = good;
  bad_magic[0] = 'X';
  EXPECT_EQ(refusal(decode_curve(bad_magic)), "curve:malformed");
  // A count beyond the limit, and times that run backwards.
  std::string huge = "LWC\x01";
  huge += '\0';
  huge += "\xFF\xFF\xFF\x7F";
  EXPECT_EQ(refusal(decode_curve(huge)), "curve:malformed");
  std::string backwards = "LWC\x01";
  backwards += std::string("\x00\x02\x00\x01\x00\x01\x01\x00\x00", 9);
  EXPECT_EQ(refusal(decode_curve(backwards)), "curve:malformed");
}

TEST(Curve, JJ_3_4_peak_and_loading_rate_of_the_rise) {
  // 0.6 MPa/s on a 150 mm cube is 13.5 kN/s: a ramp to 810 kN in 60 s, then a drop.
  Curve c;
  for (int i = 0; i <= 6500; ++i) {
    const double t = i * 0.01;
    c.t_s.push_back(t);
    c.force_kn.push_back(t <= 60 ? 13.5 * t : 810 - 200 * (t - 60));
  }
  const auto peak = curve_peak(c);
  ASSERT_TRUE(peak);
  EXPECT_EQ(peak->index, 6000U);
  EXPECT_DOUBLE_EQ(peak->force_kn, 810);
  const auto rate = loading_rate(c);
  ASSERT_TRUE(rate);
  EXPECT_NEAR(rate->kn_per_s, 13.5, 1e-9);
  EXPECT_NEAR(rate->from_t_s, 6.0, 0.01);
  EXPECT_NEAR(rate->to_t_s, 48.0, 0.01);
  EXPECT_NEAR(stress_rate_mpa_per_s(*rate, 22500), 0.6, 1e-9);

  Curve flat{0, {0, 1, 2}, {0, 0, 0}, {}};
  EXPECT_FALSE(loading_rate(flat));
  EXPECT_FALSE(curve_peak(Curve{}));
}

TEST(Curve, JJ_3_4_downsampling_keeps_the_peak_and_the_ends) {
  const Curve c = samples::steel_curve(21);
  const auto peak = curve_peak(c);
  for (std::size_t max_points : {4, 100, 500, 2000}) {
    const Curve d = downsample(c, max_points);
    EXPECT_LE(d.size(), max_points);
    EXPECT_GE(d.size(), max_points / 2);
    EXPECT_EQ(d.t_s.front(), c.t_s.front());
    EXPECT_EQ(d.t_s.back(), c.t_s.back());
    EXPECT_EQ(curve_peak(d)->force_kn, peak->force_kn) << max_points;
    EXPECT_EQ(d.disp_mm.size(), d.size());
    EXPECT_TRUE(validate_curve(d));
  }
  EXPECT_EQ(downsample(c, c.size()).size(), c.size());
}

}  // namespace
}  // namespace lw::domain
