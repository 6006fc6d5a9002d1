#include "crypto/sm2.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <thread>
#include <vector>

#include "core/random.hpp"
#include "crypto/hash.hpp"

namespace lw::crypto {
namespace {

namespace fs = std::filesystem;

// A fresh directory, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "lw-sm2-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed");
    }
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  fs::path operator/(const std::string& name) const { return path_ / name; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_file(const fs::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << file;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Shell {
  int exit_code = -1;
  std::string output;  // standard output and standard error
};

// `command` through the shell, waiting for it to exit.
Shell shell(const std::string& command) {
  Shell r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  std::array<char, 256> buf{};
  while (p != nullptr && std::fgets(buf.data(), buf.size(), p) != nullptr) {
    r.output += buf.data();
  }
  const int status = p != nullptr ? ::pclose(p) : -1;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

bool have_openssl_cli() {
  return shell("command -v openssl").exit_code == 0;
}

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

mode_t mode_of(const fs::path& file) {
  struct stat st {};
  EXPECT_EQ(::stat(file.c_str(), &st), 0) << file;
  return st.st_mode & 0777;
}

// Sets an environment variable for one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

constexpr const char* kEnv = "LW_SM2_TEST_KEY";

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return {data, static_cast<std::size_t>(n)};
}

// ---- Signing and verifying ----------------------------------------------------------------

TEST(Sm2, SignThenVerify) {
  const Sm2KeyPair key = Sm2KeyPair::generate();
  const std::string message = "checkpoint\nlabwatch.ledger/1\n1024\nq2fRb0...\n";
  const std::string sig = key.sign(message);
  EXPECT_GE(sig.size(), 8u);
  EXPECT_LE(sig.size(), 72u);
  EXPECT_EQ(sig[0], '\x30');  // DER SEQUENCE
  EXPECT_TRUE(sm2_verify(key.public_key(), message, sig));
  EXPECT_TRUE(key.public_key().verify(message, sig));
}

TEST(Sm2, SignsEmptyAndLargeMessages) {
  const Sm2KeyPair key = Sm2KeyPair::generate();
  const Sm2PublicKey pub = key.public_key();
  for (std::size_t n : {0, 1, 64, 100000}) {
    const std::string message = random_bytes(n);
    EXPECT_TRUE(sm2_verify(pub, message, key.sign(message))) << n;
  }
}

TEST(Sm2, SignaturesAreRandomisedAndEachVerifies) {
  const Sm2KeyPair key = Sm2KeyPair::generate();
  const std::string a = key.sign("same message");
  const std::string b = key.sign("same message");
  EXPECT_NE(a, b);
  EXPECT_TRUE(sm2_verify(key.public_key(), "same message", a));
  EXPECT_TRUE(sm2_verify(key.public_key(), "same message", b));
}

TEST(Sm2, RefusesAChangedMessage) {
  const Sm2KeyPair key = Sm2KeyPair::generate();
  const Sm2PublicKey pub = key.public_key();
  const std::string message = "tree_size=1024 root=abcdef";
  const std::string sig = key.sign(message);
  for (std::size_t i = 0; i < message.size(); ++i) {
    std::string changed = message;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    EXPECT_FALSE(sm2_verify(pub, changed, sig)) << "flipped message byte " << i;
  }
  EXPECT_FALSE(sm2_verify(pub, message + " ", sig));
  EXPECT_FALSE(sm2_verify(pub, message.substr(1), sig));
  EXPECT_FALSE(sm2_verify(pub, "", sig));
}

TEST(Sm2, RefusesAChangedSignatureByte) {
  const Sm2KeyPair key = Sm2KeyPair::generate();
  const Sm2PublicKey pub = key.public_key();
  const std::string sig = key.sign("message");
  for (std::size_t i = 0; i < sig.size(); ++i) {
    std::string bad = sig;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    EXPECT_FALSE(sm2_verify(pub, "message", bad)) << "flipped signature byte " << i;
  }
}

TEST(Sm2, RefusesMalformedSignatures) {
  const Sm2KeyPair key = Sm2KeyPair::generate();
  const Sm2PublicKey pub = key.public_key();
  const std::string sig = key.sign("message");
  EXPECT_FALSE(sm2_verify(pub, "message", ""));
  EXPECT_FALSE(sm2_verify(pub, "message", sig.substr(0, sig.size() - 1)));
  EXPECT_FALSE(sm2_verify(pub, "message", sig + '\0'));  // trailing bytes after the DER
  EXPECT_FALSE(sm2_verify(pub, "message", std::string(72, '\0')));
  EXPECT_FALSE(sm2_verify(pub, "message", random_bytes(71)));
  EXPECT_TRUE(sm2_verify(pub, "message", sig));  // and the error queue left nothing behind
}

TEST(Sm2, RefusesAnotherKeysPublicKey) {
  const Sm2KeyPair key = Sm2KeyPair::generate();
  const Sm2KeyPair other = Sm2KeyPair::generate();
  const std::string sig = key.sign("message");
  EXPECT_FALSE(sm2_verify(other.public_key(), "message", sig));
  EXPECT_NE(key.key_id(), other.key_id());
}

TEST(Sm2, VerifiesFromSeveralThreadsAtOnce) {
  const Sm2KeyPair key = Sm2KeyPair::generate();
  const Sm2PublicKey pub = key.public_key();
  std::vector<std::thread> threads;
  std::array<int, 4> good{};
  for (std::size_t t = 0; t < good.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const std::string message = "thread " + std::to_string(t) + " #" + std::to_string(i);
        good[t] += sm2_verify(pub, message, key.sign(message)) ? 1 : 0;
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  for (int g : good) {
    EXPECT_EQ(g, 20);
  }
}

// ---- Public key forms ----------------------------------------------------------------------

TEST(Sm2, PublicKeyForms) {
  const Sm2KeyPair key = Sm2KeyPair::generate();
  const Sm2PublicKey pub = key.public_key();
  EXPECT_TRUE(pub.pem().starts_with("-----BEGIN PUBLIC KEY-----\n")) << pub.pem();
  EXPECT_EQ(pub.pem(), key.public_pem());
  EXPECT_EQ(pub.der(), key.public_der());
  EXPECT_EQ(pub.der()[0], '\x30');

  const std::string point = pub.point();
  ASSERT_EQ(point.size(), 65u);
  EXPECT_EQ(point[0], '\x04');
  EXPECT_TRUE(pub.der().ends_with(point));  // the BIT STRING of the SubjectPublicKeyInfo

  // key id: first 8 bytes of SM3 over the DER SubjectPublicKeyInfo, in hex.
  EXPECT_EQ(pub.key_id(), to_hex(digest(HashAlg::sm3, pub.der()).substr(0, 8)));
  EXPECT_EQ(pub.key_id().size(), 2 * kSm2KeyIdBytes);
  EXPECT_EQ(key.key_id(), pub.key_id());

  auto from_pem = Sm2PublicKey::from_pem(pub.pem());
  ASSERT_TRUE(from_pem.ok()) << from_pem.error().note;
  EXPECT_EQ(from_pem->der(), pub.der());
  auto from_der = Sm2PublicKey::from_der(pub.der());
  ASSERT_TRUE(from_der.ok()) << from_der.error().note;
  EXPECT_EQ(from_der->pem(), pub.pem());
  EXPECT_TRUE(sm2_verify(*from_der, "m", key.sign("m")));
}

TEST(Sm2, PublicKeyParsingRefusesOtherInput) {
  const Sm2KeyPair key = Sm2KeyPair::generate();
  for (const std::string& bad :
       {std::string(), std::string("not a key"), key.private_pem(), key.public_der()}) {
    auto r = Sm2PublicKey::from_pem(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "invalid_argument");
  }
  EXPECT_FALSE(Sm2PublicKey::from_der("").ok());
  EXPECT_FALSE(Sm2PublicKey::from_der(key.public_der() + "x").ok());
  EXPECT_FALSE(Sm2PublicKey::from_der(key.public_der().substr(1)).ok());
}

// An EC key on another curve is a valid PEM key, but not an SM2 one.
TEST(Sm2, RefusesKeysOfOtherCurves) {
  const PkeyPtr p256(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
  ASSERT_NE(p256, nullptr);
  const BioPtr priv(BIO_new(BIO_s_mem()), &BIO_free);
  const BioPtr pub(BIO_new(BIO_s_mem()), &BIO_free);
  ASSERT_EQ(PEM_write_bio_PrivateKey(priv.get(), p256.get(), nullptr, nullptr, 0, nullptr, nullptr),
            1);
  ASSERT_EQ(PEM_write_bio_PUBKEY(pub.get(), p256.get()), 1);
  const std::string priv_pem = bio_string(priv.get());
  const std::string pub_pem = bio_string(pub.get());

  auto k = Sm2KeyPair::from_pem(priv_pem);
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.error().code, "invalid_argument");
  EXPECT_NE(k.error().note.find("not an SM2 key"), std::string::npos) << k.error().note;
  auto p = Sm2PublicKey::from_pem(pub_pem);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().note.find("not an SM2 key"), std::string::npos) << p.error().note;
}

// ---- Private key PEM and files -------------------------------------------------------------

TEST(Sm2, PrivatePemRoundTrip) {
  const Sm2KeyPair key = Sm2KeyPair::generate();
  const std::string pem = key.private_pem();
  EXPECT_TRUE(pem.starts_with("-----BEGIN PRIVATE KEY-----\n")) << "PKCS#8 expected";
  auto back = Sm2KeyPair::from_pem(pem);
  ASSERT_TRUE(back.ok()) << back.error().note;
  EXPECT_EQ(back->public_der(), key.public_der());
  EXPECT_TRUE(sm2_verify(key.public_key(), "m", back->sign("m")));
}

TEST(Sm2, PrivateKeyParsingRefusesOtherInput) {
  const Sm2KeyPair key = Sm2KeyPair::generate();
  for (const std::string& bad : {std::string(), std::string("-----BEGIN PRIVATE KEY-----\n"),
                                 key.public_pem(), key.private_pem().substr(0, 100)}) {
    auto r = Sm2KeyPair::from_pem(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "invalid_argument");
  }
}

// An encrypted key is refused, not prompted for on the terminal.
TEST(Sm2, RefusesAnEncryptedPrivateKey) {
  const Sm2KeyPair key = Sm2KeyPair::generate();
  const std::string plain = key.private_pem();
  const BioPtr in(BIO_new_mem_buf(plain.data(), -1), &BIO_free);
  const PkeyPtr pkey(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  ASSERT_NE(pkey, nullptr);
  const BioPtr out(BIO_new(BIO_s_mem()), &BIO_free);
  char pass[] = "secret";
  ASSERT_EQ(PEM_write_bio_PKCS8PrivateKey(out.get(), pkey.get(), EVP_aes_256_cbc(), pass, 6,
                                          nullptr, nullptr),
            1);
  const std::string encrypted = bio_string(out.get());
  ASSERT_TRUE(encrypted.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")) << encrypted;
  auto r = Sm2KeyPair::from_pem(encrypted);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "invalid_argument");
}

TEST(Sm2, SaveAndLoadKeepTheKey) {
  const TempDir dir;
  const fs::path file = dir / "keys" / "ledger.pem";  // the directory is created
  const Sm2KeyPair key = Sm2KeyPair::generate();
  ASSERT_TRUE(key.save(file).ok());
  EXPECT_EQ(mode_of(file), 0600u);
  EXPECT_EQ(read_file(file), key.private_pem());

  auto loaded = Sm2KeyPair::load(file);
  ASSERT_TRUE(loaded.ok()) << loaded.error().note;
  EXPECT_EQ(loaded->public_pem(), key.public_pem());
  EXPECT_EQ(loaded->key_id(), key.key_id());
  EXPECT_TRUE(sm2_verify(key.public_key(), "m", loaded->sign("m")));
  EXPECT_TRUE(sm2_verify(loaded->public_key(), "m", key.sign("m")));
}

TEST(Sm2, SaveReplacesTheFileAndLeavesNoTemporaryFile) {
  const TempDir dir;
  const fs::path file = dir / "ledger.pem";
  const Sm2KeyPair first = Sm2KeyPair::generate();
  const Sm2KeyPair second = Sm2KeyPair::generate();
  ASSERT_TRUE(first.save(file).ok());
  ASSERT_TRUE(second.save(file).ok());
  auto loaded = Sm2KeyPair::load(file);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->key_id(), second.key_id());
  EXPECT_EQ(mode_of(file), 0600u);
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"ledger.pem"});
}

TEST(Sm2, LoadReportsAMissingOrCorruptFile) {
  const TempDir dir;
  auto missing = Sm2KeyPair::load(dir / "absent.pem");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "storage_unavailable");

