#include "domain/policy.hpp"

#include <algorithm>
#include <set>

#include "domain/scope.hpp"

namespace lw::domain {
namespace {

constexpr int kMaxHours = 720;       // 30 days: a longer window is a typing error
constexpr int kMaxWorkingDays = 60;  // about three months
constexpr int kMaxMonths = 120;
constexpr int kMaxCount = 100;
constexpr int kMaxPoints = 100;
constexpr int kMaxToleranceMinutes = 120;  // a wider slack would blur the test's window

bool valid_profile_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool valid_category_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Status check_range(const std::string& key, int value, int min, int max) {
  if (value < min || value > max) {
    return field_error(key, "an integer from " + std::to_string(min) + " to " +
                                std::to_string(max) + ", not " + std::to_string(value));
  }
  return {};
}

Status check_period(const std::string& key, const Period& p) {
  return p.unit == PeriodUnit::hours
             ? check_range(key + ".hours", p.amount, 1, kMaxHours)
             : check_range(key + ".working_days", p.amount, 1, kMaxWorkingDays);
}

Status check_version(const PolicyVersion& v, const std::string& at) {
  if (!v.effective_from.ok()) {
    return field_error(at + "effective_from", "a valid date");
  }
  if (v.label.zh.empty() || v.label.en.empty()) {
    return field_error(at + "label", "required: zh and en");
  }
  std::set<std::string_view> defaults;
  for (const auto& key : v.defaults) {
    const auto& keys = policy_value_keys();
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      return field_error(at + "defaults", "\"" + key + "\" is not a value key of a version");
    }
    if (!defaults.insert(key).second) {
      return field_error(at + "defaults", "\"" + key + "\" is listed twice");
    }
  }
  LW_TRY(check_period(at + "uploads.contract_within", v.contract_upload));
  LW_TRY(check_period(at + "uploads.plan_before", v.plan_upload));
  LW_TRY(check_period(at + "uploads.onsite_within", v.onsite_upload));
  LW_TRY(check_period(at + "force_majeure.report_within", v.force_majeure_report));
  LW_TRY(check_period(at + "force_majeure.upload_within_after_clearance", v.force_majeure_upload));
  LW_TRY(check_range(at + "photos.capture_tolerance_minutes", v.photo_capture_tolerance_minutes, 0,
                     kMaxToleranceMinutes));
  LW_TRY(check_range(at + "witness_change.working_days", v.witness_change.working_days, 1,
                     kMaxWorkingDays));
  if (v.trial.until && *v.trial.until < v.effective_from) {
    return field_error(at + "trial.until", "on or after effective_from");
  }
  if (!v.trial.until && v.trial.credit_exempt_if_rectified) {
    return field_error(at + "trial.credit_exempt_if_rectified", "true needs a trial.until date");
  }
  LW_TRY(check_range(at + "video.retention_months", v.video_retention_months, 1, kMaxMonths));
  std::set<std::string_view> ids;
  for (std::size_t i = 0; i < v.camera_categories.size(); ++i) {
    const auto& c = v.camera_categories[i];
    const std::string key = at + "video.camera_categories[" + std::to_string(i) + "]";
    if (!valid_category_id(c.id) || c.name_zh.empty()) {
      return field_error(key, "an id of a-z, 0-9 and '_', and a zh name");
    }
    if (!ids.insert(c.id).second) {
      return field_error(key, "\"" + c.id + "\" is listed twice");
    }
  }
  const auto& s = v.sanctions;
  LW_TRY(
      check_range(at + "sanctions.warning_at_violations", s.warning_at_violations, 1, kMaxCount));
  LW_TRY(check_range(at + "sanctions.rectification_at_violations", s.rectification_at_violations,
                     s.warning_at_violations, kMaxCount));
  LW_TRY(check_range(at + "sanctions.rectification_at_late_reuploads",
                     s.rectification_at_late_reuploads, 1, kMaxCount));
  LW_TRY(check_range(at + "sanctions.penalty_at_violations", s.penalty_at_violations,
                     s.rectification_at_violations, kMaxCount));
  LW_TRY(check_range(at + "sanctions.count_window_months", s.count_window_months, 1, kMaxMonths));
  LW_TRY(check_range(at + "credit.clean_year_bonus_points", v.credit.clean_year_bonus_points, 0,
                     kMaxPoints));
  LW_TRY(check_range(at + "credit.bad_record_points", v.credit.bad_record_points, 0, kMaxPoints));
  return {};
}

}  // namespace

std::string_view timing_name(WitnessChangeRule::Timing timing) {
  return timing == WitnessChangeRule::Timing::after ? "after" : "in_advance";
}

std::optional<WitnessChangeRule::Timing> parse_timing(std::string_view name) {
  for (auto t : {WitnessChangeRule::Timing::in_advance, WitnessChangeRule::Timing::after}) {
    if (timing_name(t) == name) {
      return t;
    }
  }
  return std::nullopt;
}

