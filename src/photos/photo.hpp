#pragma once
// Photo forensics for on-site tests (issue 8, JL-1.3; docs/onsite.md): what a JPEG says about
// itself (exiv2 metadata), how it was encoded (quantisation tables), what it looks like (a
// perceptual hash that survives resizing, recompression and small crops) and a thumbnail for
// the regulator's pages. Pure functions of the bytes: no storage, no clock.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/project.hpp"
#include "photos/hash_index.hpp"

namespace lw::photos {

/// The JPEG's quantisation tables: a fingerprint of their values (16 hex characters, the same
/// for every photo a camera takes at one setting) and, when they are the IJG standard tables
/// scaled to a quality (what libjpeg, editors and browsers write), that quality (1-100).
struct Quantisation {
  std::string fingerprint;
  std::optional<int> ijg_quality;
};

/// What a photo says about itself. Text fields are as written (trimmed), empty when absent.
struct PhotoMetadata {
  std::string date_time_original;       // EXIF DateTimeOriginal "YYYY:MM:DD HH:MM:SS"
  std::string offset_time_original;     // EXIF OffsetTimeOriginal "+08:00"
  std::optional<domain::GeoPoint> gps;  // EXIF GPS, signed degrees (S and W negative)
  std::string make;
  std::string model;
  std::string software;            // EXIF Software
  std::optional<int> orientation;  // EXIF Orientation 1-8
  int width = 0;                   // from the JPEG frame header
  int height = 0;
  std::string thumbnail;  // the embedded EXIF thumbnail (JPEG bytes); empty when none
  /// Signs of an editor: "software:<name>" (EXIF Software or XMP CreatorTool naming an editor
  /// such as Photoshop, GIMP, Lightroom, Snapseed, Meitu), "xmp_history" (XMP
  /// xmpMM:History), "photoshop_irb" (an APP13 Photoshop 3.0 block with the image resources
  /// Photoshop writes when it saves: version info, JPEG quality, thumbnail, slices …; an IPTC
  /// record alone, as captioning tools write, is none).
  std::vector<std::string> edit_traces;
  Quantisation quantisation;
};

/// Reads the metadata; invalid_argument when the bytes are not a JPEG exiv2 can read.
Result<PhotoMetadata> read_metadata(std::string_view jpeg);

/// The capture instant: DateTimeOriginal at OffsetTimeOriginal, or at `default_offset` when the
/// photo has none (Beijing time, +08:00); none when absent or malformed.
std::optional<Instant> capture_instant(const PhotoMetadata& metadata,
                                       std::chrono::minutes default_offset = std::chrono::hours(8));

// PerceptualHash, DetailHash, hash_distance, detail_distance, kReuseMaxDistance,
// kReuseMaxDetailDistance, BandKey, hash_bands, hash_probes: in photos/hash_index.hpp
// (header-only, what storage's re-use index shares).

/// The perceptual hash of a JPEG as displayed (EXIF orientation applied); invalid_argument when
/// the bytes do not decode.
Result<PerceptualHash> perceptual_hash(std::string_view jpeg);

/// Everything the platform keeps of a photo, from one decode.
struct Screening {
  PhotoMetadata metadata;
  PerceptualHash phash = 0;
  DetailHash detail{};  // confirms a re-use candidate the 64-bit phash found
  /// Bits by which the embedded thumbnail's hash differs from the image's (the image turned
  /// by its orientation first); none without a readable thumbnail.
  std::optional<int> thumbnail_distance;
  std::string thumb_jpeg;  // a small JPEG for pages, longest side 320 px
};
Result<Screening> screen_photo(std::string_view jpeg);

}  // namespace lw::photos
