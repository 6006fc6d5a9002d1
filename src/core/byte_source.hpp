#pragma once
// A stream of bytes read in pieces (an upload body): large content is never held whole.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/task.hpp"

namespace lw {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads up to `n` bytes into `buf`; 0 means the end.
  virtual Task<Result<std::size_t>> read(char* buf, std::size_t n) = 0;
  /// The length announced in advance, when known.
  virtual std::optional<std::uint64_t> announced_length() const = 0;
};

}  // namespace lw

namespace lw {

/// Bytes already in memory, handed out as a ByteSource (the demo's files).
class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {}
  Task<Result<std::size_t>> read(char* buf, std::size_t n) override {
    const std::size_t k = std::min(n, data_.size() - pos_);
    std::copy_n(data_.data() + pos_, k, buf);
    pos_ += k;
    co_return k;
  }
  std::optional<std::uint64_t> announced_length() const override { return data_.size(); }

 private:
  std::string data_;
  std::size_t pos_ = 0;
};

}  // namespace lw
