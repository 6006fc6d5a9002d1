// The witness's sampling (见证取样, JJ-1.1 … JJ-1.5, JL-2.2): who may record it, its checks and
// the binding of one label per specimen, in one write.
#include <cmath>
#include <cstdio>

#include <boost/json.hpp>

#include "blobs/blob_store.hpp"
#include "domain/label_code.hpp"
#include "domain/person.hpp"
#include "identity/access.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "specimens/chain.hpp"
#include "storage/blob_records.hpp"
#include "storage/people.hpp"
#include "storage/projects.hpp"

namespace lw::specimens {
namespace {

using domain::AssignmentDuty;

constexpr auto kCaptureSkew = std::chrono::minutes(5);     // a phone clock a little ahead
constexpr auto kCaptureAge = std::chrono::hours(24 * 30);  // an outbox kept a month offline

Error witness_not_eligible(std::vector<std::string> reasons) {
  boost::json::array list;
  for (auto& r : reasons) {
    list.emplace_back(r);
  }
  return Error(std::string(errc::witness_not_eligible), "the witness may not bind labels",
               {{"reasons", std::move(list)}});
}

Error label_error(std::string_view code, std::size_t index, const std::string& label) {
  const std::string field = "labels[" + std::to_string(index) + "]";
  return Error(std::string(code), field + " " + label + ": " + std::string(code),
               {{"fields", {{field, std::string(code)}}}, {"code_text", label}});
}

std::string decimal(double v, int places) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

// The location as stored and committed: decimal strings (canonical JSON has no fractions).
std::string location_json(const std::optional<Location>& at) {
  if (!at) {
    return "";
  }
  return boost::json::serialize(boost::json::object{{"lat", decimal(at->lat, 7)},
                                                    {"lng", decimal(at->lng, 7)},
                                                    {"accuracy_m", decimal(at->accuracy_m, 1)}});
}

bool placard_media_type(std::string_view media_type) {
  return media_type == "image/jpeg" || media_type == "image/png" || media_type == "image/webp";
}

Status check_location(const std::optional<Location>& at) {
  if (!at) {
    return {};
  }
  if (!std::isfinite(at->lat) || std::abs(at->lat) > 90) {
    return field_error("location.lat", "range");
  }
  if (!std::isfinite(at->lng) || std::abs(at->lng) > 180) {
    return field_error("location.lng", "range");
  }
  if (!std::isfinite(at->accuracy_m) || at->accuracy_m < 0 || at->accuracy_m > 100000) {
    return field_error("location.accuracy_m", "range");
  }
  return {};
}

// Whether `person` holds `duty` on the project at `at`.
bool assigned(const std::vector<domain::Assignment>& assignments, std::int64_t person,
              AssignmentDuty duty, Instant at) {
  for (const auto& a : assignments) {
    if (a.person_id == person && a.duty == duty && a.active_at(at)) {
      return true;
    }
  }
  return false;
}

boost::json::object sampling_record(const storage::Sampling& s, const PersonRef& witness,
                                    const PersonRef& sampler) {
  const auto& g = s.group;
  boost::json::array labels;
  for (const auto& l : g.labels) {
    labels.emplace_back(l);
  }
  auto party = [](const domain::SpecimenParty& p) {
    return boost::json::object{{"kind", domain::party_kind_name(p.kind)}, {"name", p.name}};
  };
  boost::json::value location = nullptr;
  if (!s.location.empty()) {
    location = boost::json::parse(s.location);
  }
  return {{"project_id", g.project_id},
          {"part", g.part},
          {"material", domain::material_name(g.material)},
          {"concrete_group",
           g.concrete_group ? boost::json::value(domain::concrete_group_name(*g.concrete_group))
                            : boost::json::value(nullptr)},
          {"grade", g.grade},
          {"quantity", s.quantity},
          {"specimen_count", g.specimen_count},
          {"mould_count", g.mould_count},
          {"maker", party(g.maker)},
          {"curer", party(g.curer)},
          {"witness", {{"id", witness.id}, {"name", witness.name}}},
          {"sampler", {{"id", sampler.id}, {"name", sampler.name}}},
          {"seal_number", g.seal_number},
          {"labels", std::move(labels)},
          {"captured_at", format_utc(s.captured_at)},
          {"received_at", format_utc(s.received_at)},
          {"location", std::move(location)},
          {"placard_sha256", s.placard_sha256},
          {"reason", "sampled 取样"}};
}

}  // namespace

Result<PersonRef> person_ref(storage::Connection& conn, std::int64_t person_id) {
  auto names = storage::person_names(conn, {person_id});
  if (!names) {
    return std::move(names).error();
  }
  return PersonRef{person_id, (*names)[person_id]};
}

Result<storage::SpecimenScope> Chain::scope_of(storage::Connection& conn,
                                               const identity::Principal& by) {
  if (by.role != identity::Role::witness) {
    return storage::SpecimenScope{identity::data_scope(by), std::nullopt};
  }
  auto person = storage::person_of_account(conn, by.user_id);
  if (!person) {
    return std::move(person).error();
  }
  // A witness account not linked to a registry person sees nothing: person id 0 matches none.
  return storage::SpecimenScope{domain::Scope::none(), person->value_or(0)};
}

Result<Chain::Reading> Chain::read_as(const identity::Principal& by) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto scope = scope_of(**conn, by);
  if (!scope) {
    return std::move(scope).error();
  }
  return Reading{std::move(*conn), std::move(*scope)};
}

