#include "api/live_hub.hpp"

#include <deque>
#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace lw::api {
namespace asio = boost::asio;

namespace {

// Whether `scope` covers an event of a test of `lab_code` in `region_code`.
bool covers(const domain::Scope& scope, const labtests::LiveEvent& e) {
  switch (scope.kind) {
    case domain::Scope::Kind::everything:
      return scope.sandbox_visible || !e.sandbox;
    case domain::Scope::Kind::lab:
      return e.lab_code == scope.code;
    case domain::Scope::Kind::region:
      return !e.sandbox && e.region_code.starts_with(scope.code);
    case domain::Scope::Kind::nothing:
      break;
  }
  return false;
}

// Events a slow reader may fall behind by before the oldest are dropped.
constexpr std::size_t kBacklog = 2000;

}  // namespace

class LiveHub::Stream final : public http::EventStream,
                              public std::enable_shared_from_this<LiveHub::Stream> {
 public:
  Stream(domain::Scope scope, std::chrono::milliseconds heartbeat)
      : scope_(std::move(scope)), heartbeat_(heartbeat) {}

  const domain::Scope& scope() const { return scope_; }

  Task<std::optional<std::string>> next() override {
    auto ex = co_await asio::this_coro::executor;
    for (;;) {
      {
        std::lock_guard lock(mu_);
        if (closed_) {
          co_return std::nullopt;
        }
        if (!queue_.empty()) {
          std::string out;
          if (dropped_ > 0) {
            out = "event: dropped\ndata: {\"events\":" + std::to_string(dropped_) + "}\n\n";
            dropped_ = 0;
          }
          for (auto& e : queue_) {
            out += e;
          }
          queue_.clear();
          co_return out;
        }
        if (!timer_) {
          timer_.emplace(ex);
        }
        timer_->expires_after(heartbeat_);
      }
      auto [ec] = co_await timer_->async_wait(asio::as_tuple(asio::use_awaitable));
      if (!ec) {
        std::lock_guard lock(mu_);
        if (queue_.empty() && !closed_) {
          co_return std::string(": keep-alive\n\n");
        }
      }
    }
  }

  void close() override {
    std::lock_guard lock(mu_);
    closed_ = true;
    wake();
  }

  void push(std::string text) {
    std::lock_guard lock(mu_);
    if (queue_.size() >= kBacklog) {
      queue_.pop_front();
      ++dropped_;
    }
    queue_.push_back(std::move(text));
    wake();
  }

 private:
  // Cancels the wait on the stream's own executor (one thread), so it cannot slip in between
  // next()'s look at the queue and its wait. Called with mu_ held.
  void wake() {
    if (timer_) {
      asio::post(timer_->get_executor(), [self = shared_from_this()] {
        std::lock_guard lock(self->mu_);
        self->timer_->cancel();
      });
    }
  }

  const domain::Scope scope_;
  const std::chrono::milliseconds heartbeat_;
  std::mutex mu_;
  std::deque<std::string> queue_;
  std::size_t dropped_ = 0;
  bool closed_ = false;
  std::optional<asio::steady_timer> timer_;
};

std::shared_ptr<http::EventStream> LiveHub::subscribe(domain::Scope scope,
                                                      std::chrono::milliseconds heartbeat) {
  auto s = std::make_shared<Stream>(std::move(scope), heartbeat);
  s->push("retry: 3000\n\n");
  std::lock_guard lock(mu_);
  std::erase_if(streams_, [](const auto& w) { return w.expired(); });
  streams_.push_back(s);
  return s;
}

void LiveHub::publish(const labtests::LiveEvent& event) {
  std::vector<std::shared_ptr<Stream>> targets;
  {
    std::lock_guard lock(mu_);
    for (const auto& w : streams_) {
      if (auto s = w.lock(); s && covers(s->scope(), event)) {
        targets.push_back(std::move(s));
      }
    }
  }
  const std::string text = "event: " + event.kind + "\ndata: " + event.json + "\n\n";
  for (const auto& s : targets) {
    s->push(text);
  }
}

std::size_t LiveHub::subscribers() {
  std::lock_guard lock(mu_);
  std::erase_if(streams_, [](const auto& w) { return w.expired(); });
  return streams_.size();
}

}  // namespace lw::api
