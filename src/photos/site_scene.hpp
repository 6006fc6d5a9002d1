#pragma once
// The construction-site scenes photo_samples photographs (internal to lw_photo_samples).
#include <cstdint>
#include <string>

#include "photos/image.hpp"

namespace lw::photos::samples {

/// The scene of `seed` as shot `shot` sees it (0 the first; others a step aside, zoomed a
/// little, in other light, with their own sensor noise), `width` × `height` RGB, the component
/// id `label` on its plate. Deterministic.
Image render_site(std::uint64_t seed, int shot, int width, int height, const std::string& label);

}  // namespace lw::photos::samples
