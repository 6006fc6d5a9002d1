#include "print/qr_png.hpp"

#include <cairo.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace lw::print {

namespace {

// Beyond this a request could ask for an image of gigabytes: 40 px × 185 modules ≈ 7400 px.
constexpr int kMaxModulePx = 40;

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string qr_png(const QrMatrix& qr, int module_px) {
  module_px = std::clamp(module_px, 1, kMaxModulePx);
  const int side = (qr.size() + 2 * kQuietModules) * module_px;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side), &cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                        &cairo_destroy);
  cairo_set_antialias(cr.get(), CAIRO_ANTIALIAS_NONE);
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  cairo_set_source_rgb(cr.get(), 0, 0, 0);
  for (int y = 0; y < qr.size(); ++y) {
    for (int x = 0; x < qr.size(); ++x) {
      if (qr.dark(x, y)) {
        cairo_rectangle(cr.get(), (x + kQuietModules) * module_px, (y + kQuietModules) * module_px,
                        module_px, module_px);
      }
    }
  }
  cairo_fill(cr.get());
  cairo_surface_flush(surface.get());
  std::string png;
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_write_to_png_stream(surface.get(), append_png, &png) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("qr_png: cairo cannot draw or encode the image");
  }
  return png;
}

}  // namespace lw::print
