#pragma once
// The marker segments of a JPEG file (ITU T.81 B.1), read without decoding (internal to
// src/photos): the frame size, the quantisation tables and the Photoshop image resources come
// from here, the rest of the metadata from exiv2.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "photos/photo.hpp"

namespace lw::photos {

struct JpegSegment {
  std::uint8_t marker = 0;   // the byte after 0xFF: 0xE1 APP1, 0xDB DQT, 0xC0 SOF0 …
  std::string_view payload;  // after the length field
};

struct JpegLayout {
  std::vector<JpegSegment> segments;  // those before the first start of scan (SOS)
  int width = 0;                      // from the frame header (SOF)
  int height = 0;
};

/// None unless the bytes hold a start of image, well-formed segments with a frame header, a
/// start of scan, and an end of image marker after the scan (a truncated file has none).
std::optional<JpegLayout> read_layout(std::string_view jpeg);

/// The fingerprint of the quantisation tables (DQT) and the IJG quality they were scaled to.
Quantisation quantisation_of(const JpegLayout& layout);

/// An APP13 "Photoshop 3.0" block with image resources that Photoshop writes when it saves a
/// JPEG (version info, JPEG quality, thumbnail, slices …), not only those captioning tools
/// write too (IPTC record, resolution, copyright flag).
bool has_photoshop_resources(const JpegLayout& layout);

}  // namespace lw::photos
