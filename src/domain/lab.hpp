#pragma once
// A testing lab (检测机构) as access control needs it: its platform code, the region whose
// regulators oversee it, and whether it is in sandbox mode. The registry (issue 5) adds
// qualifications, organisation and contacts.
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace lw::domain {

struct Lab {
  std::string lab_code;
  std::string name;
  std::string region_code;  // GB/T 2260, six digits
  bool sandbox = false;     // uploads kept apart from real data (integration, JL-3.2)
  Instant created_at{};
};

inline constexpr std::string_view kLabCodeRule = "1-32 characters of A-Z, 0-9 and '-'";
inline constexpr std::string_view kRegionCodeRule = "a six-digit GB/T 2260 code";

/// 1-32 characters of A-Z, 0-9 and '-'; e.g. "360402-0001".
bool valid_lab_code(std::string_view code);
/// Checks code, name (1-100 characters) and region; the error's details name the field.
Status validate(const Lab& lab);

}  // namespace lw::domain