  write_file(dir / "corrupt.pem", "-----BEGIN PRIVATE KEY-----\ngarbage\n");
  auto corrupt = Sm2KeyPair::load(dir / "corrupt.pem");
  ASSERT_FALSE(corrupt.ok());
  EXPECT_EQ(corrupt.error().code, "invalid_argument");
  EXPECT_NE(corrupt.error().note.find("corrupt.pem"), std::string::npos) << corrupt.error().note;
}

// ---- The platform's key --------------------------------------------------------------------

TEST(Sm2, LoadOrCreateCreatesAPrivateFileOnceAndReadsItAfter) {
  const TempDir dir;
  const fs::path file = dir / "keys" / "ledger.pem";
  auto created = load_or_create_sm2_key(file, kEnv);
  ASSERT_TRUE(created.ok()) << created.error().note;
  ASSERT_TRUE(fs::exists(file));
  EXPECT_EQ(mode_of(file), 0600u);
  EXPECT_TRUE(read_file(file).starts_with("-----BEGIN PRIVATE KEY-----\n"));

  auto again = load_or_create_sm2_key(file, kEnv);
  ASSERT_TRUE(again.ok()) << again.error().note;
  EXPECT_EQ(again->key_id(), created->key_id());
  EXPECT_EQ(again->private_pem(), created->private_pem());
  EXPECT_TRUE(sm2_verify(created->public_key(), "m", again->sign("m")));
}

