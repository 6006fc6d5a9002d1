#include "print/qr_matrix.hpp"

#include <qrencode.h>

#include <memory>
#include <string>

namespace lw::print {

Result<QrMatrix> QrMatrix::encode(std::string_view text, QrLevel level) {
  if (text.empty() || text.find('\0') != std::string_view::npos) {
    return Error(std::string(errc::invalid_argument), "QR text empty or with a NUL byte");
  }
  const std::string z(text);
  // Version 0: the smallest that fits; case-sensitive, so byte mode where lower case appears.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(z.c_str(), 0, level == QrLevel::M ? QR_ECLEVEL_M : QR_ECLEVEL_Q,
                          QR_MODE_8, 1),
      &QRcode_free);
  if (!code) {
    return Error(std::string(errc::invalid_argument), "text too long for a QR code");
  }
  const int n = code->width;
  std::vector<bool> dark(static_cast<std::size_t>(n * n));
  for (std::size_t i = 0; i < dark.size(); ++i) {
    dark[i] = (code->data[i] & 1) != 0;  // bit 0: dark; the other bits describe the module kind
  }
  return QrMatrix(n, std::move(dark));
}

}  // namespace lw::print
