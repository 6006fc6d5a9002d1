#pragma once
// A change that needs a second person (变更审批, issue 4: "who, when, why and the approval").
// Someone proposes new values for a record with a reason, against the version they saw; another
// authorised person approves it — then it becomes the record's next version, and that version's
// ledger entry carries the approval — or rejects it. The requester never decides their own
// request (four eyes, 双人复核), and an approval of a request made against an older version is
// refused, so no approval lands on values its approver did not see.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace lw::domain {

enum class ChangeState { pending, approved, rejected };

std::string_view state_name(ChangeState state);
std::optional<ChangeState> parse_change_state(std::string_view name);

struct ChangeRequest {
  std::int64_t id = 0;
  std::string record_type;  // as in the ledger ("lab", …)
  std::string record_id;
  std::string lab_code;  // the lab the record belongs to: whose regulators see the request
  std::int64_t base_version = 0;
  std::string proposal;  // JSON object: the fields to change and their new values
  std::string reason;
  std::string requested_by;  // the actor as the audit trail names it
  std::int64_t requester_id = 0;
  Instant requested_at{};
  ChangeState state = ChangeState::pending;
  std::string decided_by;
  std::int64_t decider_id = 0;
  std::optional<Instant> decided_at;
  std::string decision_note;
  std::optional<std::int64_t> applied_version;
};

/// The approval a version carries into its ledger entry.
struct Approval {
  std::int64_t request_id = 0;
  std::string approved_by;
  Instant approved_at{};
  std::string note;
};

/// Why `decider_id` may not decide `request` now: it is no longer pending (conflict) or they
/// asked for it themselves (four_eyes); ok otherwise.
Status may_decide(const ChangeRequest& request, std::int64_t decider_id);
/// A reason is required: 1-500 characters.
Status validate_reason(std::string_view field, std::string_view reason);

}  // namespace lw::domain
