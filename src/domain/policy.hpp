#pragma once
// Policy profiles (监管政策): the rules of one jurisdiction's notice as data, versioned by the date
// they take effect (architecture decision 1: no deadline, date or threshold from a notice is a
// constant in code). A region is bound to a profile; an event is judged by the version in force
// at the event's time. The files are policies/*.toml (docs/policies.md); policy/ loads them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/calendar.hpp"
#include "domain/deadline.hpp"
#include "domain/localized_name.hpp"
#include "domain/violation_catalogue.hpp"

namespace lw::domain {

/// When a replaced witness or sampler must be reported: N working days before the change takes
/// effect (JJ-4.3, 提前3个工作日) or within N working days after it (JL-2.2, 3个工作日内).
struct WitnessChangeRule {
  enum class Timing { in_advance, after };
  Timing timing = Timing::in_advance;
  int working_days = 0;
};

std::string_view timing_name(WitnessChangeRule::Timing timing);
std::optional<WitnessChangeRule::Timing> parse_timing(std::string_view name);

/// A kind of test or room that must be under a camera (JJ-2.2).
struct CameraCategory {
  std::string id;  // stable, e.g. "mechanical_properties"
  std::string name_zh;
};

/// Graded handling of violations (分级处置, JL-3.1), counted over a window.
struct SanctionLadder {
  int warning_at_violations = 0;            // 首次轻微违规约谈提醒
  int rectification_at_violations = 0;      // 累计2次违规 … 限期整改
  int rectification_at_late_reuploads = 0;  // 补传超1次 (more than 1, so 2)
  int penalty_at_violations = 0;            // 多次违规 … 行政处罚并记不良信用记录
  bool penalty_on_failed_rectification = false;  // 整改不力
  int count_window_months = 0;
};

/// Credit linkage (信用联动, JL-4.2).
struct CreditRules {
  int clean_year_bonus_points = 0;  // 全年无违规的予以加分
  int bad_record_points = 0;        // deducted for each bad credit record (不良信用记录)
  bool serious_violation_downgrade = false;  // 严重违规或失信的，实施信用降级
};

/// Leniency of a trial period (试行期, JL-5).
struct TrialPeriod {
  std::optional<Date> until;                // last local day of the trial; none: no trial
  bool credit_exempt_if_rectified = false;  // unintentional misses rectified after a talk
};

/// Every value of "Policies, not constants" (requirements.md), as one version sets it.
struct PolicyVersion {
  Date effective_from{};  // in force from 00:00 Asia/Shanghai on this date
  LocalizedName label;
  std::vector<std::string> defaults;  // keys whose value is a platform default, not the notice's

  // Dates (JJ-4.1); none: the profile sets no such date.
  std::optional<Date> qr_label_required_from;  // no sample accepted without a unique QR
  std::optional<Date> reports_invalid_from;    // reports not made under the notice are invalid
  std::optional<Date> cameras_installed_by;    // equipment and video retrofit done

  // Uploads (JJ-3.3, JL-1.3).
  Period contract_upload;  // after signing
  Period plan_upload;      // before the planned start of testing
  Period onsite_upload;    // after finishing an on-site test
  bool late_onsite_upload_locks_batch = false;
  Period force_majeure_report;  // report to the authority after the failure
  Period force_majeure_upload;  // upload after the failure is cleared

  // On-site photos (JL-1.3): a photo's capture time may lie this far before the test's start
  // or after its finish (setting up, packing up, clock drift) and still be in the window.
  int photo_capture_tolerance_minutes = 0;

  WitnessChangeRule witness_change;
  TrialPeriod trial;

  // Video (JJ-2.2, JJ-2.3).
  int video_retention_months = 0;
  std::vector<CameraCategory> camera_categories;

  SanctionLadder sanctions;
  CreditRules credit;
};

/// The value keys of a version as the profile files spell them ("uploads.onsite_within_hours");
/// `defaults` may name only these.
const std::vector<std::string_view>& policy_value_keys();

struct PolicyProfile {
  std::string id;  // e.g. "jilin-2026-2": lower-case letters, digits and '-'
  LocalizedName name;
  std::string document;                 // the notice's number, e.g. 吉建质〔2026〕2号
  std::vector<std::string> regions;     // GB/T 2260 codes bound to it by default
  std::vector<PolicyVersion> versions;  // ascending effective_from

  /// The version in force at `t`: the latest whose effective_from is on or before t's
  /// Asia/Shanghai date. not_found when `t` is before the first version.
  Result<const PolicyVersion*> version_at(Instant t) const;
};

/// Checks what one field cannot: an id, names, region codes, at least one version, versions in
/// strictly ascending order, each trial ending within its version, defaults naming real keys.
/// Errors name the key as the profile file spells it ("versions[1].effective_from").
Status validate_profile(const PolicyProfile& profile);

/// Whether an unintentional miss at `t`, rectified after a talk, stays out of the credit record
/// under `version` (JL-5).
bool trial_exempts(const PolicyVersion& version, Instant t);

/// A profile and its version in force at some instant.
struct PolicyInForce {
  const PolicyProfile* profile = nullptr;
  const PolicyVersion* version = nullptr;
};

/// The shipped rules: the working-day calendar, every profile (each region bound to at most
/// one) and the violation catalogue.
class PolicyBook {
 public:
  static Result<PolicyBook> make(WorkCalendar calendar, std::vector<PolicyProfile> profiles,
                                 ViolationCatalogue violations = {});

  const WorkCalendar& calendar() const { return calendar_; }
  const ViolationCatalogue& violations() const { return violations_; }
  const std::vector<PolicyProfile>& profiles() const { return profiles_; }
  const PolicyProfile* find(std::string_view id) const;
  /// The profile bound to `region_code` or to its nearest ancestor (360402 → 360400 → 360000);
  /// nullptr when none is.
  const PolicyProfile* profile_for_region(std::string_view region_code) const;
  /// The profile of `region_code` and its version in force at `t`; none when no profile binds
  /// the region or `t` is before its first version.
  std::optional<PolicyInForce> in_force(std::string_view region_code, Instant t) const;

 private:
  WorkCalendar calendar_;
  std::vector<PolicyProfile> profiles_;
  ViolationCatalogue violations_;
};

}  // namespace lw::domain
