#pragma once
// A stream of bytes read in pieces (an upload body): large content is never held whole.
#include <cstddef>
#include <cstdint>
#include <optional>

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
