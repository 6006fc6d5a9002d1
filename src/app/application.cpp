#include "app/application.hpp"

#include <cstdio>
#include <fstream>
#include <future>

#include <boost/json.hpp>

#include "api/idempotency.hpp"
#include "api/routes.hpp"
#include "audit/audit_key.hpp"
#include "audit/audit_log.hpp"
#include "core/log.hpp"
#include "core/version.hpp"
#include "http/middleware.hpp"
#include "identity/lab_keys.hpp"
#include "identity/totp_secrets.hpp"
#include "policy/policy_files.hpp"
#include "registry/regions.hpp"
#include "service/commit.hpp"
#include "service/ledger_verify.hpp"
#include "storage/migrations.hpp"

namespace lw::app {

Status write_now(storage::Writer& writer, storage::Writer::Job job) {
  std::promise<Status> done;
  auto outcome = done.get_future();
  writer.submit(std::move(job), [&done](Status st) { done.set_value(std::move(st)); });
  return outcome.get();
}

namespace {

service::Caller cli_caller() {
  service::Caller caller;
  caller.actor = "cli";
  caller.role = "operator";
  caller.source_ip = "local";
  caller.request_id = "cli";
  return caller;
}

// The one-off upgrade of a database from before migration 0008: TOTP secrets still in clear
// are sealed under the data key (identity/totp_secrets.hpp), with one audit row naming whose.
Status upgrade_clear_totp_secrets(storage::Writer& writer, const service::Auditor& auditor,
                                  const std::string& data_key, Instant now) {
  std::vector<std::string> sealed;
  auto st = write_now(writer, [&](storage::Connection& conn) -> Status {
    auto logins = identity::seal_clear_totp_secrets(conn, data_key);
    if (!logins) {
      return std::move(logins).error();
    }
    sealed = std::move(*logins);
    if (sealed.empty()) {
      return {};
    }
    service::Caller system;
    system.actor = "labwatch";
    system.role = "system";
    system.source_ip = "local";
    system.request_id = "startup";
    boost::json::array logins_json;
    for (const auto& login : sealed) {
      logins_json.emplace_back(login);
    }
    return auditor.record(
        conn, system, now, "user.totp_seal", "users",
        boost::json::serialize(boost::json::object{{"logins", std::move(logins_json)}}));
  });
  if (st && !sealed.empty()) {
    log::info("totp_secrets_sealed", {{"users", sealed.size()}});
  }
  return st;
}

}  // namespace

Result<std::unique_ptr<Application>> Application::open(const Config& config) {
  std::unique_ptr<Application> app(new Application(config));
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    return Error(std::string(errc::storage_unavailable),
                 "cannot create data folder " + config.data_dir.string() + ": " + ec.message());
  }
  auto db = storage::Database::open(config.database_url());
  if (!db) {
    return std::move(db).error();
  }
  app->db_ = std::move(*db);
  {
    auto conn = app->db_->acquire();
    if (!conn) {
      return std::move(conn).error();
    }
    auto state = storage::migrate(**conn);
    if (!state) {
      return std::move(state).error();
    }
    log::info("schema_ready", {{"database", app->db_->description()}, {"version", state->current}});
  }
  auto store = blobs::FsBlobStore::open(config.data_dir / "blobs");
  if (!store) {
    return std::move(store).error();
  }
  app->blobs_ = std::move(*store);
  auto key = audit::load_or_create_key(config.data_dir);
  if (!key) {
    return std::move(key).error();
  }
  app->auditor_ = std::make_unique<service::Auditor>(std::move(*key));
  auto data_key = identity::load_or_create_data_key(config.data_dir);
  if (!data_key) {
    return std::move(data_key).error();
  }
  app->data_key_ = std::move(*data_key);
  app->writer_ = std::make_unique<storage::Writer>(*app->db_, &app->metrics_);
  LW_TRY(
      upgrade_clear_totp_secrets(*app->writer_, *app->auditor_, app->data_key_, app->clock_.now()));
  auto ledger_key = crypto::load_or_create_sm2_key(config.data_dir / "keys" / "ledger.pem",
                                                   "LABWATCH_LEDGER_KEY");
  if (!ledger_key) {
    return std::move(ledger_key).error();
  }
  app->ledger_ = std::make_unique<service::Ledger>(
      service::LedgerIdentity{*ledger::parse_hash_alg(config.ledger_hash), config.ledger_origin,
                              std::move(*ledger_key)},
      app->clock_);
  LW_TRY(write_now(*app->writer_,
                   [&](storage::Connection& conn) { return app->ledger_->open(conn); }));
  app->ledger_reader_ = std::make_unique<service::LedgerReader>(*app->db_, app->ledger_->alg());
  app->connectivity_ = std::make_unique<service::ConnectivityService>(
      *app->db_, *app->writer_, app->clock_, *app->auditor_, *app->ledger_);
  app->blob_intake_ = std::make_unique<service::BlobIntake>(
      *app->db_, *app->writer_, *app->blobs_, app->clock_, *app->auditor_, *app->ledger_);
  app->auth_ = std::make_unique<identity::AuthService>(*app->db_, *app->writer_, app->clock_,
                                                       *app->auditor_, app->data_key_);
  app->accounts_ = std::make_unique<identity::AccountAdmin>(*app->db_, *app->writer_, app->clock_,
                                                            *app->auditor_, *app->auth_);
  app->labs_ = std::make_unique<identity::LabConnections>(
      *app->db_, *app->writer_, app->clock_, *app->auditor_, *app->ledger_, app->data_key_);
  app->changes_ = std::make_unique<identity::RegistryChanges>(*app->db_, *app->writer_, app->clock_,
                                                              *app->auditor_, *app->ledger_);
  app->lab_registry_ = std::make_unique<registry::LabRegistry>(
      *app->db_, *app->writer_, app->clock_, *app->auditor_, *app->ledger_);
  app->equipment_ = std::make_unique<registry::EquipmentRegistry>(
      *app->db_, *app->writer_, app->clock_, *app->auditor_, *app->ledger_);
  auto pii_keys = crypto::PiiKeys::derive(app->data_key_);
  if (!pii_keys) {
    return std::move(pii_keys).error();
  }
  app->people_ = std::make_unique<registry::People>(
      *app->db_, *app->writer_, app->clock_, *app->auditor_, *app->ledger_, std::move(*pii_keys));
  app->rate_limiter_ = std::make_unique<service::RateLimiter>(*app->writer_, app->clock_,
                                                              *app->auditor_, config.rate_limits);
  app->housekeeping_ = std::make_unique<Housekeeping>(*app->writer_, app->clock_,
                                                      app->auth_->policy(), config.housekeeping);
  // The shipped rules and divisions: a bad file refuses the start, naming the file and key.
  auto policies = policy::load_policy_dir(config.policies_dir);
  if (!policies) {
    return std::move(policies).error();
  }
  app->policies_ = std::make_unique<domain::PolicyBook>(std::move(*policies));
  log::info("policies_loaded", {{"dir", config.policies_dir.string()},
                                {"profiles", app->policies_->profiles().size()},
                                {"calendar_years", app->policies_->calendar().years().size()}});
  // Shipped reference data, like a migration: logged, not audited (an import by hand is).
  auto regions = app->store_regions(config.regions_file, std::nullopt);
  if (!regions) {
    return std::move(regions).error();
  }
  log::info("regions_loaded", {{"file", config.regions_file.string()},
                               {"added", regions->first},
                               {"present", regions->second}});
  app->organisations_ = std::make_unique<registry::Organisations>(
      *app->db_, *app->writer_, app->clock_, *app->auditor_, *app->ledger_);
  app->projects_ = std::make_unique<registry::Projects>(
      *app->db_, *app->writer_, app->clock_, *app->auditor_, *app->ledger_, *app->policies_);
  app->specimens_ = std::make_unique<specimens::Chain>(
      *app->db_, *app->writer_, app->clock_, *app->auditor_, *app->ledger_, *app->policies_);
  app->lab_tests_ = std::make_unique<labtests::LabTests>(
      *app->db_, *app->writer_, app->clock_, *app->auditor_, *app->ledger_, *app->policies_);
  app->onsite_ =
      std::make_unique<onsite::OnsiteTests>(*app->db_, *app->writer_, app->clock_, *app->auditor_,
                                            *app->ledger_, *app->policies_, *app->blobs_);
  auto report_key = crypto::load_or_create_sm2_key(config.data_dir / "keys" / "report.pem",
                                                   "LABWATCH_REPORT_KEY");
  if (!report_key) {
    return std::move(report_key).error();
  }
  app->report_key_ = std::make_unique<crypto::Sm2KeyPair>(std::move(*report_key));
  app->reports_ = std::make_unique<reports::Reports>(
      *app->db_, *app->writer_, app->clock_, *app->auditor_, *app->ledger_, *app->policies_,
      reports::ReportSetup{app->report_key_.get(), app->blobs_.get()});
  app->nonconforming_ = std::make_unique<nonconforming::Entries>(
      *app->db_, *app->writer_, app->clock_, *app->auditor_, *app->ledger_);
  app->cases_ = std::make_unique<supervision::Cases>(
      *app->db_, *app->writer_, app->clock_, *app->auditor_, *app->ledger_, *app->policies_);
  // Issue 9: notifications and webhooks; the worker runs only while serve() does.
  app->webhooks_ = std::make_unique<notify::Webhooks>(*app->db_, *app->writer_, app->clock_,
                                                      app->data_key_, config.webhooks);
  app->notifications_ = std::make_unique<notify::Notifications>(
      *app->db_, *app->writer_, app->clock_, *app->auditor_, app->data_key_,
      [w = app->webhooks_.get()] { w->wake(); });
  app->live_ = std::make_unique<api::LiveHub>();
  app->lab_tests_->set_live_sink(
      [hub = app->live_.get()](const labtests::LiveEvent& e) { hub->publish(e); });
  return app;
}

