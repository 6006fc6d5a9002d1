#include "blobs/fs_blob_store.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/random.hpp"

namespace lw::blobs {
namespace fs = std::filesystem;
namespace {

Error io_error(std::string_view what, const fs::path& p) {
  return Error(std::string(errc::storage_unavailable),
               std::string(what) + " " + p.string() + ": " + std::strerror(errno));
}

Status fsync_path(const fs::path& p, int flags) {
  const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
  if (fd < 0) {
    return io_error("open", p);
  }
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) {
    return io_error("fsync", p);
  }
  return {};
}

class FsBlobWriter final : public BlobWriter {
 public:
  FsBlobWriter(const FsBlobStore& store, fs::path tmp, int fd)
      : store_(store), tmp_(std::move(tmp)), fd_(fd), md_(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(md_, EVP_sha256(), nullptr);
  }
  ~FsBlobWriter() override {
    abort();
    EVP_MD_CTX_free(md_);
  }

  Status write(std::string_view chunk) override {
    if (fd_ < 0) {
      return Error(std::string(errc::internal), "blob writer already closed");
    }
    EVP_DigestUpdate(md_, chunk.data(), chunk.size());
    while (!chunk.empty()) {
      const ssize_t n = ::write(fd_, chunk.data(), chunk.size());
      if (n < 0) {
        if (errno == EINTR) {
          continue;
        }
        return io_error("write", tmp_);
      }
      chunk.remove_prefix(static_cast<std::size_t>(n));
      size_ += static_cast<std::uint64_t>(n);
    }
    return {};
  }

  std::uint64_t size() const override { return size_; }

  Result<BlobRef> commit() override {
    auto ref = finish();
    abort();  // a failed commit leaves nothing in tmp/; after a rename there is nothing left
    return ref;
  }

  void abort() override {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
    std::error_code ec;
    fs::remove(tmp_, ec);  // absent once renamed into place
  }

 private:
  // Hashes, fsyncs and renames the file into place.
  Result<BlobRef> finish() {
    if (fd_ < 0) {
      return Error(std::string(errc::internal), "blob writer already closed");
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(md_, digest, &len);
    BlobRef ref{to_hex(std::string_view(reinterpret_cast<char*>(digest), len)), size_};
    if (::fsync(fd_) != 0) {
      return io_error("fsync", tmp_);
    }
    const fs::path final_path = store_.path_of(ref.sha256);
    std::error_code ec;
    if (fs::exists(final_path, ec)) {
      return ref;  // same content already stored
    }
    fs::create_directories(final_path.parent_path(), ec);
    if (ec) {
      return Error(std::string(errc::storage_unavailable),
                   "mkdir " + final_path.parent_path().string() + ": " + ec.message());
    }
    if (::rename(tmp_.c_str(), final_path.c_str()) != 0) {
      return io_error("rename", final_path);
    }
    LW_TRY(fsync_path(final_path.parent_path(), O_RDONLY | O_DIRECTORY));
    return ref;
  }

  const FsBlobStore& store_;
  fs::path tmp_;
  int fd_;
  EVP_MD_CTX* md_;
  std::uint64_t size_ = 0;
};

}  // namespace

Result<std::unique_ptr<FsBlobStore>> FsBlobStore::open(const fs::path& root) {
  std::error_code ec;
  fs::create_directories(root / "tmp", ec);
  if (ec) {
    return Error(std::string(errc::storage_unavailable),
                 "cannot create blob folder " + root.string() + ": " + ec.message());
  }
  return std::unique_ptr<FsBlobStore>(new FsBlobStore(root));
}

Result<std::unique_ptr<BlobWriter>> FsBlobStore::begin() {
  const fs::path tmp = root_ / "tmp" / (random_hex(16) + ".part");
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) {
    return io_error("create", tmp);
  }
  return std::unique_ptr<BlobWriter>(new FsBlobWriter(*this, tmp, fd));
}

fs::path FsBlobStore::path_of(std::string_view sha256) const {
  const std::string h(sha256);
  return root_ / h.substr(0, 2) / h.substr(2, 2) / h;
}

bool FsBlobStore::contains(std::string_view sha256) const {
  std::error_code ec;
  return is_sha256_hex(sha256) && fs::exists(path_of(sha256), ec);
}

std::optional<std::string> FsBlobStore::local_path(std::string_view sha256) const {
  if (!contains(sha256)) {
    return std::nullopt;
  }
  return path_of(sha256).string();
}

}  // namespace lw::blobs
