#pragma once
// The middleware every request passes through, outermost first.
#include "http/message.hpp"

namespace lw {
struct Metrics;
}

namespace lw::http {

/// Logs one structured line per request and counts it in the metrics.
Middleware access_log(Metrics& metrics);
/// Turns an exception escaping a handler into a 500 envelope; the server loop never sees it.
Middleware recover();

}  // namespace lw::http
