#pragma once
// The secret that chains the audit trail. Every instance of one deployment must use the same
// key: LABWATCH_AUDIT_KEY (64 hex digits) when set, otherwise DIR/keys/audit.key, created on
// first start (mode 0600).
#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace lw::audit {

/// The 32-byte key, raw.
Result<std::string> load_or_create_key(const std::filesystem::path& data_dir);

}  // namespace lw::audit
