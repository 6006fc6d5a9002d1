// The trace of a label or a sampling (追溯): every step of the chain in time order, each with
// its ledger receipt.
#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "domain/sampling.hpp"
#include "service/ledger_records.hpp"
#include "specimens/chain.hpp"

namespace lw::specimens {
namespace {

boost::json::object party_json(const domain::SpecimenParty& p) {
  return {{"kind", domain::party_kind_name(p.kind)}, {"name", p.name}};
}

}  // namespace

Result<TraceView> Chain::trace_label(const identity::Principal& by, const std::string& text) {
  auto label = get_label(by, text);
  if (!label) {
    return std::move(label).error();
  }
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  std::optional<SamplingView> sampling;
  if (label->label.sampling_id) {
    auto s = storage::find_sampling(**conn, {domain::Scope::all(), std::nullopt},
                                    *label->label.sampling_id);
    if (!s) {
      return std::move(s).error();
    }
    if (*s) {
      LW_TRY_ASSIGN(sampling, sampling_view(**conn, std::move(**s)));
    }
  }
  return trace(**conn, std::move(*label), std::move(sampling));
}

Result<TraceView> Chain::trace_sampling(const identity::Principal& by, std::int64_t id) {
  auto sampling = get_sampling(by, id);
  if (!sampling) {
    return std::move(sampling).error();
  }
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return trace(**conn, std::nullopt, std::move(*sampling));
}

Result<TraceView> Chain::trace(storage::Connection& conn, std::optional<LabelView> label,
                               std::optional<SamplingView> sampling) {
  TraceView out;
  auto add = [&](TraceStep step) -> Status {
    auto leaf = service::latest_leaf_of(conn, step.record_type, step.record_id);
    if (!leaf) {
      return std::move(leaf).error();
    }
    step.leaf = std::move(*leaf);
    out.steps.push_back(std::move(step));
    return {};
  };
  // Label issue: the batch of the label, or of each label of the sampling.
  std::set<std::int64_t> batches;
  if (label) {
    batches.insert(label->label.batch_id);
  }
  if (sampling) {
    for (const auto& l : sampling->specimens) {
      batches.insert(l.batch_id);
    }
  }
  const storage::SpecimenScope all{domain::Scope::all(), std::nullopt};
  for (auto id : batches) {
    auto batch = storage::find_label_batch(conn, all, id);
    if (!batch) {
      return std::move(batch).error();
    }
    if (!*batch) {
      continue;
    }
    const auto& b = **batch;
    LW_TRY(add({"label_issued",
                b.issued_at,
                b.issued_by,
                "发放标签批次 #" + std::to_string(b.id) + "（" + std::to_string(b.quantity) +
                    " 张）/ label batch issued",
                {{"batch_id", b.id},
                 {"quantity", b.quantity},
                 {"requested_by", b.requested_by},
                 {"project_id", b.project_id}},
                kLabelBatchType,
                std::to_string(b.id),
                {}}));
  }
  std::optional<std::int64_t> sampling_id;
  if (sampling) {
    const auto& s = sampling->sampling;
    const auto& g = s.group;
    sampling_id = s.id;
    boost::json::array labels;
    for (const auto& l : sampling->specimens) {
      labels.push_back({{"ordinal", l.ordinal}, {"code", l.code}, {"state", l.state}});
    }
    boost::json::value location = nullptr;
    if (!s.location.empty()) {
      location = boost::json::parse(s.location);
    }
    const std::string id = std::to_string(s.id);
    LW_TRY(add({"sampled",
                s.received_at,
                s.recorded_by,
                "见证取样：" + g.part + " " + g.grade + "，" + std::to_string(g.specimen_count) +
                    " 件 / sampled and labelled",
                {{"sampling_id", s.id},
                 {"part", g.part},
                 {"material", domain::material_name(g.material)},
                 {"grade", g.grade},
                 {"specimen_count", g.specimen_count},
                 {"mould_count", g.mould_count},
                 {"maker", party_json(g.maker)},
                 {"witness", {{"id", sampling->witness.id}, {"name", sampling->witness.name}}},
                 {"sampler", {{"id", sampling->sampler.id}, {"name", sampling->sampler.name}}},
                 {"seal_number", g.seal_number},
                 {"captured_at", format_utc(s.captured_at)},
                 {"received_at", format_utc(s.received_at)},
                 {"location", std::move(location)},
                 {"placard_sha256", s.placard_sha256},
                 {"labels", std::move(labels)}},
                kSamplingType,
                id,
                {}}));
    LW_TRY(
        add({"curing",
             s.received_at,
             g.curer.name,
             "养护：" + g.curer.name + " / curing",
             {{"curer", party_json(g.curer)},
              {"concrete_group",
               g.concrete_group ? boost::json::value(domain::concrete_group_name(*g.concrete_group))
                                : boost::json::value(nullptr)}},
             kSamplingType,
             id,
             {}}));
    for (const auto& cv : sampling->commissions) {
      const auto& c = cv.commission;
      LW_TRY(add({"commissioned",
                  c.commissioned_at,
                  c.commissioned_by,
                  "委托检测机构：" + cv.lab_name + " / commissioned",
                  {{"lab_code", c.lab_code}, {"lab_name", cv.lab_name}, {"test_item", c.test_item}},
                  kCommissionType,
                  std::to_string(c.id),
                  {}}));
    }
  }
  auto receipts = storage::receipts_of(conn, sampling_id, label ? label->label.code : "");
  if (!receipts) {
    return std::move(receipts).error();
  }
  for (const auto& r : *receipts) {
    if (label && r.label_code != label->label.code) {  // a label's trace: its own receipts
      continue;
    }
    boost::json::array reasons, warnings;
    for (const auto& t : r.reasons) {
      reasons.emplace_back(t);
    }
    for (const auto& t : r.warnings) {
      warnings.emplace_back(t);
    }
    auto lab = lab_name(conn, r.lab_code);
    if (!lab) {
      return std::move(lab).error();
    }
    LW_TRY(add({r.received ? "received" : "refused",
                r.received_at,
                r.received_by,
                (r.received ? "检测机构收样：" : "检测机构拒收：") + *lab +
                    (r.received ? " / received" : " / refused"),
                {{"lab_code", r.lab_code},
                 {"lab_name", *lab},
                 {"label_code", r.label_code},
                 {"reasons", std::move(reasons)},
                 {"warnings", std::move(warnings)},
                 {"seal_intact", r.seal_intact},
                 {"condition_ok", r.condition_ok},
                 {"note", r.note}},
                kReceiptType,
                std::to_string(r.id),
                {}}));
  }
  std::stable_sort(out.steps.begin(), out.steps.end(),
                   [](const TraceStep& a, const TraceStep& b) { return a.at < b.at; });
  out.label = std::move(label);
  out.sampling = std::move(sampling);
  return out;
}

}  // namespace lw::specimens
