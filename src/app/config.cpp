#include "app/config.hpp"

#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>

namespace lw::app {
namespace {

Error bad(const std::string& flag, const std::string& why) {
  return Error(std::string(errc::invalid_argument), flag + ": " + why);
}

Result<std::uint64_t> number(const std::string& flag, const std::string& v, std::uint64_t max) {
  std::uint64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n > max) {
    return bad(flag, "expects a number up to " + std::to_string(max));
  }
  return n;
}

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

}  // namespace

std::string Config::database_url() const {
  return db_url.empty() ? "sqlite:" + (data_dir / "labwatch.db").string() : db_url;
}

std::string usage() {
  return R"(labwatch — 建设工程质量检测监管平台 (construction quality testing supervision platform)

Usage: labwatch <command> [options]

Commands:
  serve     migrate the database, then serve HTTP until SIGTERM (default)
  migrate   apply pending database migrations and exit
  demo      load the demo dataset into an empty database and exit
  audit verify
            recompute the audit trail's chain; name every row changed, removed or
            inserted behind the platform's back (exit 3 when any is found)
  ledger verify
            rebuild every ledger entry from its record and the tree from the leaves;
            name every record, leaf, node or checkpoint root that no longer matches
            (exit 3 when any is found)
  lab-key issue --lab CODE
            issue an API key to a lab system; prints the key id and the secret (shown
            only this once)
  lab-key revoke KEYID
            revoke a lab system's API key
  housekeeping
            delete expired browser sessions and old idempotency keys now (what serve
            does every --housekeeping-minutes); prints how many
  regions import FILE
            add the divisions of FILE (the format of reference/regions/gb2260.tsv:
            code<TAB>name a line) that are not known yet; prints how many
  routes    print every API route (METHOD PATTERN), as the server registers them
  receipt verify FILE --public-key PEMFILE
            check a ledger receipt offline (FILE "-": standard input) against the
            platform's SM2 public key: the checkpoint's signature, the entry's leaf
            hash and the inclusion proof; needs no database. Exit 0 verified, 1 not
            verified or still pending, 2 unreadable file or key
  version   print the version

Options:
  --port N               listen port (default 8080; 0 picks a free port)    env LABWATCH_PORT
  --address A            listen address (default 127.0.0.1)
  --data DIR             data folder: SQLite file and blobs (default ./data) env LABWATCH_DATA
  --db URL               sqlite:PATH or postgresql://… (default sqlite:DIR/labwatch.db)
                                                                            env LABWATCH_DB
  --web DIR              built web pages (default ./web/dist)               env LABWATCH_WEB
  --policies DIR         holiday calendar and policy profiles, read at start
                         (default ./policies)                       env LABWATCH_POLICIES
  --regions FILE         GB/T 2260 divisions loaded at start (default
                         ./reference/regions/gb2260.tsv)            env LABWATCH_REGIONS
  --demo-assets DIR      the demo's photos (default ./reference/demo)
  --public-url URL       base of the URL each QR label encodes (default: the
                         address a request reached the server by)
  --demo                 with serve: load the demo dataset on first start
  --threads N            I/O threads (default: one per core)
  --port-file PATH       write the bound port to PATH once listening
  --json-limit BYTES     largest JSON body (default 2097152)
  --upload-limit BYTES   largest upload (default 268435456)
  --header-timeout-ms N  time allowed for a request head (default 10000)
  --idle-timeout-ms N    keep-alive idle time (default 60000)
  --rate-limit-public N  anonymous API requests per minute per client address
                         (default 300; over it: 429)
  --rate-limit-login N   sign-in attempts per account per 5 minutes (default 10) and
                         3N per client address per minute (default 30; over it: 429)
  --trusted-proxy ADDR[/PREFIX]
                         a reverse proxy (IPv4 or IPv6 address or range; repeat the flag
                         or separate with commas): requests from it are taken to come
                         from the client its X-Forwarded-For names (default: none, the
                         header is ignored)
  --public-key PEMFILE   receipt verify: the platform's ledger public key (PEM)
  --housekeeping-minutes N
                         with serve: delete sessions ended or expired over 7 days ago
                         and idempotency keys over 48 h old every N minutes
                         (default 10; 0: never, run `labwatch housekeeping` instead)
  --ledger-hash sm3|sha256
                         the ledger's Merkle hash (default sm3); fixed by the first
                         start of a deployment, refused later if different
  --ledger-origin NAME   names the ledger in its signed checkpoints, e.g. the
                         platform's host (default labwatch.localhost)
  --checkpoint-seconds N with serve: sign a checkpoint of the ledger every N seconds
                         when it grew (default 5)
  --webhook-retry-ms N   wait before a failed webhook delivery's second attempt; each
                         later wait doubles, at most 6 h (default 30000)
  --webhook-attempts N   attempts of a webhook delivery before it has failed (default 10)
)";
}

