#include "photos/photo_samples.hpp"

#include <exiv2/exiv2.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "photos/exiv2_support.hpp"
#include "photos/image.hpp"
#include "photos/site_scene.hpp"

namespace lw::photos::samples {
namespace {

// --- the camera: its own quantisation tables, EXIF ---------------------------------------------

QuantTables camera_tables(const SitePhotoSpec& spec) {
  // The IJG base tables scaled like jpeg_set_quality, each value then nudged by a pattern of
  // the make and model: tables of the camera's own, stable per model and quality.
  static constexpr std::uint16_t kBase[128] = {
      16,  11, 10, 16,  24,  40,  51, 61,  12,  12, 14, 19, 26, 58, 60,  55,  14,  13,  16,
      24,  40, 57, 69,  56,  14,  17, 22,  29,  51, 87, 80, 62, 18, 22,  37,  56,  68,  109,
      103, 77, 24, 35,  55,  64,  81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72,
      92,  95, 98, 112, 100, 103, 99, 17,  18,  24, 47, 99, 99, 99, 99,  18,  21,  26,  66,
      99,  99, 99, 99,  24,  26,  56, 99,  99,  99, 99, 99, 47, 66, 99,  99,  99,  99,  99,
      99,  99, 99, 99,  99,  99,  99, 99,  99,  99, 99, 99, 99, 99, 99,  99,  99,  99,  99,
      99,  99, 99, 99,  99,  99,  99, 99,  99,  99, 99, 99, 99, 99};
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : spec.make + "/" + spec.model) {
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  const int q = std::clamp(spec.quality, 1, 100);
  const int scale = q < 50 ? 5000 / q : 200 - 2 * q;
  QuantTables t;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double nudge = 1 + 0.18 * std::sin(static_cast<double>(i) * (0.7 + (h & 7) * 0.1) +
                                             static_cast<double>((h >> 8) & 0xFF));
    t[i] = static_cast<std::uint16_t>(
        std::clamp(std::lround(kBase[i] * scale / 100.0 * nudge), 1L, 255L));
  }
  return t;
}

std::string rational_dms(double degrees) {
  const double a = std::abs(degrees);
  const int d = static_cast<int>(a);
  const int m = static_cast<int>((a - d) * 60);
  const long s = std::lround(((a - d) * 60 - m) * 60 * 10000);
  return std::to_string(d) + "/1 " + std::to_string(m) + "/1 " + std::to_string(s) + "/10000";
}

Exiv2::ExifData exif_of(const SitePhotoSpec& spec, int orientation, int width, int height) {
  Exiv2::ExifData e;
  e["Exif.Image.Make"] = spec.make;
  e["Exif.Image.Model"] = spec.model;
  if (!spec.software.empty()) {
    e["Exif.Image.Software"] = spec.software;
  }
  e["Exif.Image.Orientation"] = static_cast<std::uint16_t>(orientation);
  e["Exif.Image.DateTime"] = spec.date_time_original;
  e["Exif.Photo.DateTimeOriginal"] = spec.date_time_original;
  e["Exif.Photo.DateTimeDigitized"] = spec.date_time_original;
  if (!spec.offset_time_original.empty()) {
    e["Exif.Photo.OffsetTimeOriginal"] = spec.offset_time_original;
  }
  e["Exif.Photo.PixelXDimension"] = static_cast<std::uint32_t>(width);
  e["Exif.Photo.PixelYDimension"] = static_cast<std::uint32_t>(height);
  if (spec.gps) {
    e["Exif.GPSInfo.GPSVersionID"] = std::string("2 3 0 0");
    e["Exif.GPSInfo.GPSLatitudeRef"] = spec.gps->lat < 0 ? "S" : "N";
    e["Exif.GPSInfo.GPSLatitude"] = rational_dms(spec.gps->lat);
    e["Exif.GPSInfo.GPSLongitudeRef"] = spec.gps->lng < 0 ? "W" : "E";
    e["Exif.GPSInfo.GPSLongitude"] = rational_dms(spec.gps->lng);
    e["Exif.GPSInfo.GPSMapDatum"] = "WGS-84";
  }
  return e;
}

// The thumbnail a camera embeds: 160 px on the longer side, from the stored pixels.
void set_thumbnail(Exiv2::ExifData& exif, const Image& stored) {
  const bool wide = stored.width >= stored.height;
  const int w = wide ? 160 : std::max(1, 160 * stored.width / stored.height);
  const int h = wide ? std::max(1, 160 * stored.height / stored.width) : 160;
  const std::string thumb = encode_jpeg(resized(stored, w, h), 75);
  Exiv2::ExifThumb(exif).setJpegThumbnail(reinterpret_cast<const Exiv2::byte*>(thumb.data()),
                                          static_cast<long>(thumb.size()));
}

std::string with_exif(const std::string& jpeg, const Exiv2::ExifData& exif) {
  prepare_exiv2();
  auto image = Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(jpeg.data()),
                                         static_cast<long>(jpeg.size()));
  image->setExifData(exif);
  image->writeMetadata();
  Exiv2::BasicIo& io = image->io();
  io.open();
  const Exiv2::DataBuf buf = io.read(static_cast<long>(io.size()));
  io.close();
  return std::string(reinterpret_cast<const char*>(buf.pData_),
                     static_cast<std::size_t>(buf.size_));
}

