// The shared list helpers on both engines: search text matched literally, pages, region scope.
#include "storage/paging.hpp"

#include <gtest/gtest.h>

#include "storage/scope_sql.hpp"
#include "support/engine_test.hpp"

namespace lw::storage {
namespace {

class PagingTest : public lw::testing::EngineTest {
 protected:
  PagingTest() : EngineTest({.connect = true}) {}

  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    exec_script(
        "CREATE TABLE t (name TEXT NOT NULL, region_code TEXT NOT NULL);"
        "INSERT INTO t VALUES ('九江 100% 混凝土', '360402'), ('九江_钢筋', '360403'),"
        " ('长春检测', '220102'), ('a\\b', '360402'), ('浔阳', '360403');");
  }

  std::vector<std::string> names(const std::string& where, std::vector<Value> params,
                                 const Page& page = {}) {
    const std::string sql =
        "SELECT name FROM t WHERE " + where + " ORDER BY name" + page_clause(page, params);
    auto rows = c_->query(sql, params);
    EXPECT_TRUE(rows) << rows.error().note;
    std::vector<std::string> out;
    for (const auto& r : rows ? *rows : Rows{}) {
      out.push_back(r.text(0));
    }
    return out;
  }
  std::vector<std::string> containing(std::string_view text) {
    std::vector<Value> params;
    const std::string where = contains_condition(text, {"name", "region_code"}, params);
    return names(where, std::move(params));
  }
};

LW_ENGINE_SUITE(PagingTest);

TEST_P(PagingTest, Issue5_List_SearchMatchesTextLiterally) {
  EXPECT_EQ(containing("九江").size(), 2u);
  EXPECT_EQ(containing("100%"), std::vector<std::string>{"九江 100% 混凝土"});
  EXPECT_EQ(containing("_"), std::vector<std::string>{"九江_钢筋"});
  EXPECT_EQ(containing("a\\b"), std::vector<std::string>{"a\\b"});
  EXPECT_EQ(containing("2201"), std::vector<std::string>{"长春检测"});  // any listed column
  EXPECT_EQ(containing("").size(), 5u);
}

TEST_P(PagingTest, Issue5_List_PagesByOffsetAndLimit) {
  EXPECT_EQ(names("1 = 1", {}, {.offset = 0, .limit = 2}).size(), 2u);
  EXPECT_EQ(names("1 = 1", {}, {.offset = 4, .limit = 2}).size(), 1u);
  EXPECT_TRUE(names("1 = 1", {}, {.offset = 5, .limit = 2}).empty());
}

TEST_P(PagingTest, Issue5_List_RegionScopeCoversTheSubtreeOnly) {
  auto in = [&](const domain::Scope& scope) {
    std::vector<Value> params;
    const std::string where = region_condition(scope, "region_code", params);
    return names(where, std::move(params)).size();
  };
  EXPECT_EQ(in(domain::Scope::all()), 5u);
  EXPECT_EQ(in(domain::Scope::of_region("360400")), 4u);
  EXPECT_EQ(in(domain::Scope::of_region("360402")), 2u);
  EXPECT_EQ(in(domain::Scope::of_region("220000")), 1u);
  EXPECT_EQ(in(domain::Scope::of_lab("360402-0001")), 0u);
  EXPECT_EQ(in(domain::Scope::none()), 0u);
}

}  // namespace
}  // namespace lw::storage