Result<std::vector<WitnessProject>> Chain::witness_projects(const identity::Principal& by) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto person = storage::person_of_account(**conn, by.user_id);
  if (!person) {
    return std::move(person).error();
  }
  std::vector<WitnessProject> out;
  if (by.role != identity::Role::witness || !*person) {
    return out;
  }
  const Instant now = clock_.now();
  auto projects = storage::projects_of_person(**conn, **person, now);
  if (!projects) {
    return std::move(projects).error();
  }
  for (auto& p : *projects) {
    auto assignments = storage::list_assignments(**conn, p.id);
    if (!assignments) {
      return std::move(assignments).error();
    }
    WitnessProject w;
    for (const auto& a : *assignments) {
      if (!a.active_at(now)) {
        continue;
      }
      auto ref = person_ref(**conn, a.person_id);
      if (!ref) {
        return std::move(ref).error();
      }
      const bool witness = a.duty == AssignmentDuty::witness;
      (witness ? w.witnesses : w.samplers).push_back(*ref);
      if (a.person_id == **person) {
        w.assigned_as.emplace_back(domain::assignment_duty_name(a.duty));
      }
    }
    w.project = std::move(p);
    out.push_back(std::move(w));
  }
  return out;
}

Task<Result<service::Receipted<SamplingView>>> Chain::record_sampling(
    const identity::Principal& by, NewSampling input, const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::record_sampling); !st) {
    co_return std::move(st).error();
  }
  auto& group = input.group;
  if (auto st = domain::validate(group); !st) {
    // A label code that fails its check character answers the chain's own error code.
    const auto& fields = st.error().details.if_contains("fields");
    if (fields && fields->is_object()) {
      for (const auto& [field, reason] : fields->as_object()) {
        if (reason == "invalid_code") {
          const std::string name(field);
          const auto index = std::stoul(name.substr(7));
          co_return label_error(errc::label_invalid, index, group.labels[index]);
        }
      }
    }
    co_return std::move(st).error();
  }
  for (auto& l : group.labels) {
    l = *domain::parse_label_code(l);
  }
  if (input.quantity.size() > 100) {
    co_return field_error("quantity", "at most 100 bytes");
  }
  if (auto st = check_location(input.location); !st) {
    co_return std::move(st).error();
  }
  const Instant now = clock_.now();
  if (input.captured_at > now + kCaptureSkew || input.captured_at < now - kCaptureAge) {
    co_return field_error("captured_at", "range");
  }
  if (!blobs::is_sha256_hex(input.placard_sha256)) {
    co_return field_error("placard_sha256", "required");
  }
  storage::Sampling s;
  PersonRef witness, sampler;
  std::string region;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto person = storage::person_of_account(**conn, by.user_id);
    if (!person) {
      co_return std::move(person).error();
    }
    if (!*person) {
      co_return witness_not_eligible({"no_person_linked"});
    }
    auto project = storage::find_project(**conn, domain::Scope::all(), group.project_id);
    if (!project) {
      co_return std::move(project).error();
    }
    auto assignments = storage::list_assignments(**conn, group.project_id);
    if (!assignments) {
      co_return std::move(assignments).error();
    }
    if (!*project || !assigned(*assignments, **person, AssignmentDuty::witness, now)) {
      co_return witness_not_eligible({"not_assigned"});
    }
    region = (*project)->region_code;
    auto row = storage::find_person(**conn, domain::Scope::all(), **person);
    if (!row) {
      co_return std::move(row).error();
    }
    if (!*row) {
      co_return witness_not_eligible({"no_person_linked"});
    }
    // JL-2.2, JJ-4.3: registered with a written authorisation, certificate valid today.
    auto verdict = domain::assignable_as_witness((*row)->person, domain::shanghai_date(now));
    if (!verdict.assignable) {
      co_return witness_not_eligible(std::move(verdict.reasons));
    }
    if (!assigned(*assignments, input.sampler_id, AssignmentDuty::sampler, now)) {
      co_return field_error("sampler_id", "not_assigned");
    }
    const storage::BlobHolder holder{"", caller.actor};
    auto photo = storage::blob_holder_since(**conn, input.placard_sha256, holder);
    if (!photo) {
      co_return std::move(photo).error();
    }
    if (!*photo) {
      co_return field_error("placard_sha256", "not_uploaded");
    }
    // A photo, never a document a browser would run (the placard is shown as an image).
    auto blob = storage::find_blob_record(**conn, input.placard_sha256);
    if (!blob) {
      co_return std::move(blob).error();
    }
    if (!*blob || !placard_media_type((*blob)->media_type)) {
      co_return field_error("placard_sha256", "not_a_photo");
    }
    const storage::SpecimenScope all{domain::Scope::all(), std::nullopt};
    for (std::size_t i = 0; i < group.labels.size(); ++i) {
      auto label = storage::find_label(**conn, all, group.labels[i]);
      if (!label) {
        co_return std::move(label).error();
      }
      if (!*label) {
        co_return label_error(errc::label_unknown, i, group.labels[i]);
      }
      if ((*label)->project_id != group.project_id) {
        co_return label_error(errc::label_other_project, i, group.labels[i]);
      }
      if ((*label)->sampling_id) {
        co_return label_error(errc::label_already_bound, i, group.labels[i]);
      }
    }
    auto w = person_ref(**conn, **person);
    if (!w) {
      co_return std::move(w).error();
    }
    witness = *w;
    auto sm = person_ref(**conn, input.sampler_id);
    if (!sm) {
      co_return std::move(sm).error();
    }
    sampler = *sm;
  }
  s.group = std::move(group);
  s.region_code = region;
  s.quantity = std::move(input.quantity);
  s.witness_id = witness.id;
  s.sampler_id = sampler.id;
  s.captured_at = input.captured_at;
  s.received_at = now;
  s.location = location_json(input.location);
  s.placard_sha256 = std::move(input.placard_sha256);
  s.recorded_by = caller.actor;
  service::LeafRef leaf;
  std::optional<std::size_t> taken;  // a label bound by a write that got in first
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    taken.reset();
    auto id = storage::insert_sampling(conn, s);
    if (!id) {
      return std::move(id).error();
    }
    s.id = *id;
    for (std::size_t i = 0; i < s.group.labels.size(); ++i) {
      auto bound = storage::bind_label(conn, s.group.labels[i], s.id, static_cast<int>(i + 1));
      if (!bound) {
        return std::move(bound).error();
      }
      if (!*bound) {
        taken = i;
        return label_error(errc::label_already_bound, i, s.group.labels[i]);
      }
    }
    const std::string record_id = std::to_string(s.id);
    auto version = service::record_registry_version(
        conn, ledger_,
        {kSamplingType, record_id, "", sampling_record(s, witness, sampler), caller.actor, now});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return auditor_.record(
        conn, caller, now, "sampling.record", "sampling/" + record_id,
        boost::json::serialize(boost::json::object{{"project_id", s.group.project_id},
                                                   {"specimens", s.group.specimen_count}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  auto conn = db_.acquire();
  if (!conn) {
    co_return std::move(conn).error();
  }
  auto view = sampling_view(**conn, std::move(s));
  if (!view) {
    co_return std::move(view).error();
  }
  co_return service::Receipted<SamplingView>{std::move(*view), std::move(leaf)};
}

Result<SamplingView> Chain::sampling_view(storage::Connection& conn, storage::Sampling s) {
  SamplingView v;
  LW_TRY_ASSIGN(v.project, project_ref(conn, s.group.project_id));
  LW_TRY_ASSIGN(v.witness, person_ref(conn, s.witness_id));
  LW_TRY_ASSIGN(v.sampler, person_ref(conn, s.sampler_id));
  LW_TRY_ASSIGN(v.specimens, storage::sampling_labels(conn, s.id));
  auto commissions = storage::list_commissions(conn, s.id);
  if (!commissions) {
    return std::move(commissions).error();
  }
  for (auto& c : *commissions) {
    auto name = lab_name(conn, c.lab_code);
    if (!name) {
      return std::move(name).error();
    }
    v.commissions.push_back({std::move(c), std::move(*name)});
  }
  v.sampling = std::move(s);
  return v;
}

Result<SamplingView> Chain::get_sampling(const identity::Principal& by, std::int64_t id) {
  auto reading = read_as(by);
  if (!reading) {
    return std::move(reading).error();
  }
  auto& [conn, scope] = *reading;
  auto found = storage::find_sampling(*conn, scope, id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return Error(std::string(errc::not_found), "no sampling " + std::to_string(id) + " in scope");
  }
  return sampling_view(*conn, std::move(**found));
}

Result<storage::Paged<SamplingView>> Chain::list_samplings(const identity::Principal& by,
                                                           const storage::SamplingFilter& filter,
                                                           const storage::Page& page) {
  auto reading = read_as(by);
  if (!reading) {
    return std::move(reading).error();
  }
  auto& [conn, scope] = *reading;
  auto found = storage::list_samplings(*conn, scope, filter, page);
  if (!found) {
    return std::move(found).error();
  }
  storage::Paged<SamplingView> out;
  out.total = found->total;
  for (auto& s : found->items) {
    auto v = sampling_view(*conn, std::move(s));
    if (!v) {
      return std::move(v).error();
    }
    out.items.push_back(std::move(*v));
  }
  return out;
}

}  // namespace lw::specimens