Exiv2::ExifData exif_from(std::string_view jpeg) {
  prepare_exiv2();
  auto image = Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(jpeg.data()),
                                         static_cast<long>(jpeg.size()));
  image->readMetadata();
  return image->exifData();
}

Image decoded(std::string_view jpeg) {
  auto image = decode_jpeg(jpeg);
  if (!image) {
    throw std::invalid_argument(image.error().note);
  }
  return std::move(*image);
}

std::string finish(std::string_view source, const Image& image, int quality, Exif exif) {
  std::string out = encode_jpeg(image, quality);
  if (exif == Exif::keep) {
    out = with_exif(out, exif_from(source));
  }
  return out;
}

int inverse_orientation(int o) {
  return o == 6 ? 8 : o == 8 ? 6 : o;
}

}  // namespace

std::string generate_site_photo(const SitePhotoSpec& spec) {
  const int o = spec.orientation >= 1 && spec.orientation <= 8 ? spec.orientation : 1;
  // Render the scene as it is to be seen, then store it as the sensor had it.
  const bool turned = o >= 5;
  const Image seen = render_site(spec.scene_seed, spec.shot, turned ? spec.height : spec.width,
                                 turned ? spec.width : spec.height, spec.label);
  const Image stored = o == 1 ? seen : oriented(seen, inverse_orientation(o));
  const QuantTables tables = camera_tables(spec);
  std::string jpeg = encode_jpeg(stored, spec.quality, &tables);
  if (!spec.exif) {
    return jpeg;
  }
  auto exif = exif_of(spec, o, stored.width, stored.height);
  if (spec.thumbnail) {
    set_thumbnail(exif, stored);
  }
  return with_exif(jpeg, exif);
}

std::string resize_jpeg(std::string_view jpeg, double scale, Exif exif, int quality) {
  const Image image = decoded(jpeg);
  const int w = std::max(1, static_cast<int>(std::lround(image.width * scale)));
  const int h = std::max(1, static_cast<int>(std::lround(image.height * scale)));
  return finish(jpeg, resized(image, w, h), quality, exif);
}

std::string recompress_jpeg(std::string_view jpeg, int quality, Exif exif) {
  return finish(jpeg, decoded(jpeg), quality, exif);
}

std::string crop_jpeg(std::string_view jpeg, double fraction, Exif exif, int quality) {
  const Image image = decoded(jpeg);
  const int w = std::max(1, static_cast<int>(std::lround(image.width * (1 - fraction))));
  const int h = std::max(1, static_cast<int>(std::lround(image.height * (1 - fraction))));
  const int x0 = (image.width - w) / 2;
  const int y0 = (image.height - h) / 2;
  Image out{w, h, image.channels, std::vector<std::uint8_t>(std::size_t(w) * h * image.channels)};
  for (int y = 0; y < h; ++y) {
    const auto* in = image.row(y0 + y) + std::size_t(x0) * image.channels;
    std::copy(in, in + std::size_t(w) * image.channels, out.row(y));
  }
  return finish(jpeg, out, quality, exif);
}

std::string upright_jpeg(std::string_view jpeg) {
  auto exif = exif_from(jpeg);
  const auto o = exif.findKey(Exiv2::ExifKey("Exif.Image.Orientation"));
  const int orientation = o == exif.end() ? 1 : static_cast<int>(o->toLong(0));
  const Image image = oriented(decoded(jpeg), orientation);
  exif["Exif.Image.Orientation"] = static_cast<std::uint16_t>(1);
  set_thumbnail(exif, image);
  return with_exif(encode_jpeg(image, 92), exif);
}

std::string edit_photo(std::string_view jpeg, std::uint64_t replacement_seed) {
  Image image = decoded(jpeg);
  const Image other =
      render_site(replacement_seed, 0, image.width, image.height, SitePhotoSpec{}.label);
  // Pasted over the frame but a tenth at each side, as a retoucher swaps the subject.
  const int x0 = image.width / 10;
  const int y0 = image.height / 10;
  for (int y = y0; y < image.height - y0; ++y) {
    std::copy(other.row(y) + std::size_t(x0) * 3, other.row(y) + std::size_t(image.width - x0) * 3,
              image.row(y) + std::size_t(x0) * 3);
  }
  auto exif = exif_from(jpeg);
  exif["Exif.Image.Software"] = "Adobe Photoshop 2023";
  return with_exif(encode_jpeg(image, 90), exif);
}

}  // namespace lw::photos::samples
