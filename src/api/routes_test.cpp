// The API manual (docs/api/openapi.yaml, JJ-4.6) and the router agree: every route has a spec
// entry, every spec entry has a route, and the error codes listed are the catalogue's.
#include "api/routes.hpp"
#include "api/live_hub.hpp"
#include "labtests/lab_tests.hpp"
#include "nonconforming/entries.hpp"
#include "notify/notifications.hpp"
#include "onsite/onsite_tests.hpp"
#include "reports/reports.hpp"
#include "specimens/chain.hpp"
#include "supervision/cases.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "blobs/fs_blob_store.hpp"
#include "storage/migrations.hpp"
#include "support/test_db.hpp"

namespace lw::api {
namespace {

// Reads "METHOD path" pairs from the spec's `paths:` block (two-space YAML indentation).
std::set<std::string> spec_operations(std::string_view spec) {
  std::set<std::string> ops;
  std::istringstream in{std::string(spec)};
  std::string line, path;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != ' ') {
      in_paths = line == "paths:";
      continue;
    }
    if (!in_paths) {
      continue;
    }
    if (line.starts_with("  /") && line.ends_with(":")) {
      path = line.substr(2, line.size() - 3);
    } else if (line.starts_with("    ") && line[4] != ' ' && line.ends_with(":")) {
      std::string method = line.substr(4, line.size() - 5);
      for (auto& c : method) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      ops.insert(method + " " + path);
    }
  }
  return ops;
}

std::set<std::string> spec_error_codes(std::string_view spec) {
  std::set<std::string> codes;
  std::istringstream in{std::string(spec)};
  std::string line;
  while (std::getline(in, line)) {
    const auto at = line.find("- {code: ");
    if (line.starts_with("  - {code: ") && at != std::string::npos) {
      const auto start = at + 9;
      codes.insert(line.substr(start, line.find(',', start) - start));
    }
  }
  return codes;
}

TEST(ApiManual, JJ_4_6_EveryRouteIsDocumentedAndEveryDocumentedRouteExists) {
  testing::TestDatabase tdb;
  auto db = storage::Database::open(tdb.url());
  ASSERT_TRUE(db.ok());
  auto store = blobs::FsBlobStore::open(tdb.dir() / "blobs");
  ASSERT_TRUE(store.ok());
  Metrics metrics;
  SystemClock clock;
  storage::Writer writer(**db, &metrics);
  service::Auditor auditor(std::string(32, 'k'));
  service::Ledger ledger({crypto::HashAlg::sm3, "ledger.test", crypto::Sm2KeyPair::generate()},
                         clock);
  service::ConnectivityService connectivity(**db, writer, clock, auditor, ledger);
  service::BlobIntake intake(**db, writer, **store, clock, auditor, ledger);
  identity::AuthService auth(**db, writer, clock, auditor, std::string(16, 'd'));
  identity::AccountAdmin accounts(**db, writer, clock, auditor, auth);
  identity::LabConnections labs(**db, writer, clock, auditor, ledger, std::string(16, 'd'));
  identity::RegistryChanges changes(**db, writer, clock, auditor, ledger);
  service::LedgerReader ledger_reader(**db, ledger.alg());
  registry::LabRegistry lab_registry(**db, writer, clock, auditor, ledger);
  registry::EquipmentRegistry equipment(**db, writer, clock, auditor, ledger);
  registry::People people(**db, writer, clock, auditor, ledger,
                          *crypto::PiiKeys::derive(std::string(16, 'd')));
  auto policies = domain::PolicyBook::make({}, {});
  ASSERT_TRUE(policies.ok());
  registry::Organisations organisations(**db, writer, clock, auditor, ledger);
  registry::Projects projects(**db, writer, clock, auditor, ledger, *policies);
  specimens::Chain chain(**db, writer, clock, auditor, ledger, *policies);
  labtests::LabTests lab_tests(**db, writer, clock, auditor, ledger, *policies);
  onsite::OnsiteTests onsite(**db, writer, clock, auditor, ledger, *policies, **store);
  const auto report_key = crypto::Sm2KeyPair::generate();
  reports::Reports reports(**db, writer, clock, auditor, ledger, *policies,
                           reports::ReportSetup{&report_key, &**store});
  nonconforming::Entries nonconforming(**db, writer, clock, auditor, ledger);
  supervision::Cases cases(**db, writer, clock, auditor, ledger, *policies);
  LiveHub live;
  notify::Notifications notifications(**db, writer, clock, auditor, std::string(16, 'd'), {});
  Services services{.db = **db,
                    .metrics = metrics,
                    .clock = clock,
                    .connectivity = connectivity,
                    .blobs = intake,
                    .auth = auth,
                    .accounts = accounts,
                    .labs = labs,
                    .changes = changes,
                    .writer = writer,
                    .ledger = ledger,
                    .ledger_reader = ledger_reader,
                    .lab_registry = lab_registry,
                    .equipment = equipment,
                    .people = people,
                    .policies = *policies,
                    .organisations = organisations,
                    .projects = projects,
                    .specimens = chain,
                    .lab_tests = lab_tests,
                    .live = live,
                    .onsite = onsite,
                    .reports = reports,
                    .nonconforming = nonconforming,
                    .cases = cases,
                    .public_url = "",
                    .web_root = tdb.dir(),
                    .notifications = notifications};
  http::Router router;
  register_routes(router, services);

  std::set<std::string> routed;
  for (const auto& r : router.routes()) {
    routed.insert(r.method + " " + r.pattern);
  }
  const auto documented = spec_operations(openapi_spec());
  for (const auto& op : routed) {
    EXPECT_TRUE(documented.contains(op))
        << op << " has a route but no entry in docs/api/openapi.yaml";
  }
  for (const auto& op : documented) {
    EXPECT_TRUE(routed.contains(op)) << op << " is documented but no route serves it";
  }
  EXPECT_GE(routed.size(), 8u);
}

TEST(ApiManual, JJ_4_6_ErrorCodesListedAreTheCatalogue) {
  std::set<std::string> catalogue;
  for (const auto& k : error_catalogue()) {
    catalogue.insert(std::string(k.code));
  }
  EXPECT_EQ(spec_error_codes(openapi_spec()), catalogue);
}

TEST(ApiManual, ErrorCodeEntriesCarryTheCatalogueStatusAndMessages) {
  const std::string spec(openapi_spec());
  for (const auto& k : error_catalogue()) {
    const std::string entry = "{code: " + std::string(k.code) +
                              ", status: " + std::to_string(k.http_status) +
                              ", message_zh: " + std::string(k.message_zh) +
                              ", message_en: " + std::string(k.message_en) + "}";
    EXPECT_NE(spec.find(entry), std::string::npos) << entry;
  }
}

}  // namespace
}  // namespace lw::api

namespace lw::api {
namespace {

// The manual lists the codes as YAML flow mappings, where an ASCII comma ends a value.
TEST(ApiManual, ErrorMessagesCarryNoAsciiComma) {
  for (const auto& k : error_catalogue()) {
    EXPECT_EQ(k.message_en.find(','), std::string_view::npos) << k.code;
    EXPECT_EQ(k.message_zh.find(','), std::string_view::npos) << k.code;
  }
}

}  // namespace
}  // namespace lw::api
