#include "photos/image.hpp"

// clang-format off
#include <cstdio>  // jpeglib.h needs FILE
#include <jpeglib.h>
#include <jerror.h>
// clang-format on

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdlib>

namespace lw::photos {
namespace {

constexpr std::uint64_t kMaxPixels = 200'000'000;

// libjpeg reports a fatal error by calling error_exit, which must not return: it jumps back
// to the setjmp of the call that started the work. Warnings are counted; running out of data
// or meeting a marker inside the scan data (libjpeg then fills the rest with grey) marks the
// input incomplete. Other warnings (stray bytes between segments) are tolerated.
struct ErrorManager {
  jpeg_error_mgr pub;  // first: libjpeg sees only this
  std::jmp_buf jump;
  bool incomplete;
  char message[JMSG_LENGTH_MAX];
};

void on_error(j_common_ptr cinfo) {
  auto* e = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, e->message);
  std::longjmp(e->jump, 1);
}

void on_message(j_common_ptr cinfo, int level) {
  if (level < 0) {
    auto* e = reinterpret_cast<ErrorManager*>(cinfo->err);
    if (cinfo->err->msg_code == JWRN_JPEG_EOF || cinfo->err->msg_code == JWRN_HIT_MARKER) {
      e->incomplete = true;
    }
    ++cinfo->err->num_warnings;
  }
}

void quiet(j_common_ptr) {}

void install(ErrorManager& e) {
  jpeg_std_error(&e.pub);
  e.pub.error_exit = on_error;
  e.pub.emit_message = on_message;
  e.pub.output_message = quiet;
  e.incomplete = false;
  e.message[0] = 0;
}

int scale_denominator(int width, int height, int min_long_side) {
  if (min_long_side <= 0) {
    return 1;
  }
  const int long_side = std::max(width, height);
  const int short_side = std::min(width, height);
  for (int d : {8, 4, 2}) {
    if ((long_side + d - 1) / d >= min_long_side &&
        (short_side + d - 1) / d >= std::min(short_side, 32)) {
      return d;
    }
  }
  return 1;
}

// The libjpeg work between setjmp and the jump back: only the two libjpeg structs live in this
// frame, the results go to the caller's objects.
bool decode_into(const unsigned char* data, unsigned long size, const DecodeOptions& options,
                 Image& out, std::string& error) {
  ErrorManager err;
  jpeg_decompress_struct cinfo{};
  install(err);
  cinfo.err = &err.pub;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    error = err.message;
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, data, size);
  jpeg_read_header(&cinfo, TRUE);
  if (std::uint64_t(cinfo.image_width) * cinfo.image_height > kMaxPixels) {
    jpeg_destroy_decompress(&cinfo);
    error = "more than 200 megapixels";
    return false;
  }
  cinfo.scale_num = 1;
  cinfo.scale_denom = static_cast<unsigned>(scale_denominator(static_cast<int>(cinfo.image_width),
                                                              static_cast<int>(cinfo.image_height),
                                                              options.min_long_side));
  cinfo.out_color_space = options.grey ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(&cinfo);
  out.width = static_cast<int>(cinfo.output_width);
  out.height = static_cast<int>(cinfo.output_height);
  out.channels = cinfo.output_components;
  out.pixels.resize(std::size_t(out.width) * out.height * out.channels);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = out.row(static_cast<int>(cinfo.output_scanline));
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  if (err.incomplete) {
    error = "the scan data end early (truncated or cut)";
    return false;
  }
  return true;
}

bool encode_into(const Image& image, int quality, const QuantTables* tables, unsigned char** buffer,
                 unsigned long* size) {
  ErrorManager err;
  jpeg_compress_struct cinfo{};
  install(err);
  cinfo.err = &err.pub;
  if (setjmp(err.jump)) {
    jpeg_destroy_compress(&cinfo);
    return false;
  }
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, buffer, size);
  cinfo.image_width = static_cast<JDIMENSION>(image.width);
  cinfo.image_height = static_cast<JDIMENSION>(image.height);
  cinfo.input_components = image.channels;
  cinfo.in_color_space = image.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, std::clamp(quality, 1, 100), TRUE);
  if (tables != nullptr) {
    unsigned int table[64];
    for (int t = 0; t < 2; ++t) {
      std::copy_n(tables->begin() + 64 * t, 64, table);
      jpeg_add_quant_table(&cinfo, t, table, 100, TRUE);
    }
  }
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    auto* row = const_cast<JSAMPROW>(image.row(static_cast<int>(cinfo.next_scanline)));
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  return true;
}

// Which source pixels (from `first`, with weights summing to 1) make each output pixel.
struct Span {
  int first = 0;
  std::vector<float> weights;
};

std::vector<Span> spans(int from, int to) {
  std::vector<Span> out(static_cast<std::size_t>(to));
  const double scale = static_cast<double>(from) / to;
  for (int i = 0; i < to; ++i) {
    const double a = i * scale;
    const double b = std::min<double>(from, (i + 1) * scale);
    auto& s = out[static_cast<std::size_t>(i)];
    s.first = std::min(from - 1, static_cast<int>(std::floor(a)));
    const int last = std::max(s.first, std::min(from - 1, static_cast<int>(std::ceil(b)) - 1));
    for (int j = s.first; j <= last; ++j) {
      const double overlap = std::min<double>(b, j + 1) - std::max<double>(a, j);
      s.weights.push_back(static_cast<float>(std::max(0.0, overlap) / (b - a)));
    }
  }
  return out;
}