api::Services Application::services() {
  return {.db = *db_,
          .metrics = metrics_,
          .clock = clock_,
          .connectivity = *connectivity_,
          .blobs = *blob_intake_,
          .auth = *auth_,
          .accounts = *accounts_,
          .labs = *labs_,
          .changes = *changes_,
          .writer = *writer_,
          .ledger = *ledger_,
          .ledger_reader = *ledger_reader_,
          .lab_registry = *lab_registry_,
          .equipment = *equipment_,
          .people = *people_,
          .policies = *policies_,
          .organisations = *organisations_,
          .projects = *projects_,
          .specimens = *specimens_,
          .lab_tests = *lab_tests_,
          .live = *live_,
          .onsite = *onsite_,
          .reports = *reports_,
          .nonconforming = *nonconforming_,
          .cases = *cases_,
          .public_url = config_.public_url,
          .web_root = config_.web_root,
          .notifications = *notifications_};
}

Result<std::pair<std::int64_t, std::int64_t>> Application::store_regions(
    const std::filesystem::path& file, const std::optional<service::Caller>& caller) {
  auto text = registry::read_text_file(file);
  if (!text) {
    return std::move(text).error();
  }
  registry::RegionImport done;
  const Instant now = clock_.now();
  LW_TRY(write_now(*writer_, [&](storage::Connection& conn) -> Status {
    auto imported = registry::import_regions(conn, *text, file.string());
    if (!imported) {
      return std::move(imported).error();
    }
    done = *imported;
    if (done.added == 0 || !caller) {
      return {};
    }
    return auditor_->record(conn, *caller, now, "region.import", "regions",
                            boost::json::serialize(boost::json::object{{"file", file.string()},
                                                                       {"added", done.added}}));
  }));
  return std::pair{done.added, done.present};
}

