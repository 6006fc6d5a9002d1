#include "lab_client.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <ctime>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

namespace lw::agent {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

std::string to_hex(const unsigned char* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[p[i] >> 4];
    out += kDigits[p[i] & 15];
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    const std::string_view digits = "0123456789abcdef";
    const auto at = digits.find(static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c));
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
  };
  if (hex.size() % 2 != 0) {
    return std::nullopt;
  }
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]);
    const int lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      if (auto byte = from_hex(s.substr(i + 1, 2))) {
        out += *byte;
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && s[i] == '+') ? ' ' : s[i];
  }
  return out;
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  RAND_bytes(buf.data(), static_cast<int>(buf.size()));
  return to_hex(buf.data(), buf.size());
}

// ---------------------------------------------------------------------------------------------
// Signing (this is the part a lab system copies)
// ---------------------------------------------------------------------------------------------

std::string sm3_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md.data(), &n, EVP_sm3(), nullptr);
  return to_hex(md.data(), n);
}

std::optional<std::string> sm3_hex_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sm3(), nullptr);
  std::vector<char> buf(std::size_t{64} * 1024);
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
    EVP_DigestUpdate(ctx, buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx, md.data(), &n);
  EVP_MD_CTX_free(ctx);
  return to_hex(md.data(), n);
}

// OpenSSL 3's one-shot MAC.
std::string hmac_sm3_hex(std::string_view secret, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  std::size_t n = 0;
  EVP_Q_mac(nullptr, "HMAC", nullptr, "SM3", nullptr, secret.data(), secret.size(),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
            mac.size(), &n);
  return to_hex(mac.data(), n);
}

std::string random_nonce() {
  return random_hex(16);
}

std::string canonical_string(std::string_view method, std::string_view target,
                             std::string_view timestamp, std::string_view nonce,
                             std::string_view body_sm3) {
  const auto q = target.find('?');
  const std::string_view path = target.substr(0, q);
  const std::string_view query = q == std::string_view::npos ? "" : target.substr(q + 1);

  // Line 3: every query parameter, name and value percent-decoded ("+" is a space there),
  // sorted by name and then by value (plain byte order), written name=value and joined by
  // "&". A parameter without "=" has an empty value ("flag" → "flag="). No query: "".
  std::vector<std::pair<std::string, std::string>> params;
  for (std::size_t start = 0; start < query.size();) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) {
      end = query.size();
    }
    const std::string_view item = query.substr(start, end - start);
    const auto eq = item.find('=');
    params.emplace_back(
        percent_decode(item.substr(0, eq), true),
        eq == std::string_view::npos ? "" : percent_decode(item.substr(eq + 1), true));
    start = end + 1;
  }
  std::sort(params.begin(), params.end());
  std::string sorted_query;
  for (const auto& [name, value] : params) {
    if (!sorted_query.empty()) {
      sorted_query += '&';
    }
    sorted_query.append(name).append("=").append(value);
  }

  std::string out;
  // Line 1: the method, upper case ("POST").
  out.append(method).append("\n");
  // Line 2: the path without the query, percent-decoded ("/api/v1/blobs").
  out.append(percent_decode(path, false)).append("\n");
  // Line 3: the sorted query built above; an empty line when there is none.
  out.append(sorted_query).append("\n");
  // Line 4: the X-Timestamp header's value exactly as sent.
  out.append(timestamp).append("\n");
  // Line 5: the X-Nonce header's value exactly as sent.
  out.append(nonce).append("\n");
  // Line 6: the lower-case hex SM3 of the body bytes (of nothing for a request without a
  // body); for an upload this is the X-Content-SM3 value, computed over the file beforehand.
  // No "\n" after it.
  out.append(body_sm3);
  return out;
}

Signature sign(const Credentials& key, std::string_view method, std::string_view target,
               std::string body_sm3, std::string timestamp, std::string nonce) {
  Signature s;
  s.timestamp = timestamp.empty() ? std::to_string(std::time(nullptr)) : std::move(timestamp);
  s.nonce = nonce.empty() ? random_nonce() : std::move(nonce);
  s.body_sm3 = std::move(body_sm3);
  s.canonical = canonical_string(method, target, s.timestamp, s.nonce, s.body_sm3);
  s.value = hmac_sm3_hex(key.secret, s.canonical);
  return s;
}

