#pragma once
// A QR code as a PNG image (cairo), for GET /api/v1/reports/{id}/qr.png and the public page.
#include <string>

#include "print/qr_matrix.hpp"

namespace lw::print {

/// Black modules on white, `module_px` pixels each (clamped to 1–40), with a quiet zone of 4
/// modules: a PNG file's bytes.
std::string qr_png(const QrMatrix& qr, int module_px = 8);

}  // namespace lw::print
