// The small JPEG the regulator's pages show, and the crop that makes an embedded EXIF
// thumbnail comparable with its image.
#include <algorithm>
#include <cmath>

#include "photos/internal.hpp"

namespace lw::photos {

std::string page_thumbnail(const Image& image, int long_side, int quality) {
  const int longer = std::max(image.width, image.height);
  if (longer <= long_side) {
    return encode_jpeg(image, quality);
  }
  const double scale = static_cast<double>(long_side) / longer;
  const int w = std::max(1, static_cast<int>(std::lround(image.width * scale)));
  const int h = std::max(1, static_cast<int>(std::lround(image.height * scale)));
  return encode_jpeg(resized(image, w, h), quality);
}

Image matching_aspect(const Image& thumbnail, int width, int height) {
  if (width <= 0 || height <= 0 || thumbnail.width <= 0 || thumbnail.height <= 0) {
    return thumbnail;
  }
  const double want = static_cast<double>(width) / height;
  const double have = static_cast<double>(thumbnail.width) / thumbnail.height;
  if (std::abs(want / have - 1) < 0.03) {
    return thumbnail;
  }
  // Keep the centre at the image's aspect: bars above and below, or at the sides.
  int w = thumbnail.width;
  int h = thumbnail.height;
  if (want > have) {
    h = std::max(1, static_cast<int>(std::lround(w / want)));
  } else {
    w = std::max(1, static_cast<int>(std::lround(h * want)));
  }
  const int x0 = (thumbnail.width - w) / 2;
  const int y0 = (thumbnail.height - h) / 2;
  Image out{w, h, thumbnail.channels, {}};
  out.pixels.resize(std::size_t(w) * h * thumbnail.channels);
  for (int y = 0; y < h; ++y) {
    const auto* in = thumbnail.row(y0 + y) + std::size_t(x0) * thumbnail.channels;
    std::copy(in, in + std::size_t(w) * thumbnail.channels, out.row(y));
  }
  return out;
}

}  // namespace lw::photos
