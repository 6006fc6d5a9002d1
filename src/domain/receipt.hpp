#pragma once
// The lab's receipt of a specimen (收样, issue 6 item 4; JJ-1.6, JJ-4.1, JL-2.1): what the
// platform checked and the clerk confirmed, judged into received or refused with every reason.
// A refusal is a record like a receipt, not an error: the lab keeps proof that it refused.
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.hpp"

namespace lw::domain {

/// What is known when a specimen (or a sample without a label) reaches the lab's counter.
struct ReceiptFacts {
  // The label: absent for a sample that came without one.
  bool labelled = true;
  bool label_valid = true;        // the text is a label code (check character right)
  bool label_known = true;        // the platform issued it
  bool label_bound = true;        // a sampling bound it to a specimen
  bool already_received = false;  // this lab or another received it before
  bool other_project = false;     // the clerk named a project and the label is of another
  bool commissioned = true;       // a commission of this lab covers the sampling
  bool lab_qualified = true;      // the lab holds a certificate in force for the test item
  bool witness_present = true;    // a witness of the project accompanies the sample (JJ-1.6)
  bool seal_intact = true;        // the clerk confirms the seal
  bool condition_ok = true;       // and the specimens' condition
  bool clerk_refuses = false;     // the clerk refuses for a reason of their own
  // JJ-4.1: the first date on which a sample without a unique QR must be refused, as the
  // policy version in force sets it; none: the profile has no such rule.
  std::optional<Date> qr_label_required_from;
  Date today{};  // the receipt's Asia/Shanghai date by the server clock
};

struct ReceiptVerdict {
  bool received = false;
  std::vector<std::string> reasons;   // why it was refused, in a stable order
  std::vector<std::string> warnings;  // what was accepted but noted
};

/// The verdict. Reason tokens: label_invalid, label_unknown, label_not_bound,
/// label_already_received, other_project, not_commissioned, lab_not_qualified, no_witness,
/// seal_broken, bad_condition, no_label, refused_by_clerk. Warning: no_label_before_rule (a
/// sample without a label on a day before the profile's date).
ReceiptVerdict judge_receipt(const ReceiptFacts& facts);

}  // namespace lw::domain
