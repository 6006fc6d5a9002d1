#include "domain/label_code.hpp"

#include <cstdint>

namespace lw::domain {
namespace {

int value_of(char c) {
  const auto pos = kLabelAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Damm's algorithm over the quasigroup x∘y = 2·(x ⊕ y) in GF(2^5) (modulus x^5 + x^2 + 1):
// totally anti-symmetric with x∘x = 0, so it catches every single-symbol error and every swap
// of two neighbours, the check symbol included.
int combine(int interim, int value) {
  int v = (interim ^ value) << 1;
  if (v & 32) {
    v ^= 0x25;
  }
  return v;
}

int interim_of(std::string_view symbols) {
  int interim = 0;
  for (char c : symbols) {
    interim = combine(interim, value_of(c));
  }
  return interim;
}

}  // namespace

char label_check(std::string_view body) {
  return kLabelAlphabet[static_cast<std::size_t>(interim_of(body))];
}

std::string make_label_code(std::string_view random_bytes) {
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < 8 && i < random_bytes.size(); ++i) {
    bits = (bits << 8) | static_cast<unsigned char>(random_bytes[i]);
  }
  std::string code;
  for (std::size_t i = 0; i < kLabelRandomSymbols; ++i) {
    code.push_back(kLabelAlphabet[bits & 31u]);
    bits >>= 5;
  }
  code.push_back(label_check(code));
  return code;
}

std::optional<std::string> parse_label_code(std::string_view text) {
  std::string code;
  for (char c : text) {
    if (c == '-' || c == ' ') {
      continue;
    }
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
    if (c == 'O') {
      c = '0';
    } else if (c == 'I' || c == 'L') {
      c = '1';
    }
    if (value_of(c) < 0 || code.size() > kLabelRandomSymbols) {
      return std::nullopt;
    }
    code.push_back(c);
  }
  if (code.size() != kLabelRandomSymbols + 1) {
    return std::nullopt;
  }
  if (interim_of(code) != 0) {
    return std::nullopt;
  }
  return code;
}

std::string display_label_code(std::string_view code) {
  std::string out;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (i > 0 && i % 4 == 0) {
      out.push_back('-');
    }
    out.push_back(code[i]);
  }
  return out;
}

}  // namespace lw::domain
