#include "http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <iterator>

#include <list>
#include <mutex>
#include <thread>

#include "core/log.hpp"
#include "core/metrics.hpp"
#include "core/random.hpp"
#include "core/text.hpp"

namespace lw::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds kWriteTimeout{30};
constexpr std::size_t kMaxRequestIdLength = 128;

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) {
    return false;
  }
  for (char c : id) {
    const bool ok =
        std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) {
      return false;
    }
  }
  return true;
}

Error from_beast(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) {
    return Error(std::string(errc::header_too_large), ec.message());
  }
  if (ec == bhttp::error::body_limit) {
    return Error(std::string(errc::payload_too_large), ec.message());
  }
  if (ec == beast::error::timeout) {
    return Error(std::string(errc::request_timeout), ec.message());
  }
  return Error(std::string(errc::bad_request), ec.message());
}

// The connection is unusable after these: nothing can be answered.
bool is_disconnect(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
         ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::operation_aborted || ec == beast::error::timeout ||
         ec == asio::error::broken_pipe;
}

struct Session {
  explicit Session(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool idle = false;  // waiting for the next request; touched on the session's thread only
  std::shared_ptr<EventStream> events;  // while it streams events; session's thread only
};

/// The upload body, read from the parser as the handler asks for it.
class ParserBodyStream final : public ByteSource {
 public:
  ParserBodyStream(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                   bhttp::request_parser<bhttp::buffer_body>& parser,
                   std::chrono::milliseconds idle)
      : stream_(stream), buffer_(buffer), parser_(parser), idle_(idle) {}

  Task<Result<std::size_t>> read(char* buf, std::size_t n) override {
    while (!parser_.is_done()) {
      parser_.get().body().data = buf;
      parser_.get().body().size = n;
      stream_.expires_after(idle_);
      auto [ec, unused] = co_await bhttp::async_read(stream_, buffer_, parser_, nothrow);
      if (ec == bhttp::error::need_buffer) {
        ec = {};
      }
      if (ec) {
        co_return from_beast(ec);
      }
      const std::size_t got = n - parser_.get().body().size;
      if (got > 0) {
        co_return got;
      }
    }
    co_return std::size_t{0};
  }

  std::optional<std::uint64_t> announced_length() const override {
    auto len = parser_.content_length();
    return len ? std::optional<std::uint64_t>(*len) : std::nullopt;
  }

 private:
  beast::tcp_stream& stream_;
  beast::flat_buffer& buffer_;
  bhttp::request_parser<bhttp::buffer_body>& parser_;
  std::chrono::milliseconds idle_;
};

template <class Fields>
void copy_head(const Fields& fields, Request& req) {
  for (const auto& f : fields) {
    req.headers.emplace_back(ascii_lower(f.name_string()), std::string(f.value()));
  }
}

// Every X-Forwarded-For line of the request, in order, joined by commas (RFC 9110 5.3).
std::string forwarded_for(const Request& req) {
  std::string out;
  for (const auto& [name, value] : req.headers) {
    if (name == "x-forwarded-for") {
      out += out.empty() ? value : "," + value;
    }
  }
  return out;
}

bool expects_continue(const Request& req) {
  return iequals_ascii(req.header("expect"), "100-continue");
}

Status parse_target(Request& req) {
  auto url = boost::urls::parse_origin_form(req.target);
  if (!url) {
    return Error(std::string(errc::bad_request), "request target is not an origin-form URL");
  }
  req.path = url->path();
  for (auto p : url->params()) {
    req.query.emplace_back(p.key, p.value);
  }
  return {};
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, const Router& r, Pipeline p, Metrics& met)
      : options(std::move(o)),
        router(r),
        middleware(std::move(p.every_answer)),
        every_answer(middleware.size()),
        metrics(met),
        contexts(make_contexts(options.threads)) {
    std::move(p.routed.begin(), p.routed.end(), std::back_inserter(middleware));
    for (auto& c : contexts) {
      keep_running.push_back(asio::make_work_guard(*c));
    }
  }

  // One io_context per thread, each run by exactly one thread: a connection lives on one
  // context, so it needs no strand and threads share no scheduler lock.
  static std::vector<std::unique_ptr<asio::io_context>> make_contexts(unsigned threads) {
    const unsigned n = std::max(1u, threads ? threads : std::thread::hardware_concurrency());
    std::vector<std::unique_ptr<asio::io_context>> out;
    for (unsigned i = 0; i < n; ++i) {
      out.push_back(std::make_unique<asio::io_context>(1));
    }
    return out;
  }

