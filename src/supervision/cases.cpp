#include "supervision/cases.hpp"

#include <algorithm>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/json_values.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "storage/projects.hpp"

namespace lw::supervision {
namespace {

Error no_case(std::int64_t id) {
  return Error(std::string(errc::not_found), "no case " + std::to_string(id));
}

Status check_text(std::string_view field, const std::string& text, std::size_t max) {
  if (text.empty() || text.size() > max) {
    return field_error(field, "1 to " + std::to_string(max) + " bytes");
  }
  return {};
}

// What a case's ledger version commits to: the decision as it stands and the step that made it.
boost::json::object record_of(const storage::Violation& v, const storage::CaseEvent& e) {
  return {{"violation", v.id},        {"kind", v.kind},         {"subject", v.subject},
          {"status", v.status},       {"severity", v.severity}, {"party_kind", v.party_kind},
          {"party_ref", v.party_ref}, {"action", e.action},     {"text", e.text}};
}

// The party's reference by default: the lab, the project's organisation in that role, or the
// person the details name. "" when the violation does not say.
Result<std::string> default_party_ref(storage::Connection& conn, const storage::Violation& v,
                                      domain::Party party) {
  using domain::Party;
  if (party == Party::lab) {
    return v.lab_code;
  }
  if (party == Party::person) {
    boost::json::error_code ec;
    const auto details = boost::json::parse(v.details_json, ec);
    if (!ec && details.is_object()) {
      for (const char* key : {"person_id", "tester_id", "witness_id"}) {
        if (const auto* id = details.as_object().if_contains(key); id && id->is_int64()) {
          return std::to_string(id->as_int64());
        }
      }
    }
    return std::string();
  }
  if (!v.project_id) {
    return std::string();
  }
  auto project = storage::find_project(conn, domain::Scope::all(), *v.project_id);
  if (!project) {
    return std::move(project).error();
  }
  if (!*project) {
    return std::string();
  }
  const auto& p = **project;
  const std::int64_t org = party == Party::supervision_company ? p.supervisor_id
                           : party == Party::contractor        ? p.contractor_id
                                                               : p.client_id;
  return std::to_string(org);
}

}  // namespace

Result<CaseView> Cases::get(const domain::Scope& scope, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) {
    return std::move(lease).error();
  }
  auto found = storage::find_violation(**lease, scope, id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return no_case(id);
  }
  auto events = storage::list_case_events(**lease, id);
  if (!events) {
    return std::move(events).error();
  }
  CaseView view{std::move(**found), nullptr, std::move(*events)};
  view.kind = policies_.violations().find(view.violation.kind);
  return view;
}

