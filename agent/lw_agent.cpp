// lw-agent: the reference client of the labwatch lab API (检测机构系统接入参考客户端).
//
// It shows, step by step, how a lab system (LIMS) signs a request with the key id and the
// secret the platform issued to its lab (`labwatch lab-key issue --lab CODE`):
//
//   X-Timestamp:   the current time in Unix seconds (within 300 s of the server's clock)
//   X-Nonce:       a value never used before with this key
//   X-Content-SM3: the lower-case hex SM3 of the body (required on uploads, optional elsewhere)
//   Authorization: LW-HMAC-SM3 KeyId=<key id>, Signature=<lower-case hex HMAC-SM3>
//
// The signature is HMAC-SM3 under the secret's 32 raw bytes over the "canonical string": six
// lines joined by LF (see canonical_string below). The API manual (docs/api/openapi.yaml, the
// /api/v1/lab-api/signature-check entry) defines it with two worked examples that this program
// reproduces: run it with --dry-run --print-canonical and the values of an example.
//
// This file stands alone on purpose: OpenSSL 3 (SM3, HMAC, random bytes) and Boost.Beast
// (HTTP/1.1) and nothing of the server's own code, so it can be read and copied. Section 2 is
// what a lab system needs; section 3 is ordinary HTTP that any client library does as well.
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

constexpr const char* kUsage = R"(usage: lw-agent [options] COMMAND

commands:
  sign-check [--json FILE|-]     POST /api/v1/lab-api/signature-check (body {} by default):
                                 the server answers the canonical string it computed
  post PATH --json FILE|-        signed JSON POST, e.g. /api/v1/connectivity-checks
  get PATH                       signed GET, e.g. '/api/v1/connectivity-checks?limit=5'
  upload FILE [--media-type T]   streamed signed upload to /api/v1/blobs with X-Content-SM3
                                 (T guessed from the file name, else application/octet-stream)

options:
  --url URL          the platform, http://HOST[:PORT]          (or LW_URL)
  --key-id ID        the lab key id, lk_...                    (or LW_KEY_ID)
  --secret HEX       the key's secret, 64 hex digits           (or LW_SECRET; prefer the
                     variable: a command line is visible to other users of the machine)
  --print-canonical  print the canonical string and the signature on stderr
  --dry-run          print the signed request head instead of sending it
  --timestamp T      use T as X-Timestamp (default: now), to reproduce a worked example
  --nonce N          use N as X-Nonce (default: 16 random bytes as hex)

The response body goes to stdout and "HTTP <status>" to stderr. Exit status: 0 for a 2xx
answer, 1 for any other answer, 2 for a usage or local error, 3 when the server was not
reached.
)";

// ---------------------------------------------------------------------------------------------
// 1. Small helpers
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

// "%41" → "A"; with `plus_is_space`, "+" → " " (query strings, as HTML forms encode them).
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

std::optional<std::string> read_all(const std::string& file) {
  if (file == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), {});
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// ---------------------------------------------------------------------------------------------
// 2. Signing (this is the part a lab system copies)
// ---------------------------------------------------------------------------------------------

// Lower-case hex SM3 of bytes in memory (a JSON body; "" for a request without a body).
std::string sm3_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md.data(), &n, EVP_sm3(), nullptr);
  return to_hex(md.data(), n);
}

// Lower-case hex SM3 of a file, read in pieces: an upload is never held in memory whole.
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

// Lower-case hex HMAC-SM3 of `message` under the secret's raw bytes (OpenSSL 3's one-shot MAC).
std::string hmac_sm3_hex(std::string_view secret, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  std::size_t n = 0;
  EVP_Q_mac(nullptr, "HMAC", nullptr, "SM3", nullptr, secret.data(), secret.size(),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
            mac.size(), &n);
  return to_hex(mac.data(), n);
}

// 16 random bytes as hex: unique per request (the server refuses a nonce it has seen).
std::string random_nonce() {
  std::array<unsigned char, 16> bytes{};
  RAND_bytes(bytes.data(), static_cast<int>(bytes.size()));
  return to_hex(bytes.data(), bytes.size());
}

// The canonical string of a request: six lines joined by "\n", no "\n" after the last.
//   `target` is what goes on the request line: the path, then "?" and the query if any.
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

struct Credentials {
  std::string key_id;
  std::string secret;  // the 32 raw bytes, decoded from the 64 hex digits issued
};

