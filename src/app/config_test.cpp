#include "app/config.hpp"

#include <gtest/gtest.h>

namespace lw::app {
namespace {

TEST(Config, DefaultsAreTheDocumentedLimits) {
  auto c = parse_args({});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->command, "serve");
  EXPECT_EQ(c->server.address, "127.0.0.1");
  const auto& lim = c->server.limits;
  EXPECT_EQ(lim.header_bytes, 16u * 1024);
  EXPECT_EQ(lim.json_body_bytes, 2u * 1024 * 1024);
  EXPECT_EQ(lim.header_timeout, std::chrono::seconds(10));
  EXPECT_EQ(lim.keep_alive_idle, std::chrono::seconds(60));
  EXPECT_LE(lim.shutdown_grace, std::chrono::seconds(10));
}

TEST(Config, FlagsAndCommands) {
  auto c = parse_args(
      {"serve", "--port", "0", "--data=/tmp/x", "--db", "postgresql://u@h/db", "--demo"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->server.port, 0);
  EXPECT_EQ(c->data_dir, "/tmp/x");
  EXPECT_EQ(c->database_url(), "postgresql://u@h/db");
  EXPECT_TRUE(c->demo);
  auto d = parse_args({"migrate", "--data", "/srv/lw"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->database_url(), "sqlite:/srv/lw/labwatch.db");
}

TEST(Config, MistakesAreNamed) {
  EXPECT_NE(parse_args({"--port", "70000"}).error().note.find("--port"), std::string::npos);
  EXPECT_NE(parse_args({"--nope"}).error().note.find("--nope"), std::string::npos);
  EXPECT_NE(parse_args({"--port"}).error().note.find("needs a value"), std::string::npos);
  EXPECT_FALSE(parse_args({"launch"}).ok());
}

}  // namespace
}  // namespace lw::app

namespace lw::app {
namespace {

TEST(Config, Issue3_RateLimit_DefaultsAndThePublicLimitFlag) {
  auto c = parse_args({});
  ASSERT_TRUE(c.ok());
  const auto& p = c->rate_limits;
  EXPECT_EQ(p.login_per_account.max_requests, 10);
  EXPECT_EQ(p.login_per_account.window, std::chrono::minutes(5));
  EXPECT_EQ(p.login_per_address.max_requests, 30);
  EXPECT_EQ(p.login_per_address.window, std::chrono::minutes(1));
  EXPECT_EQ(p.public_per_address.max_requests, 300);
  EXPECT_EQ(p.public_per_address.window, std::chrono::minutes(1));
  auto raised = parse_args({"--rate-limit-public", "5000"});
  ASSERT_TRUE(raised.ok());
  EXPECT_EQ(raised->rate_limits.public_per_address.max_requests, 5000);
  EXPECT_EQ(raised->rate_limits.public_per_address.window, std::chrono::minutes(1));
  EXPECT_FALSE(parse_args({"--rate-limit-public", "0"}).ok()) << "a limit cannot be switched off";
  EXPECT_FALSE(parse_args({"--rate-limit-public", "many"}).ok());
  auto logins = parse_args({"--rate-limit-login", "200"});
  ASSERT_TRUE(logins.ok());
  EXPECT_EQ(logins->rate_limits.login_per_account.max_requests, 200);
  EXPECT_EQ(logins->rate_limits.login_per_account.window, std::chrono::minutes(5));
  EXPECT_EQ(logins->rate_limits.login_per_address.max_requests, 600);
  EXPECT_EQ(logins->rate_limits.login_per_address.window, std::chrono::minutes(1));
  EXPECT_FALSE(parse_args({"--rate-limit-login", "0"}).ok());
}

}  // namespace
}  // namespace lw::app

namespace lw::app {
namespace {

TEST(Config, HousekeepingEveryTenMinutesByDefault) {
  auto c = parse_args({});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->housekeeping.every, std::chrono::minutes(10));
  EXPECT_EQ(c->housekeeping.session_retention, std::chrono::days(7));
  EXPECT_EQ(c->housekeeping.idempotency_retention, std::chrono::hours(48));
  auto hourly = parse_args({"--housekeeping-minutes", "60"});
  ASSERT_TRUE(hourly.ok());
  EXPECT_EQ(hourly->housekeeping.every, std::chrono::minutes(60));
  auto off = parse_args({"--housekeeping-minutes=0"});
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(off->housekeeping.every, std::chrono::minutes(0));
  EXPECT_FALSE(parse_args({"--housekeeping-minutes", "often"}).ok());
  auto once = parse_args({"housekeeping", "--data", "/srv/lw"});
  ASSERT_TRUE(once.ok());
  EXPECT_EQ(once->command, "housekeeping");
}

}  // namespace
}  // namespace lw::app

namespace lw::app {
namespace {

TEST(Config, TrustedProxiesNoneByDefaultRepeatableAndCheckedAtStart) {
  auto c = parse_args({});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->server.trusted_proxies.empty());
  auto behind = parse_args({"--trusted-proxy", "127.0.0.1", "--trusted-proxy=10.0.0.0/8,fd00::/8"});
  ASSERT_TRUE(behind.ok()) << behind.error().note;
  EXPECT_EQ(behind->server.trusted_proxies.describe(),
            (std::vector<std::string>{"127.0.0.1/32", "10.0.0.0/8", "fd00::/8"}));
  auto typo = parse_args({"--trusted-proxy", "10.0.0.0/33"});
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.error().note.find("--trusted-proxy: '10.0.0.0/33'"), 0u) << typo.error().note;
  EXPECT_FALSE(parse_args({"--trusted-proxy", "nginx.internal"}).ok());
  EXPECT_FALSE(parse_args({"--trusted-proxy"}).ok());
}

TEST(Config, Issue5_ShippedRulesAndRegionsAndTheRegionsImportCommand) {
  auto c = parse_args({});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->policies_dir, "policies");
  EXPECT_EQ(c->regions_file, "reference/regions/gb2260.tsv");
  auto d = parse_args({"serve", "--policies", "/etc/lw/policies", "--regions=/etc/lw/r.tsv"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->policies_dir, "/etc/lw/policies");
  EXPECT_EQ(d->regions_file, "/etc/lw/r.tsv");
  auto i = parse_args({"regions", "import", "more.tsv", "--data", "/srv/lw"});
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(i->command, "regions import");
  EXPECT_EQ(i->import_file, "more.tsv");
  EXPECT_NE(parse_args({"regions", "import"}).error().note.find("FILE"), std::string::npos);
}

}  // namespace
}  // namespace lw::app
