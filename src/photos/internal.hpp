#pragma once
// The steps of screen_photo (internal to src/photos), each on an image already decoded and
// turned as displayed.
#include <string>

#include "photos/image.hpp"
#include "photos/photo.hpp"

namespace lw::photos {

/// How far `screen_photo` decodes: the longer side at least this long (1/8 of a 12-megapixel
/// photo is 500 × 375), which is enough for the hash and the page thumbnail.
inline constexpr int kDecodeLongSide = 320;

/// The 64-bit DCT hash of an image (any size, grey or colour), and the 256-bit one.
PerceptualHash hash_of(const Image& image);
DetailHash detail_hash_of(const Image& image);

/// The image shrunk to at most `long_side` px on its longer side, as a JPEG for pages.
std::string page_thumbnail(const Image& image, int long_side = 320, int quality = 80);

/// The part of `thumbnail` that shows what an image of `width` × `height` shows: cameras
/// letterbox a 3:2 or 16:9 picture into a 4:3 thumbnail, and the bars would count as content.
Image matching_aspect(const Image& thumbnail, int width, int height);

}  // namespace lw::photos
