// Projects (JJ-4.2): validation of what a station enters, and the site test later issues use
// to tell whether a photo was taken on site.
#include "domain/project.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace lw::domain {
namespace {

// 九江市濂溪区, a site of about 200 m × 150 m (WGS-84).
const GeoPoint kCentre{29.6830, 116.0020};

std::string field_of(const Status& s) {
  const auto* fields = s ? nullptr : s.error().details.if_contains("fields");
  return fields && fields->is_object() && !fields->as_object().empty()
             ? std::string(fields->as_object().begin()->key())
             : std::string();
}

Project valid_project() {
  Project p;
  p.code = "360402202611210101";
  p.name = "濂溪区滨湖花园二期 3# 楼";
  p.address = "九江市濂溪区十里大道 88 号";
  p.region_code = "360402";
  p.site.kind = ProjectSite::Kind::circle;
  p.site.centre = kCentre;
  p.site.radius_m = 150;
  return p;
}

TEST(ProjectTest, DistanceMatchesKnownFigures) {
  // One degree of latitude is about 111.2 km; one of longitude at 29.68° about 96.6 km.
  EXPECT_NEAR(distance_m({29.0, 116.0}, {30.0, 116.0}), 111'195, 50);
  EXPECT_NEAR(distance_m({29.683, 116.0}, {29.683, 117.0}), 96'630, 100);
  EXPECT_EQ(distance_m(kCentre, kCentre), 0);
}

TEST(ProjectTest, JJ_4_2_ACircleSiteContainsPointsWithinItsRadius) {
  ProjectSite s;
  s.centre = kCentre;
  s.radius_m = 100;
  EXPECT_TRUE(s.contains(kCentre));
  EXPECT_TRUE(s.contains({kCentre.lat + 0.0008, kCentre.lng}));   // ~89 m north
  EXPECT_FALSE(s.contains({kCentre.lat + 0.0010, kCentre.lng}));  // ~111 m north
}

TEST(ProjectTest, JJ_4_2_APolygonSiteContainsItsInsideAndEdgesOnly) {
  ProjectSite s;
  s.kind = ProjectSite::Kind::polygon;
  // An L-shaped site: the notch at the north-east corner is outside.
  s.area = {{29.680, 116.000}, {29.680, 116.004}, {29.682, 116.004},
            {29.682, 116.002}, {29.684, 116.002}, {29.684, 116.000}};
  EXPECT_TRUE(s.contains({29.681, 116.001}));
  EXPECT_TRUE(s.contains({29.683, 116.001}));
  EXPECT_TRUE(s.contains({29.681, 116.003}));
  EXPECT_FALSE(s.contains({29.683, 116.003}));  // the notch
  EXPECT_FALSE(s.contains({29.679, 116.001}));
  EXPECT_TRUE(s.contains({29.680, 116.002}));  // on the south edge
  EXPECT_TRUE(s.contains({29.684, 116.000}));  // a vertex
}

TEST(ProjectTest, JJ_4_2_AValidProjectPasses) {
  EXPECT_TRUE(validate(valid_project()));
  Project p = valid_project();
  p.site.kind = ProjectSite::Kind::polygon;
  p.site.area = {{29.68, 116.00}, {29.68, 116.01}, {29.69, 116.00}};
  EXPECT_TRUE(validate(p));
}

TEST(ProjectTest, JJ_4_2_EachBadFieldIsNamed) {
  auto bad = [](auto change) {
    Project p = valid_project();
    change(p);
    return field_of(validate(p));
  };
  EXPECT_EQ(bad([](Project& p) { p.code = ""; }), "code");
  EXPECT_EQ(bad([](Project& p) { p.code = "360402 2026"; }), "code");
  EXPECT_EQ(bad([](Project& p) { p.code = std::string(65, '1'); }), "code");
  EXPECT_EQ(bad([](Project& p) { p.name = "  "; }), "name");
  EXPECT_EQ(bad([](Project& p) { p.address = std::string(201, 'a'); }), "address");
  EXPECT_EQ(bad([](Project& p) { p.region_code = "3604"; }), "region_code");
  EXPECT_EQ(bad([](Project& p) { p.site.radius_m = 5; }), "site.radius_m");
  EXPECT_EQ(bad([](Project& p) { p.site.radius_m = 5001; }), "site.radius_m");
  EXPECT_EQ(bad([](Project& p) { p.site.centre.lat = 91; }), "site.centre");
  EXPECT_EQ(bad([](Project& p) { p.site.centre.lng = std::nan(""); }), "site.centre");
  EXPECT_EQ(bad([](Project& p) {
              p.site.kind = ProjectSite::Kind::polygon;
              p.site.area = {{29.68, 116.0}, {29.69, 116.0}};
            }),
            "site.area");
  EXPECT_EQ(bad([](Project& p) {
              p.site.kind = ProjectSite::Kind::polygon;
              p.site.area = {{29.68, 116.0}, {29.69, 116.0}, {29.69, 116.01}, {29.68, 116.0}};
            }),
            "site.area[3]");
}

TEST(ProjectTest, ASiteRoundTripsThroughJsonAndBadJsonIsNamed) {
  ProjectSite circle = valid_project().site;
  auto back = parse_site(site_json(circle));
  ASSERT_TRUE(back) << back.error().note;
  EXPECT_EQ(back->centre, circle.centre);
  EXPECT_EQ(back->radius_m, circle.radius_m);
  ProjectSite poly;
  poly.kind = ProjectSite::Kind::polygon;
  poly.area = {{29.68, 116.00}, {29.68, 116.01}, {29.69, 116.00}};
  auto back_poly = parse_site(site_json(poly));
  ASSERT_TRUE(back_poly) << back_poly.error().note;
  EXPECT_EQ(back_poly->area, poly.area);

  auto field = [](std::string_view json) {
    auto r = parse_site(boost::json::parse(json));
    return r ? std::string() : field_of(Status(r.error()));
  };
  EXPECT_EQ(field(R"("circle")"), "site.kind");
  EXPECT_EQ(field(R"({"kind":"square"})"), "site.kind");
  EXPECT_EQ(field(R"({"kind":"circle","centre":{"lat":"29"},"radius_m":50})"), "site.centre");
  EXPECT_EQ(field(R"({"kind":"circle","centre":{"lat":29,"lng":116}})"), "site.radius_m");
  EXPECT_EQ(field(R"({"kind":"polygon","area":{}})"), "site.area");
  EXPECT_EQ(field(R"({"kind":"polygon","area":[{"lat":29,"lng":116},{"lat":29.1,"lng":116},7]})"),
            "site.area[2]");
  EXPECT_EQ(field(R"({"kind":"circle","centre":{"lat":29,"lng":116},"radius_m":1e9})"),
            "site.radius_m");
}

TEST(ProjectTest, AnAssignmentIsActiveFromItsStartUntilItsEnd) {
  const Instant t0 = from_micros(1'790'000'000'000'000);
  Assignment a;
  a.starts_at = t0;
  EXPECT_FALSE(a.active_at(t0 - Micros(1)));
  EXPECT_TRUE(a.active_at(t0));
  EXPECT_TRUE(a.active_at(t0 + std::chrono::hours(24 * 365)));
  a.ends_at = t0 + std::chrono::hours(24);
  EXPECT_TRUE(a.active_at(*a.ends_at - Micros(1)));
  EXPECT_FALSE(a.active_at(*a.ends_at));
}

TEST(ProjectTest, NamesRoundTrip) {
  for (auto d : {AssignmentDuty::witness, AssignmentDuty::sampler}) {
    EXPECT_EQ(parse_assignment_duty(assignment_duty_name(d)), d);
  }
  for (auto k : {ProjectSite::Kind::circle, ProjectSite::Kind::polygon}) {
    EXPECT_EQ(parse_site_kind(site_kind_name(k)), k);
  }
  EXPECT_FALSE(parse_assignment_duty("tester"));
  EXPECT_FALSE(parse_site_kind("square"));
}

}  // namespace
}  // namespace lw::domain
