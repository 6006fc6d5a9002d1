#include "crypto/sm2.hpp"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <utility>

#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "crypto/openssl_util.hpp"

namespace lw::crypto {

using detail::as_uchar;
using detail::check_openssl;

namespace {

using Pkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

// A key file larger than this is not a PEM SM2 key (which is about 250 bytes).
constexpr std::streamsize kMaxPemSize = 65536;

// Overwrites a string that held a secret before it is released.
struct Wipe {
  std::string& s;
  ~Wipe() { OPENSSL_cleanse(s.data(), s.size()); }
};

Error bad_key(std::string_view what) {
  ERR_clear_error();
  return Error(std::string(errc::invalid_argument), std::string(what));
}

// A read-only memory BIO over `data` (not copied; `data` must outlive it).
Bio read_bio(std::string_view data) {
  check_openssl(data.size() <= INT_MAX, "BIO_new_mem_buf: input too large");
  Bio bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())), &BIO_free);
  check_openssl(bio != nullptr, "BIO_new_mem_buf");
  return bio;
}

Bio write_bio() {
  Bio bio(BIO_new(BIO_s_mem()), &BIO_free);
  check_openssl(bio != nullptr, "BIO_new");
  return bio;
}

std::string contents(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  check_openssl(n >= 0, "BIO_get_mem_data");
  return {data, static_cast<std::size_t>(n)};
}

// Refuses to ask for a passphrase: an encrypted PEM simply fails to load (OpenSSL's default
// callback would prompt on the terminal).
int no_passphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/) {
  return -1;
}

bool is_sm2(const EVP_PKEY* pkey) {
  return EVP_PKEY_is_a(pkey, "SM2") == 1;
}

std::string spki_der(EVP_PKEY* pkey) {
  unsigned char* der = nullptr;
  const int n = i2d_PUBKEY(pkey, &der);
  check_openssl(n > 0, "i2d_PUBKEY");
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(n));
  OPENSSL_free(der);
  return out;
}

// A digest context initialised for signing or verifying with `pkey` under SM3 and kSm2Id, in
// the order of EVP_PKEY-SM2(7): the ID is set on a key context that the digest context then
// uses. The key context is not owned by the digest context, so it is declared first and
// released last.
struct Sm2DigestCtx {
  PkeyCtx pctx{nullptr, &EVP_PKEY_CTX_free};
  MdCtx mctx{nullptr, &EVP_MD_CTX_free};

  Sm2DigestCtx(EVP_PKEY* pkey, bool signing) {
    pctx.reset(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
    check_openssl(pctx != nullptr, "EVP_PKEY_CTX_new_from_pkey");
    check_openssl(
        EVP_PKEY_CTX_set1_id(pctx.get(), kSm2Id.data(), static_cast<int>(kSm2Id.size())) == 1,
        "EVP_PKEY_CTX_set1_id");
    mctx.reset(EVP_MD_CTX_new());
    check_openssl(mctx != nullptr, "EVP_MD_CTX_new");
    EVP_MD_CTX_set_pkey_ctx(mctx.get(), pctx.get());
    if (signing) {
      check_openssl(EVP_DigestSignInit(mctx.get(), nullptr, EVP_sm3(), nullptr, pkey) == 1,
                    "EVP_DigestSignInit");
    } else {
      check_openssl(EVP_DigestVerifyInit(mctx.get(), nullptr, EVP_sm3(), nullptr, pkey) == 1,
                    "EVP_DigestVerifyInit");
    }
  }
};

Error io_error(const std::string& what, const std::filesystem::path& file, int err) {
  return Error(std::string(errc::storage_unavailable),
               what + " " + file.string() + ": " + std::strerror(err));
}

// Closes a descriptor on every path out of a scope.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
  int release() { return std::exchange(fd, -1); }
};

Status fsync_dir(const std::filesystem::path& dir) {
  Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd < 0 || ::fsync(d.fd) != 0) {
    return io_error("cannot sync directory", dir, errno);
  }
  return {};
}

enum class Placed { written, existed };

