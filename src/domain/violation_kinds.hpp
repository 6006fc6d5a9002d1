#pragma once
// The kinds of violation the platform records by itself (violations.kind), each a kind of the
// catalogue (policies/catalogue/violations.toml; the policy tests check every one is there).
#include <array>
#include <string_view>

namespace lw::domain::violation_kinds {

// On-site tests (JL-1.3): data and photos not uploaded within the window, uploaded late, or
// uploaded again after the deadline (补传); a photo with findings.
inline constexpr char kOnsiteUploadMissed[] = "onsite_upload_missed";
inline constexpr char kOnsiteUploadLate[] = "onsite_upload_late";
inline constexpr char kOnsiteReupload[] = "onsite_reupload";
inline constexpr char kPhotoFinding[] = "photo_finding";
// Lab tests (JJ-3.3, JJ-3.4).
inline constexpr char kContractLate[] = "contract_late";
inline constexpr char kPlanLate[] = "plan_late";
inline constexpr char kTestWithoutPlan[] = "test_without_plan";
inline constexpr char kManualReplacesAuto[] = "manual_replaces_auto";
inline constexpr char kDataAnomaly[] = "data_anomaly";
inline constexpr char kCurveReused[] = "curve_reused";
// Projects (JJ-4.3, JL-2.2): a witness or sampler change reported late.
inline constexpr char kLateChangeNotice[] = "late_change_notice";

inline constexpr std::array<std::string_view, 11> kRecorded{
    kOnsiteUploadMissed, kOnsiteUploadLate, kOnsiteReupload,   kPhotoFinding,
    kContractLate,       kPlanLate,         kTestWithoutPlan,  kManualReplacesAuto,
    kDataAnomaly,        kCurveReused,      kLateChangeNotice,
};

}  // namespace lw::domain::violation_kinds
