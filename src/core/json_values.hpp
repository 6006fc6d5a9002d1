#pragma once
// JSON values as every answer and ledger record writes them: facts that may be absent (null
// when absent) and lists of ids.
#include <cstdint>
#include <optional>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "core/clock.hpp"

namespace lw {

/// The id, or null.
inline boost::json::value id_or_null(const std::optional<std::int64_t>& id) {
  return id ? boost::json::value(*id) : boost::json::value(nullptr);
}

/// The instant in RFC 3339 UTC (format_utc), or null.
inline boost::json::value time_or_null(const std::optional<Instant>& t) {
  return t ? boost::json::value(format_utc(*t)) : boost::json::value(nullptr);
}

/// The ids as a JSON array.
inline boost::json::array ids_json(const std::vector<std::int64_t>& ids) {
  return boost::json::array(ids.begin(), ids.end());
}

}  // namespace lw
