#include "notify/http_post.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

#include "core/log.hpp"

namespace lw::notify {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

Error bad_url(std::string_view why) {
  return field_error("url", why);
}

std::string printable(std::string_view text, std::size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) {
    out.push_back(c >= 0x20 && c < 0x7f ? c : ' ');
  }
  return out;
}

std::string failure(std::string_view step, const beast::error_code& ec) {
  if (ec == beast::error::timeout) {
    return "timeout";
  }
  return std::string(step) + ": " + ec.message();
}

// Writes the request and reads the answer's head and at most `cap` bytes of its body.
template <class Stream>
Task<PostOutcome> exchange(Stream& stream, bhttp::request<bhttp::string_body>& req,
                           std::size_t cap) {
  PostOutcome out;
  auto [wec, written] = co_await bhttp::async_write(stream, req, kTuple);
  (void)written;
  if (wec) {
    out.error = failure("send", wec);
    co_return out;
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(cap);
  auto [rec, read] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
  (void)read;
  if (rec && !(rec == bhttp::error::body_limit && parser.is_header_done())) {
    out.error = failure("answer", rec);
    co_return out;
  }
  out.status = static_cast<int>(parser.get().result_int());
  out.answer = printable(parser.get().body(), 200);
  if (!out.delivered()) {
    out.error = "HTTP " + std::to_string(out.status);
  }
  co_return out;
}

}  // namespace

struct HttpPoster::Tls {
  ssl::context context{ssl::context::tls_client};
};

Result<WebhookUrl> parse_webhook_url(std::string_view text) {
  if (text.empty()) {
    return bad_url("required");
  }
  if (text.size() > kMaxUrlBytes) {
    return bad_url("at most 500 characters");
  }
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) {
    return bad_url("not an absolute URL");
  }
  const auto& u = *parsed;
  WebhookUrl out;
  if (u.scheme_id() == boost::urls::scheme::https) {
    out.tls = true;
  } else if (u.scheme_id() != boost::urls::scheme::http) {
    return bad_url("http:// or https:// only");
  }
  if (!u.has_authority() || u.encoded_host().empty()) {
    return bad_url("needs a host");
  }
  if (u.has_userinfo()) {
    return bad_url("no user name or password in the URL");
  }
  out.host = u.host_address();
  if (out.host.empty()) {
    return bad_url("needs a host");
  }
  if (u.has_port()) {
    if (u.port_number() == 0) {
      return bad_url("port 1-65535");
    }
    out.port = std::to_string(u.port_number());
  } else {
    out.port = out.tls ? "443" : "80";
  }
  out.host_header = std::string(u.encoded_host_and_port());
  out.target = std::string(u.encoded_path());
  if (out.target.empty()) {
    out.target = "/";
  }
  if (u.has_query()) {
    out.target += "?" + std::string(u.encoded_query());
  }
  return out;
}

HttpPoster::HttpPoster() : tls_(std::make_unique<Tls>()) {
  beast::error_code ec;
  tls_->context.set_default_verify_paths(ec);
  if (ec) {
    log::warn("webhook_ca_store_unavailable", {{"error", ec.message()}});
  }
  tls_->context.set_verify_mode(ssl::verify_peer);
  tls_->context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                            ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                            ssl::context::no_tlsv1_1);
}

HttpPoster::~HttpPoster() = default;

Task<PostOutcome> HttpPoster::post(const PostRequest& request) {
  PostOutcome out;
  auto url = parse_webhook_url(request.url);
  if (!url) {
    out.error = "url: " + url.error().note;
    co_return out;
  }
  const auto deadline = std::chrono::steady_clock::now() + request.timeout;
  auto ex = co_await asio::this_coro::executor;
  tcp::resolver resolver(ex);
  auto [rec, endpoints] = co_await resolver.async_resolve(url->host, url->port, kTuple);
  if (rec) {
    out.error = failure("resolve", rec);
    co_return out;
  }
  if (std::chrono::steady_clock::now() >= deadline) {
    out.error = "timeout";
    co_return out;
  }
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, url->target, 11};
  req.set(bhttp::field::host, url->host_header);
  req.set(bhttp::field::user_agent, "labwatch-webhooks/1");
  req.set(bhttp::field::connection, "close");
  for (const auto& [name, value] : request.headers) {
    req.set(name, value);
  }
  req.body() = request.body;
  req.prepare_payload();
  if (!url->tls) {
    beast::tcp_stream stream(ex);
    stream.expires_at(deadline);
    auto [cec, peer] = co_await stream.async_connect(endpoints, kTuple);
    (void)peer;
    if (cec) {
      out.error = failure("connect", cec);
      co_return out;
    }
    out = co_await exchange(stream, req, request.max_response_bytes);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return out;
  }
  beast::ssl_stream<beast::tcp_stream> stream(ex, tls_->context);
  beast::error_code is_address;
  asio::ip::make_address(url->host, is_address);
  if (is_address && !SSL_set_tlsext_host_name(stream.native_handle(), url->host.c_str())) {
    out.error = "tls: cannot set the server name";
    co_return out;
  }
  stream.set_verify_callback(ssl::host_name_verification(url->host));
  auto& tcp_layer = beast::get_lowest_layer(stream);
  tcp_layer.expires_at(deadline);
  auto [cec, peer] = co_await tcp_layer.async_connect(endpoints, kTuple);
  (void)peer;
  if (cec) {
    out.error = failure("connect", cec);
    co_return out;
  }
  auto [hec] = co_await stream.async_handshake(ssl::stream_base::client, kTuple);
  if (hec) {
    out.error = failure("tls", hec);
    co_return out;
  }
  out = co_await exchange(stream, req, request.max_response_bytes);
  beast::error_code ignored;
  tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ignored);
  co_return out;
}

}  // namespace lw::notify
