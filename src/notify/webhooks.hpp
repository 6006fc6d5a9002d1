#pragma once
// The webhook worker (docs/reports.md "Notifications and webhooks"): delivers each pending
// delivery notify::enqueue recorded, POSTing
//   {"id": <notice id>, "event": <kind>, "created_at": <RFC 3339>, "data": <the notice's body>}
// with X-Labwatch-Event, X-Labwatch-Delivery (the same on every attempt) and
//   X-Labwatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>.
// A 2xx answer delivers it; anything else (another status, a timeout, no connection) is
// retried with exponential backoff until RetryPolicy::max_attempts, then it has failed. Every
// attempt is logged in webhook_attempts.
//
// The worker runs on its own thread and io_context, so a slow receiver never holds up a request.
// It is woken right after a commit that enqueued (wake()) and also looks for due deliveries on
// its own (WebhookOptions::poll), which covers notices another instance enqueued and restarts.
// Several instances may share one database: each attempt is claimed first (a compare-and-set
// of next_attempt_at to a lease, notify/store.hpp claim_delivery), so only one sends it.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/database.hpp"
#include "storage/writer.hpp"

namespace lw::notify {

/// When a failed delivery is tried again.
struct RetryPolicy {
  std::chrono::milliseconds base{30'000};        // after the first failed attempt
  double factor = 2.0;                           // each later wait is this much longer
  std::chrono::milliseconds cap{6 * 3'600'000};  // no wait is longer
  int max_attempts = 10;                         // then the delivery has failed

  /// The wait after `failed` failed attempts (1 after the first): base × factor^(failed−1),
  /// at most cap.
  std::chrono::milliseconds delay_after(int failed) const;
  /// Whether a delivery that failed `failed` times is tried again.
  bool retries_after(int failed) const { return failed < max_attempts; }
};

struct WebhookOptions {
  RetryPolicy retry;
  std::chrono::milliseconds timeout{10'000};  // one attempt, connection to answer
  std::chrono::milliseconds poll{5'000};      // looks for due deliveries at least this often
  std::size_t max_response_bytes = std::size_t{64} * 1024;  // of an answer's body
  int max_in_flight = 16;                                   // attempts under way at once
};

/// The X-Labwatch-Signature value of `body` sent at `unix_seconds` under `secret` (the endpoint's
/// secret exactly as shown at creation: 64 hex characters, used as they are, as ASCII).
std::string signature_header(std::string_view secret, std::string_view body,
                             std::int64_t unix_seconds);
/// Whether `header` (an X-Labwatch-Signature value) signs `body` under `secret`; the receiver's
/// check, here for tests and the documentation. `tolerance_seconds` bounds |now − t|.
bool verify_signature(std::string_view secret, std::string_view body, std::string_view header,
                      std::int64_t now_unix_seconds, std::int64_t tolerance_seconds = 300);

/// The JSON body POSTed for a notice.
std::string delivery_body(std::int64_t notice_id, std::string_view kind, Instant created_at,
                          std::string_view data_json);

/// The AAD binding an endpoint's sealed secret to its row.
std::string endpoint_secret_aad(std::int64_t endpoint_id);

class Webhooks {
 public:
  /// `data_key` opens the endpoints' sealed secrets.
  Webhooks(storage::Database& db, storage::Writer& writer, const Clock& clock, std::string data_key,
           WebhookOptions options);
  ~Webhooks();  // stops
  Webhooks(const Webhooks&) = delete;
  Webhooks& operator=(const Webhooks&) = delete;

  /// Starts the worker's thread: it delivers what is due at once, then as described above.
  void start();
  /// Finishes the attempts under way (each bounded by the timeout), then stops; pending
  /// deliveries stay pending for the next start. Safe to call twice.
  void stop();
  /// Looks for due deliveries now. Thread-safe; cheap; does nothing before start().
  void wake();

  const WebhookOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lw::notify