  ServerOptions options;
  const Router& router;
  std::vector<Middleware> middleware;  // Pipeline::every_answer, then Pipeline::routed
  std::size_t every_answer;            // how many of them every answer passes
  Metrics& metrics;
  SystemClock clock;

  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  std::size_t next_context = 0;
  // Accepting, signals and stopping run on the first context.
  asio::io_context::executor_type control{contexts.front()->get_executor()};
  tcp::acceptor acceptor{control};
  asio::signal_set signals{control, SIGINT, SIGTERM};
  asio::steady_timer grace{control};
  std::atomic<bool> stopping{false};
  std::atomic<int> active{0};
  std::mutex sessions_mu;
  std::vector<std::weak_ptr<Session>> sessions;
  struct Periodic {
    std::chrono::milliseconds period;
    std::function<Task<void>()> task;
  };
  std::vector<Periodic> periodic;
  std::list<asio::steady_timer> periodic_timers;  // touched on the control context only

  // Runs middleware[i, end) around `terminal`.
  Task<Response> invoke(std::size_t i, Request& req, const Handler& terminal, std::size_t end) {
    if (i == end) {
      co_return co_await terminal(req);
    }
    Handler next = [this, i, &terminal, end](Request& r) {
      return invoke(i + 1, r, terminal, end);
    };
    co_return co_await middleware[i](req, next);
  }
  Task<Response> invoke(Request& req, const Handler& terminal) {
    return invoke(0, req, terminal, middleware.size());
  }

  // A refusal decided by the server itself, through the middleware every answer passes.
  Task<Response> answer_error(Request& req, Error err) {
    Handler terminal = [&err](Request& r) -> Task<Response> { co_return Response::error(r, err); };
    co_return co_await invoke(0, req, terminal, every_answer);
  }

  Task<void> write(Session& s, const Request& req, Response& res, bool close) {
    res.set_header("X-Request-Id", req.request_id);
    if (res.header("Cache-Control").empty()) {
      res.set_header("Cache-Control", "no-store");
    }
    s.stream.expires_after(kWriteTimeout);
    const bool head_only = req.method == "HEAD";
    auto fill = [&](auto& msg) {
      msg.result(static_cast<unsigned>(res.status));
      msg.version(11);
      for (const auto& [k, v] : res.headers) {
        msg.set(k, v);
      }
      msg.keep_alive(!close);
    };
    if (res.events) {
      co_await stream_events(s, res, fill);
      co_return;
    }
    if (!res.file_path.empty()) {
      beast::error_code ec;
      bhttp::file_body::value_type file;
      file.open(res.file_path.c_str(), beast::file_mode::scan, ec);
      if (!ec) {
        if (head_only) {
          bhttp::response<bhttp::empty_body> msg;
          fill(msg);
          msg.content_length(file.size());
          co_await bhttp::async_write(s.stream, msg, nothrow);
          co_return;
        }
        bhttp::response<bhttp::file_body> msg;
        fill(msg);
        msg.body() = std::move(file);
        msg.prepare_payload();
        co_await bhttp::async_write(s.stream, msg, nothrow);
        co_return;
      }
      res = Response::error(req, Error(std::string(errc::not_found), "file vanished"));
      res.set_header("X-Request-Id", req.request_id);
    }
    if (head_only) {
      bhttp::response<bhttp::empty_body> msg;
      fill(msg);
      msg.content_length(res.body.size());
      co_await bhttp::async_write(s.stream, msg, nothrow);
      co_return;
    }
    bhttp::response<bhttp::string_body> msg;
    fill(msg);
    msg.body() = std::move(res.body);
    msg.prepare_payload();
    co_await bhttp::async_write(s.stream, msg, nothrow);
  }

  // A chunked body of events until the stream ends, the client goes away or the server stops;
  // the connection closes after it.
  template <class Fill>
  Task<void> stream_events(Session& s, Response& res, Fill& fill) {
    bhttp::response<bhttp::empty_body> msg;
    fill(msg);
    msg.keep_alive(false);
    msg.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> head(msg);
    auto [ec, unused] = co_await bhttp::async_write_header(s.stream, head, nothrow);
    if (ec) {
      co_return;
    }
    s.events = res.events;
    if (stopping) {
      res.events->close();
    }
    for (;;) {
      auto chunk = co_await res.events->next();
      if (!chunk) {
        break;
      }
      s.stream.expires_after(kWriteTimeout);
      auto [wec, n] =
          co_await asio::async_write(s.stream, bhttp::make_chunk(asio::buffer(*chunk)), nothrow);
      if (wec) {
        break;
      }
    }
    res.events->close();
    s.events.reset();
    s.stream.expires_after(kWriteTimeout);
    co_await asio::async_write(s.stream, bhttp::make_chunk_last(), nothrow);
  }

