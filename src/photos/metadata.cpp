// What a photo says about itself, read with exiv2 0.27 (EXIF, XMP) and from the JPEG's own
// segments (frame size, quantisation tables, Photoshop image resources).
#include <exiv2/exiv2.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <mutex>

#include "core/text.hpp"
#include "photos/exiv2_support.hpp"
#include "photos/jpeg_layout.hpp"

namespace lw::photos {
namespace {

std::mutex xmp_mutex;

void xmp_lock(void* data, bool lock) {
  auto* m = static_cast<std::mutex*>(data);
  if (lock) {
    m->lock();
  } else {
    m->unlock();
  }
}

// As exiftool shows a text: up to its first NUL, without surrounding blanks; bytes that are
// no UTF-8 become U+FFFD, so that the text can be stored and sent as JSON.
std::string cleaned(const std::string& raw) {
  const std::string_view s = std::string_view(raw).substr(0, raw.find('\0'));
  auto blank = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  const auto first = std::find_if_not(s.begin(), s.end(), blank);
  const auto last = std::find_if_not(s.rbegin(), s.rend(), blank).base();
  return replace_invalid_utf8(first < last ? std::string_view(first, last) : std::string_view());
}

std::string exif_text(const Exiv2::ExifData& exif, const char* key) {
  const auto it = exif.findKey(Exiv2::ExifKey(key));
  return it == exif.end() ? std::string() : cleaned(it->toString());
}

// Degrees from the three rationals (degrees, minutes, seconds) and the reference letter.
std::optional<double> coordinate(const Exiv2::ExifData& exif, const char* key, const char* ref_key,
                                 char negative, double limit) {
  const auto it = exif.findKey(Exiv2::ExifKey(key));
  if (it == exif.end() || it->count() != 3) {
    return std::nullopt;
  }
  double v = 0;
  double unit = 1;
  for (long i = 0; i < 3; ++i, unit *= 60) {
    const auto r = it->toRational(i);
    if (r.second == 0 || r.first < 0 || r.second < 0) {
      return std::nullopt;
    }
    v += static_cast<double>(r.first) / r.second / unit;
  }
  const std::string ref = exif_text(exif, ref_key);
  if (!ref.empty() && std::toupper(static_cast<unsigned char>(ref[0])) == negative) {
    v = -v;
  }
  if (!(std::abs(v) <= limit)) {
    return std::nullopt;
  }
  return v;
}

// Editors, retouching and beautifying apps (lower case), whose name in EXIF Software or XMP
// CreatorTool means the picture went through them. Camera firmware and phone OS versions are
// not in it.
constexpr std::string_view kEditors[] = {
    "photoshop", "lightroom",     "gimp",    "snapseed",   "meitu",          "美图",
    "美颜",      "醒图",          "picsart", "pixelmator", "affinity photo", "paint.net",
    "paintshop", "photoscape",    "acdsee",  "faststone",  "picasa",         "polarr",
    "fotor",     "photodirector", "luminar", "darktable",  "rawtherapee",    "capture one"};

bool names_editor(std::string_view software) {
  const std::string lower = ascii_lower(software);
  return std::any_of(std::begin(kEditors), std::end(kEditors),
                     [&](std::string_view e) { return lower.find(e) != std::string::npos; });
}

void add_trace(std::vector<std::string>& traces, std::string trace) {
  if (std::find(traces.begin(), traces.end(), trace) == traces.end()) {
    traces.push_back(std::move(trace));
  }
}

void read_exif(const Exiv2::ExifData& exif, PhotoMetadata& m) {
  m.date_time_original = exif_text(exif, "Exif.Photo.DateTimeOriginal");
  m.offset_time_original = exif_text(exif, "Exif.Photo.OffsetTimeOriginal");
  m.make = exif_text(exif, "Exif.Image.Make");
  m.model = exif_text(exif, "Exif.Image.Model");
  m.software = exif_text(exif, "Exif.Image.Software");
  const auto lat =
      coordinate(exif, "Exif.GPSInfo.GPSLatitude", "Exif.GPSInfo.GPSLatitudeRef", 'S', 90);
  const auto lng =
      coordinate(exif, "Exif.GPSInfo.GPSLongitude", "Exif.GPSInfo.GPSLongitudeRef", 'W', 180);
  if (lat && lng) {
    m.gps = domain::GeoPoint{*lat, *lng};
  }
  const auto o = exif.findKey(Exiv2::ExifKey("Exif.Image.Orientation"));
  if (o != exif.end() && o->count() >= 1) {
    const long v = o->toLong(0);
    if (v >= 1 && v <= 8) {
      m.orientation = static_cast<int>(v);
    }
  }
  Exiv2::ExifThumbC thumb(exif);
  if (std::string(thumb.mimeType()) == "image/jpeg") {
    const Exiv2::DataBuf buf = thumb.copy();
    if (buf.size_ > 0) {
      m.thumbnail.assign(reinterpret_cast<const char*>(buf.pData_),
                         static_cast<std::size_t>(buf.size_));
    }
  }
  for (const char* key : {"Exif.Image.Software", "Exif.Image.ProcessingSoftware"}) {
    const std::string s = exif_text(exif, key);
    if (names_editor(s)) {
      add_trace(m.edit_traces, "software:" + s);
    }
  }
}

void read_xmp(const Exiv2::XmpData& xmp, PhotoMetadata& m) {
  for (const auto& d : xmp) {
    const std::string key = d.key();
    if (key == "Xmp.xmp.CreatorTool") {
      const std::string tool = cleaned(d.toString());
      if (names_editor(tool)) {
        add_trace(m.edit_traces, "software:" + tool);
      }
    } else if (key.starts_with("Xmp.xmpMM.History")) {
      add_trace(m.edit_traces, "xmp_history");
    }
  }
}

}  // namespace

void prepare_exiv2() {
  static std::once_flag once;
  std::call_once(once, [] {
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
    Exiv2::XmpParser::initialize(xmp_lock, &xmp_mutex);
  });
}

Result<PhotoMetadata> read_metadata(std::string_view jpeg) {
  const auto layout = read_layout(jpeg);
  if (!layout) {
    return Error(std::string(errc::invalid_argument),
                 "not a complete JPEG (markers, frame header, scan and end of image)");
  }
  prepare_exiv2();
  PhotoMetadata m;
  m.width = layout->width;
  m.height = layout->height;
  m.quantisation = quantisation_of(*layout);
  try {
    auto image = Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(jpeg.data()),
                                           static_cast<long>(jpeg.size()));
    if (image.get() == nullptr || image->mimeType() != "image/jpeg") {
      return Error(std::string(errc::invalid_argument), "exiv2 does not read it as a JPEG");
    }
    image->readMetadata();
    read_exif(image->exifData(), m);
    read_xmp(image->xmpData(), m);
  } catch (const Exiv2::AnyError& e) {
    return Error(std::string(errc::invalid_argument), std::string("exiv2: ") + e.what());
  } catch (const std::exception& e) {
    return Error(std::string(errc::invalid_argument), std::string("exiv2: ") + e.what());
  }
  if (has_photoshop_resources(*layout)) {
    add_trace(m.edit_traces, "photoshop_irb");
  }
  return m;
}

