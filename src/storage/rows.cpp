#include "storage/rows.hpp"

namespace lw::storage {

std::string param(std::vector<Value>& p, Value v) {
  p.push_back(std::move(v));
  return "$" + std::to_string(p.size());
}

Value optional_id(const std::optional<std::int64_t>& id) {
  return id ? Value(*id) : Value(nullptr);
}

std::optional<std::int64_t> id_or_none(const Row& r, std::size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional(r.int64(i));
}

Value instant_or_null(const std::optional<Instant>& t) {
  return t ? Value(to_micros(*t)) : Value(nullptr);
}

std::optional<Instant> instant_or_none(const Row& r, std::size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional(from_micros(r.int64(i)));
}

std::string joined(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    out += (out.empty() ? "" : ",") + t;
  }
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) {
      comma = text.size();
    }
    out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace lw::storage
