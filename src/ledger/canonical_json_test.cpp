#include "ledger/canonical_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace lw::ledger {
namespace {

namespace json = boost::json;

// The canonical form of the JSON text `text`; a test failure when refused.
std::string canon(std::string_view text) {
  auto r = canonical_json(json::parse(text));
  EXPECT_TRUE(r.ok()) << (r ? "" : r.error().note);
  return r ? *r : "";
}

// The JSON Pointer a refusal names; "(accepted)" when there is none.
std::string refused_at(const json::value& v) {
  auto r = canonical_json(v);
  if (r) {
    return "(accepted)";
  }
  EXPECT_EQ(r.error().code, errc::invalid_argument);
  const auto& fields = r.error().details.at("fields").as_object();
  return fields.empty() ? "(no field)" : std::string(fields.begin()->key());
}

// ---- RFC 8785 and its reference test data ---------------------------------------------------

// RFC 8785 §3.2.3: members sorted by UTF-16 code units. The emoji U+1F600 is the surrogate pair
// D83D DE00 in UTF-16, so it sorts before U+FB33 — after it in UTF-8 byte or code point order.
TEST(CanonicalJson, Rfc8785SortingExample) {
  const char* input = R"({
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  })";
  EXPECT_EQ(canon(input),
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\","
            "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\","
            "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
            "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

// The boundary the UTF-16 order moves: U+E000–U+FFFF sort after every supplementary character.
TEST(CanonicalJson, SupplementaryCharactersSortBeforeE000ToFFFF) {
  json::object o;
  o["\xee\x80\x80"] = 1;      // U+E000
  o["\xef\xbf\xbf"] = 2;      // U+FFFF
  o["\xf0\x90\x80\x80"] = 3;  // U+10000
  o["\xf4\x8f\xbf\xbf"] = 4;  // U+10FFFF
  o["\xed\x9f\xbf"] = 5;      // U+D7FF, below the surrogates
  EXPECT_EQ(*canonical_json(o),
            "{\"\xed\x9f\xbf\":5,\"\xf0\x90\x80\x80\":3,\"\xf4\x8f\xbf\xbf\":4,"
            "\"\xee\x80\x80\":1,\"\xef\xbf\xbf\":2}");
  // Plain byte order would differ exactly there.
  EXPECT_LT(std::string("\xee\x80\x80"), std::string("\xf0\x90\x80\x80"));
}

// RFC 8785 §3.2.2's sample without its numbers (the ledger has no floating point): the numbers
// are refused, the strings and literals come out as the RFC prints them.
TEST(CanonicalJson, Rfc8785SampleStringsAndLiterals) {
  const char* sample = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  EXPECT_EQ(refused_at(json::parse(sample)), "/numbers/0");
  json::value without_numbers = json::parse(sample);
  without_numbers.as_object().erase("numbers");
  EXPECT_EQ(*canonical_json(without_numbers),
            "{\"literals\":[null,true,false],\"string\":\"\xe2\x82\xac$\\u000f\\nA'"
            "B\\\"\\\\\\\\\\\"/\"}");
}

// cyberphone/json-canonicalization testdata (the RFC's reference implementation), "weird".
TEST(CanonicalJson, ReferenceTestDataWeird) {
  EXPECT_EQ(
      canon(R"({
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\u000a": "Newline",
    "1": "One",
    "\u0080": "Control\u007f",
    "\ud83d\ude02": "Smiley",
    "\u00f6": "Latin Small Letter O With Diaeresis",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "</script>": "Browser Challenge"
  })"),
      "{\"\\n\":\"Newline\",\"\\r\":\"Carriage Return\",\"1\":\"One\","
      "\"</script>\":\"Browser Challenge\",\"\xc2\x80\":\"Control\x7f\","
      "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\","
      "\"\xf0\x9f\x98\x82\":\"Smiley\",\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

// The reference "structures" (its one float, 56.0, written as the integer 56), "arrays",
// "french" (no locale) and "unicode" (no normalisation).
TEST(CanonicalJson, ReferenceTestDataStructures) {
  EXPECT_EQ(canon(R"({
    "1": {"f": {"f": "hi","F": 5} ,"\n": 56},
    "10": { },
    "": "empty",
    "a": { },
    "111": [ { } ],
    "A": { }
  })"),
            R"({"":"empty","1":{"\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}})");
  EXPECT_EQ(canon(R"([56, {"d": true, "10": null, "1": [ ]}])"),
            R"([56,{"1":[],"10":null,"d":true}])");
  EXPECT_EQ(
      canon(R"({
    "peach": "This sorting order",
    "péché": "is wrong according to French",
    "pêche": "but canonicalization MUST",
    "sin":   "ingnore locale"
  })"),
      R"({"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ingnore locale"})");
  EXPECT_EQ(canon(R"({"Unnormalized Unicode":"\u1e0d\u0307"})"),
            "{\"Unnormalized Unicode\":\"\xe1\xb8\x8d\xcc\x87\"}");
}

// ---- Strings ---------------------------------------------------------------------------------

TEST(CanonicalJson, EscapesEveryControlCharacterAsJsonStringify) {
  const char* expected[32] = {
      "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
      "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",     "\\u000e", "\\u000f",
      "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
      "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f"};
  for (int c = 0; c < 32; ++c) {
    const json::value v = json::string(std::string(1, static_cast<char>(c)));
    EXPECT_EQ(*canonical_json(v), "\"" + std::string(expected[c]) + "\"") << "character " << c;
  }
  EXPECT_EQ(*canonical_json(json::string("\"\\")), R"("\"\\")");
  // Not escaped: '/', DEL, U+2028, U+2029, non-ASCII, even as a member name.
  EXPECT_EQ(*canonical_json(json::string("/\x7f\xe2\x80\xa8\xe2\x80\xa9\xe4\xb8\xad")),
            "\"/\x7f\xe2\x80\xa8\xe2\x80\xa9\xe4\xb8\xad\"");
  EXPECT_EQ(*canonical_json(json::object{{"a\tb", "\xe6\xb5\x8b"}}),
            "{\"a\\tb\":\"\xe6\xb5\x8b\"}");
}