std::optional<Instant> capture_instant(const PhotoMetadata& metadata,
                                       std::chrono::minutes default_offset) {
  const std::string& t = metadata.date_time_original;
  // "YYYY:MM:DD HH:MM:SS"
  if (t.size() != 19 || t[4] != ':' || t[7] != ':' || t[10] != ' ' || t[13] != ':' ||
      t[16] != ':') {
    return std::nullopt;
  }
  auto number = [&t](std::size_t at, std::size_t len) -> std::optional<int> {
    int v = 0;
    const auto [end, ec] = std::from_chars(t.data() + at, t.data() + at + len, v);
    if (ec != std::errc() || end != t.data() + at + len) {
      return std::nullopt;
    }
    return v;
  };
  const auto y = number(0, 4);
  const auto mo = number(5, 2);
  const auto d = number(8, 2);
  const auto h = number(11, 2);
  const auto mi = number(14, 2);
  const auto s = number(17, 2);
  if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(*y),
                                         std::chrono::month(static_cast<unsigned>(*mo)),
                                         std::chrono::day(static_cast<unsigned>(*d))};
  if (!date.ok()) {
    return std::nullopt;
  }
  std::chrono::minutes offset = default_offset;
  const std::string& o = metadata.offset_time_original;  // "+08:00"
  if (o.size() == 6 && (o[0] == '+' || o[0] == '-') && o[3] == ':') {
    int oh = 0;
    int om = 0;
    const auto r1 = std::from_chars(o.data() + 1, o.data() + 3, oh);
    const auto r2 = std::from_chars(o.data() + 4, o.data() + 6, om);
    if (r1.ec == std::errc() && r2.ec == std::errc() && r1.ptr == o.data() + 3 &&
        r2.ptr == o.data() + 6 && oh <= 14 && om <= 59) {
      offset = std::chrono::minutes((o[0] == '-' ? -1 : 1) * (oh * 60 + om));
    }
  }
  const auto local = std::chrono::sys_days(date) + std::chrono::hours(*h) +
                     std::chrono::minutes(*mi) + std::chrono::seconds(*s);
  return std::chrono::time_point_cast<Micros>(local - offset);
}

}  // namespace lw::photos
