#pragma once
// The assembled platform: database, writer, blob store, services and HTTP server, built from
// a Config. main() only parses arguments and picks a command.
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "api/live_hub.hpp"
#include "api/routes.hpp"
#include "app/config.hpp"
#include "app/housekeeping.hpp"
#include "blobs/fs_blob_store.hpp"
#include "core/metrics.hpp"
#include "domain/policy.hpp"
#include "identity/account_admin.hpp"
#include "identity/auth_service.hpp"
#include "identity/lab_connections.hpp"
#include "labtests/lab_tests.hpp"
#include "nonconforming/entries.hpp"
#include "notify/notifications.hpp"
#include "notify/webhooks.hpp"
#include "onsite/onsite_tests.hpp"
#include "registry/organisations.hpp"
#include "registry/projects.hpp"
#include "reports/reports.hpp"
#include "service/blob_intake.hpp"
#include "service/connectivity_service.hpp"
#include "service/rate_limiter.hpp"
#include "specimens/chain.hpp"
#include "storage/database.hpp"
#include "storage/writer.hpp"
#include "supervision/cases.hpp"

namespace lw::app {

/// A demo account (demo.cpp): known password, fixed TOTP secret for the roles that need one.
struct DemoLogin {
  const char* login;
  const char* password;
  identity::Role role;
  const char* display_name;
  const char* region_code;  // null: none
  const char* lab_code;     // null: none
  const char* totp_secret;  // base32; null: no TOTP
};

/// Runs `job` through the writer and waits for it to be durable (start-up, CLI commands, demo).
Status write_now(storage::Writer& writer, storage::Writer::Job job);

/// The demo dataset's accounts.
std::span<const DemoLogin> demo_logins();

class Application {
 public:
  /// Opens the database and applies pending migrations (then seals any TOTP secret a database
  /// from before migration 0008 still holds in clear), opens the blob store.
  static Result<std::unique_ptr<Application>> open(const Config& config);

  /// Serves until SIGTERM; returns the process exit code.
  int serve();
  /// Loads the demo dataset unless the database already holds data.
  Status load_demo();
  /// `labwatch audit verify`: prints each finding; returns the process exit code.
  int verify_audit();
  /// `labwatch ledger verify`: 0 intact, 3 with findings (each printed), 1 when it cannot run.
  int verify_ledger();
  /// Signs a checkpoint of the ledger when it grew (serve does so every --checkpoint-seconds).
  Task<void> checkpoint_and_log();
  /// `labwatch lab-key issue --lab CODE`: prints the new key id and its secret (once).
  int issue_lab_key(const std::string& lab_code);
  /// `labwatch routes`: one "METHOD PATTERN" line per API route.
  int print_routes();
  /// `labwatch lab-key revoke KEYID`.
  int revoke_lab_key(const std::string& key_id);
  /// `labwatch housekeeping`: one run now; prints what it deleted.
  int run_housekeeping();
  /// `labwatch regions import FILE`: adds the divisions of FILE not known yet; prints how many.
  int import_regions(const std::filesystem::path& file);

  storage::Database& db() { return *db_; }
  service::ConnectivityService& connectivity() { return *connectivity_; }
  service::BlobIntake& blob_intake() { return *blob_intake_; }
  identity::AuthService& auth() { return *auth_; }

