#pragma once
// A QR code as a square matrix of dark and light modules (libqrencode underneath; nothing else
// includes qrencode.h). Error correction level Q by default (25 % of the symbol may be damaged:
// labels live on wet specimens in curing rooms), M (15 %) for the report seal, which carries
// more and is printed on paper; the encoder picks numeric, alphanumeric and byte segments
// itself, so an upper-case URL yields a smaller symbol.
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace lw::print {

/// The white margin a QR symbol needs around it, in modules (ISO/IEC 18004).
inline constexpr int kQuietModules = 4;

/// Error-correction level: M restores 15 % of the codewords, Q 25 %.
enum class QrLevel { M, Q };

class QrMatrix {
 public:
  /// The smallest symbol for `text` at `level`; invalid_argument when the text is empty, holds
  /// a NUL byte or is too long for a QR code.
  static Result<QrMatrix> encode(std::string_view text, QrLevel level = QrLevel::Q);

  /// Modules per side, without the quiet zone.
  int size() const { return size_; }
  /// The symbol's version, 1 to 40 (size() is 17 + 4 × version).
  int version() const { return (size_ - 17) / 4; }
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
