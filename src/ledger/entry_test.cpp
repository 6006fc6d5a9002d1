#include "ledger/entry.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/random.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/merkle.hpp"
#include "support/refusals.hpp"

namespace lw::ledger {
namespace {

using lw::testing::refused_field;

namespace json = boost::json;
using crypto::HashAlg;

Entry sample_entry() {
  Entry e;
  e.record_type = "connectivity_check";
  e.record_id = "42";
  e.uploader = "lk_0123456789abcdef";
  e.received_at = *parse_rfc3339("2026-11-21T09:55:00.123456Z");
  e.record = {{"lab_code", "360402-0001"}, {"message", "联调自检"}, {"sandbox", false}};
  return e;
}

TEST(LedgerEntry, BytesAreTheCanonicalJson) {
  EXPECT_EQ(*entry_bytes(sample_entry()),
            R"({"id":"42","prev":null,"received_at":"2026-11-21T09:55:00.123456Z",)"
            R"("record":{"lab_code":"360402-0001","message":"联调自检","sandbox":false},)"
            R"("type":"connectivity_check","uploader":"lk_0123456789abcdef","v":1,"version":1})");
  Entry changed = sample_entry();
  changed.version = 3;
  changed.prev = 17;
  changed.received_at = from_micros(0);
  EXPECT_EQ(*entry_bytes(changed),
            R"({"id":"42","prev":17,"received_at":"1970-01-01T00:00:00.000000Z",)"
            R"("record":{"lab_code":"360402-0001","message":"联调自检","sandbox":false},)"
            R"("type":"connectivity_check","uploader":"lk_0123456789abcdef","v":1,"version":3})");
}

TEST(LedgerEntry, LeafIsHashOfZeroByteAndBytes) {
  const std::string bytes = *entry_bytes(sample_entry());
  for (const HashAlg alg : {HashAlg::sm3, HashAlg::sha256}) {
    EXPECT_EQ(*leaf_of(alg, sample_entry()), crypto::digest(alg, std::string(1, '\0') + bytes));
    EXPECT_EQ(*leaf_of(alg, sample_entry()), leaf_hash(alg, bytes));
  }
}

TEST(LedgerEntry, RoundTripsThroughJsonText) {
  Entry e = sample_entry();
  e.version = 2;
  e.prev = 9007199254740991;
  e.received_at = from_micros(1795756203000001);
  e.record["nested"] = json::object{{"readings", json::array{"20.50", "20.75"}}, {"n", -3}};
  const std::string text = json::serialize(entry_json(e));
  auto back = entry_from_json(json::parse(text));
  ASSERT_TRUE(back.ok()) << back.error().note;
  EXPECT_EQ(*back, e);
  EXPECT_EQ(*entry_bytes(*back), *entry_bytes(e));
}

TEST(LedgerEntry, TimesHaveExactlyOneForm) {
  EXPECT_EQ(ledger_time(from_micros(1795756203123456)), "2026-11-27T05:10:03.123456Z");
  EXPECT_EQ(parse_ledger_time("2026-11-27T05:10:03.123456Z"), from_micros(1795756203123456));
  for (const char* other : {"2026-11-27T13:10:03.123456+08:00", "2026-11-27T05:10:03.123456z",
                            "2026-11-27T05:10:03Z", "2026-11-27T05:10:03.1234560Z",
                            "2026-11-27T05:10:03.12345Z", "2026-11-27 05:10:03.123456Z", ""}) {
    EXPECT_FALSE(parse_ledger_time(other).has_value()) << other;
  }
}

TEST(LedgerEntry, ValidateNamesTheField) {
  auto with = [](auto change) {
    Entry e = sample_entry();
    change(e);
    return entry_bytes(e);
  };
  EXPECT_EQ(refused_field(with([](Entry&) {})), "(accepted)");
  EXPECT_EQ(refused_field(with([](Entry& e) { e.record_type.clear(); })), "type");
  EXPECT_EQ(refused_field(with([](Entry& e) { e.record_id.clear(); })), "id");
  EXPECT_EQ(refused_field(with([](Entry& e) { e.uploader.clear(); })), "uploader");
  EXPECT_EQ(refused_field(with([](Entry& e) { e.version = 0; })), "version");
  EXPECT_EQ(refused_field(with([](Entry& e) { e.version = kMaxSafeInteger + 1; })), "version");
  EXPECT_EQ(refused_field(with([](Entry& e) { e.prev = 3; })), "prev");  // version 1
  EXPECT_EQ(refused_field(with([](Entry& e) { e.version = 2; })), "prev");
  EXPECT_EQ(refused_field(with([](Entry& e) {
              e.version = 2;
              e.prev = std::uint64_t{1} << 53;
            })),
            "prev");
  EXPECT_EQ(refused_field(with([](Entry& e) { e.received_at = from_micros(-62167219200000001); })),
            "received_at");  // before year 0000
  EXPECT_EQ(refused_field(with([](Entry& e) { e.record["t"] = 20.5; })), "/record/t");
  EXPECT_EQ(refused_field(with([](Entry& e) { e.record_id = "\xff"; })), "/id");
}

TEST(LedgerEntry, ParsingIsStrict) {
  auto parsed = [](auto change) {
    json::object o = entry_json(sample_entry());
    change(o);
    return entry_from_json(o);
  };
  EXPECT_EQ(refused_field(parsed([](json::object&) {})), "(accepted)");
  EXPECT_EQ(refused_field(entry_from_json(json::array{})), "entry");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o.erase("prev"); })), "prev");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o.erase("record"); })), "record");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["extra"] = 1; })), "extra");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["v"] = 2; })), "v");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["v"] = "1"; })), "v");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["v"] = 1.0; })), "v");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["type"] = 7; })), "type");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["id"] = 42; })), "id");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["version"] = "1"; })), "version");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["version"] = 0; })), "version");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["prev"] = 3; })), "prev");
  EXPECT_EQ(refused_field(parsed([](json::object& o) {
              o["version"] = 2;
              o["prev"] = -1;
            })),
            "prev");
  EXPECT_EQ(refused_field(parsed(
                [](json::object& o) { o["received_at"] = "2026-11-21T17:55:00.123456+08:00"; })),
            "received_at");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["record"] = json::array{}; })), "record");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["record"] = nullptr; })), "record");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["record"].as_object()["x"] = 0.5; })),
            "/record/x");
  auto ok = parsed([](json::object& o) {
    o["version"] = 2;
    o["prev"] = 0;
  });
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->prev, 0u);
}

}  // namespace
}  // namespace lw::ledger
