#pragma once
// A witnessed sampling record (见证取样记录, issue 6; JJ-1.1 … JJ-1.5, JL-2.2): what was sampled
// on which project and part of the works, the group of specimens made, who made and who cures
// them, the witness and sampler, and the QR label bound to each specimen. Pure rules: the checks
// that need no database (counts, who may make and cure, label codes). Whether the witness is
// assigned and authorised, and whether a label is free, the use case asks the registry and the
// label store.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace lw::domain {

enum class Material {
  concrete,           // 混凝土试块
  mortar,             // 砂浆试块
  rebar,              // 钢筋
  welded_joint,       // 钢筋焊接接头
  mechanical_splice,  // 钢筋机械连接接头
  cement,             // 水泥
  block,              // 砌块、砖
  other,
};
std::string_view material_name(Material m);
std::optional<Material> parse_material(std::string_view name);

/// The groups concrete specimens are made in (JJ-1.2).
enum class ConcreteGroup {
  standard_cured,    // 标准养护
  same_condition,    // 同条件养护
  formwork_removal,  // 拆模
  impermeability,    // 抗渗
};
std::string_view concrete_group_name(ConcreteGroup g);
std::optional<ConcreteGroup> parse_concrete_group(std::string_view name);

/// Who made or cures the specimens (JJ-1.3 asks for both to be recorded).
struct SpecimenParty {
  enum class Kind { contractor, ready_mix_plant, supervision_company, lab, other };
  Kind kind = Kind::contractor;
  std::string name;
};
std::string_view party_kind_name(SpecimenParty::Kind kind);
std::optional<SpecimenParty::Kind> parse_party_kind(std::string_view name);

/// A group of specimens as the witness's phone page sends it.
struct SamplingGroup {
  std::int64_t project_id = 0;
  std::string part;  // part of the works, e.g. "3# 楼 5 层楼板"
  Material material = Material::concrete;
  std::optional<ConcreteGroup> concrete_group;  // required for concrete, absent otherwise
  std::string grade;                            // strength grade or specification, e.g. C30
  int specimen_count = 0;
  int mould_count = 0;  // moulds used; must equal the specimen count (JJ-1.2)
  SpecimenParty maker;
  SpecimenParty curer;
  std::string seal_number;
  std::vector<std::string> labels;  // one label code per specimen, as parsed (label_code.hpp)
};

/// Checks what needs no look-up; invalid_argument naming the field ("mould_count",
/// "maker.kind", "labels[2]") with a reason token: "count_mismatch", "ready_mix_plant",
/// "invalid_code", "duplicate", "required", "not_allowed", "range".
Status validate(const SamplingGroup& group);

}  // namespace lw::domain
