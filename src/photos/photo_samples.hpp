#pragma once
// Camera-like JPEGs of construction sites (library lw_photo_samples: tests, bench/photos,
// agent/lw-sim and the demo), and what a faker does to a photo to pass it off again.
//
// A scene (scene_seed) is a procedural construction site — sky, a floor slab, concrete
// columns and walls with formwork lines and stains, rebar cages, scaffold poles, the
// component's label plate — in world coordinates; a shot (shot) is a camera position and a
// light on it, so the second shot of a scene shows the same things from a step aside, zoomed a
// little, in other light, with fresh sensor noise, as a real second photo would. The camera
// encodes with quantisation tables of its own (not the IJG tables software writes) and exiv2
// writes the EXIF a phone would: times, GPS, make, model, orientation, a 160 × 120 thumbnail.
// Deterministic: the same spec gives the same bytes. About 0.5-1 s for 12 megapixels.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/project.hpp"

namespace lw::photos::samples {

struct SitePhotoSpec {
  std::uint64_t scene_seed = 1;
  int shot = 0;      // 0 the first photo of the scene; 1, 2 … others of it
  int width = 4000;  // as stored (before orientation): 12 megapixels
  int height = 3000;
  int quality = 92;  // the camera's JPEG quality (its own tables, scaled alike)
  bool exif = true;  // false: a bare JPEG, as messaging apps send
  std::string date_time_original = "2026:11:20 10:30:00";
  std::string offset_time_original = "+08:00";  // "" for none
  std::optional<domain::GeoPoint> gps = domain::GeoPoint{29.7055, 115.9927};
  std::string make = "HUAWEI";
  std::string model = "ELS-AN00";
  std::string software;  // EXIF Software, "" for none
  int orientation = 1;   // EXIF 1-8; the picture shows upright once turned by it
  bool thumbnail = true;
  std::string label = "KZ-3-07";  // the component id on its label plate
};

/// JPEG bytes of the photo.
std::string generate_site_photo(const SitePhotoSpec& spec);

/// Whether a transformed photo keeps the source's EXIF (with its thumbnail, as most tools do)
/// or goes out bare.
enum class Exif { keep, drop };

// Transforms of JPEG bytes: decoded, changed, re-encoded with the IJG tables (as software
// does). They throw std::invalid_argument on bytes that do not decode.

/// Scaled by `scale` (0.5: half the width and height).
std::string resize_jpeg(std::string_view jpeg, double scale, Exif exif = Exif::keep,
                        int quality = 90);
/// Re-encoded at `quality`.
std::string recompress_jpeg(std::string_view jpeg, int quality, Exif exif = Exif::keep);
/// The centre, without `fraction` of the width and of the height (0.05: 2.5 % off each side).
std::string crop_jpeg(std::string_view jpeg, double fraction, Exif exif = Exif::keep,
                      int quality = 90);
/// The pixels turned upright by the EXIF orientation, which becomes 1 (a gallery app's "save"
/// of a photo taken sideways); the thumbnail is made anew.
std::string upright_jpeg(std::string_view jpeg);
/// Content changed (the scene of `replacement_seed` pasted over most of the frame), the EXIF
/// kept with the old thumbnail, Software "Adobe Photoshop 2023".
std::string edit_photo(std::string_view jpeg, std::uint64_t replacement_seed = 0xED17);

}  // namespace lw::photos::samples
