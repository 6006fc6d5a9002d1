// Commissions (委托, JL-2.1) and the lab's receipt or refusal of specimens (收样, JJ-1.6,
// JJ-4.1).
#include <boost/json.hpp>

#include "core/json_values.hpp"
#include "domain/lab.hpp"
#include "domain/label_code.hpp"
#include "domain/qualification.hpp"
#include "domain/receipt.hpp"
#include "identity/access.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "specimens/chain.hpp"
#include "storage/lab_qualifications.hpp"
#include "storage/labs.hpp"
#include "storage/projects.hpp"

namespace lw::specimens {
namespace {

const storage::SpecimenScope kAll{domain::Scope::all(), std::nullopt};

// Whether `person` is a witness of the project at `at`.
Result<bool> witness_of(storage::Connection& conn, std::int64_t project_id,
                        std::optional<std::int64_t> person, Instant at) {
  if (!person) {
    return false;
  }
  auto assignments = storage::list_assignments(conn, project_id);
  if (!assignments) {
    return std::move(assignments).error();
  }
  for (const auto& a : *assignments) {
    if (a.person_id == *person && a.duty == domain::AssignmentDuty::witness && a.active_at(at)) {
      return true;
    }
  }
  return false;
}

boost::json::array json_tokens(const std::vector<std::string>& tokens) {
  boost::json::array out;
  for (const auto& t : tokens) {
    out.emplace_back(t);
  }
  return out;
}

boost::json::object receipt_record(const storage::SpecimenReceipt& r) {
  return {{"lab_code", r.lab_code},
          {"label_code", r.label_code},
          {"sampling_id", id_or_null(r.sampling_id)},
          {"project_id", id_or_null(r.project_id)},
          {"commission_id", id_or_null(r.commission_id)},
          {"outcome", r.received ? "received" : "refused"},
          {"reasons", json_tokens(r.reasons)},
          {"warnings", json_tokens(r.warnings)},
          {"witness_id", id_or_null(r.witness_id)},
          {"seal_intact", r.seal_intact},
          {"condition_ok", r.condition_ok},
          {"description", r.description},
          {"note", r.note},
          {"received_by", r.received_by},
          {"received_at", format_utc(r.received_at)},
          {"reason", r.received ? "received 接收" : "refused 拒收"}};
}

}  // namespace

Result<std::string> lab_name(storage::Connection& conn, const std::string& lab_code) {
  auto lab = storage::find_lab(conn, domain::Scope::all(), lab_code);
  if (!lab) {
    return std::move(lab).error();
  }
  return *lab ? (*lab)->name : std::string();
}

Task<Result<service::Receipted<CommissionView>>> Chain::commission(const identity::Principal& by,
                                                                   std::int64_t sampling_id,
                                                                   std::string lab_code,
                                                                   std::string test_item,
                                                                   const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::commission_labs); !st) {
    co_return std::move(st).error();
  }
  storage::SpecimenScope scope;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto s = scope_of(**conn, by);
    if (!s) {
      co_return std::move(s).error();
    }
    scope = std::move(*s);
  }
  co_return co_await commission_checked(std::move(scope), sampling_id, std::move(lab_code),
                                        std::move(test_item), caller);
}

Task<Result<service::Receipted<CommissionView>>> Chain::commission_by_lab(
    std::string lab_code, std::string label_code, std::string test_item,
    const service::Caller& caller) {
  auto code = parse_code_or_error(label_code);
  if (!code) {
    co_return std::move(code).error();
  }
  std::optional<std::int64_t> sampling_id;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto label = storage::find_label(**conn, kAll, *code);
    if (!label) {
      co_return std::move(label).error();
    }
    if (!*label) {
      co_return Error(std::string(errc::label_unknown), "no label " + *code);
    }
    sampling_id = (*label)->sampling_id;
  }
  if (!sampling_id) {
    co_return field_error("label_code", "label_not_bound");
  }
  co_return co_await commission_checked(kAll, *sampling_id, std::move(lab_code),
                                        std::move(test_item), caller);
}

