#pragma once
// Content-addressed storage for large files (photos, PDFs, instrument files). A file is
// written through a BlobWriter that hashes while it writes, and is named by its SHA-256 once
// complete and durable. The interface is what an S3-compatible adapter implements later.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace lw::blobs {

struct BlobRef {
  std::string sha256;  // lower-case hex, the blob's address
  std::uint64_t size = 0;
};

/// True for a 64-character lower-case hex string.
bool is_sha256_hex(std::string_view s);

class BlobWriter {
 public:
  virtual ~BlobWriter() = default;
  virtual Status write(std::string_view chunk) = 0;
  virtual std::uint64_t size() const = 0;
  /// Makes the content durable under its hash and returns its address. A blob already
  /// present is kept as it is.
  virtual Result<BlobRef> commit() = 0;
  /// Discards what was written (also done by the destructor if not committed).
  virtual void abort() = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual Result<std::unique_ptr<BlobWriter>> begin() = 0;
  virtual bool contains(std::string_view sha256) const = 0;
  /// The local file holding the blob, for serving it; empty when absent.
  virtual std::optional<std::string> local_path(std::string_view sha256) const = 0;
};

}  // namespace lw::blobs
