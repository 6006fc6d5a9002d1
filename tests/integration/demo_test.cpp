// The demo dataset a newcomer sees: loaded on first start, left alone on every later start.
#include <boost/json.hpp>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

class DemoTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }

  std::size_t checks() {
    auto r = get("/api/v1/connectivity-checks?limit=200");
    return boost::json::parse(r.body).at("items").as_array().size();
  }
};

TEST_F(DemoTest, LoadedOnFirstStartOnly) {
  const std::size_t first = checks();
  EXPECT_GE(first, 5u);
  auto items = boost::json::parse(get("/api/v1/connectivity-checks").body).at("items").as_array();
  bool jiujiang = false, jilin = false;
  for (const auto& c : items) {
    const auto lab = std::string(c.at("lab_code").as_string());
    jiujiang = jiujiang || lab.starts_with("3604");  // Jiujiang city 360400
    jilin = jilin || lab.starts_with("22");          // Jilin province 220000
  }
  EXPECT_TRUE(jiujiang && jilin) << "the demo shows both shipped jurisdictions";
  restart();
  EXPECT_EQ(checks(), first);
}

}  // namespace
}  // namespace lw::testing
