#include "crypto/openssl_util.hpp"

#include <openssl/err.h>

#include <stdexcept>

namespace lw::crypto::detail {

void throw_openssl(const char* what) {
  std::string message = std::string(what) + " failed";
  if (const unsigned long code = ERR_get_error(); code != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    message += ": ";
    message += buf;
  }
  ERR_clear_error();
  throw std::runtime_error(message);
}

}  // namespace lw::crypto::detail