  // Answers a request that cannot be read further, then the connection closes.
  Task<void> refuse(Session& s, Request& req, const Error& err) {
    Response res = co_await answer_error(req, err);
    co_await write(s, req, res, true);
  }

  Task<void> serve(std::shared_ptr<Session> s) {
    beast::flat_buffer buffer;
    beast::error_code peer_ec;
    const auto remote = s->stream.socket().remote_endpoint(peer_ec);
    const std::string peer = peer_ec ? "" : remote.address().to_string();
    const bool via_proxy = options.trusted_proxies.trusts(peer);
    for (;;) {
      if (buffer.size() == 0) {
        if (stopping) {
          co_return;
        }
        s->idle = true;
        s->stream.expires_after(options.limits.keep_alive_idle);
        auto [ec, n] = co_await s->stream.async_read_some(buffer.prepare(4096), nothrow);
        s->idle = false;
        if (ec) {
          co_return;  // closed by the client, idle too long, or server stopping
        }
        buffer.commit(n);
      }

      Request req;
      req.peer = peer;
      req.tcp_peer = peer;
      s->stream.expires_after(options.limits.header_timeout);
      bhttp::request_parser<bhttp::empty_body> head;
      head.header_limit(static_cast<std::uint32_t>(options.limits.header_bytes));
      head.body_limit(boost::none);  // each route's limit is applied below
      auto [ec, head_bytes] = co_await bhttp::async_read_header(s->stream, buffer, head, nothrow);
      req.received_at = clock.now();
      req.request_id = fast_id();
      if (ec) {
        if (!is_disconnect(ec)) {
          const Error err = from_beast(ec);
          co_await refuse(*s, req, err);
        }
        co_return;
      }
      const auto& h = head.get();
      req.method = std::string(h.method_string());
      req.target = std::string(h.target());
      copy_head(h, req);
      if (via_proxy) {
        if (auto client = options.trusted_proxies.forwarded_client(forwarded_for(req))) {
          req.peer = std::move(*client);
        }
      }
      if (auto incoming = req.header("x-request-id"); valid_request_id(incoming)) {
        req.request_id = std::string(incoming);
      }
      if (auto st = parse_target(req); !st) {
        co_await refuse(*s, req, st.error());
        co_return;
      }

      bool close = !head.keep_alive() || stopping;
      const bool has_body = head.chunked() || head.content_length().value_or(0) > 0;
      Match m = router.match(req.method, req.path);
      Response res;
      if (m.route == nullptr) {
        close = close || has_body;  // the unread body would be taken for the next request
        Error err(std::string(m.status == 405 ? errc::method_not_allowed : errc::not_found),
                  "no route for " + req.method + " " + req.path);
        res = co_await answer_error(req, err);
        if (m.status == 405) {
          std::string allow;
          for (const auto& a : m.allowed) {
            allow += (allow.empty() ? "" : ", ") + a;
          }
          res.set_header("Allow", allow);
        }
      } else {
        req.route = m.route->pattern;
        req.params = std::move(m.params);
        const std::uint64_t limit = m.route->body == BodyMode::buffered
                                        ? options.limits.json_body_bytes
                                        : options.limits.upload_bytes;
        if (head.content_length().value_or(0) > limit) {
          boost::json::object details;
          details["limit_bytes"] = limit;
          Error too_large(std::string(errc::payload_too_large),
                          "body of " + std::to_string(*head.content_length()) + " bytes", details);
          co_await refuse(*s, req, too_large);
          co_return;
        }
        if (expects_continue(req)) {
          // curl and most clients wait (curl: 1 s) for this before sending a large body.
          bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
          s->stream.expires_after(kWriteTimeout);
          auto [wec, unused] = co_await bhttp::async_write(s->stream, go_on, nothrow);
          if (wec) {
            co_return;
          }
        }
        if (m.route->body == BodyMode::buffered) {
          bhttp::request_parser<bhttp::string_body> parser{std::move(head)};
          parser.body_limit(limit);  // chunked bodies are counted as they come
          s->stream.expires_after(options.limits.body_idle_timeout);
          auto [bec, unused] = co_await bhttp::async_read(s->stream, buffer, parser, nothrow);
          if (bec) {
            if (!is_disconnect(bec)) {
              const Error err = from_beast(bec);
              co_await refuse(*s, req, err);
            }
            co_return;
          }
          req.body = std::move(parser.get().body());
          res = co_await invoke(req, m.route->handler);
        } else {
          bhttp::request_parser<bhttp::buffer_body> parser{std::move(head)};
          parser.body_limit(limit);
          ParserBodyStream body(s->stream, buffer, parser, options.limits.body_idle_timeout);
          req.body_stream = &body;
          res = co_await invoke(req, m.route->handler);
          close = close || !parser.is_done();
        }
      }
      close = close || res.events != nullptr;
      co_await write(*s, req, res, close || stopping);
      if (close || stopping) {
        beast::error_code ignored;
        s->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        co_return;
      }
    }
  }

