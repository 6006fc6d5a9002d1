#include "notify/webhooks.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "core/log.hpp"
#include "core/random.hpp"
#include "crypto/hmac.hpp"
#include "crypto/sm4.hpp"
#include "notify/http_post.hpp"
#include "notify/store.hpp"
#include "service/commit.hpp"

namespace lw::notify {
namespace {

namespace asio = boost::asio;

std::int64_t unix_seconds(Instant t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::int64_t millis(Micros d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace

std::chrono::milliseconds RetryPolicy::delay_after(int failed) const {
  const double scaled =
      static_cast<double>(base.count()) * std::pow(factor, std::max(failed, 1) - 1);
  if (!std::isfinite(scaled) || scaled >= static_cast<double>(cap.count())) {
    return cap;
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(scaled));
}

std::string signature_header(std::string_view secret, std::string_view body,
                             std::int64_t unix_seconds) {
  const std::string t = std::to_string(unix_seconds);
  std::string signed_text = t + ".";
  signed_text += body;
  return "t=" + t + ",v1=" + to_hex(crypto::hmac(crypto::MacAlg::sha256, secret, signed_text));
}

bool verify_signature(std::string_view secret, std::string_view body, std::string_view header,
                      std::int64_t now_unix_seconds, std::int64_t tolerance_seconds) {
  std::optional<std::int64_t> t;
  std::vector<std::string_view> v1;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string_view part = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (part.starts_with("t=")) {
      const auto digits = part.substr(2);
      if (digits.empty() || digits.size() > 12 ||
          !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
      }
      t = std::stoll(std::string(digits));
    } else if (part.starts_with("v1=")) {
      v1.push_back(part.substr(3));
    }
  }
  if (!t || v1.empty() || std::llabs(now_unix_seconds - *t) > tolerance_seconds) {
    return false;
  }
  const std::string expected = signature_header(secret, body, *t);
  const std::string_view mac = std::string_view(expected).substr(expected.find(",v1=") + 4);
  return std::any_of(v1.begin(), v1.end(), [&](std::string_view given) {
    return crypto::equal_constant_time(given, mac);
  });
}

std::string delivery_body(std::int64_t notice_id, std::string_view kind, Instant created_at,
                          std::string_view data_json) {
  boost::json::error_code ec;
  boost::json::value data = boost::json::parse(data_json, ec);
  if (ec || !data.is_object()) {
    data = boost::json::object{};
  }
  return boost::json::serialize(boost::json::object{{"id", notice_id},
                                                    {"event", kind},
                                                    {"created_at", format_utc(created_at)},
                                                    {"data", std::move(data)}});
}

std::string endpoint_secret_aad(std::int64_t endpoint_id) {
  return "webhook_endpoints.secret:" + std::to_string(endpoint_id);
}

struct Webhooks::Impl {
  Impl(storage::Database& db, storage::Writer& writer, const Clock& clock, std::string data_key,
       WebhookOptions options)
      : db(db),
        writer(writer),
        clock(clock),
        data_key(std::move(data_key)),
        options(options),
        guard(asio::make_work_guard(ioc)) {}

  storage::Database& db;
  storage::Writer& writer;
  const Clock& clock;
  const std::string data_key;
  const WebhookOptions options;
  HttpPoster poster;
  asio::io_context ioc{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
  asio::steady_timer timer{ioc};
  std::thread thread;
  std::atomic<bool> started{false};
  std::atomic<bool> stopped{false};
  // Touched on the worker's thread only.
  bool woken = false;
  bool stopping = false;
  bool loop_done = false;
  int in_flight = 0;

  // How long a claim lasts: longer than any attempt, so an instance that crashed mid-attempt
  // gives its delivery back, and a live one never loses it.
  Micros lease() const {
    return std::chrono::duration_cast<Micros>(options.timeout * 3 + std::chrono::seconds(30));
  }

  void nudge() {
    woken = true;
    timer.cancel();
  }

  void maybe_finish() {
    if (stopping && loop_done && in_flight == 0) {
      guard.reset();
    }
  }

  struct Round {
    std::optional<Instant> next;  // when the next pending delivery is due
    std::size_t claimed = 0;
  };

  Task<Round> round() {
    Round out;
    std::vector<Due> due;
    {
      auto conn = db.acquire();
      if (!conn) {
        log::warn("webhook_round_failed", {{"note", conn.error().note}});
        co_return out;
      }
      const int room = options.max_in_flight - in_flight;
      if (room > 0) {
        auto found = due_deliveries(**conn, clock.now(), room);
        if (!found) {
          log::warn("webhook_round_failed", {{"note", found.error().note}});
          co_return out;
        }
        due = std::move(*found);
      }
    }
    if (!due.empty()) {
      const Instant lease_until = clock.now() + lease();
      std::vector<Due> claimed;
      storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
        claimed.clear();  // a job may run twice
        for (const auto& d : due) {
          auto won = claim_delivery(conn, d.delivery_id, d.next_attempt_at, lease_until);
          if (!won) {
            return std::move(won).error();
          }
          if (*won) {
            claimed.push_back(d);
          }
        }
        return {};
      };
      auto st = co_await service::commit(writer, std::move(job));
      if (!st) {
        log::warn("webhook_claim_failed", {{"note", st.error().note}});
      } else {
        for (auto& d : claimed) {
          ++in_flight;
          asio::co_spawn(ioc, attempt(std::move(d), lease_until),
                         [this](const std::exception_ptr& e) { attempt_ended(e); });
        }
        out.claimed = claimed.size();
      }
    }
    auto conn = db.acquire();
    if (conn) {
      auto next = next_due(**conn);
      if (next) {
        out.next = *next;
      }
    }
    co_return out;
  }

  Task<void> attempt(Due due, Instant lease_until) {
    const Instant started_at = clock.now();
    PostOutcome sent;
    auto secret =
        crypto::sm4_gcm_open(data_key, due.secret_sealed, endpoint_secret_aad(due.endpoint_id));
    if (!secret) {
      sent.error = "the endpoint's secret cannot be opened (data key changed?)";
    } else {
      const std::string body = delivery_body(due.notice_id, due.kind, due.created_at, due.body);
      PostRequest request{
          due.url,
          {{"Content-Type", "application/json"},
           {"X-Labwatch-Event", due.kind},
           {"X-Labwatch-Delivery", due.delivery_key},
           {"X-Labwatch-Signature", signature_header(*secret, body, unix_seconds(started_at))}},
          body,
          options.timeout,
          options.max_response_bytes};
      try {
        sent = co_await poster.post(request);
      } catch (const std::exception& e) {
        sent = PostOutcome{};
        sent.error = std::string("client: ") + e.what();
      }
    }
    const Instant ended_at = clock.now();
    AttemptOutcome o;
    o.delivery_id = due.delivery_id;
    o.attempt = due.attempts + 1;
    o.at = started_at;
    if (sent.status != 0) {
      o.status_code = sent.status;
    }
    o.duration_ms = millis(ended_at - started_at);
    if (sent.delivered()) {
      o.status = "delivered";
    } else {
      o.error = sent.answer.empty() ? sent.error : sent.error + ": " + sent.answer;
      if (options.retry.retries_after(static_cast<int>(o.attempt))) {
        o.status = "pending";
        o.next_attempt_at = ended_at + std::chrono::duration_cast<Micros>(
                                           options.retry.delay_after(static_cast<int>(o.attempt)));
      } else {
        o.status = "failed";
      }
    }
    bool still_ours = true;
    storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
      auto done = record_attempt(conn, o, lease_until);
      if (!done) {
        return std::move(done).error();
      }
      still_ours = *done;
      return {};
    };
    auto st = co_await service::commit(writer, std::move(job));
    if (!st) {
      log::warn("webhook_record_failed",
                {{"delivery", due.delivery_id}, {"note", st.error().note}});
    } else if (!still_ours) {
      log::warn("webhook_claim_lost", {{"delivery", due.delivery_id}});
    } else if (o.status == "failed") {
      log::warn("webhook_failed", {{"delivery", due.delivery_id}, {"attempts", o.attempt}});
    }
  }

  // However an attempt ended (an exception included), the worker may look again and stop.
  void attempt_ended(const std::exception_ptr& e) {
    log_failure("webhook_attempt_failed", e);
    --in_flight;
    nudge();  // the next attempt's time has changed
    maybe_finish();
  }

  static void log_failure(std::string_view event, const std::exception_ptr& e) {
    if (!e) {
      return;
    }
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      log::error(event, {{"error", ex.what()}});
    } catch (...) {
      log::error(event);
    }
  }

