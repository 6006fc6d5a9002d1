#pragma once
// A deployment secret (the audit chain's key, the data key sealing stored secrets): taken from
// an environment variable (hex) when set, so every instance of a deployment shares it;
// otherwise read from a file, created with fresh random bytes (mode 0600) on first use.
#include <cstddef>
#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace lw::crypto {

/// The raw key of `bytes` bytes from `env_var` or `file`.
Result<std::string> load_or_create_key(const std::filesystem::path& file, const char* env_var,
                                       std::size_t bytes);

}  // namespace lw::crypto
