#pragma once
// A lab's qualification certificate (检测机构资质证书): its number, issuer, the qualification
// categories and the test parameters it covers, and its validity. The categories come from a
// fixed catalogue: the specialised qualifications of the 2023 qualification standard
// (建设工程质量检测机构资质标准), the site-testing and the material-testing ones.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/calendar.hpp"

namespace lw::domain {

struct QualificationCategory {
  std::string_view code;
  std::string_view name_zh;
  std::string_view name_en;
  bool material_testing;  // 材料检测类 rather than site/structure testing
};

/// Every category, in the standard's order.
std::span<const QualificationCategory> qualification_categories();
/// The category of `code`, or nullptr.
const QualificationCategory* find_qualification_category(std::string_view code);

struct Qualification {
  std::int64_t id = 0;
  std::string lab_code;
  std::string number;                   // 证书编号
  std::string issuer;                   // 发证机关
  std::vector<std::string> categories;  // catalogue codes, at least one, no repeats
  std::vector<std::string> parameters;  // parameters covered (检测参数), free text
  Date valid_from{};
  Date valid_until{};
  std::optional<Instant> withdrawn_at;
  Instant updated_at{};
};

/// Whether the certificate is in force on the Asia/Shanghai date of `at` (not withdrawn).
bool qualification_in_force(const Qualification& q, Instant at);
/// Checks number and issuer (1-100 characters), categories (1+, from the catalogue, no
/// repeats), parameters (at most 500, each 1-100 characters) and valid_from <= valid_until; the
/// error names the field.
Status validate(const Qualification& q);

}  // namespace lw::domain