std::string authorization(const Credentials& key, const Signature& s) {
  return "LW-HMAC-SM3 KeyId=" + key.key_id + ", Signature=" + s.value;
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

std::optional<Endpoint> parse_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) {
    return std::nullopt;
  }
  url.remove_prefix(kScheme.size());
  while (url.ends_with('/')) {
    url.remove_suffix(1);
  }
  if (url.empty() || url.find('/') != std::string_view::npos) {
    return std::nullopt;
  }
  const auto colon = url.rfind(':');
  if (colon == std::string_view::npos) {
    return Endpoint{std::string(url), "80"};
  }
  return Endpoint{std::string(url.substr(0, colon)), std::string(url.substr(colon + 1))};
}

// The open connection and its I/O context. Every operation runs asynchronously on the
// context until it completes, so that tcp_stream's timeout applies to it.
namespace detail {
struct Connection {
  asio::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  // Runs one asynchronous operation to its end; its error.
  template <class Start>
  beast::error_code run(Start&& start, std::chrono::milliseconds timeout) {
    if (timeout.count() > 0) {
      stream->expires_after(timeout);
    } else {
      stream->expires_never();
    }
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  void close() {
    if (stream) {
      beast::error_code ignored;
      stream->socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      stream->close();
      stream.reset();
    }
    buffer.clear();
  }
};
}  // namespace detail

namespace {

template <class Body>
http::request<Body> new_request(http::verb method, const std::string& target, const Endpoint& ep,
                                const std::string& user_agent) {
  http::request<Body> req{method, target, 11};
  req.set(http::field::host, ep.host + ":" + ep.port);
  req.set(http::field::user_agent, user_agent);
  req.set(http::field::accept, "application/json");
  return req;
}

// Puts the signature's headers on a request. `declare_sm3` adds X-Content-SM3, which a
// streamed upload must send (the server checks the bytes against it as they arrive).
template <class Body>
void put_signature(http::request<Body>& req, const Credentials& key, const Signature& s,
                   bool declare_sm3) {
  req.set("X-Timestamp", s.timestamp);
  req.set("X-Nonce", s.nonce);
  if (declare_sm3) {
    req.set("X-Content-SM3", s.body_sm3);
  }
  req.set(http::field::authorization, authorization(key, s));
}

Answer network_failure(std::string error) {
  Answer a;
  a.failure = Answer::Failure::network;
  a.error = std::move(error);
  return a;
}

// Sends the request on the connection (opening it first when needed) and reads the answer.
// `may_resend`: a request safe to send twice (a GET, a POST with an Idempotency-Key); when a
// kept-alive connection turns out closed by the server, it is sent once more on a new one.
template <class Body>
Answer exchange(detail::Connection& c, const Endpoint& ep, http::request<Body>& req,
                std::chrono::milliseconds timeout, bool may_resend) {
  const bool reused = c.stream.has_value();
  if (!reused) {
    asio::ip::tcp::resolver resolver(c.ioc);
    beast::error_code ec;
    const auto addresses = resolver.resolve(ep.host, ep.port, ec);
    if (!ec) {
      c.stream.emplace(c.ioc);
      ec = c.run([&](auto handler) { c.stream->async_connect(addresses, std::move(handler)); },
                 timeout);
    }
    if (ec) {
      c.close();
      return network_failure("cannot connect to " + ep.host + ":" + ep.port + ": " + ec.message());
    }
    c.stream->socket().set_option(asio::ip::tcp::no_delay(true), ec);  // small requests at once
  }
  const beast::error_code write_ec =
      c.run([&](auto handler) { http::async_write(*c.stream, req, std::move(handler)); }, timeout);
  // Read the answer even when sending failed: the server answers a refused request (a bad
  // signature, a file over the limit) at once and may close before the whole body is sent.
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);  // a downloaded file may be large
  const beast::error_code read_ec = c.run(
      [&](auto handler) { http::async_read(*c.stream, c.buffer, parser, std::move(handler)); },
      timeout);
  if (read_ec) {
    const bool nothing_read = !parser.got_some();
    c.close();
    if (reused && may_resend && nothing_read) {
      return exchange(c, ep, req, timeout, false);
    }
    return network_failure("no answer: " + (write_ec ? write_ec : read_ec).message());
  }
  auto res = parser.release();
  Answer a;
  a.status = static_cast<int>(res.result_int());
  a.reason = std::string(res.reason());
  a.body = std::move(res.body());
  if (!res.keep_alive() || write_ec) {
    c.close();
  }
  return a;
}

std::string head_of(const http::request_header<>& head) {
  std::ostringstream out;
  out << head;
  return out.str();
}

}  // namespace

LabClient::LabClient(Endpoint endpoint, Credentials key, ClientOptions options)
    : endpoint_(std::move(endpoint)),
      key_(std::move(key)),
      options_(std::move(options)),
      conn_(std::make_unique<detail::Connection>()) {}

