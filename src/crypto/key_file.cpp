#include "crypto/key_file.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "core/random.hpp"
#include "crypto/hash.hpp"

namespace lw::crypto {
namespace {

Result<std::string> decode(const std::string& hex, const std::string& where, std::size_t bytes) {
  auto raw = from_hex(hex);
  if (!raw || raw->size() != bytes) {
    return Error(std::string(errc::invalid_argument),
                 where + " must hold " + std::to_string(bytes * 2) + " hex digits");
  }
  return std::move(*raw);
}

}  // namespace

Result<std::string> load_or_create_key(const std::filesystem::path& file, const char* env_var,
                                       std::size_t bytes) {
  if (const char* env = std::getenv(env_var); env && *env) {
    return decode(env, env_var, bytes);
  }
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    std::filesystem::create_directories(file.parent_path(), ec);
    const std::string key = random_bytes(bytes);
    {
      std::ofstream out(file, std::ios::trunc);
      out << to_hex(key) << "\n";
      if (!out) {
        return Error(std::string(errc::storage_unavailable), "cannot write " + file.string());
      }
    }
    ::chmod(file.c_str(), 0600);
    return key;
  }
  std::ifstream in(file);
  std::string hex;
  in >> hex;
  return decode(hex, file.string(), bytes);
}

}  // namespace lw::crypto
