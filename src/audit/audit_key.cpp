#include "audit/audit_key.hpp"

#include "crypto/key_file.hpp"

namespace lw::audit {

Result<std::string> load_or_create_key(const std::filesystem::path& data_dir) {
  return crypto::load_or_create_key(data_dir / "keys" / "audit.key", "LABWATCH_AUDIT_KEY", 32);
}

}  // namespace lw::audit