 private:
  /// The demo's approved registry change (demo.cpp), once its accounts exist.
  Status load_demo_change(storage::Connection& conn, Instant now);
  /// The demo's labs of both jurisdictions with their facts, certificates and equipment
  /// (demo_labs.cpp); adds what is missing.
  Status load_demo_labs(Instant now);
  /// The demo's people (demo_people.cpp), once labs exist.
  Status load_demo_people();
  /// The demo's organisations (demo_organisations.cpp), in the caller's transaction; those
  /// already registered are skipped.
  Status load_demo_organisations(storage::Connection& conn, Instant now);
  /// The demo's projects with their assignments and change notices (demo_projects.cpp), once
  /// people exist; those whose code is registered are skipped.
  Status load_demo_projects();
  /// The demo's specimen chain (demo_specimens.cpp), once projects exist; loaded once.
  Status load_demo_specimens();
  /// The demo's contracts, plan and specimens awaiting test (demo_labtests.cpp); loaded once.
  Status load_demo_lab_tests();
  /// The demo's on-site batches, tests, photos and filing (demo_onsite.cpp); loaded once.
  Status load_demo_onsite();
  /// The demo's announcement of the notification centre (demo_notify.cpp); loaded once.
  Status load_demo_notices();
  /// The demo's reports of lab tests and of an on-site batch (demo_reports.cpp), valid,
  /// failing, revoked and superseded; loaded once. Then remember_demo_report.
  Status load_demo_reports();
  Status load_demo_onsite_report(const std::string& public_base);
  /// The banner's report (number, seal payload), whether loaded now or on an earlier start.
  Status remember_demo_report();
  /// Keys of the demo labs for the simulator, in <data>/demo-lab-keys.json, unless present.
  Status write_demo_lab_keys();
  /// Inserts the divisions of `file` not stored yet (audited as region.import by `caller`, when
  /// given, if any is added); how many were added and how many were there already.
  Result<std::pair<std::int64_t, std::int64_t>> store_regions(
      const std::filesystem::path& file, const std::optional<service::Caller>& caller);
  explicit Application(Config config) : config_(std::move(config)) {}
  void print_demo_logins() const;
  api::Services services();

  Config config_;
  Metrics metrics_;
  SystemClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<blobs::FsBlobStore> blobs_;
  std::string data_key_;                       // seals lab API and TOTP secrets at rest
  std::unique_ptr<service::Auditor> auditor_;  // before the writer: its jobs use it
  std::unique_ptr<storage::Writer> writer_;
  std::unique_ptr<service::Ledger> ledger_;
  std::unique_ptr<service::LedgerReader> ledger_reader_;
  std::unique_ptr<service::ConnectivityService> connectivity_;
  std::unique_ptr<service::BlobIntake> blob_intake_;
  std::unique_ptr<identity::AuthService> auth_;
  std::unique_ptr<identity::AccountAdmin> accounts_;
  std::unique_ptr<identity::LabConnections> labs_;
  std::unique_ptr<identity::RegistryChanges> changes_;
  std::unique_ptr<registry::LabRegistry> lab_registry_;
  std::unique_ptr<registry::EquipmentRegistry> equipment_;
  std::unique_ptr<registry::People> people_;
  std::unique_ptr<service::RateLimiter> rate_limiter_;
  std::unique_ptr<Housekeeping> housekeeping_;
  // Issue 5, registry base.
  std::unique_ptr<domain::PolicyBook> policies_;
  std::unique_ptr<registry::Organisations> organisations_;
  // Issue 5 item 6: projects.
  std::unique_ptr<registry::Projects> projects_;
  // Issue 6: the specimen chain.
  std::unique_ptr<specimens::Chain> specimens_;
  std::unique_ptr<labtests::LabTests> lab_tests_;
  std::unique_ptr<api::LiveHub> live_;
  // Issue 8: on-site tests.
  std::unique_ptr<onsite::OnsiteTests> onsite_;
  // Issue 9: reports, signed with their own key (keys/report.pem or LABWATCH_REPORT_KEY).
  std::unique_ptr<crypto::Sm2KeyPair> report_key_;
  std::unique_ptr<reports::Reports> reports_;
  std::unique_ptr<nonconforming::Entries> nonconforming_;
  std::unique_ptr<supervision::Cases> cases_;  // issue 10
  /// The deadline scan of on-site uploads (the server's timer), its counts logged.
  Task<void> scan_onsite_and_log();
  // Issue 9: the webhook worker (started by serve) and the notification centre.
  std::unique_ptr<notify::Webhooks> webhooks_;
  std::unique_ptr<notify::Notifications> notifications_;
  std::vector<const DemoLogin*> demo_logins_present_;  // shown in the banner: --demo only
  std::optional<std::pair<std::string, std::string>> demo_report_;  // number, seal: --demo only
};

}  // namespace lw::app
