// The regions and organisations repositories on both engines: idempotent loading, children and
// search, organisation scope, filters, paging and the unique credit code.
#include <gtest/gtest.h>

#include "storage/organisations.hpp"
#include "storage/regions.hpp"
#include "support/engine_test.hpp"

namespace lw::storage {
namespace {

class RegistryTablesTest : public lw::testing::EngineTest {
 protected:
  RegistryTablesTest() : EngineTest({.connect = true}) {}

  domain::RegionTree tree(std::vector<domain::RegionRow> rows) {
    auto t = domain::RegionTree::build(std::move(rows));
    EXPECT_TRUE(t) << t.error().note;
    return std::move(*t);
  }

  domain::Organisation org(std::string name, std::string code, std::string region,
                           domain::OrganisationKind kind) {
    domain::Organisation o;
    o.kind = kind;
    o.name = std::move(name);
    o.credit_code = std::move(code);
    o.region_code = std::move(region);
    o.created_by = "test";
    return o;
  }
};
LW_ENGINE_SUITE(RegistryTablesTest);

TEST_P(RegistryTablesTest, Issue5_RegionsAreInsertedOnceAndListedByParentOrSearch) {
  const auto t = tree({{"360000", "江西省"},
                       {"360400", "九江市"},
                       {"360402", "濂溪区"},
                       {"360403", "浔阳区"},
                       {"220000", "吉林省"}});
  auto added = insert_missing_regions(*c_, t);
  ASSERT_TRUE(added) << added.error().note;
  EXPECT_EQ(*added, 5);
  EXPECT_EQ(*insert_missing_regions(*c_, t), 0);

  RegionFilter provinces;
  provinces.parent = "";
  auto p = list_regions(*c_, provinces, {});
  ASSERT_TRUE(p) << p.error().note;
  EXPECT_EQ(p->total, 2);
  EXPECT_EQ(p->items.at(0).code, "220000");

  RegionFilter kids;
  kids.parent = "360400";
  auto k = list_regions(*c_, kids, {1, 1});
  ASSERT_TRUE(k) << k.error().note;
  EXPECT_EQ(k->total, 2);
  ASSERT_EQ(k->items.size(), 1u);
  EXPECT_EQ(k->items[0].name, "浔阳区");
  EXPECT_EQ(k->items[0].level, domain::RegionLevel::county);

  RegionFilter search;
  search.q = "九江";
  auto s = list_regions(*c_, search, {});
  ASSERT_TRUE(s) << s.error().note;
  ASSERT_EQ(s->items.size(), 1u);
  EXPECT_EQ(s->items[0].parent, "360000");

  auto one = find_region(*c_, "360402");
  ASSERT_TRUE(one && *one);
  EXPECT_EQ((*one)->parent, "360400");
  EXPECT_FALSE(*find_region(*c_, "110000"));
  EXPECT_EQ(all_region_rows(*c_)->size(), 5u);
}

TEST_P(RegistryTablesTest, JJ_3_2_OrganisationsAreScopedFilteredPagedAndUniqueByCreditCode) {
  using K = domain::OrganisationKind;
  auto a = insert_organisation(*c_, org("九江建工", "91360402MA3XK0001Q", "360402", K::contractor));
  ASSERT_TRUE(a && *a) << (a ? "taken" : a.error().note);
  ASSERT_TRUE(*insert_organisation(
      *c_, org("九江监理", "91360402MA3XK0002U", "360403", K::supervision_company)));
  ASSERT_TRUE(
      *insert_organisation(*c_, org("长春建工", "91220102MA1XK0001M", "220102", K::contractor)));
  auto dup = insert_organisation(*c_, org("重复", "91360402MA3XK0001Q", "360402", K::contractor));
  ASSERT_TRUE(dup);
  EXPECT_FALSE(*dup);

  auto jj = list_organisations(*c_, domain::Scope::of_region("360400"), {}, {});
  ASSERT_TRUE(jj) << jj.error().note;
  EXPECT_EQ(jj->total, 2);
  OrganisationFilter contractors;
  contractors.kind = K::contractor;
  EXPECT_EQ(list_organisations(*c_, domain::Scope::all(), contractors, {})->total, 2);
  OrganisationFilter by_code;
  by_code.q = "MA1XK";
  EXPECT_EQ(list_organisations(*c_, domain::Scope::all(), by_code, {})->items.at(0).name,
            "长春建工");
  OrganisationFilter in_jilin;
  in_jilin.region_code = "220000";
  EXPECT_EQ(list_organisations(*c_, domain::Scope::all(), in_jilin, {})->total, 1);
  auto page = list_organisations(*c_, domain::Scope::all(), {}, {2, 2});
  EXPECT_EQ(page->total, 3);
  EXPECT_EQ(page->items.size(), 1u);
  EXPECT_EQ(list_organisations(*c_, domain::Scope::of_lab("360402-0001"), {}, {})->total, 0);

  EXPECT_TRUE(*find_organisation(*c_, domain::Scope::of_region("360400"), **a));
  EXPECT_FALSE(*find_organisation(*c_, domain::Scope::of_region("220000"), **a));
  auto found = *find_organisation(*c_, domain::Scope::all(), **a);
  found->address = "新地址";
  ASSERT_TRUE(update_organisation(*c_, *found));
  EXPECT_EQ((*find_organisation(*c_, domain::Scope::all(), **a))->address, "新地址");
}

}  // namespace
}  // namespace lw::storage
