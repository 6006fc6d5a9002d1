#include "photos/jpeg_layout.hpp"

namespace lw::photos {
namespace {

int u16(std::string_view s, std::size_t at) {
  return (static_cast<unsigned char>(s[at]) << 8) | static_cast<unsigned char>(s[at + 1]);
}

bool is_frame_header(std::uint8_t m) {
  // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
  return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

// Image resources Photoshop writes when it saves pixels — version info (its name), JPEG
// quality, thumbnail, guides, global angle and altitude, document id seed, slices, print scale,
// pixel aspect ratio — and captioning tools (Photo Mechanic, FotoStation) do not: they write
// the IPTC record (0x0404) with its digest (0x0425), resolution (0x03ED), copyright flag
// (0x040A) and URL (0x040B).
bool photoshop_saved(int id) {
  switch (id) {
    case 0x0406:
    case 0x0408:
    case 0x0409:
    case 0x040C:
    case 0x040D:
    case 0x0414:
    case 0x0419:
    case 0x041A:
    case 0x0421:
    case 0x0426:
    case 0x0428:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<JpegLayout> read_layout(std::string_view jpeg) {
  if (jpeg.size() < 4 || static_cast<unsigned char>(jpeg[0]) != 0xFF ||
      static_cast<unsigned char>(jpeg[1]) != 0xD8) {
    return std::nullopt;
  }
  JpegLayout out;
  bool frame = false;
  std::size_t pos = 2;
  while (true) {
    if (pos >= jpeg.size() || static_cast<unsigned char>(jpeg[pos]) != 0xFF) {
      return std::nullopt;
    }
    while (pos < jpeg.size() && static_cast<unsigned char>(jpeg[pos]) == 0xFF) {
      ++pos;  // fill bytes
    }
    if (pos >= jpeg.size()) {
      return std::nullopt;
    }
    const auto marker = static_cast<std::uint8_t>(jpeg[pos++]);
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      continue;  // TEM, RSTn: no length
    }
    if (marker == 0xD8 || marker == 0xD9 || pos + 2 > jpeg.size()) {
      return std::nullopt;  // a second SOI, or the end before any scan
    }
    const std::size_t length = static_cast<std::size_t>(u16(jpeg, pos));
    if (length < 2 || pos + length > jpeg.size()) {
      return std::nullopt;
    }
    const std::string_view payload = jpeg.substr(pos + 2, length - 2);
    pos += length;
    if (is_frame_header(marker)) {
      if (payload.size() < 6) {
        return std::nullopt;
      }
      out.height = u16(payload, 1);
      out.width = u16(payload, 3);
      frame = true;
    }
    if (marker == 0xDA) {
      // Entropy-coded data never hold 0xFF 0xD9 (a 0xFF there is followed by 0x00 or RSTn), so
      // the first one after the scan header is the end of the image.
      if (!frame || out.width == 0 || out.height == 0 ||
          jpeg.find("\xFF\xD9", pos) == std::string_view::npos) {
        return std::nullopt;
      }
      return out;
    }
    out.segments.push_back({marker, payload});
  }
}

bool has_photoshop_resources(const JpegLayout& layout) {
  constexpr std::string_view kSignature("Photoshop 3.0\0", 14);
  for (const auto& s : layout.segments) {
    if (s.marker != 0xED || !s.payload.starts_with(kSignature)) {
      continue;
    }
    // Image resource blocks: "8BIM", id (2), Pascal name padded to even, size (4), data padded.
    std::string_view p = s.payload.substr(kSignature.size());
    while (p.size() >= 12 && p.starts_with("8BIM")) {
      const int id = u16(p, 4);
      std::size_t at = 6;
      const std::size_t name = 1 + static_cast<unsigned char>(p[at]);
      at += name + (name % 2);
      if (at + 4 > p.size()) {
        break;
      }
      const std::size_t size = (std::size_t(u16(p, at)) << 16) | std::size_t(u16(p, at + 2));
      at += 4;
      if (photoshop_saved(id)) {
        return true;
      }
      if (at + size > p.size()) {
        break;
      }
      p = p.substr(std::min(p.size(), at + size + (size % 2)));
    }
  }
  return false;
}

}  // namespace lw::photos
