#pragma once
#include <string>

namespace lw::domain {

/// A name in Simplified Chinese first, English second.
struct LocalizedName {
  std::string zh;
  std::string en;
};

}  // namespace lw::domain
