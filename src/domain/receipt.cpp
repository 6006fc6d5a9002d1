#include "domain/receipt.hpp"

namespace lw::domain {

ReceiptVerdict judge_receipt(const ReceiptFacts& f) {
  ReceiptVerdict v;
  auto refuse_if = [&v](bool failed, const char* reason) {
    if (failed) {
      v.reasons.emplace_back(reason);
    }
  };
  if (f.labelled) {
    refuse_if(!f.label_valid, "label_invalid");
    refuse_if(f.label_valid && !f.label_known, "label_unknown");
    const bool bound = f.label_valid && f.label_known && f.label_bound;
    refuse_if(f.label_valid && f.label_known && !f.label_bound, "label_not_bound");
    refuse_if(bound && f.already_received, "label_already_received");
    refuse_if(bound && f.other_project, "other_project");
    refuse_if(bound && !f.commissioned, "not_commissioned");
  } else if (f.qr_label_required_from) {
    if (f.today >= *f.qr_label_required_from) {
      v.reasons.emplace_back("no_label");
    } else {
      v.warnings.emplace_back("no_label_before_rule");
    }
  }
  refuse_if(!f.lab_qualified, "lab_not_qualified");
  refuse_if(!f.witness_present, "no_witness");
  refuse_if(!f.seal_intact, "seal_broken");
  refuse_if(!f.condition_ok, "bad_condition");
  refuse_if(f.clerk_refuses, "refused_by_clerk");
  v.received = v.reasons.empty();
  return v;
}

}  // namespace lw::domain
