#pragma once
// Command line and environment: `labwatch <command> [--flag value]…`. Flags win over the
// environment (LABWATCH_DB, LABWATCH_DATA, LABWATCH_PORT, LABWATCH_WEB, LABWATCH_POLICIES,
// LABWATCH_REGIONS), which wins over defaults.
#include <filesystem>
#include <string>
#include <vector>

#include "app/housekeeping.hpp"
#include "core/result.hpp"
#include "http/server.hpp"
#include "notify/webhooks.hpp"
#include "service/rate_limiter.hpp"

namespace lw::app {

struct Config {
  std::string command = "serve";
  std::filesystem::path data_dir = "data";
  std::string db_url;  // empty: sqlite:<data_dir>/labwatch.db
  std::filesystem::path web_root = "web/dist";
  std::filesystem::path port_file;  // when set, the bound port is written there
  bool demo = false;                // load the demo dataset into an empty database
  std::string lab_code;             // lab-key issue --lab CODE
  std::string key_id;               // lab-key revoke KEYID
  http::ServerOptions server;
  service::RateLimitPolicy rate_limits;
  HousekeepingPolicy housekeeping;
  std::string receipt_file;          // receipt verify FILE ("-": standard input)
  std::filesystem::path public_key;  // receipt verify --public-key PEMFILE
  std::string ledger_hash = "sm3";   // the ledger's hash, fixed by the first start: sm3 or sha256
  std::string ledger_origin = "labwatch.localhost";  // names the ledger in its checkpoints
  std::chrono::seconds checkpoint_every{5};          // a signed checkpoint at least this often
  // Issue 5, registry base: the shipped rules and divisions, read at every start.
  std::filesystem::path policies_dir = "policies";  // calendar and policy profiles (TOML)
  std::filesystem::path regions_file = "reference/regions/gb2260.tsv";  // GB/T 2260 divisions
  std::filesystem::path import_file;                                    // regions import FILE
  // Issue 6: the base of the verification URL each QR label encodes, e.g.
  // https://labwatch.example.gov.cn; empty: the address the request reached the server by.
  std::string public_url;
  std::filesystem::path demo_assets = "reference/demo";  // the demo's placard photos
  // Issue 9: the webhook worker (retry base and attempts are flags, for tests and operators).
  notify::WebhookOptions webhooks;

  std::string database_url() const;
};

/// Parses argv; the error names the offending flag.
Result<Config> parse_args(const std::vector<std::string>& args);
/// The text of `labwatch --help`.
std::string usage();

}  // namespace lw::app
