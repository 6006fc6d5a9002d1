// screen_photo: the metadata, one decode at a reduced scale turned as displayed, and from it
// the perceptual hash, the embedded thumbnail's distance and the page thumbnail.
#include "photos/internal.hpp"

namespace lw::photos {
namespace {

Result<Image> displayed(std::string_view jpeg, const PhotoMetadata& metadata) {
  auto image = decode_jpeg(jpeg, {.min_long_side = kDecodeLongSide});
  if (!image) {
    return std::move(image).error();
  }
  return oriented(*image, metadata.orientation.value_or(1));
}

}  // namespace

Result<PerceptualHash> perceptual_hash(std::string_view jpeg) {
  auto metadata = read_metadata(jpeg);
  if (!metadata) {
    return std::move(metadata).error();
  }
  auto image = displayed(jpeg, *metadata);
  if (!image) {
    return std::move(image).error();
  }
  return hash_of(*image);
}

Result<Screening> screen_photo(std::string_view jpeg) {
  auto metadata = read_metadata(jpeg);
  if (!metadata) {
    return std::move(metadata).error();
  }
  auto image = displayed(jpeg, *metadata);
  if (!image) {
    return std::move(image).error();
  }
  Screening out;
  out.phash = hash_of(*image);
  out.detail = detail_hash_of(*image);
  out.thumb_jpeg = page_thumbnail(*image);
  if (!metadata->thumbnail.empty()) {
    // The thumbnail is stored as the sensor saw it, like the image: turned the same way.
    if (auto thumb = decode_jpeg(metadata->thumbnail); thumb) {
      const auto shown = oriented(*thumb, metadata->orientation.value_or(1));
      out.thumbnail_distance =
          hash_distance(out.phash, hash_of(matching_aspect(shown, image->width, image->height)));
    }
  }
  out.metadata = std::move(*metadata);
  return out;
}

}  // namespace lw::photos
