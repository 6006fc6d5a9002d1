#pragma once
// The violation catalogue (违规行为目录): every kind of breach the two notices name, as data
// (policies/catalogue/violations.toml, read by policy/). Each kind names the requirement it
// breaks, how grave it is, whom it can be charged to and how the platform finds it. Every kind
// the code records (violation_kinds.hpp) must be in it: the policy tests check both ways.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/localized_name.hpp"

namespace lw::domain {

/// How grave a violation is. The notices grade only "the first minor violation" (JL-3.1).
enum class Severity { minor, general, serious };
/// Whom a violation can be charged to (责任主体).
enum class Party { lab, supervision_company, contractor, client, person };
/// How the platform finds it: while a record is uploaded, by a scheduled scan over what is
/// due, or by a regulator's inspection (entered by hand).
enum class Detection { at_upload, scheduled_scan, inspection };

std::string_view severity_name(Severity s);
std::optional<Severity> parse_severity(std::string_view name);
std::string_view party_name(Party p);
std::optional<Party> parse_party(std::string_view name);
std::string_view detection_name(Detection d);
std::optional<Detection> parse_detection(std::string_view name);

struct ViolationKind {
  std::string id;  // as recorded in violations.kind, e.g. "onsite_upload_late"
  LocalizedName name;
  std::vector<std::string> requirements;  // ids of requirements.md, e.g. "JL-1.3"
  Severity severity = Severity::general;
  std::vector<Party> parties;  // the first is charged by default
  Detection detection = Detection::at_upload;
  bool late_reupload = false;       // 补传: counts toward rectification_at_late_reuploads
  bool unintentional_miss = false;  // a missed or late upload the trial period may spare (JL-5)
};

/// The kinds by id. Errors name the key as the file spells it ("kinds[3].parties").
class ViolationCatalogue {
 public:
  /// Ids of lower-case letters, digits and '_', unique; names in both languages; requirement
  /// ids like JJ-3.3 or JL-1.3; at least one party, none twice.
  static Result<ViolationCatalogue> make(std::vector<ViolationKind> kinds);

  const std::vector<ViolationKind>& kinds() const { return kinds_; }
  /// nullptr for an unknown id.
  const ViolationKind* find(std::string_view id) const;

 private:
  std::vector<ViolationKind> kinds_;
};

}  // namespace lw::domain
