#pragma once
// A QR code as a square matrix of dark and light modules (libqrencode underneath; nothing else
// includes qrencode.h). Error correction level Q (25 % of the symbol may be damaged: labels
// live on wet specimens in curing rooms); the encoder picks numeric, alphanumeric and byte
// segments itself, so an upper-case URL yields a smaller symbol.
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace lw::print {

class QrMatrix {
 public:
  /// The symbol for `text`; invalid_argument when it is empty, holds a NUL byte or is too long
  /// for a QR code.
  static Result<QrMatrix> encode(std::string_view text);

  /// Modules per side, without the quiet zone.
  int size() const { return size_; }
  /// True for a dark module; (0, 0) is the top-left corner.
  bool dark(int x, int y) const {
    return dark_[static_cast<std::size_t>(y) * static_cast<std::size_t>(size_) +
                 static_cast<std::size_t>(x)];
  }

 private:
  QrMatrix(int size, std::vector<bool> dark) : size_(size), dark_(std::move(dark)) {}
  int size_;
  std::vector<bool> dark_;
};

}  // namespace lw::print
