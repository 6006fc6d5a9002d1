// lw-agent: the reference client of the labwatch lab API (检测机构系统接入参考客户端).
//
// It shows how a lab system (LIMS) signs a request with the key id and the secret the platform
// issued to its lab (`labwatch lab-key issue --lab CODE`). The signing and the HTTP exchange
// are in lab_client.{hpp,cpp} (shared with lw-sim): the header explains the four headers and
// the canonical string, the source builds it line by line. The API manual
// (docs/api/openapi.yaml, the /api/v1/lab-api/signature-check entry) defines it with two worked
// examples that this program reproduces: run it with --dry-run --print-canonical and the values
// of an example.
//
// These files stand alone on purpose: OpenSSL 3 (SM3, HMAC, random bytes) and Boost.Beast
// (HTTP/1.1) and nothing of the server's own code, so they can be read and copied.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lab_client.hpp"

namespace {

using lw::agent::Answer;
using lw::agent::ClientOptions;
using lw::agent::LabClient;
using lw::agent::Signature;

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
  --idempotency-key K  send Idempotency-Key: K with a post (a retry with the same key and
                     body gets the first answer and creates nothing new)

The response body goes to stdout and "HTTP <status>" to stderr. Exit status: 0 for a 2xx
answer, 1 for any other answer, 2 for a usage or local error, 3 when the server was not
reached.
)";

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

struct Options {
  std::string url;
  std::string key_id;
  std::string secret_hex;
  std::string json_file;
  std::string media_type;
  std::string timestamp;
  std::string nonce;
  std::string idempotency_key;
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

// How the client signs and what it does instead of sending with --dry-run: the request head
// (and a JSON body) on stdout.
ClientOptions client_options(const Options& o) {
  ClientOptions c;
  c.timestamp = o.timestamp;
  c.nonce = o.nonce;
  if (o.print_canonical) {
    c.on_signed = [](const Signature& s) {
      std::cerr << "canonical string:\n" << s.canonical << "\nsignature: " << s.value << "\n";
    };
  }
  if (o.dry_run) {
    c.dry_run = [](const std::string& head, const std::string& body) {
      std::cout << head << body;
      if (!body.empty()) {
        std::cout << "\n";
      }
    };
  }
  return c;
}

// Prints the answer (body on stdout, "HTTP <status>" on stderr) and returns the exit status.
int report(const Options& o, const Answer& a) {
  if (o.dry_run) {
    return 0;
  }
  if (a.failure != Answer::Failure::none) {
    std::cerr << "lw-agent: " << a.error << "\n";
    return a.failure == Answer::Failure::local ? 2 : 3;
  }
  std::cerr << "HTTP " << a.status << " " << a.reason << "\n";
  std::cout << a.body;
  // A line end for a terminal only: piped or redirected, the body is kept byte for byte.
  if (isatty(STDOUT_FILENO) && !a.body.empty() && a.body.back() != '\n') {
    std::cout << "\n";
  }
  return a.status / 100 == 2 ? 0 : 1;
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
    } else if (a == "--idempotency-key") {
      ok = value(o.idempotency_key);
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
  const std::string url = o.url.empty() && o.dry_run ? "http://127.0.0.1:8080" : o.url;
  if (!lw::agent::parse_url(url)) {
    return usage("--url must be http://HOST[:PORT], got '" + o.url + "'");
  }
  std::string problem;
  auto client = LabClient::make(url, o.key_id, o.secret_hex, client_options(o), &problem);
  if (!client) {
    return usage("--key-id and --secret (64 hex digits) are required");
  }
  const std::string& command = o.args[0];

  if (command == "sign-check" && o.args.size() == 1) {
    auto body = o.json_file.empty() ? std::optional<std::string>("{}") : read_all(o.json_file);
    if (!body) {
      return usage("cannot read " + o.json_file);
    }
    return report(o, client->post_json("/api/v1/lab-api/signature-check", *body));
  }
  if (command == "post" && o.args.size() == 2) {
    if (o.json_file.empty()) {
      return usage("post needs --json FILE (or - for standard input)");
    }
    auto body = read_all(o.json_file);
    if (!body) {
      return usage("cannot read " + o.json_file);
    }
    return report(o, client->post_json(o.args[1], *body, o.idempotency_key));
  }
  if (command == "get" && o.args.size() == 2) {
    return report(o, client->get(o.args[1]));
  }
  if (command == "upload" && o.args.size() == 2) {
    const std::string& file = o.args[1];
    return report(
        o, client->upload(file, o.media_type.empty() ? guess_media_type(file) : o.media_type));
  }
  return usage("unknown command or wrong operands: " + command);
}