const std::vector<std::string_view>& policy_value_keys() {
  static const std::vector<std::string_view> keys{
      "dates.qr_label_required_from",
      "dates.reports_invalid_from",
      "dates.cameras_installed_by",
      "uploads.contract_within",
      "uploads.plan_before",
      "uploads.onsite_within",
      "uploads.late_onsite_upload_locks_batch",
      "force_majeure.report_within",
      "force_majeure.upload_within_after_clearance",
      "photos.capture_tolerance_minutes",
      "witness_change.timing",
      "witness_change.working_days",
      "trial.until",
      "trial.credit_exempt_if_rectified",
      "video.retention_months",
      "video.camera_categories",
      "sanctions.warning_at_violations",
      "sanctions.rectification_at_violations",
      "sanctions.rectification_at_late_reuploads",
      "sanctions.penalty_at_violations",
      "sanctions.penalty_on_failed_rectification",
      "sanctions.count_window_months",
      "credit.clean_year_bonus_points",
      "credit.bad_record_points",
      "credit.serious_violation_downgrade",
  };
  return keys;
}

Result<const PolicyVersion*> PolicyProfile::version_at(Instant t) const {
  const Date day = shanghai_date(t);
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    if (it->effective_from <= day) {
      return &*it;
    }
  }
  return Error(std::string(errc::not_found),
               "policy " + id + " has no version in force on " + format_date(day),
               {{"policy", id},
                {"at", format_shanghai(t)},
                {"first_effective_from",
                 versions.empty() ? std::string() : format_date(versions.front().effective_from)}});
}

Status validate_profile(const PolicyProfile& p) {
  if (!valid_profile_id(p.id)) {
    return field_error("id", "1-64 characters of a-z, 0-9 and '-'");
  }
  if (p.name.zh.empty() || p.name.en.empty()) {
    return field_error("name", "required: zh and en");
  }
  if (p.document.empty()) {
    return field_error("document", "required: the notice's number");
  }
  if (p.regions.empty()) {
    return field_error("regions", "at least one GB/T 2260 code");
  }
  std::set<std::string_view> regions;
  for (const auto& r : p.regions) {
    if (!valid_region_code(r) || !regions.insert(r).second) {
      return field_error("regions", "\"" + r + "\" is not a six-digit GB/T 2260 code or repeats");
    }
  }
  if (p.versions.empty()) {
    return field_error("versions", "at least one version");
  }
  for (std::size_t i = 0; i < p.versions.size(); ++i) {
    const std::string at = "versions[" + std::to_string(i) + "].";
    const PolicyVersion& v = p.versions[i];
    LW_TRY(check_version(v, at));
    if (i > 0 && v.effective_from <= p.versions[i - 1].effective_from) {
      return field_error(at + "effective_from", "after the previous version's effective_from");
    }
  }
  // A trial that outlived its version would end silently when the next one takes over.
  for (std::size_t i = 0; i + 1 < p.versions.size(); ++i) {
    const auto& until = p.versions[i].trial.until;
    if (until && *until >= p.versions[i + 1].effective_from) {
      return field_error("versions[" + std::to_string(i) + "].trial.until",
                         "before the next version's effective_from");
    }
  }
  return {};
}

bool trial_exempts(const PolicyVersion& version, Instant t) {
  return version.trial.credit_exempt_if_rectified && version.trial.until &&
         shanghai_date(t) <= *version.trial.until;
}

Result<PolicyBook> PolicyBook::make(WorkCalendar calendar, std::vector<PolicyProfile> profiles,
                                    ViolationCatalogue violations) {
  std::set<std::string_view> ids;
  std::set<std::string_view> regions;
  for (const auto& p : profiles) {
    LW_TRY(validate_profile(p));
    if (!ids.insert(p.id).second) {
      return field_error("id", "profile \"" + p.id + "\" is defined twice");
    }
    for (const auto& r : p.regions) {
      if (!regions.insert(r).second) {
        return field_error("regions",
                           "region " + r + " is bound to two profiles (one is " + p.id + ")");
      }
    }
  }
  PolicyBook book;
  book.calendar_ = std::move(calendar);
  book.profiles_ = std::move(profiles);
  book.violations_ = std::move(violations);
  return book;
}

const PolicyProfile* PolicyBook::find(std::string_view id) const {
  for (const auto& p : profiles_) {
    if (p.id == id) {
      return &p;
    }
  }
  return nullptr;
}

const PolicyProfile* PolicyBook::profile_for_region(std::string_view region_code) const {
  const PolicyProfile* best = nullptr;
  std::size_t best_depth = 0;
  for (const auto& p : profiles_) {
    for (const auto& r : p.regions) {
      if (region_within(region_code, r) && region_prefix(r).size() > best_depth) {
        best = &p;
        best_depth = region_prefix(r).size();
      }
    }
  }
  return best;
}

std::optional<PolicyInForce> PolicyBook::in_force(std::string_view region_code, Instant t) const {
  const auto* profile = profile_for_region(region_code);
  if (!profile) {
    return std::nullopt;
  }
  auto version = profile->version_at(t);
  if (!version) {
    return std::nullopt;
  }
  return PolicyInForce{profile, *version};
}

}  // namespace lw::domain
