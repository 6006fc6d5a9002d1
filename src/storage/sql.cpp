#include "storage/sql.hpp"

#include "core/text.hpp"

namespace lw::storage {

std::string_view engine_name(Engine e) {
  return e == Engine::sqlite ? "sqlite" : "postgresql";
}

bool Row::is_null(std::size_t i) const {
  return std::holds_alternative<std::nullptr_t>(cols_.at(i));
}

std::int64_t Row::int64(std::size_t i) const {
  const auto& v = cols_.at(i);
  if (auto p = std::get_if<std::int64_t>(&v)) {
    return *p;
  }
  if (auto d = std::get_if<double>(&v)) {
    return static_cast<std::int64_t>(*d);
  }
  if (auto s = std::get_if<std::string>(&v)) {
    return std::stoll(*s);
  }
  return 0;
}

double Row::real(std::size_t i) const {
  const auto& v = cols_.at(i);
  if (auto d = std::get_if<double>(&v)) {
    return *d;
  }
  if (auto p = std::get_if<std::int64_t>(&v)) {
    return static_cast<double>(*p);
  }
  if (auto s = std::get_if<std::string>(&v)) {
    return std::stod(*s);
  }
  return 0;
}

std::string Row::text(std::size_t i) const {
  const auto& v = cols_.at(i);
  if (auto s = std::get_if<std::string>(&v)) {
    return *s;
  }
  if (auto p = std::get_if<std::int64_t>(&v)) {
    return std::to_string(*p);
  }
  if (auto b = std::get_if<Bytes>(&v)) {
    return b->data;
  }
  if (auto d = std::get_if<double>(&v)) {
    return std::to_string(*d);
  }
  return {};
}

std::string Row::bytes(std::size_t i) const {
  const auto& v = cols_.at(i);
  if (auto b = std::get_if<Bytes>(&v)) {
    return b->data;
  }
  return text(i);
}

Status check_text_param(std::size_t number, std::string_view text) {
  if (text.find('\0') != std::string_view::npos) {
    return Error(std::string(errc::invalid_argument),
                 "text parameter $" + std::to_string(number) + " contains NUL");
  }
  if (!valid_utf8(text)) {
    return Error(std::string(errc::invalid_argument),
                 "text parameter $" + std::to_string(number) + " is not UTF-8");
  }
  return {};
}

}  // namespace lw::storage
