#include "core/random.hpp"

#include <openssl/rand.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace lw {

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    throw std::runtime_error("RAND_bytes failed");  // no entropy: nothing safe to do
  }
  return out;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xF]);
  }
  return out;
}

std::string random_hex(std::size_t n_bytes) {
  return to_hex(random_bytes(n_bytes));
}

std::string fast_id() {
  // splitmix64: one multiply-xorshift step per id, no system call.
  thread_local std::uint64_t state = [] {
    std::uint64_t seed = 0;
    const std::string b = random_bytes(sizeof seed);
    std::memcpy(&seed, b.data(), sizeof seed);
    return seed;
  }();
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return to_hex(std::string_view(reinterpret_cast<const char*>(&z), sizeof z));
}

}  // namespace lw