struct Signature {
  std::string timestamp;
  std::string nonce;
  std::string body_sm3;
  std::string canonical;
  std::string value;  // lower-case hex HMAC-SM3 of `canonical`
};

// Signs one request. `timestamp` and `nonce` are normally empty (now, random); fixed values
// reproduce a worked example of the manual.
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
  req.set(http::field::authorization, "LW-HMAC-SM3 KeyId=" + key.key_id + ", Signature=" + s.value);
}

// ---------------------------------------------------------------------------------------------
// 3. HTTP
// ---------------------------------------------------------------------------------------------

struct Endpoint {
  std::string host;
  std::string port;
};

// "http://HOST[:PORT][/]" → host and port. This reference client speaks plain HTTP only; a
// lab system behind TLS sends the same headers through its own HTTPS client.
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

// Sends the request, prints the answer (body on stdout, "HTTP <status>" on stderr) and
// returns the exit status.
template <class Body>
int exchange(const Endpoint& ep, http::request<Body>& req) {
  asio::io_context ioc;
  asio::ip::tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  const auto addresses = resolver.resolve(ep.host, ep.port, ec);
  if (!ec) {
    stream.connect(addresses, ec);
  }
  if (ec) {
    std::cerr << "lw-agent: cannot connect to " << ep.host << ":" << ep.port << ": " << ec.message()
              << "\n";
    return 3;
  }
  beast::error_code write_ec;
  http::write(stream, req, write_ec);
  // Read the answer even when sending failed: the server answers a refused request (a bad
  // signature, a file over the limit) at once and may close before the whole body is sent.
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);  // a downloaded file may be large
  http::read(stream, buffer, parser, ec);
  const auto& res = parser.get();
  if (ec) {
    std::cerr << "lw-agent: no answer: " << (write_ec ? write_ec : ec).message() << "\n";
    return 3;
  }
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  std::cerr << "HTTP " << res.result_int() << " " << res.reason() << "\n";
  std::cout << res.body();
  // A line end for a terminal only: piped or redirected, the body is kept byte for byte.
  if (isatty(STDOUT_FILENO) && !res.body().empty() && res.body().back() != '\n') {
    std::cout << "\n";
  }
  return res.result_int() / 100 == 2 ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// 4. Commands
// ---------------------------------------------------------------------------------------------

struct Options {
  std::string url;
  std::string key_id;
  std::string secret_hex;
  std::string json_file;
  std::string media_type;
  std::string timestamp;
  std::string nonce;
  bool print_canonical = false;
  bool dry_run = false;
  std::vector<std::string> args;  // the command and its operands
};

std::string guess_media_type(std::string_view file) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".jpg", "image/jpeg"},      {".jpeg", "image/jpeg"},       {".png", "image/png"},
      {".pdf", "application/pdf"}, {".json", "application/json"}, {".csv", "text/csv"},
      {".txt", "text/plain"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (file.size() > ext.size() && file.ends_with(ext)) {
      return std::string(type);
    }
  }
  return "application/octet-stream";
}

template <class Body>
http::request<Body> new_request(http::verb method, const std::string& target, const Endpoint& ep) {
  http::request<Body> req{method, target, 11};
  req.set(http::field::host, ep.host + ":" + ep.port);
  req.set(http::field::user_agent, "lw-agent/1");
  req.set(http::field::accept, "application/json");
  return req;
}

void show_signature(const Options& o, const Signature& s) {
  if (o.print_canonical) {
    std::cerr << "canonical string:\n" << s.canonical << "\nsignature: " << s.value << "\n";
  }
}

// Sends, or with --dry-run prints the request head (and a JSON body) instead.
template <class Body>
int send_or_show(const Options& o, const Endpoint& ep, http::request<Body>& req,
                 std::string_view printable_body) {
  if (o.dry_run) {
    std::cout << req.base() << printable_body;
    if (!printable_body.empty()) {
      std::cout << "\n";
    }
    return 0;
  }
  return exchange(ep, req);
}

// sign-check, post: a JSON body, hashed in memory, signed as line 6.
int json_request(const Options& o, const Credentials& key, const Endpoint& ep,
                 const std::string& target, const std::string& body) {
  auto req = new_request<http::string_body>(http::verb::post, target, ep);
  const Signature s = sign(key, "POST", target, sm3_hex(body), o.timestamp, o.nonce);
  show_signature(o, s);
  put_signature(req, key, s, false);
  req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();  // Content-Length
  return send_or_show(o, ep, req, req.body());
}