int Application::import_regions(const std::filesystem::path& file) {
  auto done = store_regions(file, cli_caller());
  writer_->stop();
  if (!done) {
    std::fprintf(stderr, "labwatch: %s\n", done.error().note.c_str());
    return 1;
  }
  std::printf("regions added: %lld\nalready known: %lld\n", static_cast<long long>(done->first),
              static_cast<long long>(done->second));
  return 0;
}

int Application::print_routes() {
  api::Services svc = services();
  http::Router router;
  api::register_routes(router, svc);
  for (const auto& r : router.routes()) {
    std::printf("%s %s\n", r.method.c_str(), r.pattern.c_str());
  }
  return 0;
}

Task<void> Application::scan_onsite_and_log() {
  auto counts = co_await onsite_->scan_deadlines();
  if (!counts) {
    log::warn("onsite_scan_failed", {{"note", counts.error().note}});
  } else if (counts->missed > 0) {
    log::info("onsite_scan", {{"missed", counts->missed}, {"locked", counts->locked}});
  }
}

int Application::serve() {
  api::Services svc = services();
  http::Router router;
  api::register_routes(router, svc);
  // The session and lab signature middleware come before anything that needs the caller
  // (idempotency scopes keys by it).
  http::Pipeline pipeline{
      {http::recover(), http::access_log(metrics_)},
      {api::session_middleware(*auth_), api::lab_signature(*db_, *writer_, clock_, data_key_),
       api::rate_limit(*rate_limiter_),
       api::idempotency(*writer_, clock_,
                        [](const http::Request& r) { return api::caller_of(r).actor; })}};
  http::Server server(config_.server, router, std::move(pipeline), metrics_);
  server.every(config_.checkpoint_every, [this] { return checkpoint_and_log(); });
  server.every(std::chrono::minutes(1), [this] { return scan_onsite_and_log(); });
  server.every(rate_limiter_->policy().flush_every, [this] { return rate_limiter_->flush(); });
  if (config_.housekeeping.every.count() > 0) {
    server.every(config_.housekeeping.every, [this] { return housekeeping_->run_and_log(); });
  }
  auto port = server.listen();
  if (!port) {
    log::error("listen_failed", {{"note", port.error().note}});
    return 1;
  }
  if (!config_.port_file.empty()) {
    std::ofstream(config_.port_file) << *port << "\n";
  }
  const std::string url = "http://" + config_.server.address + ":" + std::to_string(*port) + "/";
  std::printf(
      "labwatch %s — 建设工程质量检测监管平台\n"
      "  网址 URL:        %s\n"
      "  接口文档 API:    %sdocs\n"
      "  防篡改账本 ledger: %sledger (公钥 public key: %s.well-known/labwatch/ledger-key.pem)\n"
      "  数据库 database: %s\n",
      std::string(kVersion).c_str(), url.c_str(), url.c_str(), url.c_str(), url.c_str(),
      db_->description().c_str());
  print_demo_logins();
  if (demo_report_) {
    std::printf("  演示报告验真 demo report %s: %sv/%s\n", demo_report_->first.c_str(), url.c_str(),
                demo_report_->second.c_str());
  }
  std::fflush(stdout);
  boost::json::object listening{{"url", url}};
  if (!config_.server.trusted_proxies.empty()) {
    boost::json::array proxies;
    for (const auto& range : config_.server.trusted_proxies.describe()) {
      proxies.emplace_back(range);
    }
    listening["trusted_proxies"] = std::move(proxies);
  }
  log::info("server_listening", std::move(listening));
  webhooks_->start();  // issue 9: delivers what is due, then as notices come
  server.run();
  webhooks_->stop();
  writer_->stop();  // everything acknowledged is already durable; this drains the rest
  log::info("server_stopped");
  return 0;
}

