// Policy profiles and the working-day calendar, read-only (issue 5 items 7 and 8): every
// profile loaded at start with its versions and values, the version in force for a region at a
// time, and the N-th working day after a date. The server's clock decides "now".
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "core/text.hpp"

namespace lw::api {
namespace {

boost::json::object period_json(const domain::Period& p) {
  return {{p.unit == domain::PeriodUnit::hours ? "hours" : "working_days", p.amount}};
}

boost::json::object name_json(const domain::LocalizedName& n) {
  return {{"zh", n.zh}, {"en", n.en}};
}

// Every value of a version, keyed as the profile files spell them (policy_value_keys).
boost::json::object values_json(const domain::PolicyVersion& v) {
  boost::json::array cameras;
  for (const auto& c : v.camera_categories) {
    cameras.push_back({{"id", c.id}, {"name_zh", c.name_zh}});
  }
  const auto& s = v.sanctions;
  return {
      {"dates.qr_label_required_from", date_or_null(v.qr_label_required_from)},
      {"dates.reports_invalid_from", date_or_null(v.reports_invalid_from)},
      {"dates.cameras_installed_by", date_or_null(v.cameras_installed_by)},
      {"uploads.contract_within", period_json(v.contract_upload)},
      {"uploads.plan_before", period_json(v.plan_upload)},
      {"uploads.onsite_within", period_json(v.onsite_upload)},
      {"uploads.late_onsite_upload_locks_batch", v.late_onsite_upload_locks_batch},
      {"force_majeure.report_within", period_json(v.force_majeure_report)},
      {"force_majeure.upload_within_after_clearance", period_json(v.force_majeure_upload)},
      {"photos.capture_tolerance_minutes", v.photo_capture_tolerance_minutes},
      {"witness_change.timing", domain::timing_name(v.witness_change.timing)},
      {"witness_change.working_days", v.witness_change.working_days},
      {"trial.until", date_or_null(v.trial.until)},
      {"trial.credit_exempt_if_rectified", v.trial.credit_exempt_if_rectified},
      {"video.retention_months", v.video_retention_months},
      {"video.camera_categories", std::move(cameras)},
      {"sanctions.warning_at_violations", s.warning_at_violations},
      {"sanctions.rectification_at_violations", s.rectification_at_violations},
      {"sanctions.rectification_at_late_reuploads", s.rectification_at_late_reuploads},
      {"sanctions.penalty_at_violations", s.penalty_at_violations},
      {"sanctions.penalty_on_failed_rectification", s.penalty_on_failed_rectification},
      {"sanctions.count_window_months", s.count_window_months},
      {"credit.clean_year_bonus_points", v.credit.clean_year_bonus_points},
      {"credit.bad_record_points", v.credit.bad_record_points},
      {"credit.serious_violation_downgrade", v.credit.serious_violation_downgrade},
  };
}

boost::json::object version_json(const domain::PolicyVersion& v) {
  boost::json::array defaults;
  for (const auto& d : v.defaults) {
    defaults.emplace_back(d);
  }
  return {{"effective_from", domain::format_date(v.effective_from)},
          {"label", name_json(v.label)},
          {"defaults", std::move(defaults)},
          {"values", values_json(v)}};
}

boost::json::object profile_json(const domain::PolicyProfile& p) {
  boost::json::array regions;
  for (const auto& r : p.regions) {
    regions.emplace_back(r);
  }
  boost::json::array versions;
  for (const auto& v : p.versions) {
    versions.push_back(version_json(v));
  }
  return {{"id", p.id},
          {"name", name_json(p.name)},
          {"document", p.document},
          {"regions", std::move(regions)},
          {"versions", std::move(versions)}};
}

boost::json::array years_json(const std::vector<int>& years) {
  boost::json::array out;
  for (int y : years) {
    out.emplace_back(y);
  }
  return out;
}

}  // namespace

boost::json::object violation_kind_json(const domain::ViolationKind& k) {
  boost::json::array requirements;
  for (const auto& r : k.requirements) {
    requirements.emplace_back(r);
  }
  boost::json::array parties;
  for (const auto p : k.parties) {
    parties.emplace_back(domain::party_name(p));
  }
  return {{"id", k.id},
          {"name", name_json(k.name)},
          {"requirements", std::move(requirements)},
          {"severity", domain::severity_name(k.severity)},
          {"parties", std::move(parties)},
          {"detection", domain::detection_name(k.detection)},
          {"late_reupload", k.late_reupload},
          {"unintentional_miss", k.unintentional_miss}};
}

void register_policy_routes(http::Router& router, Services& services) {
  const domain::PolicyBook& book = services.policies;
  const Clock& clock = services.clock;

  router.add("GET", "/api/v1/policies", [&book](http::Request& req) -> Task<http::Response> {
    if (auto p = require_user(req); !p) {
      co_return http::Response::error(req, p.error());
    }
    boost::json::array items;
    for (const auto& profile : book.profiles()) {
      items.push_back(profile_json(profile));
    }
    co_return http::Response::json(200, {{"items", std::move(items)}});
  });

  router.add("GET", "/api/v1/violation-kinds", [&book](http::Request& req) -> Task<http::Response> {
    if (auto p = require_user(req); !p) {
      co_return http::Response::error(req, p.error());
    }
    boost::json::array items;
    for (const auto& kind : book.violations().kinds()) {
      items.push_back(violation_kind_json(kind));
    }
    co_return http::Response::json(200, {{"items", std::move(items)}});
  });

  router.add("GET", "/api/v1/policies/{id}", [&book](http::Request& req) -> Task<http::Response> {
    if (auto p = require_user(req); !p) {
      co_return http::Response::error(req, p.error());
    }
    const std::string& id = req.params.at("id");
    const domain::PolicyProfile* profile = book.find(id);
    if (profile == nullptr) {
      co_return http::Response::error(
          req, Error(std::string(errc::not_found), "no policy profile " + id));
    }
    co_return http::Response::json(200, profile_json(*profile));
  });

  router.add("GET", "/api/v1/regions/{code}/policy",
             [&book, &clock](http::Request& req) -> Task<http::Response> {
               if (auto p = require_user(req); !p) {
                 co_return http::Response::error(req, p.error());
               }
               const std::string& code = req.params.at("code");
               if (!domain::valid_region_code(code)) {
                 co_return http::Response::error(req,
                                                 field_error("code", "a six-digit GB/T 2260 code"));
               }
               Instant at = clock.now();
               if (auto text = req.query_param("at"); text && !text->empty()) {
                 auto parsed = parse_rfc3339(*text);
                 if (!parsed) {
                   co_return http::Response::error(req, field_error("at", "an RFC 3339 time"));
                 }
                 at = *parsed;
               }
               const domain::PolicyProfile* profile = book.profile_for_region(code);
               if (profile == nullptr) {
                 co_return http::Response::error(
                     req, Error(std::string(errc::not_found),
                                "no policy profile binds region " + code, {{"region_code", code}}));
               }
               LW_API_TRY(version, profile->version_at(at));
               co_return http::Response::json(200, {{"region_code", code},
                                                    {"at", format_utc(at)},
                                                    {"policy_id", profile->id},
                                                    {"policy_name", name_json(profile->name)},
                                                    {"document", profile->document},
                                                    {"version", version_json(**version)}});
             });

  router.add("GET", "/api/v1/calendar/working-days",
             [&book](http::Request& req) -> Task<http::Response> {
               if (auto p = require_user(req); !p) {
                 co_return http::Response::error(req, p.error());
               }
               LW_API_TRY(from, date_query(req, "from", true));
               LW_API_TRY(days, int_query(req, "days", -366, 366, 1));
               const auto& calendar = book.calendar();
               const auto date = calendar.add_working_days(**from, static_cast<int>(*days));
               const auto kind = calendar.day_kind(date.value);
               boost::json::array covered;
               for (const auto& y : calendar.years()) {
                 covered.emplace_back(y.year);
               }
               co_return http::Response::json(
                   200, {{"from", domain::format_date(**from)},
                         {"days", *days},
                         {"date", domain::format_date(date.value)},
                         {"due", format_utc(domain::shanghai_end_of_day(date.value))},
                         {"day_is_makeup_workday", kind.value == domain::DayKind::makeup_workday},
                         {"covered", !date.assumed()},
                         {"uncovered_years", years_json(date.uncovered_years)},
                         {"covered_years", std::move(covered)}});
             });
}

}  // namespace lw::api
