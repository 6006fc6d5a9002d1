#include "ledger/checkpoint.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/random.hpp"
#include "ledger/merkle.hpp"
#include "ledger/test_keys.hpp"
#include "support/refusals.hpp"

namespace lw::ledger {
namespace {

using lw::testing::refused_field;
using test_keys::platform_key;

namespace json = boost::json;
using crypto::HashAlg;
using crypto::Sm2KeyPair;

std::string bytes_0_to_31() {
  std::string out;
  for (int i = 0; i < 32; ++i) {
    out.push_back(static_cast<char>(i));
  }
  return out;
}

Checkpoint sample_checkpoint() {
  return Checkpoint{"ledger.labwatch.example/jxsz", 1234, bytes_0_to_31(),
                    *parse_rfc3339("2026-11-21T10:00:00.5Z"), HashAlg::sm3};
}

TEST(LedgerCheckpoint, NoteBodyIsFiveLinesEachEndingInLf) {
  EXPECT_EQ(note_body(sample_checkpoint()),
            "ledger.labwatch.example/jxsz\n"
            "1234\n"
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
            "time 2026-11-21T10:00:00.500000Z\n"
            "hash sm3\n");
  Checkpoint empty{"o", 0, empty_root(HashAlg::sha256), from_micros(0), HashAlg::sha256};
  EXPECT_EQ(note_body(empty),
            "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
            "time 1970-01-01T00:00:00.000000Z\nhash sha256\n");
}

TEST(LedgerCheckpoint, SignedByThePlatformKeyVerifies) {
  auto s = sign(sample_checkpoint(), platform_key());
  ASSERT_TRUE(s.ok()) << s.error().note;
  EXPECT_EQ(s->key_id, platform_key().key_id());
  EXPECT_TRUE(verify(*s, platform_key().public_key()).ok());
  EXPECT_TRUE(platform_key().public_key().verify(note_body(sample_checkpoint()), s->signature));
}

TEST(LedgerCheckpoint, EveryAlterationFailsVerification) {
  const SignedCheckpoint good = *sign(sample_checkpoint(), platform_key());
  auto altered = [&](auto change) {
    SignedCheckpoint s = good;
    change(s);
    return verify(s, platform_key().public_key());
  };
  EXPECT_EQ(refused_field(altered([](SignedCheckpoint&) {})), "(accepted)");
  EXPECT_EQ(refused_field(altered([](SignedCheckpoint& s) { s.checkpoint.size += 1; })),
            "signature");
  EXPECT_EQ(refused_field(altered([](SignedCheckpoint& s) { s.checkpoint.root[31] ^= 1; })),
            "signature");
  EXPECT_EQ(refused_field(altered([](SignedCheckpoint& s) { s.checkpoint.origin += "x"; })),
            "signature");
  EXPECT_EQ(refused_field(altered([](SignedCheckpoint& s) { s.checkpoint.time += Micros{1}; })),
            "signature");
  EXPECT_EQ(refused_field(altered([](SignedCheckpoint& s) {
              s.checkpoint.alg = HashAlg::sha256;  // the same root bytes, another claim
            })),
            "signature");
  EXPECT_EQ(refused_field(altered([](SignedCheckpoint& s) { s.signature[10] ^= 1; })), "signature");
  EXPECT_EQ(refused_field(altered([](SignedCheckpoint& s) { s.signature.clear(); })), "signature");
  EXPECT_EQ(refused_field(altered([](SignedCheckpoint& s) { s.key_id = "0000000000000000"; })),
            "key_id");
  // Another key: its own id does not match; with our id claimed, its signature does not.
  const Sm2KeyPair other = Sm2KeyPair::generate();
  const SignedCheckpoint by_other = *sign(sample_checkpoint(), other);
  EXPECT_EQ(refused_field(verify(by_other, platform_key().public_key())), "key_id");
  SignedCheckpoint posing = by_other;
  posing.key_id = platform_key().key_id();
  EXPECT_EQ(refused_field(verify(posing, platform_key().public_key())), "signature");
  EXPECT_EQ(refused_field(verify(good, other.public_key())), "key_id");
}

TEST(LedgerCheckpoint, ValidateNamesTheField) {
  auto with = [](auto change) {
    Checkpoint c = sample_checkpoint();
    change(c);
    return sign(c, platform_key());
  };
  EXPECT_EQ(refused_field(with([](Checkpoint& c) { c.origin.clear(); })), "origin");
  EXPECT_EQ(refused_field(with([](Checkpoint& c) { c.origin = "a\nb"; })), "origin");
  EXPECT_EQ(refused_field(with([](Checkpoint& c) { c.origin = "a\rb"; })), "origin");
  EXPECT_EQ(refused_field(with([](Checkpoint& c) { c.origin = "a\x7f"; })), "origin");
  EXPECT_EQ(refused_field(with([](Checkpoint& c) { c.origin = "\xff"; })), "origin");
  EXPECT_EQ(refused_field(with([](Checkpoint& c) { c.origin = std::string(201, 'a'); })), "origin");
  EXPECT_EQ(refused_field(with([](Checkpoint& c) { c.origin = std::string(200, 'a'); })),
            "(accepted)");
  std::string chinese;
  for (int i = 0; i < 200; ++i) {
    chinese += "账";  // 200 characters, 600 bytes
  }
  EXPECT_EQ(refused_field(with([&](Checkpoint& c) { c.origin = chinese; })), "(accepted)");
  EXPECT_EQ(refused_field(with([](Checkpoint& c) { c.origin = "with space ok"; })), "(accepted)");
  EXPECT_EQ(refused_field(with([](Checkpoint& c) { c.size = std::uint64_t{1} << 53; })), "size");
  EXPECT_EQ(refused_field(with([](Checkpoint& c) { c.root.pop_back(); })), "root");
  EXPECT_EQ(refused_field(with([](Checkpoint& c) { c.time = from_micros(-62167219200000001); })),
            "time");
}

TEST(LedgerCheckpoint, JsonFormRoundTrips) {
  const SignedCheckpoint s = *sign(sample_checkpoint(), platform_key());
  const json::object o = checkpoint_json(s);
  EXPECT_EQ(o.at("origin"), "ledger.labwatch.example/jxsz");
  EXPECT_EQ(o.at("size"), 1234);
  EXPECT_EQ(o.at("root_hash"), "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  EXPECT_EQ(o.at("time"), "2026-11-21T10:00:00.500000Z");
  EXPECT_EQ(o.at("hash_alg"), "sm3");
  EXPECT_EQ(o.at("key_id").as_string(), platform_key().key_id());
  EXPECT_EQ(o.at("note").as_string(), note_body(sample_checkpoint()));
  auto back = checkpoint_from_json(json::parse(json::serialize(o)));
  ASSERT_TRUE(back.ok()) << back.error().note;
  EXPECT_EQ(*back, s);
  EXPECT_TRUE(verify(*back, platform_key().public_key()).ok());
}

TEST(LedgerCheckpoint, JsonParsingIsStrict) {
  const json::object good = checkpoint_json(*sign(sample_checkpoint(), platform_key()));
  auto parsed = [&](auto change) {
    json::object o = good;
    change(o);
    return checkpoint_from_json(o);
  };
  EXPECT_EQ(refused_field(parsed([](json::object&) {})), "(accepted)");
  EXPECT_EQ(refused_field(checkpoint_from_json(json::value("x"))), "checkpoint");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o.erase("note"); })), "note");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["extra"] = ""; })), "extra");
  // The note must be the body of the other members, to the byte.
  EXPECT_EQ(refused_field(parsed(
                [](json::object& o) { o["note"] = std::string(o["note"].as_string()) + "\n"; })),
            "note");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["size"] = 1235; })), "note");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["size"] = -1; })), "size");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["size"] = "1234"; })), "size");
  EXPECT_EQ(refused_field(parsed([](json::object& o) {
              o["root_hash"] = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
            })),
            "root_hash");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["root_hash"] = "0001"; })), "root_hash");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["hash_alg"] = "SM3"; })), "hash_alg");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["time"] = "2026-11-21T10:00:00.5Z"; })),
            "time");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["key_id"] = "ABCDEF0123456789"; })),
            "key_id");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["key_id"] = "abc"; })), "key_id");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["signature"] = "MEUCIQ"; })), "signature");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["signature"] = ""; })), "signature");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["origin"] = ""; })), "origin");
}

}  // namespace
}  // namespace lw::ledger
