#pragma once
// Decoded pixels for the photo module and its samples (internal to src/photos): libjpeg-turbo
// decoding at a reduced DCT scale, encoding, area-average resizing and EXIF orientation.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace lw::photos {

/// 8-bit pixels, row by row, `channels` (1 grey or 3 RGB) interleaved.
struct Image {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<std::uint8_t> pixels;

  std::uint8_t* row(int y) { return pixels.data() + std::size_t(y) * width * channels; }
  const std::uint8_t* row(int y) const { return pixels.data() + std::size_t(y) * width * channels; }
};

struct DecodeOptions {
  /// Decode at the smallest DCT scale (1/8, 1/4, 1/2 or 1) whose result keeps its longer side at
  /// least this long (and its shorter at least 32 px); 0 for full size.
  int min_long_side = 0;
  bool grey = false;
};

/// invalid_argument unless the bytes are a complete JPEG libjpeg decodes (truncated data, which
/// libjpeg itself only warns about, is refused), of at most 200 megapixels.
Result<Image> decode_jpeg(std::string_view jpeg, const DecodeOptions& options = {});

/// Quantisation tables of one's own (a camera's), natural order: luminance, then chrominance.
using QuantTables = std::array<std::uint16_t, 128>;

/// Baseline JPEG, 4:2:0 for colour, no metadata: at `quality` (1-100) with the IJG tables, or
/// with `tables`.
std::string encode_jpeg(const Image& image, int quality, const QuantTables* tables = nullptr);

/// Area-average resampling (each output pixel the mean of the source area it covers): meant for
/// shrinking; enlarging repeats pixels.
Image resized(const Image& image, int width, int height);
/// The same for one channel of floats (the perceptual hash keeps full precision).
std::vector<float> resized_plane(const std::vector<float>& plane, int width, int height,
                                 int to_width, int to_height);

/// The image as displayed under EXIF orientation 1-8 (others: unchanged).
Image oriented(const Image& image, int orientation);

/// The luminance (BT.601) as floats 0-255; a grey image as is.
std::vector<float> luminance(const Image& image);

}  // namespace lw::photos