void Application::print_demo_logins() const {
  if (demo_logins_present_.empty()) {
    return;
  }
  std::printf(
      "  演示账号 demo logins — 账号 login, 密码 password, 角色 role, 动态验证码密钥 TOTP secret\n"
      "  (把密钥添加到身份验证器 App / add the base32 secret to an authenticator app):\n");
  for (const DemoLogin* d : demo_logins_present_) {
    std::printf("    %-13s %-13s %-15s %s\n", d->login, d->password,
                std::string(identity::role_name(d->role)).c_str(),
                d->totp_secret ? d->totp_secret : "-");
  }
}

Task<void> Application::checkpoint_and_log() {
  const auto made = co_await ledger_->issue_checkpoint(*writer_);
  if (!made) {
    log::warn("checkpoint_failed", {{"code", made.error().code}, {"note", made.error().note}});
  }
}

int Application::verify_ledger() {
  auto conn = db_->acquire();
  if (!conn) {
    std::fprintf(stderr, "labwatch: %s\n", conn.error().note.c_str());
    return 1;
  }
  auto report = service::verify_ledger(**conn, ledger_->alg(), ledger_->public_key());
  if (!report) {
    std::fprintf(stderr, "labwatch: %s\n", report.error().note.c_str());
    return 1;
  }
  for (const auto& f : report->findings) {
    if (f.index) {
      std::printf("leaf %llu: %s: %s\n", static_cast<unsigned long long>(*f.index),
                  f.subject.c_str(), f.problem.c_str());
    } else {
      std::printf("%s: %s\n", f.subject.c_str(), f.problem.c_str());
    }
  }
  if (report->findings.empty()) {
    std::printf("ledger intact: %llu leaves, %llu checkpoints\n",
                static_cast<unsigned long long>(report->leaves),
                static_cast<unsigned long long>(report->checkpoints));
    return 0;
  }
  return 3;
}

