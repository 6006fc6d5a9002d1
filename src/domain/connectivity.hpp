#pragma once
// Connectivity check (联调自检): a lab system's proof that its link to the platform works end
// to end — signed request (later), durable write, server receive time returned. Integrators
// run it while connecting a LIMS (JJ-3.2, JL-1.1, JL-3.2).
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace lw::domain {

struct ConnectivityCheck {
  std::int64_t id = 0;
  std::string lab_code;                // the lab's platform code, as the lab states it
  std::optional<Instant> client_time;  // the lab's clock: evidence only, never the judge
  Instant received_at{};               // the server's clock
  std::string message;
  bool sandbox = false;  // sent while the lab was in sandbox mode
};

inline constexpr std::size_t kMaxCheckMessageChars = 500;

/// Checks the fields a lab sends; the error's details name each bad field.
Status validate(const ConnectivityCheck& check);

/// How far the lab's clock is from the server's, when the lab stated its time.
std::optional<Micros> clock_skew(const ConnectivityCheck& check);

}  // namespace lw::domain