TEST(CanonicalJson, RefusesInvalidUtf8) {
  EXPECT_EQ(refused_at(json::string("ok\xff")), "");
  EXPECT_EQ(refused_at(json::object{{"a", json::array{"ok", "\xc0\xaf"}}}), "/a/1");  // overlong
  EXPECT_EQ(refused_at(json::object{{"\xed\xa0\x80", 1}}), "/\xed\xa0\x80");          // a surrogate
  EXPECT_EQ(refused_at(json::string("\xf4\x90\x80\x80")), "");  // above U+10FFFF
  EXPECT_EQ(refused_at(json::string("\xe4\xb8")), "");          // truncated
}

// ---- Numbers ---------------------------------------------------------------------------------

TEST(CanonicalJson, IntegersUpTo2To53Minus1) {
  EXPECT_EQ(*canonical_json(json::array{0, -1, 42, kMaxSafeInteger, -kMaxSafeInteger}),
            "[0,-1,42,9007199254740991,-9007199254740991]");
  EXPECT_EQ(*canonical_json(json::value(std::uint64_t{9007199254740991})), "9007199254740991");
  EXPECT_EQ(canon("[-0, 0]"), "[0,0]");  // boost::json reads -0 as the integer 0
  EXPECT_EQ(refused_at(json::value(kMaxSafeInteger + 1)), "");
  EXPECT_EQ(refused_at(json::value(-kMaxSafeInteger - 1)), "");
  EXPECT_EQ(refused_at(json::value(std::uint64_t{1} << 53)), "");
  EXPECT_EQ(refused_at(json::parse("18446744073709551615")), "");
}

TEST(CanonicalJson, RefusesEveryDoubleNamingItsPath) {
  EXPECT_EQ(refused_at(json::value(1.0)), "");
  EXPECT_EQ(refused_at(json::parse("1e2")), "");
  EXPECT_EQ(refused_at(json::parse("-0.0")), "");
  EXPECT_EQ(refused_at(json::parse(R"({"record": {"items": [1, {"a/b~c": 1.5}]}})")),
            "/record/items/1/a~1b~0c");
  const auto r = canonical_json(json::parse(R"({"t": 20.5})"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().note.find("'/t'"), std::string::npos) << r.error().note;
  EXPECT_NE(r.error().note.find("decimal string"), std::string::npos) << r.error().note;
}

// ---- Objects ---------------------------------------------------------------------------------

TEST(CanonicalJson, SortsNestedMembersAndIsIdempotent) {
  const std::string c = canon(R"({"b": [{"z": 1, "a": 2}], "a": {"d": true, "c": null}, "B": ""})");
  EXPECT_EQ(c, R"({"B":"","a":{"c":null,"d":true},"b":[{"a":2,"z":1}]})");
  EXPECT_EQ(canon(c), c);
}

// boost::json::object holds each name once: inserting a name again keeps the first value
// (emplace) or replaces it (operator[]), so canonical_json never meets duplicates.
TEST(CanonicalJson, ObjectsCannotHoldDuplicateNames) {
  json::object o;
  o.emplace("a", 1);
  o.emplace("a", 2);
  o["a"] = 3;
  EXPECT_EQ(o.size(), 1u);
  EXPECT_EQ(*canonical_json(o), R"({"a":3})");
}

// ---- Strict parsing --------------------------------------------------------------------------

TEST(ParseJsonStrict, RefusesRepeatedNamesThatParseWouldCollapse) {
  EXPECT_EQ(json::serialize(json::parse(R"({"a":1,"a":2})")), R"({"a":2})");  // boost: last wins
  auto top = parse_json_strict(R"({"a":1,"a":2})");
  ASSERT_FALSE(top.ok());
  EXPECT_EQ(top.error().code, errc::invalid_json);
  EXPECT_EQ(top.error().details.at("pointer"), "/a");
  auto nested = parse_json_strict(R"({"x":[{"b":1},{"b":1,"c":{"d":1,"\u0064":2}}]})");
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().details.at("pointer"), "/x/1/c/d");  // escapes decoded first
}

TEST(ParseJsonStrict, AcceptsWhatParseAcceptsOtherwise) {
  auto v = parse_json_strict(R"( {"a":{"b":1},"b":{"b":2},"c":[{"a":1},{"a":2}]} )");
  ASSERT_TRUE(v.ok()) << v.error().note;
  EXPECT_EQ(json::serialize(*v), R"({"a":{"b":1},"b":{"b":2},"c":[{"a":1},{"a":2}]})");
  for (const char* bad : {"", "{", R"({"a":1,})", "[1] 2", "/*c*/ 1", "\"\xff\""}) {
    auto r = parse_json_strict(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, errc::invalid_json);
    }
  }
}

TEST(JsonPointer, EscapesTildeAndSlash) {
  EXPECT_EQ(json_pointer_append("", "a"), "/a");
  EXPECT_EQ(json_pointer_append("/x", "a/b~c"), "/x/a~1b~0c");
  EXPECT_EQ(json_pointer_append("", ""), "/");
}

}  // namespace
}  // namespace lw::ledger
