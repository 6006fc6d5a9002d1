// The seal of a report (JJ-3.5, issue 9): its byte layout, its refusals, and its signature
// checked the way a third party checks it — with the openssl command line and the public key.
#include "seal/seal.hpp"

#include <gtest/gtest.h>
#include <openssl/ecdsa.h>

#include <chrono>
#include <fstream>

#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "crypto/totp.hpp"
#include "support/shell.hpp"
#include "support/test_db.hpp"

namespace lw::seal {
namespace {

namespace fs = std::filesystem;
using crypto::HashAlg;
using crypto::Sm2KeyPair;
using lw::testing::run_shell;
using lw::testing::shell_quote;

constexpr std::string_view kNumber = "360402-0007-2026-CL-000123";       // 26 characters
constexpr std::string_view kBase = "https://jdjc.jiujiang.gov.cn:8443";  // 33 characters

SealFacts facts() {
  return {
      std::string(kNumber),
      Instant{std::chrono::seconds{1772344984}} + Micros{654321},  // 2026-03-01T06:03:04.654321Z
      crypto::digest(HashAlg::sm3, "the lab's PDF"),
      crypto::digest(HashAlg::sm3, R"({"title":"混凝土抗压强度检测报告"})")};
}

const Sm2KeyPair& platform_key() {
  static const Sm2KeyPair key = Sm2KeyPair::generate();
  return key;
}

std::string sealed(const SealFacts& f = facts(), const Sm2KeyPair& key = platform_key()) {
  auto payload = make_seal(key, f);
  EXPECT_TRUE(payload) << payload.error().code;
  return payload ? *payload : std::string();
}

Seal parsed(std::string_view text) {
  auto seal = parse_seal(text);
  EXPECT_TRUE(seal) << text;
  return seal ? *seal : Seal{};
}

std::string bytes_of(std::string_view payload) {
  return crypto::base32_decode(payload).value_or("");
}

// r || s of a DER signature, as make_seal writes it.
std::string rs_of(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  std::string out(64, '\0');
  if (sig != nullptr) {
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig, &r, &s);
    BN_bn2binpad(r, reinterpret_cast<unsigned char*>(out.data()), 32);
    BN_bn2binpad(s, reinterpret_cast<unsigned char*>(out.data()) + 32, 32);
    ECDSA_SIG_free(sig);
  }
  return out;
}

void expect_refused(std::string_view text, std::string_view why) {
  auto seal = parse_seal(text);
  ASSERT_FALSE(seal) << why;
  EXPECT_EQ(seal.error().code, "invalid_argument") << why;
  EXPECT_TRUE(seal.error().details.at("fields").as_object().contains("seal")) << why;
}

void write(const fs::path& file, std::string_view data) {
  std::ofstream(file, std::ios::binary) << data;
}

TEST(Seal, JJ_3_5_RoundTripKeepsEveryFactWholeSeconds) {
  const std::string payload = sealed();
  EXPECT_EQ(payload.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
  const Seal seal = parsed(payload);
  EXPECT_EQ(seal.facts.number, kNumber);
  EXPECT_EQ(seal.facts.issued_at, Instant{std::chrono::seconds{1772344984}});
  EXPECT_EQ(seal.facts.pdf_sm3, facts().pdf_sm3);
  EXPECT_EQ(seal.facts.content_sm3, facts().content_sm3);
  EXPECT_EQ(to_hex(seal.key_id), platform_key().key_id());
  EXPECT_EQ(seal.signature.size(), 64U);
  EXPECT_EQ(seal.signed_bytes + seal.signature, bytes_of(payload));
  EXPECT_TRUE(verify_seal(seal, platform_key().public_key()));
  // With the published PEM alone.
  auto published = crypto::Sm2PublicKey::from_pem(platform_key().public_pem());
  ASSERT_TRUE(published);
  EXPECT_TRUE(verify_seal(seal, *published));
}

TEST(Seal, JJ_3_5_ByteLayoutIsTheDocumentedOne) {
  const std::string b = bytes_of(sealed());
  ASSERT_EQ(b.size(), 1 + 8 + 4 + 1 + kNumber.size() + 32 + 32 + 64);
  EXPECT_EQ(b[0], 1);
  EXPECT_EQ(to_hex(b.substr(1, 8)), platform_key().key_id());
  EXPECT_EQ(to_hex(b.substr(9, 4)), "69a3d698");  // 1772344984, big-endian
  EXPECT_EQ(static_cast<std::size_t>(b[13]), kNumber.size());
  EXPECT_EQ(b.substr(14, kNumber.size()), kNumber);
  EXPECT_EQ(b.substr(14 + kNumber.size(), 32), facts().pdf_sm3);
  EXPECT_EQ(b.substr(46 + kNumber.size(), 32), facts().content_sm3);
}

// docs/reports.md: a 27-character number gives 169 bytes, 271 base32 characters.
TEST(Seal, JJ_3_5_PayloadLengthForA27CharacterNumber) {
  SealFacts f = facts();
  f.number = "3604020007-2026-CL-000123ZZ";
  ASSERT_EQ(f.number.size(), 27U);
  const std::string payload = sealed(f);
  EXPECT_EQ(bytes_of(payload).size(), 169U);
  EXPECT_EQ(payload.size(), 271U);
}

TEST(Seal, JJ_3_5_UrlIsUpperCaseAndParsesBack) {
  const std::string payload = sealed();
  const std::string url = seal_url(std::string(kBase) + "/", payload);
  EXPECT_EQ(url, "HTTPS://JDJC.JIUJIANG.GOV.CN:8443/V/" + payload);
  EXPECT_EQ(url.find_first_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos);
  EXPECT_EQ(parsed(url).signed_bytes, parsed(payload).signed_bytes);
  // A scanner or a browser that lower-cases the path.
  std::string lower = std::string(kBase) + "/v/" + payload;
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  EXPECT_TRUE(verify_seal(parsed(lower), platform_key().public_key()));
}

TEST(Seal, JJ_3_5_OneFlippedByteInAnyFieldFailsTheCheck) {
  const std::string b = bytes_of(sealed());
  const auto key = platform_key().public_key();
  for (std::size_t i = 0; i < b.size(); ++i) {
    for (unsigned char bit : {0x01, 0x80}) {
      std::string changed = b;
      changed[i] = static_cast<char>(changed[i] ^ bit);
      auto seal = parse_seal(crypto::base32_encode(changed));
      EXPECT_TRUE(!seal || !verify_seal(*seal, key)) << "byte " << i << " bit " << int{bit};
    }
  }
}

TEST(Seal, JJ_3_5_PayloadSignedByAnotherKeyFails) {
  const Sm2KeyPair forger = Sm2KeyPair::generate();
  const auto genuine = platform_key().public_key();
  // Signed and named by the forger's key.
  EXPECT_FALSE(verify_seal(parsed(sealed(facts(), forger)), genuine));
  // Signed by the forger's key but naming the platform's.
  std::string b = bytes_of(sealed(facts(), forger));
  const std::string id = crypto::digest(HashAlg::sm3, platform_key().public_der()).substr(0, 8);
  b.replace(1, 8, id);
  b.resize(b.size() - 64);
  b += rs_of(forger.sign(b));
  const Seal forged = parsed(crypto::base32_encode(b));
  EXPECT_EQ(forged.key_id, id);
  EXPECT_FALSE(verify_seal(forged, genuine));
  // The same bytes signed by the platform verify: only the signature was wrong.
  std::string genuine_bytes = forged.signed_bytes;
  genuine_bytes += rs_of(platform_key().sign(genuine_bytes));
  EXPECT_TRUE(verify_seal(parsed(crypto::base32_encode(genuine_bytes)), genuine));
}

TEST(Seal, JJ_3_5_KeyIdMismatchFails) {
  Seal seal = parsed(sealed());
  const auto key = platform_key().public_key();
  ASSERT_TRUE(verify_seal(seal, key));
  seal.key_id[0] = static_cast<char>(seal.key_id[0] ^ 1);
  EXPECT_FALSE(verify_seal(seal, key)) << "the key id disagrees with the key";
  Seal short_id = parsed(sealed());
  short_id.key_id.pop_back();
  EXPECT_FALSE(verify_seal(short_id, key));
  Seal no_signature = parsed(sealed());
  no_signature.signature.pop_back();
  EXPECT_FALSE(verify_seal(no_signature, key));
}

TEST(Seal, JJ_3_5_MalformedPayloadsAreRefused) {
  const std::string payload = sealed();
  const std::string b = bytes_of(payload);
  expect_refused("", "empty");
  expect_refused(payload.substr(0, 100), "too short");
  expect_refused(crypto::base32_encode(b.substr(0, b.size() - 1)), "one byte short");
  expect_refused(crypto::base32_encode(b + "x"), "one byte long");
  expect_refused(payload + "=", "padding");
  expect_refused(payload.substr(0, 10) + "1" + payload.substr(11), "'1' is not base32");
  expect_refused(payload.substr(0, 10) + "8" + payload.substr(11), "'8' is not base32");
  expect_refused(payload + "A", "a dangling character");
  expect_refused("https://x/V/" + payload + "?x=1", "a query");
  expect_refused("https://x/V/" + payload + "#top", "a fragment");
  expect_refused("https://x/Q/" + payload, "another path");
  expect_refused("https://x/V/" + payload + "/", "a trailing slash");
  for (const unsigned char format : {0x00, 0x02, 0xFF}) {
    std::string other = b;
    other[0] = static_cast<char>(format);
    expect_refused(crypto::base32_encode(other), "format " + std::to_string(format));
  }
  std::string zero_length = b;
  zero_length[13] = 0;
  expect_refused(crypto::base32_encode(zero_length), "number of length 0");
  std::string long_number = b;
  long_number[13] = 65;
  long_number.insert(14, std::string(65 - kNumber.size(), '9'));
  expect_refused(crypto::base32_encode(long_number), "number of length 65");
  std::string control = b;
  control[14] = '\n';
  expect_refused(crypto::base32_encode(control), "a control character in the number");
}

TEST(Seal, JJ_3_5_MakeSealRefusesFactsOutOfRange) {
  const auto refused = [](const SealFacts& f, std::string_view field) {
    auto payload = make_seal(platform_key(), f);
    ASSERT_FALSE(payload) << field;
    EXPECT_EQ(payload.error().code, "invalid_argument");
    EXPECT_TRUE(payload.error().details.at("fields").as_object().contains(field)) << field;
  };
  SealFacts f = facts();
  f.number = "";
  refused(f, "number");
  f.number = std::string(65, '1');
  refused(f, "number");
  f.number = "360402 0007";
  refused(f, "number");
  f.number = "报告";
  refused(f, "number");
  f = facts();
  f.issued_at = Instant{std::chrono::seconds{-1}};
  refused(f, "issued_at");
  f.issued_at = Instant{std::chrono::seconds{std::int64_t{1} << 32}};
  refused(f, "issued_at");
  f = facts();
  f.pdf_sm3.pop_back();
  refused(f, "pdf_sm3");
  f = facts();
  f.content_sm3 += "x";
  refused(f, "content_sm3");
  f = facts();
  f.number = std::string(64, '1');
  EXPECT_TRUE(make_seal(platform_key(), f));
}

TEST(Seal, SignatureDerIsCanonicalAndEmptyForAWrongLength) {
  EXPECT_EQ(signature_der(std::string(63, '\1')), "");
  EXPECT_EQ(signature_der(std::string(65, '\1')), "");
  // Leading zero bytes are dropped, a set high bit gets a 0x00 pad (DER INTEGER is signed).
  std::string rs(64, '\0');
  rs[31] = 0x05;
  rs[32] = static_cast<char>(0x80);
  const std::string der = signature_der(rs);
  EXPECT_EQ(to_hex(der.substr(0, 5)), "3026020105");
  EXPECT_EQ(to_hex(der.substr(5, 3)), "022100");
  EXPECT_EQ(der.size(), 2 + 3 + 35U);
}

class SealOpenssl : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_shell("command -v openssl").exit_code, 0) << "openssl is missing";
    seal_ = parsed(sealed());
    write(dir_.path() / "pub.pem", platform_key().public_pem());
    write(dir_.path() / "sig.der", signature_der(seal_.signature));
    write(dir_.path() / "msg", seal_.signed_bytes);
  }

  lw::testing::ShellResult verify(const std::string& msg, const std::string& sig) {
    return run_shell("openssl dgst -sm3 -verify " + shell_quote(dir_.path() / "pub.pem") +
                     " -signature " + shell_quote(dir_.path() / sig) +
                     " -sigopt distid:1234567812345678 " + shell_quote(dir_.path() / msg));
  }

  lw::testing::TempDir dir_;
  Seal seal_;
};