// Area-average of `channels` interleaved planes of floats.
std::vector<float> resample(const float* src, int width, int height, int channels, int to_width,
                            int to_height) {
  const auto xs = spans(width, to_width);
  const auto ys = spans(height, to_height);
  std::vector<float> rows(std::size_t(height) * to_width * channels);
  for (int y = 0; y < height; ++y) {
    const float* in = src + std::size_t(y) * width * channels;
    float* out = rows.data() + std::size_t(y) * to_width * channels;
    for (int x = 0; x < to_width; ++x) {
      const auto& s = xs[static_cast<std::size_t>(x)];
      for (int c = 0; c < channels; ++c) {
        float sum = 0;
        for (std::size_t k = 0; k < s.weights.size(); ++k) {
          sum += s.weights[k] * in[(s.first + static_cast<int>(k)) * channels + c];
        }
        out[x * channels + c] = sum;
      }
    }
  }
  const std::size_t stride = std::size_t(to_width) * channels;
  std::vector<float> out(std::size_t(to_height) * stride, 0.0f);
  for (int y = 0; y < to_height; ++y) {
    const auto& s = ys[static_cast<std::size_t>(y)];
    float* o = out.data() + std::size_t(y) * stride;
    for (std::size_t k = 0; k < s.weights.size(); ++k) {
      const float w = s.weights[k];
      const float* in = rows.data() + std::size_t(s.first + static_cast<int>(k)) * stride;
      for (std::size_t i = 0; i < stride; ++i) {
        o[i] += w * in[i];
      }
    }
  }
  return out;
}

}  // namespace

Result<Image> decode_jpeg(std::string_view jpeg, const DecodeOptions& options) {
  if (jpeg.size() < 4 || static_cast<unsigned char>(jpeg[0]) != 0xFF ||
      static_cast<unsigned char>(jpeg[1]) != 0xD8) {
    return Error(std::string(errc::invalid_argument), "not a JPEG (no SOI marker)");
  }
  Image out;
  std::string error;
  if (!decode_into(reinterpret_cast<const unsigned char*>(jpeg.data()),
                   static_cast<unsigned long>(jpeg.size()), options, out, error)) {
    return Error(std::string(errc::invalid_argument), "JPEG does not decode: " + error);
  }
  return out;
}

std::string encode_jpeg(const Image& image, int quality, const QuantTables* tables) {
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  std::string out;
  if (encode_into(image, quality, tables, &buffer, &size) && buffer != nullptr) {
    out.assign(reinterpret_cast<const char*>(buffer), size);
  }
  std::free(buffer);
  return out;
}

Image resized(const Image& image, int width, int height) {
  std::vector<float> src(image.pixels.begin(), image.pixels.end());
  const auto dst = resample(src.data(), image.width, image.height, image.channels, width, height);
  Image out{width, height, image.channels, std::vector<std::uint8_t>(dst.size())};
  for (std::size_t i = 0; i < dst.size(); ++i) {
    out.pixels[i] = static_cast<std::uint8_t>(std::clamp(std::lround(dst[i]), 0L, 255L));
  }
  return out;
}

std::vector<float> resized_plane(const std::vector<float>& plane, int width, int height,
                                 int to_width, int to_height) {
  return resample(plane.data(), width, height, 1, to_width, to_height);
}

Image oriented(const Image& image, int orientation) {
  if (orientation < 2 || orientation > 8) {
    return image;
  }
  const int w = image.width;
  const int h = image.height;
  const bool swap = orientation >= 5;
  Image out{swap ? h : w, swap ? w : h, image.channels,
            std::vector<std::uint8_t>(image.pixels.size())};
  const int c = image.channels;
  for (int y = 0; y < out.height; ++y) {
    std::uint8_t* o = out.row(y);
    for (int x = 0; x < out.width; ++x) {
      // Where the displayed pixel (x, y) is stored (EXIF 2.32, Orientation).
      int sx = x;
      int sy = y;
      switch (orientation) {
        case 2:
          sx = w - 1 - x;
          break;
        case 3:
          sx = w - 1 - x;
          sy = h - 1 - y;
          break;
        case 4:
          sy = h - 1 - y;
          break;
        case 5:
          sx = y;
          sy = x;
          break;
        case 6:
          sx = y;
          sy = h - 1 - x;
          break;
        case 7:
          sx = w - 1 - y;
          sy = h - 1 - x;
          break;
        case 8:
          sx = w - 1 - y;
          sy = x;
          break;
        default:
          break;
      }
      const std::uint8_t* in = image.row(sy) + std::size_t(sx) * c;
      std::copy(in, in + c, o + std::size_t(x) * c);
    }
  }
  return out;
}

std::vector<float> luminance(const Image& image) {
  const std::size_t n = std::size_t(image.width) * image.height;
  std::vector<float> out(n);
  if (image.channels == 1) {
    std::copy(image.pixels.begin(), image.pixels.end(), out.begin());
    return out;
  }
  const std::uint8_t* p = image.pixels.data();
  for (std::size_t i = 0; i < n; ++i, p += image.channels) {
    out[i] = 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];
  }
  return out;
}

}  // namespace lw::photos