  void track(const std::shared_ptr<Session>& s) {
    std::lock_guard lock(sessions_mu);
    if (sessions.size() > 256) {
      std::erase_if(sessions, [](const auto& w) { return w.expired(); });
    }
    sessions.push_back(s);
  }

  void session_ended() {
    if (--active == 0 && stopping) {
      asio::post(control, [this] { finish(); });
    }
  }

  // Runs on the control context once nothing is in flight: every context may now run dry.
  void finish() {
    grace.cancel();
    for (auto& g : keep_running) {
      g.reset();
    }
  }

  Task<void> accept_loop() {
    while (!stopping) {
      auto& target = *contexts[next_context++ % contexts.size()];
      auto [ec, socket] = co_await acceptor.async_accept(target.get_executor(), nothrow);
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) {
          co_return;
        }
        log::warn("accept_failed", {{"error", ec.message()}});
        asio::steady_timer pause(control, std::chrono::milliseconds(50));
        co_await pause.async_wait(nothrow);
        continue;
      }
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto session = std::make_shared<Session>(std::move(socket));
      track(session);
      ++active;
      auto ex = session->stream.get_executor();
      asio::co_spawn(ex, serve(std::move(session)), [this](const std::exception_ptr& e) {
        if (e) {
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& ex) {
            log::error("session_failed", {{"error", ex.what()}});
          }
        }
        session_ended();
      });
    }
  }

  // Runs on the control context.
  Task<void> repeat(asio::steady_timer& timer, Periodic p) {
    while (!stopping) {
      timer.expires_after(p.period);
      auto [ec] = co_await timer.async_wait(nothrow);
      if (ec || stopping) {
        co_return;
      }
      try {
        co_await p.task();
      } catch (const std::exception& e) {
        log::error("periodic_task_failed", {{"error", e.what()}});
      }
    }
  }

  // Runs on the control context.
  void begin_stop() {
    if (stopping.exchange(true)) {
      return;
    }
    log::info("server_stopping", {{"in_flight_connections", active.load()}});
    beast::error_code ignored;
    signals.cancel(ignored);
    acceptor.close(ignored);
    for (auto& t : periodic_timers) {
      t.cancel();
    }
    {
      std::lock_guard lock(sessions_mu);
      for (auto& w : sessions) {
        if (auto s = w.lock()) {
          asio::post(s->stream.get_executor(), [s] {
            if (s->idle) {
              s->stream.cancel();
            }
            if (s->events) {
              s->events->close();
            }
          });
        }
      }
    }
    if (active == 0) {
      finish();
      return;
    }
    grace.expires_after(options.limits.shutdown_grace);
    grace.async_wait([this](beast::error_code ec) {
      if (!ec) {
        log::warn("server_stop_forced", {{"connections", active.load()}});
        for (auto& c : contexts) {
          c->stop();
        }
      }
    });
  }
};

Server::Server(ServerOptions options, const Router& router, Pipeline pipeline, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(pipeline), metrics)) {}

Server::~Server() = default;

Result<std::uint16_t> Server::listen() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) {
    return Error(std::string(errc::invalid_argument), "bad listen address: " + ec.message());
  }
  tcp::endpoint ep{address, impl_->options.port};
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) {
    a.set_option(asio::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    a.bind(ep, ec);
  }
  if (!ec) {
    a.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return Error(std::string(errc::storage_unavailable),
                 "cannot listen on " + impl_->options.address + ":" +
                     std::to_string(impl_->options.port) + ": " + ec.message());
  }
  return a.local_endpoint().port();
}

void Server::every(std::chrono::milliseconds period, std::function<Task<void>()> task) {
  impl_->periodic.push_back({period, std::move(task)});
}

void Server::run() {
  auto& impl = *impl_;
  impl.signals.async_wait([&impl](beast::error_code ec, int) {
    if (!ec) {
      impl.begin_stop();
    }
  });
  asio::co_spawn(impl.control, impl.accept_loop(), asio::detached);
  for (auto& p : impl.periodic) {
    auto& timer = impl.periodic_timers.emplace_back(impl.control);
    asio::co_spawn(impl.control, impl.repeat(timer, p), asio::detached);
  }
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl.contexts.size(); ++i) {
    threads.emplace_back([&impl, i] { impl.contexts[i]->run(); });
  }
  impl.contexts.front()->run();
  for (auto& t : threads) {
    t.join();
  }
}

void Server::stop() {
  asio::post(impl_->control, [impl = impl_.get()] { impl->begin_stop(); });
}

}  // namespace lw::http