TEST_F(SealOpenssl, JJ_3_5_SignatureVerifiesWithTheOpensslCommandLine) {
  const auto ok = verify("msg", "sig.der");
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_EQ(ok.out, "Verified OK\n");

  std::string changed = seal_.signed_bytes;
  changed[20] = static_cast<char>(changed[20] ^ 1);
  write(dir_.path() / "changed", changed);
  const auto bad = verify("changed", "sig.der");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.out, "Verification failure\n");
}

// The commands of docs/reports.md "Offline verification": the DER signature built from r and s
// with `openssl asn1parse -genconf`, the key id from the PEM with `openssl pkey` and `dgst`.
TEST_F(SealOpenssl, JJ_3_5_DocumentedOpensslCommandsGiveTheSameDerAndKeyId) {
  const std::string r = to_hex(seal_.signature.substr(0, 32));
  const std::string s = to_hex(seal_.signature.substr(32));
  write(dir_.path() / "sig.cnf",
        "asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x" + r + "\ns=INTEGER:0x" + s + "\n");
  const auto gen = run_shell("openssl asn1parse -genconf " + shell_quote(dir_.path() / "sig.cnf") +
                             " -out " + shell_quote(dir_.path() / "built.der") + " -noout");
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  std::ifstream in(dir_.path() / "built.der", std::ios::binary);
  const std::string built(std::istreambuf_iterator<char>(in), {});
  EXPECT_EQ(built, signature_der(seal_.signature));
  const auto ok = verify("msg", "built.der");
  EXPECT_EQ(ok.out, "Verified OK\n") << ok.err;

  const auto id = run_shell("openssl pkey -pubin -in " + shell_quote(dir_.path() / "pub.pem") +
                            " -outform DER | openssl dgst -sm3 -r | cut -c1-16");
  EXPECT_EQ(id.out, to_hex(seal_.key_id) + "\n") << id.err;
}

