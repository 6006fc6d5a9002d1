#pragma once
// Blobs as files under a root folder: tmp/ for uploads in progress, then
// ab/cd/abcd… (the SHA-256) after fsync of the file and of its folder.
#include <filesystem>

#include "blobs/blob_store.hpp"

namespace lw::blobs {

class FsBlobStore final : public BlobStore {
 public:
  /// Creates `root` and its tmp/ folder when missing.
  static Result<std::unique_ptr<FsBlobStore>> open(const std::filesystem::path& root);

  Result<std::unique_ptr<BlobWriter>> begin() override;
  bool contains(std::string_view sha256) const override;
  std::optional<std::string> local_path(std::string_view sha256) const override;

  std::filesystem::path path_of(std::string_view sha256) const;

 private:
  explicit FsBlobStore(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;
};

}  // namespace lw::blobs