int Application::verify_audit() {
  auto conn = db_->acquire();
  if (!conn) {
    std::fprintf(stderr, "labwatch: %s\n", conn.error().note.c_str());
    return 1;
  }
  auto findings = audit::verify(**conn, auditor_->key());
  if (!findings) {
    std::fprintf(stderr, "labwatch: %s\n", findings.error().note.c_str());
    return 1;
  }
  for (const auto& f : *findings) {
    if (f.seq_from == f.seq_to) {
      std::printf("audit row %lld: %s\n", static_cast<long long>(f.seq_from), f.problem.c_str());
    } else {
      std::printf("audit rows %lld-%lld: %s\n", static_cast<long long>(f.seq_from),
                  static_cast<long long>(f.seq_to), f.problem.c_str());
    }
  }
  if (findings->empty()) {
    std::printf("audit trail intact\n");
    return 0;
  }
  return 3;
}

int Application::issue_lab_key(const std::string& lab_code) {
  identity::IssuedLabKey issued;
  const Instant now = clock_.now();
  auto st = write_now(*writer_, [&](storage::Connection& conn) -> Status {
    auto made = identity::issue_lab_key(conn, data_key_, lab_code, now);
    if (!made) {
      return std::move(made).error();
    }
    issued = std::move(*made);
    return auditor_->record(conn, cli_caller(), now, "lab_key.issue", issued.key_id,
                            boost::json::serialize(boost::json::object{{"lab_code", lab_code}}));
  });
  writer_->stop();
  if (!st) {
    std::fprintf(stderr, "labwatch: %s\n", st.error().note.c_str());
    return 1;
  }
  std::printf(
      "key_id: %s\nsecret: %s\n"
      "(密钥只显示这一次，请妥善交给实验室 / the secret is shown only this once)\n",
      issued.key_id.c_str(), issued.secret_hex.c_str());
  return 0;
}

int Application::revoke_lab_key(const std::string& key_id) {
  bool revoked = false;
  const Instant now = clock_.now();
  auto st = write_now(*writer_, [&](storage::Connection& conn) -> Status {
    auto r = identity::revoke_lab_key(conn, key_id, now, now);
    if (!r) {
      return std::move(r).error();
    }
    revoked = *r;
    if (!revoked) {
      return {};
    }
    return auditor_->record(conn, cli_caller(), now, "lab_key.revoke", key_id);
  });
  writer_->stop();
  if (!st) {
    std::fprintf(stderr, "labwatch: %s\n", st.error().note.c_str());
    return 1;
  }
  if (!revoked) {
    std::fprintf(stderr, "labwatch: no lab key in force named %s\n", key_id.c_str());
    return 4;
  }
  std::printf("revoked %s\n", key_id.c_str());
  return 0;
}

namespace {

Task<void> store_run(Housekeeping& housekeeping, std::optional<Result<HousekeepingCounts>>& out) {
  out.emplace(co_await housekeeping.run());
}

}  // namespace

int Application::run_housekeeping() {
  std::optional<Result<HousekeepingCounts>> done;
  service::run_to_end(store_run(*housekeeping_, done));
  writer_->stop();
  if (!done || !*done) {
    std::fprintf(stderr, "labwatch: housekeeping failed: %s\n",
                 done ? done->error().note.c_str() : "did not finish");
    return 1;
  }
  std::printf("sessions deleted: %lld\nidempotency keys deleted: %lld\n",
              static_cast<long long>((*done)->sessions),
              static_cast<long long>((*done)->idempotency_keys));
  return 0;
}

}  // namespace lw::app