// Puts `content` at `file` with mode 0600 so that a reader sees either no file or the whole
// content: written to a temporary file beside it and synced, then renamed over `file`
// (`replace`) or hard-linked to it, which fails when `file` exists (then `existed`).
Result<Placed> place_file(const std::filesystem::path& file, std::string_view content,
                          bool replace) {
  const std::filesystem::path dir =
      file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return io_error("cannot create directory", dir, ec.value());
  }
  const std::filesystem::path tmp = dir / ("." + file.filename().string() + ".tmp-" + fast_id());
  Fd out{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
  if (out.fd < 0) {
    return io_error("cannot create", tmp, errno);
  }
  const auto fail = [&tmp](const std::string& what, const std::filesystem::path& where) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return io_error(what, where, err);
  };
  if (::fchmod(out.fd, 0600) != 0) {  // exact, whatever the umask
    return fail("cannot chmod", tmp);
  }
  for (std::size_t done = 0; done < content.size();) {
    const ssize_t n = ::write(out.fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return fail("cannot write", tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(out.fd) != 0 || ::close(out.release()) != 0) {
    return fail("cannot sync", tmp);
  }
  Placed placed = Placed::written;
  if (replace) {
    if (::rename(tmp.c_str(), file.c_str()) != 0) {
      return fail("cannot rename to", file);
    }
  } else {
    if (::link(tmp.c_str(), file.c_str()) != 0) {
      if (errno != EEXIST) {
        return fail("cannot link to", file);
      }
      placed = Placed::existed;
    }
    ::unlink(tmp.c_str());
  }
  LW_TRY(fsync_dir(dir));
  return placed;
}

Result<std::string> read_pem_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return io_error("cannot open", file, errno);
  }
  std::string text;
  text.resize(static_cast<std::size_t>(kMaxPemSize) + 1);
  in.read(text.data(), kMaxPemSize + 1);
  if (in.bad()) {
    OPENSSL_cleanse(text.data(), text.size());
    return io_error("cannot read", file, errno);
  }
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > static_cast<std::size_t>(kMaxPemSize)) {
    OPENSSL_cleanse(text.data(), text.size());
    return Error(std::string(errc::invalid_argument),
                 file.string() + " is too large for an SM2 key");
  }
  return text;
}

// Prefixes the note of a key error with where the key came from.
Result<Sm2KeyPair> named(Result<Sm2KeyPair> key, const std::string& where) {
  if (key.ok()) {
    return key;
  }
  Error e = std::move(key).error();
  e.note = where + ": " + e.note;
  return e;
}

}  // namespace

// ---- Sm2PublicKey --------------------------------------------------------------------------

struct Sm2PublicKey::Impl {
  Pkey pkey{nullptr, &EVP_PKEY_free};
  std::string der;  // encoded once: seals compare key ids on every check
};

Sm2PublicKey::Sm2PublicKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  impl_->der = spki_der(impl_->pkey.get());
}
Sm2PublicKey::~Sm2PublicKey() = default;
Sm2PublicKey::Sm2PublicKey(Sm2PublicKey&&) noexcept = default;
Sm2PublicKey& Sm2PublicKey::operator=(Sm2PublicKey&&) noexcept = default;

Result<Sm2PublicKey> Sm2PublicKey::from_pem(std::string_view pem) {
  const Bio bio = read_bio(pem);
  auto impl = std::make_unique<Impl>();
  impl->pkey.reset(PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase, nullptr));
  if (impl->pkey == nullptr) {
    return bad_key("no PEM public key (SubjectPublicKeyInfo) found");
  }
  if (!is_sm2(impl->pkey.get())) {
    return bad_key("the public key is not an SM2 key");
  }
  return Sm2PublicKey(std::move(impl));
}

