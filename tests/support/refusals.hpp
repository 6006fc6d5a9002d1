#pragma once
// What a refused Result or Status names, for table-driven tests of validation: the first entry
// of the error's details.fields (invalid_argument errors carry one per refused field).
#include <string>

#include "core/error.hpp"

namespace lw::testing {

/// "(accepted)"; "(<code>)" for an error other than invalid_argument; else the first refused
/// field's name, "(no field)" when none is named.
template <class R>
std::string refused_field(const R& r) {
  if (r.ok()) {
    return "(accepted)";
  }
  if (r.error().code != errc::invalid_argument) {
    return "(" + r.error().code + ")";
  }
  const auto& fields = r.error().details.at("fields").as_object();
  return fields.empty() ? "(no field)" : std::string(fields.begin()->key());
}

/// "" when accepted, else "<field>:<reason>" of the first refused field.
template <class R>
std::string refusal(const R& r) {
  if (r.ok()) {
    return "";
  }
  const auto& fields = r.error().details.at("fields").as_object();
  if (fields.empty()) {
    return "(" + r.error().code + ")";
  }
  const auto& reason = fields.begin()->value();
  return std::string(fields.begin()->key()) + ":" +
         (reason.is_string() ? std::string(reason.as_string()) : "");
}

}  // namespace lw::testing