  Task<void> loop() {
    while (!stopping) {
      Round r;
      try {
        r = co_await round();
      } catch (const std::exception& e) {
        log::error("webhook_round_failed", {{"error", e.what()}});
      }
      if (stopping) {
        break;
      }
      if (woken) {
        woken = false;
        continue;
      }
      auto wait = options.poll;
      if (r.next && in_flight < options.max_in_flight) {
        const auto until =
            std::chrono::duration_cast<std::chrono::milliseconds>(*r.next - clock.now());
        // Something due that this round could not take (another instance's claim ending at
        // the same moment): look again shortly rather than at once.
        wait = std::clamp(until, std::chrono::milliseconds(r.claimed ? 0 : 50), options.poll);
      }
      timer.expires_after(wait);
      auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
      (void)ec;
    }
  }
};

Webhooks::Webhooks(storage::Database& db, storage::Writer& writer, const Clock& clock,
                   std::string data_key, WebhookOptions options)
    : impl_(std::make_unique<Impl>(db, writer, clock, std::move(data_key), options)) {}

Webhooks::~Webhooks() {
  stop();
}

void Webhooks::start() {
  if (impl_->started.exchange(true)) {
    return;
  }
  Impl* impl = impl_.get();
  asio::co_spawn(impl->ioc, impl->loop(), [impl](const std::exception_ptr& e) {
    Impl::log_failure("webhook_worker_failed", e);
    impl->loop_done = true;
    impl->maybe_finish();
  });
  impl->thread = std::thread([impl] { impl->ioc.run(); });
}

void Webhooks::stop() {
  if (!impl_->started || impl_->stopped.exchange(true)) {
    return;
  }
  Impl* impl = impl_.get();
  asio::post(impl->ioc, [impl] {
    impl->stopping = true;
    impl->timer.cancel();
    impl->maybe_finish();
  });
  if (impl->thread.joinable()) {
    impl->thread.join();
  }
}

void Webhooks::wake() {
  if (!impl_->started || impl_->stopped) {
    return;
  }
  Impl* impl = impl_.get();
  asio::post(impl->ioc, [impl] { impl->nudge(); });
}

const WebhookOptions& Webhooks::options() const {
  return impl_->options;
}

}  // namespace lw::notify
