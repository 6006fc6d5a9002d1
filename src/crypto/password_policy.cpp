// check_password and its list of common passwords (declared in password.hpp).
#include <array>
#include <string>

#include "core/text.hpp"
#include "crypto/password.hpp"

namespace lw::crypto {

namespace {

// Lower-case; compared after ASCII case folding. Leaked-list favourites worldwide and in China
// (keyboard walks, 520/1314 "I love you (for life)", 8s, Aa/Admin/P@ssw0rd patterns that pass
// the class rule).
constexpr std::array<std::string_view, 120> kCommon{
    "123456",      "123456789", "12345678",      "12345",       "1234567",     "1234567890",
    "111111",      "000000",    "123123",        "654321",      "666666",      "888888",
    "88888888",    "11111111",  "00000000",      "12341234",    "112233",      "123321",
    "147258369",   "159357",    "5201314",       "520520",      "1314520",     "woaini1314",
    "woaini520",   "woaini",    "iloveyou",      "iloveyou1",   "1qaz2wsx",    "1q2w3e4r",
    "1q2w3e4r5t",  "1qaz@wsx",  "1qaz!qaz",      "!qaz2wsx",    "zaq12wsx",    "qazwsx",
    "qazwsxedc",   "q1w2e3r4",  "qwe123",        "123qwe",      "123qweasd",   "123qwe!@#",
    "qwer1234",    "1234qwer",  "qwerty",        "qwerty123",   "qwertyuiop",  "asdfgh",
    "asdfghjkl",   "asd123",    "zxcvbnm",       "abc123",      "abc12345",    "abc@123",
    "abc@1234",    "abcd1234",  "1234abcd",      "abcd@1234",   "a123456",     "a12345678",
    "a123456789",  "123456a",   "12345678a",     "aa123456",    "aa123456.",   "aa123456!",
    "aa@123456",   "aa112233",  "a1b2c3d4",      "qq123456",    "password",    "password1",
    "password123", "p@ssw0rd",  "p@ssword",      "passw0rd",    "p@ssw0rd123", "p@55w0rd",
    "p@ssw0rd!",   "passw0rd!", "admin",         "admin123",    "admin@123",   "admin@1234",
    "admin123!",   "admin888",  "administrator", "root",        "root123",     "root@123",
    "test123",     "test@123",  "test1234",      "user@123",    "welcome",     "welcome1",
    "welcome@123", "letmein",   "changeme",      "changeme123", "huawei@123",  "huawei123",
    "sysadmin",    "system",    "monkey",        "dragon",      "sunshine",    "princess",
    "football",    "baseball",  "superman",      "trustno1",    "master",      "shadow",
    "ashley",      "michael",   "wang123456",    "zhang123",    "li123456",    "5201314a",
};

int character_classes(std::string_view s) {
  bool lower = false;
  bool upper = false;
  bool digit = false;
  bool other = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      other = true;
    }
  }
  return int{lower} + int{upper} + int{digit} + int{other};
}

Error refused(std::string_view reason) {
  boost::json::object fields;
  fields["password"] = reason;
  boost::json::object details;
  details["fields"] = std::move(fields);
  return {std::string(errc::invalid_argument), "password refused: " + std::string(reason),
          std::move(details)};
}

}  // namespace

std::span<const std::string_view> common_passwords() {
  return kCommon;
}

Status check_password(const PasswordPolicy& policy, std::string_view password,
                      std::string_view login) {
  if (utf8_length(password) < static_cast<std::size_t>(policy.min_length)) {
    return refused("too_short");
  }
  if (character_classes(password) < policy.min_classes) {
    return refused("too_few_classes");
  }
  const std::string folded = ascii_lower(password);
  if (utf8_length(login) >= 3 && folded.find(ascii_lower(login)) != std::string::npos) {
    return refused("contains_login");
  }
  for (std::string_view common : kCommon) {
    if (folded == common) {
      return refused("too_common");
    }
  }
  return Status::Ok();
}

}  // namespace lw::crypto
