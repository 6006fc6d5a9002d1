#pragma once
// People of the registry (人员, issue 5 item 4; JJ-4.3, JL-2.1, JL-2.2): what a tester, witness,
// sampler or lab technical lead is, the checks on their phone number, and whether a witness may
// be assigned to a project. Pure: no storage, no clock (the caller passes the date).
//
// Training and exam (JJ-4.3 "training and exam before duty"): a person is trained once the
// training's completion date is recorded (`trained_on`); the exam has a state — none (not
// taken), passed or failed — with the date taken and an optional score 0-100. Only "passed"
// lets a person act. A later retake records its own date, state and score as a new version.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/calendar.hpp"

namespace lw::domain {

/// A YYYY-MM-DD date that exists; nothing otherwise.
std::optional<Date> parse_iso_date(std::string_view text);

/// What a person may be registered to do; a person may hold several.
/// quality_lead (质量负责人) approves changes of test data (JJ-3.4).
enum class Duty { tester, witness, sampler, technical_lead, quality_lead };
inline constexpr Duty kDuties[] = {Duty::tester, Duty::witness, Duty::sampler, Duty::technical_lead,
                                   Duty::quality_lead};
/// "tester", "witness", "sampler", "technical_lead", "quality_lead": stable, in the API and the
/// database.
std::string_view duty_name(Duty duty);
/// 检测人员, 见证人员, 取样人员, 技术负责人, 质量负责人.
std::string_view duty_name_zh(Duty duty);
std::optional<Duty> parse_duty(std::string_view name);

/// A phone number in its one stored form, or invalid_argument naming `field` with the reason
/// "format" (never the number). Accepted: a mainland mobile number, 11 digits starting with 1
/// and a second digit 3-9 (13812345678); a landline, an area code of 3-4 digits starting with 0
/// then 7-8 digits, with or without one '-' between them (0792-8221234, 01088886666). Spaces
/// are dropped first; nothing else is accepted (no +86, no extension).
Result<std::string> normalise_phone(std::string_view text, std::string_view field = "phone");

enum class ExamState { none, passed, failed };
std::string_view exam_state_name(ExamState state);
std::optional<ExamState> parse_exam_state(std::string_view name);

struct Exam {
  ExamState state = ExamState::none;
  std::optional<Date> taken_on;
  std::optional<int> score;  // 0-100
};

/// A certificate a person holds, valid from `valid_from` to `valid_until` inclusive.
struct PersonCertificate {
  std::int64_t id = 0;
  std::string kind;  // e.g. 见证人员证书, 检测人员上岗证
  std::string number;
  std::string issuer;
  Date valid_from{};
  Date valid_until{};
  bool valid_on(Date d) const { return valid_from <= d && d <= valid_until; }
};

/// The written authorisation (见证授权书, JL-2.2): a PDF or photo stored as a blob.
struct Authorisation {
  std::string sha256;
  std::string media_type;
  std::optional<Date> valid_until;  // inclusive; none: until withdrawn
  std::string recorded_by;
  Instant recorded_at{};
  bool valid_on(Date d) const { return !valid_until || d <= *valid_until; }
};

/// Media types an authorisation document may have.
bool authorisation_media_type_ok(std::string_view media_type);

/// Who verified a person's identity (the local station, JJ-4.3) and when.
struct IdentityVerification {
  std::string verified_by;
  Instant verified_at{};
};

/// A person as the registry knows them. The resident ID number and phone are not here: they
/// stay sealed in storage; views carry them masked.
struct Person {
  std::int64_t id = 0;
  std::string name;
  std::string lab_code;                         // employer lab, "" when an organisation
  std::optional<std::int64_t> organisation_id;  // employer organisation
  std::string region_code;                      // the employer's
  std::vector<Duty> duties;
  std::optional<Date> trained_on;
  Exam exam;
  std::optional<IdentityVerification> verification;
  std::optional<Authorisation> authorisation;
  std::vector<PersonCertificate> certificates;

  bool has_duty(Duty d) const;
};

/// Checks the registered facts: a name of 1-50 characters, at least one duty and no duty twice,
/// exactly one employer, a score within 0-100 and only with an exam taken. invalid_argument
/// naming the field.
Status validate(const Person& person);

/// The duties as stored: ",tester,witness," (each between commas, in kDuties order).
std::string duties_column(const std::vector<Duty>& duties);
std::vector<Duty> parse_duties_column(std::string_view column);

/// What the assignability rule asks beyond the fixed checks.
struct WitnessRules {
  bool certificate_required = true;  // a certificate valid on the day
};

/// Why a person may not be assigned as a witness on `on` (empty: they may). Stable tokens:
/// "not_a_witness", "no_authorisation", "authorisation_expired", "identity_not_verified",
/// "not_trained", "exam_not_passed", "no_valid_certificate".
std::vector<std::string> witness_obstacles(const Person& person, Date on,
                                           const WitnessRules& rules = {});

struct Assignability {
  bool assignable = false;
  std::vector<std::string> reasons;  // witness_obstacles
};
/// Whether `person` may be assigned as a witness on `on` (JL-2.2: registered with a written
/// authorisation; JJ-4.3: identity verified, trained and examined), with the reasons when not.
Assignability assignable_as_witness(const Person& person, Date on, const WitnessRules& rules = {});

}  // namespace lw::domain
