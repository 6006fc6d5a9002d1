#include "domain/person.hpp"

#include <algorithm>
#include <charconv>

#include "core/text.hpp"

namespace lw::domain {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool landline(std::string_view s) {
  const auto dash = s.find('-');
  if (dash != std::string_view::npos) {
    const auto area = s.substr(0, dash);
    const auto local = s.substr(dash + 1);
    return area.size() >= 3 && area.size() <= 4 && area.front() == '0' && all_digits(area) &&
           local.size() >= 7 && local.size() <= 8 && all_digits(local) && local.front() != '0';
  }
  // Without a dash: 0 + area (2-3 more digits) + 7-8 digits = 10-12 digits.
  return all_digits(s) && s.front() == '0' && s.size() >= 10 && s.size() <= 12;
}

}  // namespace

std::string_view duty_name(Duty duty) {
  switch (duty) {
    case Duty::tester:
      return "tester";
    case Duty::witness:
      return "witness";
    case Duty::sampler:
      return "sampler";
    case Duty::technical_lead:
      return "technical_lead";
    case Duty::quality_lead:
      return "quality_lead";
  }
  return "tester";
}

std::string_view duty_name_zh(Duty duty) {
  switch (duty) {
    case Duty::tester:
      return "检测人员";
    case Duty::witness:
      return "见证人员";
    case Duty::sampler:
      return "取样人员";
    case Duty::technical_lead:
      return "技术负责人";
    case Duty::quality_lead:
      return "质量负责人";
  }
  return "检测人员";
}

std::optional<Duty> parse_duty(std::string_view name) {
  for (Duty d : kDuties) {
    if (duty_name(d) == name) {
      return d;
    }
  }
  return std::nullopt;
}

Result<std::string> normalise_phone(std::string_view text, std::string_view field) {
  std::string s;
  for (char c : text) {
    if (c != ' ') {
      s.push_back(c);
    }
  }
  const bool mobile = s.size() == 11 && all_digits(s) && s[0] == '1' && s[1] >= '3';
  if (!mobile && !landline(s)) {
    return field_error(field, "format");
  }
  return s;
}

std::string_view exam_state_name(ExamState state) {
  switch (state) {
    case ExamState::none:
      return "none";
    case ExamState::passed:
      return "passed";
    case ExamState::failed:
      return "failed";
  }
  return "none";
}

std::optional<ExamState> parse_exam_state(std::string_view name) {
  for (ExamState s : {ExamState::none, ExamState::passed, ExamState::failed}) {
    if (exam_state_name(s) == name) {
      return s;
    }
  }
  return std::nullopt;
}

std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  const auto num = [&text](std::size_t at, std::size_t n, auto& out) {
    const auto part = text.substr(at, n);
    return all_digits(part) &&
           std::from_chars(part.data(), part.data() + part.size(), out).ec == std::errc();
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) {
    return std::nullopt;
  }
  const Date date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!date.ok()) {
    return std::nullopt;
  }
  return date;
}

bool authorisation_media_type_ok(std::string_view media_type) {
  const std::string type = ascii_lower(trim_blanks(media_type.substr(0, media_type.find(';'))));
  return type == "application/pdf" || type == "image/jpeg" || type == "image/png";
}

bool Person::has_duty(Duty d) const {
  return std::find(duties.begin(), duties.end(), d) != duties.end();
}

Status validate(const Person& person) {
  const auto name = trim_blanks(person.name);
  if (name.empty() || utf8_length(name) > 50 || name.size() != person.name.size()) {
    return field_error("name", "1-50 characters without leading or trailing blanks");
  }
  if (person.duties.empty()) {
    return field_error("duties", "at least one duty");
  }
  for (std::size_t i = 0; i < person.duties.size(); ++i) {
    if (std::count(person.duties.begin(), person.duties.end(), person.duties[i]) > 1) {
      return field_error("duties", "a duty given twice");
    }
  }
  if (person.lab_code.empty() == !person.organisation_id) {
    return field_error("employer", "exactly one of lab_code and organisation_id");
  }
  if (person.exam.score && (*person.exam.score < 0 || *person.exam.score > 100)) {
    return field_error("exam.score", "0-100");
  }
  if (person.exam.state == ExamState::none && (person.exam.score || person.exam.taken_on)) {
    return field_error("exam.state", "a date or score needs an exam taken");
  }
  if (person.exam.state != ExamState::none && !person.exam.taken_on) {
    return field_error("exam.taken_on", "required when an exam was taken");
  }
  return {};
}

std::string duties_column(const std::vector<Duty>& duties) {
  std::string out = ",";
  for (Duty d : kDuties) {
    if (std::find(duties.begin(), duties.end(), d) != duties.end()) {
      out += std::string(duty_name(d)) + ",";
    }
  }
  return out;
}

std::vector<Duty> parse_duties_column(std::string_view column) {
  std::vector<Duty> out;
  for (Duty d : kDuties) {
    if (column.find("," + std::string(duty_name(d)) + ",") != std::string_view::npos) {
      out.push_back(d);
    }
  }
  return out;
}

std::vector<std::string> witness_obstacles(const Person& person, Date on,
                                           const WitnessRules& rules) {
  std::vector<std::string> out;
  if (!person.has_duty(Duty::witness)) {
    out.emplace_back("not_a_witness");
  }
  if (!person.authorisation) {
    out.emplace_back("no_authorisation");
  } else if (!person.authorisation->valid_on(on)) {
    out.emplace_back("authorisation_expired");
  }
  if (!person.verification) {
    out.emplace_back("identity_not_verified");
  }
  if (!person.trained_on || *person.trained_on > on) {
    out.emplace_back("not_trained");
  }
  if (person.exam.state != ExamState::passed || !person.exam.taken_on ||
      *person.exam.taken_on > on) {
    out.emplace_back("exam_not_passed");
  }
  if (rules.certificate_required &&
      std::none_of(person.certificates.begin(), person.certificates.end(),
                   [on](const PersonCertificate& c) { return c.valid_on(on); })) {
    out.emplace_back("no_valid_certificate");
  }
  return out;
}

Assignability assignable_as_witness(const Person& person, Date on, const WitnessRules& rules) {
  auto reasons = witness_obstacles(person, on, rules);
  const bool ok = reasons.empty();
  return {ok, std::move(reasons)};
}

}  // namespace lw::domain