std::optional<LabClient> LabClient::make(std::string_view url, std::string key_id,
                                         std::string_view secret_hex, ClientOptions options,
                                         std::string* problem) {
  auto ep = parse_url(url);
  if (!ep) {
    *problem = "--url must be http://HOST[:PORT], got '" + std::string(url) + "'";
    return std::nullopt;
  }
  const auto secret = from_hex(secret_hex);
  if (key_id.empty() || !secret || secret->size() != 32) {
    *problem = "a key id and a secret of 64 hex digits are required";
    return std::nullopt;
  }
  return LabClient(std::move(*ep), Credentials{std::move(key_id), *secret}, std::move(options));
}

LabClient::LabClient(LabClient&&) noexcept = default;
LabClient& LabClient::operator=(LabClient&&) noexcept = default;
LabClient::~LabClient() {
  if (conn_) {
    conn_->close();
  }
}

Answer LabClient::post_json(const std::string& target, const std::string& body,
                            const std::string& idempotency_key) {
  auto req =
      new_request<http::string_body>(http::verb::post, target, endpoint_, options_.user_agent);
  const Signature s = sign(key_, "POST", target, sm3_hex(body), options_.timestamp, options_.nonce);
  if (options_.on_signed) {
    options_.on_signed(s);
  }
  put_signature(req, key_, s, false);
  req.set(http::field::content_type, "application/json");
  if (!idempotency_key.empty()) {
    req.set("Idempotency-Key", idempotency_key);
  }
  req.body() = body;
  req.prepare_payload();  // Content-Length
  if (options_.dry_run) {
    options_.dry_run(head_of(req.base()), req.body());
    return {};
  }
  return exchange(*conn_, endpoint_, req, options_.timeout, !idempotency_key.empty());
}

Answer LabClient::get(const std::string& target) {
  auto req = new_request<http::empty_body>(http::verb::get, target, endpoint_, options_.user_agent);
  const Signature s = sign(key_, "GET", target, sm3_hex(""), options_.timestamp, options_.nonce);
  if (options_.on_signed) {
    options_.on_signed(s);
  }
  put_signature(req, key_, s, false);
  if (options_.dry_run) {
    options_.dry_run(head_of(req.base()), "");
    return {};
  }
  return exchange(*conn_, endpoint_, req, options_.timeout, true);
}

// Should the file change between hashing and sending, the server refuses the upload (400
// body_hash_mismatch) and keeps nothing.
Answer LabClient::upload(const std::string& file, const std::string& media_type) {
  Answer local;
  local.failure = Answer::Failure::local;
  const auto digest = sm3_hex_of_file(file);
  if (!digest) {
    local.error = "cannot read " + file;
    return local;
  }
  const std::string target = "/api/v1/blobs";
  conn_->close();  // a streamed body is sent once: on a fresh connection
  auto req = new_request<http::file_body>(http::verb::post, target, endpoint_, options_.user_agent);
  beast::error_code ec;
  req.body().open(file.c_str(), beast::file_mode::scan, ec);
  if (ec) {
    local.error = "cannot open " + file + ": " + ec.message();
    return local;
  }
  const Signature s = sign(key_, "POST", target, *digest, options_.timestamp, options_.nonce);
  if (options_.on_signed) {
    options_.on_signed(s);
  }
  put_signature(req, key_, s, true);
  req.set(http::field::content_type, media_type);
  req.prepare_payload();  // Content-Length: the file's size
  if (options_.dry_run) {
    options_.dry_run(head_of(req.base()), "");
    return {};
  }
  return exchange(*conn_, endpoint_, req, options_.timeout, false);
}

Answer LabClient::upload_bytes(const std::string& bytes, const std::string& media_type) {
  const std::string target = "/api/v1/blobs";
  auto req =
      new_request<http::string_body>(http::verb::post, target, endpoint_, options_.user_agent);
  const Signature s =
      sign(key_, "POST", target, sm3_hex(bytes), options_.timestamp, options_.nonce);
  if (options_.on_signed) {
    options_.on_signed(s);
  }
  put_signature(req, key_, s, true);
  req.set(http::field::content_type, media_type);
  req.body() = bytes;
  req.prepare_payload();
  if (options_.dry_run) {
    options_.dry_run(head_of(req.base()), "");
    return {};
  }
  // Content-addressed: sending the same bytes twice stores them once.
  return exchange(*conn_, endpoint_, req, options_.timeout, true);
}

}  // namespace lw::agent
