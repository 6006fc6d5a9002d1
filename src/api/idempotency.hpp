#pragma once
// Idempotency-Key (幂等键) for every POST that creates something: a retry with the same key and
// body gets the first answer and creates nothing new; the same key with another body is refused
// (422); a retry while the first is still being handled gets 409 and may try again. Keys are
// scoped to the caller and kept in the database, so they hold across server instances.
#include <chrono>
#include <functional>

#include "core/clock.hpp"
#include "http/message.hpp"
#include "storage/writer.hpp"

namespace lw::api {

struct IdempotencyOptions {
  std::chrono::seconds abandoned_after{
      60};  // a claim still in flight this long died with its server
  std::size_t max_key_chars = 128;
};

/// `scope_of` names the caller a key belongs to.
http::Middleware idempotency(storage::Writer& writer, const Clock& clock,
                             std::function<std::string(const http::Request&)> scope_of,
                             IdempotencyOptions options = {});

}  // namespace lw::api
