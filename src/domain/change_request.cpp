#include "domain/change_request.hpp"

#include "core/text.hpp"

namespace lw::domain {

std::string_view state_name(ChangeState state) {
  switch (state) {
    case ChangeState::pending:
      return "pending";
    case ChangeState::approved:
      return "approved";
    case ChangeState::rejected:
      return "rejected";
  }
  return "pending";
}

std::optional<ChangeState> parse_change_state(std::string_view name) {
  for (auto s : {ChangeState::pending, ChangeState::approved, ChangeState::rejected}) {
    if (state_name(s) == name) {
      return s;
    }
  }
  return std::nullopt;
}

Status may_decide(const ChangeRequest& request, std::int64_t decider_id) {
  if (request.state != ChangeState::pending) {
    return Error(std::string(errc::conflict),
                 "change request " + std::to_string(request.id) + " is already " +
                     std::string(state_name(request.state)),
                 {{"state", std::string(state_name(request.state))}});
  }
  if (request.requester_id == decider_id) {
    return Error(std::string(errc::four_eyes), "change request " + std::to_string(request.id) +
                                                   " must be decided by someone other than " +
                                                   request.requested_by);
  }
  return {};
}

Status validate_reason(std::string_view field, std::string_view reason) {
  if (reason.empty() || utf8_length(reason) > 500) {
    return field_error(field, "1-500 characters");
  }
  return {};
}

}  // namespace lw::domain
