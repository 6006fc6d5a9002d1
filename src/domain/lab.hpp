#pragma once
// A testing lab (检测机构): its platform code, the region whose regulators oversee it, whether it
// is in sandbox mode, and its registered facts (issue 5: credit code, seat, contacts).
// Qualification certificates and equipment are records of their own (domain/qualification.hpp,
// domain/equipment.hpp).
//
// The unified lab code (统一检测机构编号, JJ-3.5) is assigned by the platform at registration:
// `<six-digit GB/T 2260 code of the region of registration>-<four-digit sequence in that
// region>`, e.g. 360402-0007. A sequence is never given twice, even after a lab moves region
// (docs/identifiers.md).
#include <chrono>
#include <cstdint>
#include <optional>
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
  // Registered facts (issue 5); empty for a lab registered before them.
  std::string credit_code{};                     // GB 32100 unified social credit code
  std::optional<std::string> credit_override{};  // the admin's reason when the check fails
  std::string address{};
  std::string contact_name{};
  std::string contact_phone{};     // the lab's business line (not personal data)
  std::string technical_lead{};    // name of the technical lead (技术负责人)
  std::string home_region_code{};  // where the lab is legally seated; "" = region_code
};

/// A lab counts as connected when it has API keys in force and sent something (a ledger record
/// under one of its keys, or a connectivity check) within this window (docs/identifiers.md).
inline constexpr std::chrono::days kConnectedWindow{7};

/// connected (keys in force, sent within kConnectedWindow before `now`), keys_only (keys, but
/// nothing sent lately) or not_connected (no key in force).
std::string_view connection_status(std::int64_t active_keys, std::optional<Instant> last_sent,
                                   Instant now);
/// Whether `name` is one of the three statuses.
bool valid_connection_status(std::string_view name);

/// The highest sequence a region can give out.
inline constexpr int kMaxLabSequence = 9999;
/// The unified lab code of the `sequence`-th lab registered in `region_code` (360402, 7 →
/// "360402-0007"). Preconditions: valid_region_code(region_code), 1 <= sequence <= 9999.
std::string unified_lab_code(std::string_view region_code, int sequence);
/// Whether `code` has the unified form: six digits, '-', four digits, sequence not 0000.
bool is_unified_lab_code(std::string_view code);

/// A lab seated in another province than the one it is registered in (省外检测机构, JL-1.1).
bool out_of_province(const Lab& lab);

inline constexpr std::string_view kLabCodeRule = "1-32 characters of A-Z, 0-9 and '-'";
inline constexpr std::string_view kRegionCodeRule = "a six-digit GB/T 2260 code";

/// 1-32 characters of A-Z, 0-9 and '-'; e.g. "360402-0001".
bool valid_lab_code(std::string_view code);
/// Checks code, name (1-100 characters), region, home region and the registered facts' lengths
/// (the credit code's form when given; its check is the caller's, see admit_credit_code); the
/// error's details name the field.
Status validate(const Lab& lab);

}  // namespace lw::domain