// The shell script of docs/reports.md "Offline verification", run as the manual gives it.
TEST_F(SealOpenssl, JJ_3_5_TheManualsShellScriptVerifiesASeal) {
  std::ifstream doc(std::string(LABWATCH_SOURCE_DIR) + "/docs/reports.md");
  const std::string text(std::istreambuf_iterator<char>(doc), {});
  const auto marker = text.find("<!-- offline-verification-script -->\n```sh\n");
  ASSERT_NE(marker, std::string::npos) << "the script is gone from docs/reports.md";
  const auto start = text.find('\n', text.find("```sh", marker)) + 1;
  const std::string script = text.substr(start, text.find("```\n", start) - start);
  write(dir_.path() / "verify.sh", script);

  SealFacts f = facts();
  const std::string pdf = "%PDF-1.7\n% the lab's report\n%%EOF\n";
  f.pdf_sm3 = crypto::digest(HashAlg::sm3, pdf);
  write(dir_.path() / "report.pdf", pdf);
  write(dir_.path() / "report-key.pem", platform_key().public_pem());
  const std::string url = seal_url(kBase, sealed(f));
  const auto run = [&] {
    return run_shell("cd " + shell_quote(dir_.path()) + " && URL=" + shell_quote(url) +
                     " sh verify.sh");
  };
  const auto r = run();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string pdf_hex = to_hex(f.pdf_sm3);
  EXPECT_EQ(r.out, "number:      " + std::string(kNumber) + "\n" +
                       "issued at:   2026-03-01T06:03:04Z, 2026-03-01T14:03:04+08:00\n" +
                       "key id:      " + platform_key().key_id() + "\n" +
                       "PDF SM3:     " + pdf_hex + "\n" + "content SM3: " + to_hex(f.content_sm3) +
                       "\n" + "Verified OK\n" + "the PDF matches\n");

  write(dir_.path() / "report.pdf", pdf + " ");
  const auto changed = run();
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.out.find("the PDF differs"), std::string::npos) << changed.out;

  // A payload signed by another key that names the platform's: the key id agrees, the
  // signature does not.
  std::string b = bytes_of(sealed(f, Sm2KeyPair::generate()));
  b.replace(1, 8, crypto::digest(HashAlg::sm3, platform_key().public_der()).substr(0, 8));
  b.resize(b.size() - 64);
  const Sm2KeyPair forger = Sm2KeyPair::generate();
  b += rs_of(forger.sign(b));
  const auto forged =
      run_shell("cd " + shell_quote(dir_.path()) + " && URL=" +
                shell_quote(seal_url(kBase, crypto::base32_encode(b))) + " sh verify.sh");
  EXPECT_EQ(forged.exit_code, 1);
  EXPECT_NE(forged.out.find("Verification failure"), std::string::npos) << forged.out;

  write(dir_.path() / "report-key.pem", forger.public_pem());
  const auto other_key = run();
  EXPECT_EQ(other_key.exit_code, 1);
  EXPECT_NE(other_key.out.find("signed with another key"), std::string::npos) << other_key.out;
}

}  // namespace
}  // namespace lw::seal
