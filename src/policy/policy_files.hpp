#pragma once
// The shipped rules as files: policies/calendar/*.toml (one year of the PRC holiday calendar
// each), policies/*.toml (one jurisdiction's policy profile each) and
// policies/catalogue/violations.toml (the kinds of violation), read into the domain
// types of domain/calendar.hpp and domain/policy.hpp. Every field is checked: a file with a
// missing value, a value of the wrong type or range, or a key nobody reads is refused with an
// error naming the file, the key and why (docs/policies.md describes the format).
#include <filesystem>
#include <string_view>

#include "core/result.hpp"
#include "domain/calendar.hpp"
#include "domain/policy.hpp"

namespace lw::policy {

/// One calendar file's text; `file` names it in errors. invalid_argument with details
/// {"file", "key", "reason", "line" when known, "fields": {key: reason}}.
Result<domain::CalendarYear> parse_calendar_year(std::string_view text, std::string_view file);

/// One profile file's text; `file` names it in errors, as above.
Result<domain::PolicyProfile> parse_profile(std::string_view text, std::string_view file);

/// The violation catalogue's text (policies/catalogue/violations.toml), as above.
Result<domain::ViolationCatalogue> parse_violation_catalogue(std::string_view text,
                                                             std::string_view file);

/// Everything under `dir`: the calendar from dir/calendar/*.toml (a file cn-2026.toml holds
/// year 2026), the profiles from dir/*.toml (a file jilin-2026-2.toml holds profile
/// "jilin-2026-2") and the violation catalogue from dir/catalogue/violations.toml; other files
/// are ignored. The first bad file refuses the whole directory.
Result<domain::PolicyBook> load_policy_dir(const std::filesystem::path& dir);

}  // namespace lw::policy
