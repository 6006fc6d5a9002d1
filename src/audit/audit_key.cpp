#include "audit/audit_key.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "core/random.hpp"
#include "crypto/hash.hpp"

namespace lw::audit {
namespace {

constexpr std::size_t kKeyBytes = 32;

Result<std::string> decode(const std::string& hex, const std::string& where) {
  auto raw = crypto::from_hex(hex);
  if (!raw || raw->size() != kKeyBytes) {
    return Error(std::string(errc::invalid_argument), where + " must hold 64 hex digits");
  }
  return std::move(*raw);
}

}  // namespace

Result<std::string> load_or_create_key(const std::filesystem::path& data_dir) {
  if (const char* env = std::getenv("LABWATCH_AUDIT_KEY"); env && *env) {
    return decode(env, "LABWATCH_AUDIT_KEY");
  }
  const auto path = data_dir / "keys" / "audit.key";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    std::filesystem::create_directories(path.parent_path(), ec);
    const std::string key = random_bytes(kKeyBytes);
    {
      std::ofstream out(path, std::ios::trunc);
      out << to_hex(key) << "\n";
      if (!out) {
        return Error(std::string(errc::storage_unavailable), "cannot write " + path.string());
      }
    }
    ::chmod(path.c_str(), 0600);
    return key;
  }
  std::ifstream in(path);
  std::string hex;
  in >> hex;
  return decode(hex, path.string());
}

}  // namespace lw::audit
