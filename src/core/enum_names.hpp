#pragma once
// Enumerations written as names: a constexpr table of (value, name) pairs per enumeration, read
// both ways. Used where a domain enumeration crosses JSON, SQL or a policy file.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace lw {

template <class E, std::size_t N>
using EnumNames = std::array<std::pair<E, std::string_view>, N>;

/// The value named `name`, nothing for an unknown name.
template <class E, std::size_t N>
std::optional<E> parse_from(const EnumNames<E, N>& names, std::string_view name) {
  for (const auto& [value, n] : names) {
    if (n == name) {
      return value;
    }
  }
  return std::nullopt;
}

/// The name of `value`, "" for a value the table lacks.
template <class E, std::size_t N>
std::string_view name_from(const EnumNames<E, N>& names, E value) {
  for (const auto& [v, n] : names) {
    if (v == value) {
      return n;
    }
  }
  return {};
}

}  // namespace lw