Result<Config> parse_args(const std::vector<std::string>& args) {
  Config c;
  if (const char* v = env("LABWATCH_DATA")) {
    c.data_dir = v;
  }
  if (const char* v = env("LABWATCH_DB")) {
    c.db_url = v;
  }
  if (const char* v = env("LABWATCH_WEB")) {
    c.web_root = v;
  }
  if (const char* v = env("LABWATCH_POLICIES")) {
    c.policies_dir = v;
  }
  if (const char* v = env("LABWATCH_REGIONS")) {
    c.regions_file = v;
  }
  if (const char* v = env("LABWATCH_PORT")) {
    auto n = number("LABWATCH_PORT", v, 65535);
    if (!n) {
      return std::move(n).error();
    }
    c.server.port = static_cast<std::uint16_t>(*n);
  }
  auto& lim = c.server.limits;
  using Setter = std::function<Status(const std::string&)>;
  auto num = [](const std::string& flag, std::uint64_t max, auto apply) -> Setter {
    return [flag, max, apply](const std::string& v) -> Status {
      auto n = number(flag, v, max);
      if (!n) {
        return std::move(n).error();
      }
      apply(*n);
      return {};
    };
  };
  const std::map<std::string, Setter> valued{
      {"--port",
       num("--port", 65535, [&](auto n) { c.server.port = static_cast<std::uint16_t>(n); })},
      {"--address",
       [&](const std::string& v) {
         c.server.address = v;
         return Status{};
       }},
      {"--data",
       [&](const std::string& v) {
         c.data_dir = v;
         return Status{};
       }},
      {"--db",
       [&](const std::string& v) {
         c.db_url = v;
         return Status{};
       }},
      {"--web",
       [&](const std::string& v) {
         c.web_root = v;
         return Status{};
       }},
      {"--policies",
       [&](const std::string& v) {
         c.policies_dir = v;
         return Status{};
       }},
      {"--regions",
       [&](const std::string& v) {
         c.regions_file = v;
         return Status{};
       }},
      {"--demo-assets",
       [&](const std::string& v) {
         c.demo_assets = v;
         return Status{};
       }},
      {"--public-url",
       [&](const std::string& v) {
         if (!v.starts_with("http://") && !v.starts_with("https://")) {
           return Status(Error(std::string(errc::invalid_argument),
                               "--public-url must start with http:// or https://"));
         }
         c.public_url = v;
         return Status{};
       }},
      {"--lab",
       [&](const std::string& v) {
         c.lab_code = v;
         return Status{};
       }},
      {"--public-key",
       [&](const std::string& v) {
         c.public_key = v;
         return Status{};
       }},
      {"--port-file",
       [&](const std::string& v) {
         c.port_file = v;
         return Status{};
       }},
      {"--threads",
       num("--threads", 256, [&](auto n) { c.server.threads = static_cast<unsigned>(n); })},
      {"--json-limit", num("--json-limit", 1ull << 32, [&](auto n) { lim.json_body_bytes = n; })},
      {"--upload-limit", num("--upload-limit", 1ull << 40, [&](auto n) { lim.upload_bytes = n; })},
      {"--header-timeout-ms",
       num("--header-timeout-ms", 3'600'000,
           [&](auto n) { lim.header_timeout = std::chrono::milliseconds(n); })},
      {"--idle-timeout-ms",
       num("--idle-timeout-ms", 3'600'000,
           [&](auto n) { lim.keep_alive_idle = std::chrono::milliseconds(n); })},
      {"--rate-limit-public",
       [&](const std::string& v) -> Status {
         auto n = number("--rate-limit-public", v, 1'000'000'000);
         if (!n || *n == 0) {
           return bad("--rate-limit-public", "expects a number from 1 to 1000000000");
         }
         c.rate_limits.public_per_address = {static_cast<std::int64_t>(*n),
                                             std::chrono::minutes(1)};
         return {};
       }},
      {"--rate-limit-login",
       [&](const std::string& v) -> Status {
         auto n = number("--rate-limit-login", v, 1'000'000);
         if (!n || *n == 0) {
           return bad("--rate-limit-login", "expects a number from 1 to 1000000");
         }
         c.rate_limits.login_per_account = {static_cast<std::int64_t>(*n), std::chrono::minutes(5)};
         c.rate_limits.login_per_address = {static_cast<std::int64_t>(*n) * 3,
                                            std::chrono::minutes(1)};
         return {};
       }},
      {"--trusted-proxy",
       [&](const std::string& v) -> Status {
         if (auto st = c.server.trusted_proxies.add(v); !st) {
           return bad("--trusted-proxy", st.error().note);
         }
         return {};
       }},
      {"--ledger-hash",
       [&](const std::string& v) -> Status {
         if (v != "sm3" && v != "sha256") {
           return bad("--ledger-hash", "expects sm3 or sha256");
         }
         c.ledger_hash = v;
         return {};
       }},
      {"--ledger-origin",
       [&](const std::string& v) -> Status {
         if (v.empty() || v.size() > 200 || v.find('\n') != std::string::npos) {
           return bad("--ledger-origin", "expects 1 to 200 characters on one line");
         }
         c.ledger_origin = v;
         return {};
       }},
      {"--checkpoint-seconds", num("--checkpoint-seconds", 86'400,
                                   [&](auto n) {
                                     c.checkpoint_every =
                                         std::chrono::seconds(std::max<decltype(n)>(n, 1));
                                   })},
      {"--webhook-retry-ms", num("--webhook-retry-ms", 86'400'000,
                                 [&](auto n) {
                                   c.webhooks.retry.base =
                                       std::chrono::milliseconds(std::max<decltype(n)>(n, 10));
                                 })},
      {"--webhook-attempts", num("--webhook-attempts", 100,
                                 [&](auto n) {
                                   c.webhooks.retry.max_attempts =
                                       static_cast<int>(std::max<decltype(n)>(n, 1));
                                 })},
      {"--housekeeping-minutes",
       num("--housekeeping-minutes", 10'080,
           [&](auto n) { c.housekeeping.every = std::chrono::minutes(n); })},
  };
  std::size_t i = 0;
  if (!args.empty() && !args[0].starts_with("-")) {
    c.command = args[0];
    i = 1;
    const bool two_words = c.command == "audit" || c.command == "lab-key" ||
                           c.command == "receipt" || c.command == "ledger" ||
                           c.command == "regions";
    if (two_words && args.size() > 1 && !args[1].starts_with("-")) {
      c.command += " " + args[1];  // labwatch audit verify, labwatch lab-key issue
      i = 2;
    }
    if (c.command == "lab-key revoke" && args.size() > i && !args[i].starts_with("-")) {
      c.key_id = args[i++];
    }
    if (c.command == "regions import" && args.size() > i && !args[i].starts_with("-")) {
      c.import_file = args[i++];
    }
    if (c.command == "receipt verify" && args.size() > i &&
        (args[i] == "-" || !args[i].starts_with("-"))) {
      c.receipt_file = args[i++];
    }
  }
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--demo") {
      c.demo = true;
      continue;
    }
    if (a == "--help" || a == "-h") {
      c.command = "help";
      continue;
    }
    std::string flag = a, value;
    bool has_value = false;
    if (auto eq = a.find('='); eq != std::string::npos) {
      flag = a.substr(0, eq);
      value = a.substr(eq + 1);
      has_value = true;
    }
    auto it = valued.find(flag);
    if (it == valued.end()) {
      return bad(flag, "unknown option (see labwatch --help)");
    }
    if (!has_value) {
      if (i + 1 >= args.size()) {
        return bad(flag, "needs a value");
      }
      value = args[++i];
    }
    LW_TRY(it->second(value));
  }
  static const std::vector<std::string> kCommands{
      "serve",          "migrate",       "demo",           "version", "help",
      "audit verify",   "lab-key issue", "lab-key revoke", "routes",  "housekeeping",
      "receipt verify", "ledger verify", "regions import"};
  if (std::find(kCommands.begin(), kCommands.end(), c.command) == kCommands.end()) {
    return bad(c.command, "unknown command (see labwatch --help)");
  }
  if (c.command == "lab-key issue" && c.lab_code.empty()) {
    return bad("--lab", "lab-key issue needs the lab's code");
  }
  if (c.command == "receipt verify" && (c.receipt_file.empty() || c.public_key.empty())) {
    return bad("receipt verify", "needs FILE (or - for standard input) and --public-key PEMFILE");
  }
  if (c.command == "regions import" && c.import_file.empty()) {
    return bad("regions import", "needs the FILE to import");
  }
  if (c.command == "lab-key revoke" && c.key_id.empty()) {
    return bad("lab-key revoke", "needs the key id");
  }
  return c;
}

}  // namespace lw::app
