#pragma once
// exiv2 as the photo module uses it (internal to src/photos): quiet, with the XMP toolkit
// initialised once for every thread, and its exceptions turned into invalid_argument.
#include <string>

namespace lw::photos {

/// Mutes exiv2's log and initialises its XMP parser with a lock (once, thread-safe); call
/// before any other exiv2 use.
void prepare_exiv2();

}  // namespace lw::photos
