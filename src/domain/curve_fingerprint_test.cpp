// Curve fingerprints (issue 7, JJ-3.4): the same curve reused for another specimen is found —
// copied, rescaled by 1 %, with noise added, resampled — and independently drawn curves of one
// item and grade are not flagged. Curves come from curve_samples.hpp with fixed seeds.
#include "domain/curve_fingerprint.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "domain/curve_samples.hpp"

namespace lw::domain {
namespace {

using samples::resampled;
using samples::rescaled;
using samples::with_noise;

CurveFingerprint fingerprint(const Curve& c) {
  auto f = fingerprint_curve(c);
  EXPECT_TRUE(f.has_value());
  return f.value_or(CurveFingerprint{});
}

bool share_bucket(const CurveFingerprint& a, const CurveFingerprint& b) {
  const auto ka = fingerprint_buckets(a);
  const auto kb = fingerprint_buckets(b);
  for (std::size_t i = 0; i < ka.size(); ++i) {
    if (ka[i] == kb[i]) {
      return true;
    }
  }
  return false;
}

struct Modification {
  const char* name;
  std::function<Curve(const Curve&, std::uint64_t)> apply;
  CurveEvidence at_least;
};

const std::vector<Modification>& modifications() {
  static const std::vector<Modification> mods = {
      {"exact copy", [](const Curve& c, std::uint64_t) { return c; }, CurveEvidence::identical},
      {"force x1.01", [](const Curve& c, std::uint64_t) { return rescaled(c, 1.01, 1.0); },
       CurveEvidence::identical},
      {"time x1.01", [](const Curve& c, std::uint64_t) { return rescaled(c, 1.0, 1.01); },
       CurveEvidence::identical},
      {"force x0.99 time x1.01",
       [](const Curve& c, std::uint64_t) { return rescaled(c, 0.99, 1.01); },
       CurveEvidence::identical},
      {"force x1.12 time x0.9",
       [](const Curve& c, std::uint64_t) { return rescaled(c, 1.12, 0.9); },
       CurveEvidence::identical},
      {"noise 0.5 %", [](const Curve& c, std::uint64_t s) { return with_noise(c, 0.005, s); },
       CurveEvidence::near_same},
      {"resampled 10 Hz", [](const Curve& c, std::uint64_t) { return resampled(c, 10); },
       CurveEvidence::near_same},
      {"resampled 33 Hz, shifted 0.37 s",
       [](const Curve& c, std::uint64_t) { return resampled(c, 33, 0.37); },
       CurveEvidence::near_same},
      {"resampled 250 Hz, shifted -0.2 s",
       [](const Curve& c, std::uint64_t) { return resampled(c, 250, -0.2); },
       CurveEvidence::identical},
      {"force x1.01 time x0.99, 20 Hz, noise 0.5 %",
       [](const Curve& c, std::uint64_t s) {
         return with_noise(resampled(rescaled(c, 1.01, 0.99), 20, 1.0), 0.005, s);
       },
       CurveEvidence::near_same},
      {"10 Hz, noise 0.5 %",
       [](const Curve& c, std::uint64_t s) { return with_noise(resampled(c, 10, 0.05), 0.005, s); },
       CurveEvidence::near_same},
  };
  return mods;
}

struct Item {
  const char* name;
  std::function<Curve(std::uint64_t)> draw;
};

const std::vector<Item>& items() {
  static const std::vector<Item> all = {
      {"concrete C30", [](std::uint64_t s) { return samples::concrete_curve(s, 30); }},
      {"concrete C60", [](std::uint64_t s) { return samples::concrete_curve(s, 60); }},
      {"steel HRB400", [](std::uint64_t s) { return samples::steel_curve(s); }},
  };
  return all;
}

TEST(CurveFingerprint, JJ_3_4_the_same_curve_modified_is_found_and_shares_a_bucket) {
  for (const auto& item : items()) {
    for (std::uint64_t seed = 5000; seed < 5060; ++seed) {
      const Curve original = item.draw(seed);
      const auto fo = fingerprint(original);
      for (const auto& mod : modifications()) {
        const auto fm = fingerprint(mod.apply(original, seed * 7 + 1));
        const auto r = compare_fingerprints(fo, fm);
        EXPECT_TRUE(same_curve(fo, fm))
            << item.name << " seed " << seed << ": " << mod.name << " rms " << r.shape_rms
            << " max " << r.shape_max << " peak " << r.peak_ratio << " span " << r.span_ratio
            << " stiffness " << r.stiffness_ratio << " corr " << r.residual_correlation;
        EXPECT_GE(static_cast<int>(r.evidence), static_cast<int>(mod.at_least))
            << item.name << " seed " << seed << ": " << mod.name;
        EXPECT_TRUE(share_bucket(fo, fm)) << item.name << " seed " << seed << ": " << mod.name;
      }
    }
  }
}

TEST(CurveFingerprint, JJ_3_4_different_curves_of_one_item_and_grade_are_not_flagged) {
  for (const auto& item : items()) {
    int flagged = 0;
    int sharing = 0;
    for (std::uint64_t pair = 0; pair < 500; ++pair) {
      const auto a = fingerprint(item.draw(100000 + 2 * pair));
      const auto b = fingerprint(item.draw(100001 + 2 * pair));
      const auto r = compare_fingerprints(a, b);
      EXPECT_EQ(r.evidence, CurveEvidence::none)
          << item.name << " pair " << pair << " rms " << r.shape_rms << " peak " << r.peak_ratio
          << " span " << r.span_ratio << " corr " << r.residual_correlation;
      flagged += r.evidence != CurveEvidence::none ? 1 : 0;
      sharing += share_bucket(a, b) ? 1 : 0;
    }
    EXPECT_EQ(flagged, 0) << item.name;
    EXPECT_LT(sharing, 250) << item.name << ": buckets should narrow the candidates";
  }
}

TEST(CurveFingerprint, JJ_3_4_fingerprint_is_fixed_size_and_reads_back) {
  const auto f = fingerprint(samples::steel_curve(7));
  EXPECT_EQ(f.bytes.size(), kFingerprintBytes);
  EXPECT_EQ(kFingerprintBytes, 398U);
  const auto back = parse_fingerprint(f.bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(fingerprint_buckets(*back), fingerprint_buckets(f));
  EXPECT_FALSE(parse_fingerprint(f.bytes.substr(1)).has_value());
  std::string other = f.bytes;
  other[3] = 2;  // another version
  EXPECT_FALSE(parse_fingerprint(other).has_value());
  const CurveFingerprint junk{"LWF"};
  EXPECT_TRUE(fingerprint_buckets(junk).empty());
  EXPECT_EQ(compare_fingerprints(junk, f).evidence, CurveEvidence::none);
  EXPECT_EQ(fingerprint_data(junk).peak_kn, 0);
  const auto data = fingerprint_data(f);
  EXPECT_GT(data.peak_kn, 100);
  EXPECT_GT(data.span_s, 10);
  EXPECT_GT(data.stiffness_kn_mm, 0);
  EXPECT_DOUBLE_EQ(*std::max_element(data.shape.begin(), data.shape.end()), 1.0);
  const auto keys = fingerprint_buckets(f);
  EXPECT_EQ(keys.size(), kIdenticalBands + kNearSameBands);
  for (auto k : keys) {
    EXPECT_GE(k, 0);
  }
}

// Stored keys must not change: a triangle 0 → 100 kN → 0 over 10 s at 10 Hz.
TEST(CurveFingerprint, JJ_3_4_bucket_keys_are_stable) {
  Curve c;
  for (int i = 0; i <= 100; ++i) {
    c.t_s.push_back(i * 0.1);
    c.force_kn.push_back(i <= 60 ? i * 100.0 / 60 : (100 - i) * 100.0 / 40);
  }
  const auto f = fingerprint(c);
  EXPECT_EQ(compare_fingerprints(f, f).evidence, CurveEvidence::identical);
  const auto keys = fingerprint_buckets(f);
  EXPECT_EQ(keys.front(), 5435515933319371701LL);
  EXPECT_EQ(keys.back(), 4693225388812494523LL);
}

TEST(CurveFingerprint, JJ_3_4_curves_without_a_rise_have_no_fingerprint) {
  Curve flat;
  for (int i = 0; i < 100; ++i) {
    flat.t_s.push_back(i);
    flat.force_kn.push_back(0);
  }
  EXPECT_FALSE(fingerprint_curve(flat).has_value());
  Curve short_curve;
  short_curve.t_s = {0, 1, 2};
  short_curve.force_kn = {0, 5, 0};
  EXPECT_FALSE(fingerprint_curve(short_curve).has_value());
  Curve step;  // jumps to its peak: no rise to fit
  for (int i = 0; i < 100; ++i) {
    step.t_s.push_back(i);
    step.force_kn.push_back(i < 50 ? 0 : 10);
  }
  EXPECT_FALSE(fingerprint_curve(step).has_value());
}

}  // namespace
}  // namespace lw::domain
