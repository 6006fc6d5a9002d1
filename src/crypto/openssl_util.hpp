#pragma once
// Module-internal helpers for calling OpenSSL from the crypto .cpp files. No OpenSSL include:
// each .cpp owns its handles.
#include <string>

namespace lw::crypto::detail {

/// Throws std::runtime_error naming `what` and OpenSSL's queued error; clears the queue.
[[noreturn]] void throw_openssl(const char* what);

/// Throws as throw_openssl when `ok` is false: OpenSSL failing on valid input is an
/// impossible state (out of memory, broken provider), not a request error.
inline void check_openssl(bool ok, const char* what) {
  if (!ok) {
    throw_openssl(what);
  }
}

/// The byte pointer OpenSSL's unsigned-char interfaces take.
inline unsigned char* as_uchar(char* p) {
  return reinterpret_cast<unsigned char*>(p);
}
inline const unsigned char* as_uchar(const char* p) {
  return reinterpret_cast<const unsigned char*>(p);
}

}  // namespace lw::crypto::detail