Result<Sm2PublicKey> Sm2PublicKey::from_der(std::string_view der) {
  if (der.size() > INT_MAX) {
    return bad_key("DER public key too large");
  }
  const unsigned char* p = as_uchar(der.data());
  auto impl = std::make_unique<Impl>();
  impl->pkey.reset(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  if (impl->pkey == nullptr || p != as_uchar(der.data()) + der.size()) {
    return bad_key("not a DER SubjectPublicKeyInfo");
  }
  if (!is_sm2(impl->pkey.get())) {
    return bad_key("the public key is not an SM2 key");
  }
  return Sm2PublicKey(std::move(impl));
}

std::string Sm2PublicKey::pem() const {
  const Bio bio = write_bio();
  check_openssl(PEM_write_bio_PUBKEY(bio.get(), impl_->pkey.get()) == 1, "PEM_write_bio_PUBKEY");
  return contents(bio.get());
}

std::string Sm2PublicKey::der() const {
  return impl_->der;
}

std::string Sm2PublicKey::point() const {
  std::string out(65, '\0');
  std::size_t len = 0;
  check_openssl(EVP_PKEY_get_octet_string_param(impl_->pkey.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                                as_uchar(out.data()), out.size(), &len) == 1,
                "EVP_PKEY_get_octet_string_param(pub)");
  out.resize(len);
  return out;
}

std::string Sm2PublicKey::key_id() const {
  return to_hex(digest(HashAlg::sm3, der()).substr(0, kSm2KeyIdBytes));
}

bool Sm2PublicKey::verify(std::string_view message, std::string_view signature) const {
  Sm2DigestCtx ctx(impl_->pkey.get(), false);
  // 1 is a valid signature; 0 a wrong one; below 0 a malformed one. OpenSSL's SM2 re-encodes
  // the parsed (r, s) and compares, so trailing or non-canonical DER is refused too.
  const int rc = EVP_DigestVerify(ctx.mctx.get(), as_uchar(signature.data()), signature.size(),
                                  as_uchar(message.data()), message.size());
  ERR_clear_error();
  return rc == 1;
}

bool sm2_verify(const Sm2PublicKey& key, std::string_view message, std::string_view signature) {
  return key.verify(message, signature);
}

// ---- Sm2KeyPair ----------------------------------------------------------------------------

struct Sm2KeyPair::Impl {
  Pkey pkey{nullptr, &EVP_PKEY_free};
};

Sm2KeyPair::Sm2KeyPair(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Sm2KeyPair::~Sm2KeyPair() = default;
Sm2KeyPair::Sm2KeyPair(Sm2KeyPair&&) noexcept = default;
Sm2KeyPair& Sm2KeyPair::operator=(Sm2KeyPair&&) noexcept = default;

Sm2KeyPair Sm2KeyPair::generate() {
  auto impl = std::make_unique<Impl>();
  impl->pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2"));
  check_openssl(impl->pkey != nullptr, "EVP_PKEY_Q_keygen(SM2)");
  return Sm2KeyPair(std::move(impl));
}

Result<Sm2KeyPair> Sm2KeyPair::from_pem(std::string_view pem) {
  const Bio bio = read_bio(pem);
  auto impl = std::make_unique<Impl>();
  impl->pkey.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  if (impl->pkey == nullptr) {
    return bad_key("no unencrypted PEM private key found");
  }
  if (!is_sm2(impl->pkey.get())) {
    return bad_key("the private key is not an SM2 key");
  }
  return Sm2KeyPair(std::move(impl));
}

Result<Sm2KeyPair> Sm2KeyPair::load(const std::filesystem::path& file) {
  auto text = read_pem_file(file);
  if (!text.ok()) {
    return std::move(text).error();
  }
  const Wipe wipe{*text};
  return named(from_pem(*text), file.string());
}

std::string Sm2KeyPair::private_pem() const {
  const Bio bio = write_bio();
  // PKCS#8 ("PRIVATE KEY"), not encrypted: the file's mode protects it.
  check_openssl(PEM_write_bio_PrivateKey(bio.get(), impl_->pkey.get(), nullptr, nullptr, 0, nullptr,
                                         nullptr) == 1,
                "PEM_write_bio_PrivateKey");
  std::string pem = contents(bio.get());
  // The memory BIO's buffer held the secret too.
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  if (n > 0) {
    OPENSSL_cleanse(data, static_cast<std::size_t>(n));
  }
  return pem;
}

Status Sm2KeyPair::save(const std::filesystem::path& file) const {
  std::string pem = private_pem();
  const Wipe wipe{pem};
  auto placed = place_file(file, pem, true);
  if (!placed.ok()) {
    return std::move(placed).error();
  }
  return {};
}

Sm2PublicKey Sm2KeyPair::public_key() const {
  auto key = Sm2PublicKey::from_der(public_der());
  check_openssl(key.ok(), "SM2 public key re-encoding");
  return std::move(key).value();
}

std::string Sm2KeyPair::public_pem() const {
  return public_key().pem();
}

std::string Sm2KeyPair::public_der() const {
  return spki_der(impl_->pkey.get());
}

std::string Sm2KeyPair::key_id() const {
  return to_hex(digest(HashAlg::sm3, public_der()).substr(0, kSm2KeyIdBytes));
}

std::string Sm2KeyPair::sign(std::string_view message) const {
  Sm2DigestCtx ctx(impl_->pkey.get(), true);
  std::size_t len = 0;
  check_openssl(
      EVP_DigestSign(ctx.mctx.get(), nullptr, &len, as_uchar(message.data()), message.size()) == 1,
      "EVP_DigestSign(size)");
  std::string sig(len, '\0');
  check_openssl(EVP_DigestSign(ctx.mctx.get(), as_uchar(sig.data()), &len, as_uchar(message.data()),
                               message.size()) == 1,
                "EVP_DigestSign");
  sig.resize(len);
  return sig;
}

// ---- The platform's key --------------------------------------------------------------------

Result<Sm2KeyPair> load_or_create_sm2_key(const std::filesystem::path& file, const char* env_var) {
  if (const char* env = std::getenv(env_var); env && *env) {
    const std::string_view value(env);
    if (value.starts_with("-----BEGIN")) {
      return named(Sm2KeyPair::from_pem(value), env_var);
    }
    return named(Sm2KeyPair::load(value), env_var);
  }
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    return Sm2KeyPair::load(file);
  }
  Sm2KeyPair key = Sm2KeyPair::generate();
  std::string pem = key.private_pem();
  const Wipe wipe{pem};
  auto placed = place_file(file, pem, false);
  if (!placed.ok()) {
    return std::move(placed).error();
  }
  if (*placed == Placed::existed) {  // another process created it first: use that key
    return Sm2KeyPair::load(file);
  }
  return key;
}

}  // namespace lw::crypto