// get: no body, so line 6 is the SM3 of nothing.
int get_request(const Options& o, const Credentials& key, const Endpoint& ep,
                const std::string& target) {
  auto req = new_request<http::empty_body>(http::verb::get, target, ep);
  const Signature s = sign(key, "GET", target, sm3_hex(""), o.timestamp, o.nonce);
  show_signature(o, s);
  put_signature(req, key, s, false);
  return send_or_show(o, ep, req, "");
}

// upload: the file is hashed first (in pieces), its SM3 declared in X-Content-SM3 and signed
// as line 6, then the file is streamed from disk as the body. Should the file change in
// between, the server refuses the upload (400 body_hash_mismatch) and keeps nothing.
int upload_request(const Options& o, const Credentials& key, const Endpoint& ep,
                   const std::string& file) {
  const auto digest = sm3_hex_of_file(file);
  if (!digest) {
    std::cerr << "lw-agent: cannot read " << file << "\n";
    return 2;
  }
  const std::string target = "/api/v1/blobs";
  auto req = new_request<http::file_body>(http::verb::post, target, ep);
  beast::error_code ec;
  req.body().open(file.c_str(), beast::file_mode::scan, ec);
  if (ec) {
    std::cerr << "lw-agent: cannot open " << file << ": " << ec.message() << "\n";
    return 2;
  }
  const Signature s = sign(key, "POST", target, *digest, o.timestamp, o.nonce);
  show_signature(o, s);
  put_signature(req, key, s, true);
  req.set(http::field::content_type, o.media_type.empty() ? guess_media_type(file) : o.media_type);
  req.prepare_payload();  // Content-Length: the file's size
  return send_or_show(o, ep, req, "");
}

int usage(const std::string& problem) {
  if (!problem.empty()) {
    std::cerr << "lw-agent: " << problem << "\n";
  }
  std::cerr << kUsage;
  return 2;
}

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.url = env_or_empty("LW_URL");
  o.key_id = env_or_empty("LW_KEY_ID");
  o.secret_hex = env_or_empty("LW_SECRET");
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) {
        return false;
      }
      into = argv[++i];
      return true;
    };
    bool ok = true;
    if (a == "--url") {
      ok = value(o.url);
    } else if (a == "--key-id") {
      ok = value(o.key_id);
    } else if (a == "--secret") {
      ok = value(o.secret_hex);
    } else if (a == "--json") {
      ok = value(o.json_file);
    } else if (a == "--media-type") {
      ok = value(o.media_type);
    } else if (a == "--timestamp") {
      ok = value(o.timestamp);
    } else if (a == "--nonce") {
      ok = value(o.nonce);
    } else if (a == "--print-canonical") {
      o.print_canonical = true;
    } else if (a == "--dry-run") {
      o.dry_run = true;
    } else if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (a.starts_with("--")) {
      return usage("unknown option " + a);
    } else {
      o.args.push_back(a);
    }
    if (!ok) {
      return usage(a + " needs a value");
    }
  }
  if (o.args.empty()) {
    return usage("");
  }
  const auto ep = parse_url(o.url.empty() && o.dry_run ? "http://127.0.0.1:8080" : o.url);
  if (!ep) {
    return usage("--url must be http://HOST[:PORT], got '" + o.url + "'");
  }
  const auto secret = from_hex(o.secret_hex);
  if (o.key_id.empty() || !secret || secret->size() != 32) {
    return usage("--key-id and --secret (64 hex digits) are required");
  }
  const Credentials key{o.key_id, *secret};
  const std::string& command = o.args[0];

  if (command == "sign-check" && o.args.size() == 1) {
    auto body = o.json_file.empty() ? std::optional<std::string>("{}") : read_all(o.json_file);
    if (!body) {
      return usage("cannot read " + o.json_file);
    }
    return json_request(o, key, *ep, "/api/v1/lab-api/signature-check", *body);
  }
  if (command == "post" && o.args.size() == 2) {
    if (o.json_file.empty()) {
      return usage("post needs --json FILE (or - for standard input)");
    }
    auto body = read_all(o.json_file);
    if (!body) {
      return usage("cannot read " + o.json_file);
    }
    return json_request(o, key, *ep, o.args[1], *body);
  }
  if (command == "get" && o.args.size() == 2) {
    return get_request(o, key, *ep, o.args[1]);
  }
  if (command == "upload" && o.args.size() == 2) {
    return upload_request(o, key, *ep, o.args[1]);
  }
  return usage("unknown command or wrong operands: " + command);
}
