// labwatch: one binary, subcommands (see `labwatch --help`).
#include <cstdio>
#include <string>
#include <vector>

#include "app/application.hpp"
#include "app/receipt_cli.hpp"
#include "core/log.hpp"
#include "core/version.hpp"

int main(int argc, char** argv) {
  using namespace lw;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto config = app::parse_args(args);
  if (!config) {
    std::fprintf(stderr, "labwatch: %s\n", config.error().note.c_str());
    return 2;
  }
  if (config->command == "help") {
    std::fputs(app::usage().c_str(), stdout);
    return 0;
  }
  if (config->command == "version") {
    std::printf("labwatch %s\n", std::string(kVersion).c_str());
    return 0;
  }
  if (config->command == "receipt verify") {  // offline: no database
    return app::receipt_verify_command(config->receipt_file, config->public_key);
  }
  auto application = app::Application::open(*config);  // migrates
  if (!application) {
    log::error("startup_failed",
               {{"code", application.error().code}, {"note", application.error().note}});
    return 1;
  }
  if (config->command == "migrate") {
    return 0;
  }
  if (config->command == "audit verify") {
    return (*application)->verify_audit();
  }
  if (config->command == "ledger verify") {
    return (*application)->verify_ledger();
  }
  if (config->command == "lab-key issue") {
    return (*application)->issue_lab_key(config->lab_code);
  }
  if (config->command == "routes") {
    return (*application)->print_routes();
  }
  if (config->command == "housekeeping") {
    return (*application)->run_housekeeping();
  }
  if (config->command == "regions import") {
    return (*application)->import_regions(config->import_file);
  }
  if (config->command == "lab-key revoke") {
    return (*application)->revoke_lab_key(config->key_id);
  }
  if (config->command == "demo" || config->demo) {
    if (auto st = (*application)->load_demo(); !st) {
      log::error("demo_failed", {{"note", st.error().note}});
      return 1;
    }
    if (config->command == "demo") {
      return 0;
    }
  }
  return (*application)->serve();
}
