#include "domain/sampling.hpp"

#include <array>
#include <set>
#include <utility>

#include "core/enum_names.hpp"
#include "core/text.hpp"
#include "domain/label_code.hpp"

namespace lw::domain {
namespace {

constexpr EnumNames<Material, 8> kMaterials{{
    {Material::concrete, "concrete"},
    {Material::mortar, "mortar"},
    {Material::rebar, "rebar"},
    {Material::welded_joint, "welded_joint"},
    {Material::mechanical_splice, "mechanical_splice"},
    {Material::cement, "cement"},
    {Material::block, "block"},
    {Material::other, "other"},
}};

constexpr EnumNames<ConcreteGroup, 4> kGroups{{
    {ConcreteGroup::standard_cured, "standard_cured"},
    {ConcreteGroup::same_condition, "same_condition"},
    {ConcreteGroup::formwork_removal, "formwork_removal"},
    {ConcreteGroup::impermeability, "impermeability"},
}};

constexpr EnumNames<SpecimenParty::Kind, 5> kPartyKinds{{
    {SpecimenParty::Kind::contractor, "contractor"},
    {SpecimenParty::Kind::ready_mix_plant, "ready_mix_plant"},
    {SpecimenParty::Kind::supervision_company, "supervision_company"},
    {SpecimenParty::Kind::lab, "lab"},
    {SpecimenParty::Kind::other, "other"},
}};

bool blank(std::string_view s) {
  return trim_blanks(s).empty();
}

}  // namespace

std::string_view material_name(Material m) {
  return name_from(kMaterials, m);
}
std::optional<Material> parse_material(std::string_view name) {
  return parse_from(kMaterials, name);
}
std::string_view concrete_group_name(ConcreteGroup g) {
  return name_from(kGroups, g);
}
std::optional<ConcreteGroup> parse_concrete_group(std::string_view name) {
  return parse_from(kGroups, name);
}
std::string_view party_kind_name(SpecimenParty::Kind kind) {
  return name_from(kPartyKinds, kind);
}
std::optional<SpecimenParty::Kind> parse_party_kind(std::string_view name) {
  return parse_from(kPartyKinds, name);
}

Status validate(const SamplingGroup& g) {
  if (blank(g.part) || utf8_length(g.part) > 200) {
    return field_error("part", "required");
  }
  if (g.material == Material::concrete) {
    if (!g.concrete_group) {
      return field_error("concrete_group", "required");
    }
  } else if (g.concrete_group) {
    return field_error("concrete_group", "not_allowed");
  }
  if (blank(g.grade) || utf8_length(g.grade) > 50) {
    return field_error("grade", "required");
  }
  if (g.specimen_count < 1 || g.specimen_count > 100) {
    return field_error("specimen_count", "range");
  }
  if (g.mould_count != g.specimen_count) {
    return field_error("mould_count", "count_mismatch");
  }
  // JJ-1.3: concrete specimens are made and cured on site, never by the ready-mix plant.
  if (g.material == Material::concrete) {
    if (g.maker.kind == SpecimenParty::Kind::ready_mix_plant) {
      return field_error("maker.kind", "ready_mix_plant");
    }
    if (g.curer.kind == SpecimenParty::Kind::ready_mix_plant) {
      return field_error("curer.kind", "ready_mix_plant");
    }
  }
  if (blank(g.maker.name)) {
    return field_error("maker.name", "required");
  }
  if (blank(g.curer.name)) {
    return field_error("curer.name", "required");
  }
  if (blank(g.seal_number) || utf8_length(g.seal_number) > 64) {
    return field_error("seal_number", "required");
  }
  if (static_cast<int>(g.labels.size()) != g.specimen_count) {
    return field_error("labels", "count_mismatch");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < g.labels.size(); ++i) {
    const std::string field = "labels[" + std::to_string(i) + "]";
    const auto code = parse_label_code(g.labels[i]);
    if (!code) {
      return field_error(field, "invalid_code");
    }
    if (!seen.insert(*code).second) {
      return field_error(field, "duplicate");
    }
  }
  return {};
}

}  // namespace lw::domain