Task<Result<service::Receipted<CaseView>>> Cases::step(const domain::Scope& scope, std::int64_t id,
                                                       std::string action, std::string text,
                                                       const service::Caller& caller,
                                                       Change change) {
  const Instant now = clock_.now();
  CaseView view;
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto found = storage::find_violation(conn, scope, id);
    if (!found) {
      return std::move(found).error();
    }
    if (!*found) {
      return no_case(id);
    }
    view.violation = std::move(**found);
    view.kind = policies_.violations().find(view.violation.kind);
    if (auto st = change(conn, view.violation); !st) {
      return st;
    }
    if (auto st = storage::update_case(conn, view.violation); !st) {
      return st;
    }
    storage::CaseEvent event{0, id, action, text, caller.actor, now};
    auto event_id = storage::insert_case_event(conn, event);
    if (!event_id) {
      return std::move(event_id).error();
    }
    event.id = *event_id;
    auto version =
        service::record_registry_version(conn, ledger_,
                                         {kCaseType, std::to_string(id), view.violation.lab_code,
                                          record_of(view.violation, event), caller.actor, now});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    auto events = storage::list_case_events(conn, id);
    if (!events) {
      return std::move(events).error();
    }
    view.events = std::move(*events);
    return auditor_.record(
        conn, caller, now, "case." + action, std::string(kCaseType) + "/" + std::to_string(id),
        boost::json::serialize(boost::json::object{{"status", view.violation.status},
                                                   {"severity", view.violation.severity},
                                                   {"party_kind", view.violation.party_kind}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<CaseView>{std::move(view), std::move(leaf)};
}

namespace {

Status still_open(const storage::Violation& v) {
  if (v.status != "open") {
    return Error(std::string(errc::conflict), "the case is " + v.status + " already",
                 {{"fields", {{"status", v.status}}}});
  }
  return {};
}

}  // namespace

Task<Result<service::Receipted<CaseView>>> Cases::confirm(const domain::Scope& scope,
                                                          std::int64_t id, Confirmation input,
                                                          const service::Caller& caller) {
  if (auto st = check_text("reason", input.reason, 1000); !st) {
    co_return std::move(st).error();
  }
  if (input.party_ref.size() > 64) {
    co_return field_error("party_ref", "at most 64 bytes");
  }
  const Instant now = clock_.now();
  const auto& catalogue = policies_.violations();
  Change change = [&](storage::Connection& conn, storage::Violation& v) -> Status {
    LW_TRY(still_open(v));
    const domain::ViolationKind* kind = catalogue.find(v.kind);
    const auto severity =
        input.severity ? input.severity : (kind ? std::optional(kind->severity) : std::nullopt);
    if (!severity) {
      return field_error("severity", "required: the kind is not in the catalogue");
    }
    std::optional<domain::Party> party = input.party;
    if (!party && kind != nullptr) {
      party = kind->parties.front();
    }
    if (!party) {
      return field_error("party", "required: the kind is not in the catalogue");
    }
    if (kind != nullptr &&
        std::find(kind->parties.begin(), kind->parties.end(), *party) == kind->parties.end()) {
      return field_error("party", "not a party this kind can be charged to");
    }
    std::string ref = input.party_ref;
    if (ref.empty()) {
      auto found = default_party_ref(conn, v, *party);
      if (!found) {
        return std::move(found).error();
      }
      ref = std::move(*found);
    }
    if (ref.empty()) {
      return field_error("party_ref", "required: the violation does not name the party");
    }
    v.status = "confirmed";
    v.severity = domain::severity_name(*severity);
    v.party_kind = domain::party_name(*party);
    v.party_ref = std::move(ref);
    v.decided_at = now;
    return {};
  };
  std::string action = "confirm";
  co_return co_await step(scope, id, std::move(action), input.reason, caller, std::move(change));
}

Task<Result<service::Receipted<CaseView>>> Cases::dismiss(const domain::Scope& scope,
                                                          std::int64_t id, std::string reason,
                                                          const service::Caller& caller) {
  if (auto st = check_text("reason", reason, 1000); !st) {
    co_return std::move(st).error();
  }
  const Instant now = clock_.now();
  Change change = [now](storage::Connection&, storage::Violation& v) -> Status {
    LW_TRY(still_open(v));
    v.status = "dismissed";
    v.decided_at = now;
    return {};
  };
  std::string action = "dismiss";
  co_return co_await step(scope, id, std::move(action), std::move(reason), caller,
                          std::move(change));
}

Task<Result<service::Receipted<CaseView>>> Cases::respond(const domain::Scope& scope,
                                                          std::int64_t id, std::string text,
                                                          const service::Caller& caller) {
  if (auto st = check_text("text", text, 2000); !st) {
    co_return std::move(st).error();
  }
  Change change = [](storage::Connection&, storage::Violation& v) -> Status {
    if (v.status == "dismissed") {
      return Error(std::string(errc::conflict), "the case is dismissed",
                   {{"fields", {{"status", v.status}}}});
    }
    return {};
  };
  std::string action = "respond";
  co_return co_await step(scope, id, std::move(action), std::move(text), caller, std::move(change));
}

}  // namespace lw::supervision