Task<Result<service::Receipted<CommissionView>>> Chain::commission_checked(
    storage::SpecimenScope scope, std::int64_t sampling_id, std::string lab_code,
    std::string test_item, const service::Caller& caller) {
  if (!domain::find_qualification_category(test_item)) {
    co_return field_error("test_item", "unknown_category");
  }
  const Instant now = clock_.now();
  CommissionView view;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto sampling = storage::find_sampling(**conn, scope, sampling_id);
    if (!sampling) {
      co_return std::move(sampling).error();
    }
    if (!*sampling) {
      co_return Error(std::string(errc::not_found),
                      "no sampling " + std::to_string(sampling_id) + " in scope");
    }
    auto listing = storage::find_lab_listing(**conn, domain::Scope::all(), lab_code, now);
    if (!listing) {
      co_return std::move(listing).error();
    }
    if (!*listing) {
      co_return field_error("lab_code", "unknown_lab");
    }
    // JL-2.1: only a connected lab qualified for the item may be commissioned.
    const auto status =
        domain::connection_status((*listing)->active_keys, (*listing)->last_sent, now);
    if (status != "connected") {
      co_return Error(std::string(errc::lab_not_connected),
                      "lab " + lab_code + " is " + std::string(status),
                      {{"fields", {{"lab_code", "lab_not_connected"}}},
                       {"connection_status", std::string(status)}});
    }
    auto ok = storage::lab_qualified(**conn, lab_code, test_item, now);
    if (!ok) {
      co_return std::move(ok).error();
    }
    if (!*ok) {
      co_return Error(std::string(errc::lab_not_qualified),
                      "lab " + lab_code + " holds no certificate in force for " + test_item,
                      {{"fields", {{"lab_code", "lab_not_qualified"}}}, {"test_item", test_item}});
    }
    view.lab_name = (*listing)->lab.name;
  }
  auto& c = view.commission;
  c.sampling_id = sampling_id;
  c.lab_code = std::move(lab_code);
  c.test_item = std::move(test_item);
  c.commissioned_by = caller.actor;
  c.commissioned_at = now;
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto id = storage::insert_commission(conn, c);
    if (!id) {
      return std::move(id).error();
    }
    c.id = *id;
    const std::string record_id = std::to_string(c.id);
    auto version = service::record_registry_version(conn, ledger_,
                                                    {kCommissionType,
                                                     record_id,
                                                     c.lab_code,
                                                     {{"sampling_id", c.sampling_id},
                                                      {"lab_code", c.lab_code},
                                                      {"test_item", c.test_item},
                                                      {"commissioned_at", format_utc(now)},
                                                      {"reason", "commissioned 委托"}},
                                                     caller.actor,
                                                     now});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return auditor_.record(conn, caller, now, "commission.record", "commission/" + record_id,
                           boost::json::serialize(boost::json::object{
                               {"sampling_id", c.sampling_id}, {"lab_code", c.lab_code}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<CommissionView>{std::move(view), std::move(leaf)};
}

Task<Result<service::Receipted<ReceiptView>>> Chain::receive(const ReceivingLab& lab,
                                                             NewReceipt input,
                                                             const service::Caller& caller) {
  if (input.note.size() > 500) {
    co_return field_error("note", "at most 500 bytes");
  }
  if (input.refuse && input.note.empty()) {
    co_return field_error("note", "required");
  }
  if (input.label_code.size() > 64) {
    co_return field_error("label_code", "at most 64 bytes");
  }
  if (input.label_code.empty() && (!input.project_id || input.description.empty())) {
    co_return field_error(input.project_id ? "unlabelled.description" : "unlabelled.project_id",
                          "required");
  }
  if (input.description.size() > 500) {
    co_return field_error("unlabelled.description", "at most 500 bytes");
  }
  const Instant now = clock_.now();
  storage::SpecimenReceipt r;
  r.lab_code = lab.lab_code;
  r.label_code = input.label_code;
  r.project_id = input.project_id;
  r.witness_id = input.witness_id;
  r.seal_intact = input.seal_intact;
  r.condition_ok = input.condition_ok;
  r.description = std::move(input.description);
  r.note = std::move(input.note);
  r.received_by = lab.clerk;
  r.received_at = now;
  domain::ReceiptFacts facts;
  facts.today = domain::shanghai_date(now);
  facts.seal_intact = input.seal_intact;
  facts.condition_ok = input.condition_ok;
  facts.clerk_refuses = input.refuse;
  ReceiptView view;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto listing = storage::find_lab(**conn, domain::Scope::all(), lab.lab_code);
    if (!listing) {
      co_return std::move(listing).error();
    }
    if (!*listing) {
      co_return Error(std::string(errc::not_found), "no lab " + lab.lab_code);
    }
    view.lab_name = (*listing)->name;
    r.region_code = (*listing)->region_code;
    std::string category;  // the commissioned test item; any when unlabelled
    if (!input.label_code.empty()) {
      const auto code = domain::parse_label_code(input.label_code);
      facts.label_valid = code.has_value();
      auto label = code ? storage::find_label(**conn, kAll, *code)
                        : Result<std::optional<storage::LabelRow>>(std::nullopt);
      if (!label) {
        co_return std::move(label).error();
      }
      if (code) {
        r.label_code = *code;
        facts.label_known = label->has_value();
      }
      facts.label_bound = *label && (*label)->sampling_id;
      if (facts.label_bound) {
        const auto& l = **label;
        r.sampling_id = l.sampling_id;
        facts.other_project = input.project_id && *input.project_id != l.project_id;
        r.project_id = l.project_id;
        auto received = storage::label_received(**conn, l.code);
        if (!received) {
          co_return std::move(received).error();
        }
        facts.already_received = *received;
        auto commissions = storage::list_commissions(**conn, *l.sampling_id);
        if (!commissions) {
          co_return std::move(commissions).error();
        }
        facts.commissioned = false;
        for (const auto& c : *commissions) {
          if (c.lab_code == lab.lab_code) {
            facts.commissioned = true;
            r.commission_id = c.id;
            category = c.test_item;
          }
        }
      }
    } else {
      facts.labelled = false;
      auto project = storage::find_project(**conn, domain::Scope::all(), *input.project_id);
      if (!project) {
        co_return std::move(project).error();
      }
      if (!*project) {
        co_return field_error("unlabelled.project_id", "unknown_project");
      }
      // JJ-4.1: the date from which a sample without a unique QR is refused, as the version
      // of the project's profile in force today sets it.
      if (auto policy = policies_.in_force((*project)->region_code, now)) {
        facts.qr_label_required_from = policy->version->qr_label_required_from;
      }
    }
    if (r.project_id) {
      auto project = storage::find_project(**conn, domain::Scope::all(), *r.project_id);
      if (!project) {
        co_return std::move(project).error();
      }
      if (*project) {
        r.region_code = (*project)->region_code;
      }
      auto present = witness_of(**conn, *r.project_id, input.witness_id, now);
      if (!present) {
        co_return std::move(present).error();
      }
      facts.witness_present = *present;
      if (input.witness_id) {
        auto w = person_ref(**conn, *input.witness_id);
        if (!w) {
          co_return std::move(w).error();
        }
        view.witness = *w;
      }
    }
    // A label the platform does not know is refused for that; there is no project whose
    // witness could be checked.
    if (facts.commissioned || !facts.labelled) {
      auto ok = storage::lab_qualified(**conn, lab.lab_code, category, now);
      if (!ok) {
        co_return std::move(ok).error();
      }
      facts.lab_qualified = *ok;
    }
  }
  const auto verdict = domain::judge_receipt(facts);
  r.received = verdict.received;
  r.reasons = verdict.reasons;
  r.warnings = verdict.warnings;
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto id = storage::insert_receipt(conn, r);
    if (!id) {
      return std::move(id).error();
    }
    r.id = *id;
    const std::string record_id = std::to_string(r.id);
    auto version = service::record_registry_version(
        conn, ledger_, {kReceiptType, record_id, r.lab_code, receipt_record(r), caller.actor, now});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return auditor_.record(conn, caller, now, r.received ? "specimen.receive" : "specimen.refuse",
                           "specimen_receipt/" + record_id,
                           boost::json::serialize(boost::json::object{
                               {"label_code", r.label_code}, {"reasons", json_tokens(r.reasons)}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  view.receipt = std::move(r);
  co_return service::Receipted<ReceiptView>{std::move(view), std::move(leaf)};
}

Result<storage::Paged<ReceiptView>> Chain::list_receipts(const identity::Principal& by,
                                                         const storage::ReceiptFilter& filter,
                                                         const storage::Page& page) {
  auto reading = read_as(by);
  if (!reading) {
    return std::move(reading).error();
  }
  auto& [conn, scope] = *reading;
  auto found = storage::list_receipts(*conn, scope, filter, page);
  if (!found) {
    return std::move(found).error();
  }
  storage::Paged<ReceiptView> out;
  out.total = found->total;
  for (auto& r : found->items) {
    ReceiptView v;
    if (r.witness_id) {
      LW_TRY_ASSIGN(v.witness, person_ref(*conn, *r.witness_id));
    }
    LW_TRY_ASSIGN(v.lab_name, lab_name(*conn, r.lab_code));
    v.receipt = std::move(r);
    out.items.push_back(std::move(v));
  }
  return out;
}

Result<LabelView> Chain::lab_label(const std::string& lab_code, const std::string& text) {
  auto code = parse_code_or_error(text);
  if (!code) {
    return std::move(code).error();
  }
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto label = storage::find_label(**conn, {domain::Scope::of_lab(lab_code), std::nullopt}, *code);
  if (!label) {
    return std::move(label).error();
  }
  if (!*label) {
    return Error(std::string(errc::not_found), "no label " + *code + " commissioned to the lab");
  }
  LabelView v;
  LW_TRY_ASSIGN(v.project, project_ref(**conn, (*label)->project_id));
  v.label = std::move(**label);
  return v;
}

}  // namespace lw::specimens
