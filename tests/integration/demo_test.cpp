// The demo dataset a newcomer sees: loaded on first start, left alone on every later start.
#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

class DemoTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }

  std::vector<std::string> column(const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& r : query_sql(sql)) {
      out.push_back(r.text(0));
    }
    return out;
  }
};

TEST_F(DemoTest, LoadedOnFirstStartOnly) {
  const auto checks = column("SELECT lab_code FROM connectivity_checks");
  EXPECT_GE(checks.size(), 5u);
  bool jiujiang = false, jilin = false;
  for (const auto& lab : checks) {
    jiujiang = jiujiang || lab.starts_with("3604");  // Jiujiang city 360400
    jilin = jilin || lab.starts_with("22");          // Jilin province 220000
  }
  EXPECT_TRUE(jiujiang && jilin) << "the demo shows both shipped jurisdictions";
  // Every lab that sent a check is registered, in its region; one is in sandbox mode.
  EXPECT_EQ(column("SELECT DISTINCT c.lab_code FROM connectivity_checks c"
                   " LEFT JOIN labs l ON l.lab_code = c.lab_code WHERE l.lab_code IS NULL"),
            std::vector<std::string>{});
  EXPECT_EQ(column("SELECT lab_code FROM labs WHERE sandbox = 1"),
            std::vector<std::string>{"360430-0002"});
  const auto labs = column("SELECT lab_code FROM labs").size();
  restart();
  EXPECT_EQ(column("SELECT lab_code FROM connectivity_checks").size(), checks.size());
  EXPECT_EQ(column("SELECT lab_code FROM labs").size(), labs);
}

}  // namespace
}  // namespace lw::testing
