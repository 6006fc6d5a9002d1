#pragma once
// Small text helpers shared by protocol code and rules: ASCII case folding (header names,
// logins, tokens — never Chinese text), blank trimming, and UTF-8 character counts.
#include <cstddef>
#include <string>
#include <string_view>

namespace lw {

/// `s` with A-Z folded to a-z; every other byte unchanged.
std::string ascii_lower(std::string_view s);
/// True when `a` and `b` are equal ignoring ASCII case.
bool iequals_ascii(std::string_view a, std::string_view b);
/// `s` without leading and trailing spaces and tabs.
std::string_view trim_blanks(std::string_view s);
/// Characters (code points) of well-formed UTF-8: bytes that are not continuation bytes.
std::size_t utf8_length(std::string_view s);
/// Well-formed UTF-8: no overlong forms, surrogates or code points above U+10FFFF.
bool valid_utf8(std::string_view s);
/// `s` with every byte that starts no well-formed UTF-8 character replaced by U+FFFD: client
/// bytes echoed in a JSON answer stay valid JSON.
std::string replace_invalid_utf8(std::string_view s);

}  // namespace lw