TEST(Sm2, LoadOrCreateNeverReplacesAnUnreadableKey) {
  const TempDir dir;
  const fs::path file = dir / "ledger.pem";
  write_file(file, "not a key");
  auto r = load_or_create_sm2_key(file, kEnv);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "invalid_argument");
  EXPECT_EQ(read_file(file), "not a key");
}

TEST(Sm2, LoadOrCreateRacersAllGetTheOneKey) {
  const TempDir dir;
  const fs::path file = dir / "ledger.pem";
  std::array<std::string, 4> ids;
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < ids.size(); ++t) {
    threads.emplace_back([&, t] {
      auto key = load_or_create_sm2_key(file, kEnv);
      ids[t] = key.ok() ? key->key_id() : "error: " + key.error().note;
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  auto on_disk = Sm2KeyPair::load(file);
  ASSERT_TRUE(on_disk.ok());
  for (const std::string& id : ids) {
    EXPECT_EQ(id, on_disk->key_id());
  }
}

TEST(Sm2, LoadOrCreateTakesPemTextFromTheEnvironment) {
  const TempDir dir;
  const fs::path file = dir / "ledger.pem";
  const Sm2KeyPair key = Sm2KeyPair::generate();
  const ScopedEnv env(kEnv, key.private_pem());
  auto r = load_or_create_sm2_key(file, kEnv);
  ASSERT_TRUE(r.ok()) << r.error().note;
  EXPECT_EQ(r->key_id(), key.key_id());
  EXPECT_FALSE(fs::exists(file));  // the environment's key is never written
}

TEST(Sm2, LoadOrCreateTakesAPemPathFromTheEnvironment) {
  const TempDir dir;
  const fs::path file = dir / "ledger.pem";
  const Sm2KeyPair key = Sm2KeyPair::generate();
  ASSERT_TRUE(key.save(dir / "shared.pem").ok());
  {
    const ScopedEnv env(kEnv, (dir / "shared.pem").string());
    auto r = load_or_create_sm2_key(file, kEnv);
    ASSERT_TRUE(r.ok()) << r.error().note;
    EXPECT_EQ(r->key_id(), key.key_id());
    EXPECT_FALSE(fs::exists(file));
  }
  {
    const ScopedEnv env(kEnv, (dir / "absent.pem").string());
    auto r = load_or_create_sm2_key(file, kEnv);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().note.find(kEnv), std::string::npos) << r.error().note;
    EXPECT_FALSE(fs::exists(file));
    EXPECT_FALSE(fs::exists(dir / "absent.pem"));
  }
}

// ---- Stock OpenSSL agrees ------------------------------------------------------------------
// Third parties verify checkpoints with the openssl command-line tool and the published public
// key only; these tests run exactly the commands the header documents.

TEST(Sm2, OpenSslCliVerifiesOurSignature) {
  if (!have_openssl_cli()) {
    GTEST_SKIP() << "no openssl binary on PATH";
  }
  const TempDir dir;
  const Sm2KeyPair key = Sm2KeyPair::generate();
  const std::string message = "labwatch checkpoint\n" + random_bytes(200);
  write_file(dir / "msg.bin", message);
  write_file(dir / "sig.der", key.sign(message));
  write_file(dir / "pub.pem", key.public_pem());

  const std::string verify = "openssl dgst -sm3 -verify " + quoted(dir / "pub.pem") +
                             " -signature " + quoted(dir / "sig.der") +
                             " -sigopt distid:1234567812345678 ";
  const Shell ok = shell(verify + quoted(dir / "msg.bin"));
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_EQ(ok.output, "Verified OK\n");

  write_file(dir / "other.bin", message + "!");
  const Shell changed = shell(verify + quoted(dir / "other.bin"));
  EXPECT_NE(changed.exit_code, 0) << changed.output;
  EXPECT_NE(changed.output.find("Verification failure"), std::string::npos) << changed.output;

  // The ID matters: OpenSSL's default (empty) ID does not verify our signatures.
  const Shell no_id =
      shell("openssl dgst -sm3 -verify " + quoted(dir / "pub.pem") + " -signature " +
            quoted(dir / "sig.der") + " " + quoted(dir / "msg.bin"));
  EXPECT_NE(no_id.exit_code, 0) << no_id.output;

  // The documented key id recipe.
  const Shell id = shell("openssl pkey -pubin -in " + quoted(dir / "pub.pem") +
                         " -outform DER | openssl dgst -sm3 -r");
  ASSERT_EQ(id.exit_code, 0) << id.output;
  EXPECT_EQ(id.output.substr(0, 16), key.key_id()) << id.output;
}

TEST(Sm2, OurVerifyAcceptsOpenSslCliSignatures) {
  if (!have_openssl_cli()) {
    GTEST_SKIP() << "no openssl binary on PATH";
  }
  const TempDir dir;
  const std::string message = "signed by stock OpenSSL\n" + random_bytes(100);
  write_file(dir / "msg.bin", message);
  const Shell gen = shell("openssl genpkey -algorithm SM2 -out " + quoted(dir / "key.pem"));
  ASSERT_EQ(gen.exit_code, 0) << gen.output;
  const Shell pub = shell("openssl pkey -in " + quoted(dir / "key.pem") + " -pubout -out " +
                          quoted(dir / "pub.pem"));
  ASSERT_EQ(pub.exit_code, 0) << pub.output;
  const Shell sign = shell("openssl dgst -sm3 -sign " + quoted(dir / "key.pem") +
                           " -sigopt distid:1234567812345678 -out " + quoted(dir / "sig.der") +
                           " " + quoted(dir / "msg.bin"));
  ASSERT_EQ(sign.exit_code, 0) << sign.output;

  auto key = Sm2PublicKey::from_pem(read_file(dir / "pub.pem"));
  ASSERT_TRUE(key.ok()) << key.error().note;
  const std::string sig = read_file(dir / "sig.der");
  EXPECT_TRUE(sm2_verify(*key, message, sig));
  EXPECT_FALSE(sm2_verify(*key, message + "!", sig));

  // The CLI's private key loads as ours and signs for its public key.
  auto pair = Sm2KeyPair::load(dir / "key.pem");
  ASSERT_TRUE(pair.ok()) << pair.error().note;
  EXPECT_EQ(pair->public_pem(), read_file(dir / "pub.pem"));
  EXPECT_TRUE(sm2_verify(*key, message, pair->sign(message)));

  // A signature under OpenSSL's default (empty) ID is not ours.
  const Shell no_id = shell("openssl dgst -sm3 -sign " + quoted(dir / "key.pem") + " -out " +
                            quoted(dir / "sig0.der") + " " + quoted(dir / "msg.bin"));
  ASSERT_EQ(no_id.exit_code, 0) << no_id.output;
  EXPECT_FALSE(sm2_verify(*key, message, read_file(dir / "sig0.der")));
}

}  // namespace
}  // namespace lw::crypto
