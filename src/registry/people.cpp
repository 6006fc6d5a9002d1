#include "registry/people.hpp"

#include <boost/json.hpp>

#include "core/random.hpp"
#include "core/text.hpp"
#include "domain/identifiers.hpp"
#include "identity/access.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "storage/blob_records.hpp"
#include "storage/labs.hpp"
#include "storage/organisations.hpp"

namespace lw::registry {
namespace {

using crypto::PiiKind;

Error no_person(std::int64_t id) {
  return Error(std::string(errc::not_found), "no person " + std::to_string(id) + " in scope");
}

boost::json::value date_json(const std::optional<domain::Date>& d) {
  return d ? boost::json::value(domain::format_date(*d)) : boost::json::value(nullptr);
}

boost::json::array duties_json(const std::vector<domain::Duty>& duties) {
  boost::json::array out;
  for (domain::Duty d : duties) {
    out.emplace_back(domain::duty_name(d));
  }
  return out;
}

// The employer's region when `scope` covers it; not_found naming the field otherwise (an
// employer outside the scope is as unknown as one that does not exist).
Result<std::string> employer_region(storage::Connection& conn, const domain::Scope& scope,
                                    const domain::Person& p) {
  if (!p.lab_code.empty()) {
    auto lab = storage::find_lab(conn, scope, p.lab_code);
    if (!lab) {
      return std::move(lab).error();
    }
    if (!*lab) {
      return Error(std::string(errc::not_found), "no lab " + p.lab_code + " in scope",
                   {{"fields", {{"lab_code", "unknown"}}}});
    }
    return (*lab)->region_code;
  }
  auto org = storage::find_organisation(conn, scope, *p.organisation_id);
  if (!org) {
    return std::move(org).error();
  }
  if (!*org) {
    return field_error("organisation_id", "unknown");
  }
  return std::move((*org)->region_code);
}

Result<std::string> checked_phone(std::string_view text) {
  return domain::normalise_phone(text, "phone");
}

}  // namespace

domain::Scope people_scope(const identity::Principal& by) {
  switch (by.role) {
    case identity::Role::system_admin:
      return domain::Scope::all();
    case identity::Role::lab_admin:
    case identity::Role::lab_staff:
    case identity::Role::regulator:
    case identity::Role::station_staff:
      return identity::data_scope(by);
    default:
      return domain::Scope::none();
  }
}

boost::json::object person_record(const storage::PersonRow& row, const std::string& reason) {
  const domain::Person& p = row.person;
  boost::json::object exam{
      {"state", domain::exam_state_name(p.exam.state)},
      {"taken_on", date_json(p.exam.taken_on)},
      {"score", p.exam.score ? boost::json::value(*p.exam.score) : boost::json::value(nullptr)}};
  boost::json::array certs;
  for (const auto& c : p.certificates) {
    certs.push_back({{"id", c.id},
                     {"kind", c.kind},
                     {"number", c.number},
                     {"issuer", c.issuer},
                     {"valid_from", domain::format_date(c.valid_from)},
                     {"valid_until", domain::format_date(c.valid_until)}});
  }
  boost::json::object out{
      {"name", p.name},
      {"id_number_index", row.id_number_index},
      {"phone_index", row.phone_index},
      {"lab_code", p.lab_code},
      {"organisation_id",
       p.organisation_id ? boost::json::value(*p.organisation_id) : boost::json::value(nullptr)},
      {"region_code", p.region_code},
      {"duties", duties_json(p.duties)},
      {"trained_on", date_json(p.trained_on)},
      {"exam", std::move(exam)},
      {"certificates", std::move(certs)},
      {"reason", reason}};
  if (p.verification) {
    out["verification"] = {{"by", p.verification->verified_by},
                           {"at", format_utc(p.verification->verified_at)}};
  }
  if (p.authorisation) {
    out["authorisation"] = {{"sha256", p.authorisation->sha256},
                            {"media_type", p.authorisation->media_type},
                            {"valid_until", date_json(p.authorisation->valid_until)},
                            {"by", p.authorisation->recorded_by},
                            {"at", format_utc(p.authorisation->recorded_at)}};
  }
  return out;
}

Result<PersonView> People::view_of(const storage::PersonRow& row) const {
  auto id = crypto::open_pii(keys_, PiiKind::resident_id, row.id_number_sealed, row.row_key);
  if (!id) {
    return std::move(id).error();
  }
  auto phone = crypto::open_pii(keys_, PiiKind::phone, row.phone_sealed, row.row_key);
  if (!phone) {
    return std::move(phone).error();
  }
  return PersonView{row.person, crypto::mask_pii(PiiKind::resident_id, *id),
                    crypto::mask_pii(PiiKind::phone, *phone)};
}

Result<storage::Paged<PersonView>> People::views_of(
    Result<storage::Paged<storage::PersonRow>> rows) const {
  if (!rows) {
    return std::move(rows).error();
  }
  storage::Paged<PersonView> out;
  out.total = rows->total;
  for (const auto& row : rows->items) {
    auto v = view_of(row);
    if (!v) {
      return std::move(v).error();
    }
    out.items.push_back(std::move(*v));
  }
  return out;
}

Task<Result<service::Receipted<PersonView>>> People::register_person(
    const identity::Principal& by, NewPerson input, const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::manage_people); !st) {
    co_return std::move(st).error();
  }
  const Instant now = clock_.now();
  storage::PersonRow row;
  row.person = std::move(input.person);
  row.person.verification.reset();
  row.person.authorisation.reset();
  row.person.certificates.clear();
  if (auto st = domain::validate(row.person); !st) {
    co_return std::move(st).error();
  }
  auto id = domain::parse_resident_id(input.id_number, domain::shanghai_date(now), "id_number");
  if (!id) {
    co_return std::move(id).error();
  }
  auto phone = checked_phone(input.phone);
  if (!phone) {
    co_return std::move(phone).error();
  }
  row.row_key = random_hex(16);
  row.id_number_sealed = crypto::seal_pii(keys_, PiiKind::resident_id, id->text, row.row_key);
  row.id_number_index = crypto::pii_index(keys_, PiiKind::resident_id, id->text);
  row.phone_sealed = crypto::seal_pii(keys_, PiiKind::phone, *phone, row.row_key);
  row.phone_index = crypto::pii_index(keys_, PiiKind::phone, *phone);
  row.created_by = caller.actor;
  row.created_at = now;
  row.updated_at = now;
  const domain::Scope scope = people_scope(by);
  bool taken = false;
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto region = employer_region(conn, scope, row.person);
    if (!region) {
      return std::move(region).error();
    }
    row.person.region_code = std::move(*region);
    auto added = storage::insert_person(conn, row);
    if (!added) {
      return std::move(added).error();
    }
    taken = !*added;
    if (taken) {
      return {};
    }
    row.person.id = **added;
    const std::string record_id = std::to_string(row.person.id);
    auto version =
        service::record_registry_version(conn, ledger_,
                                         {kPersonType, record_id, row.person.lab_code,
                                          person_record(row, "registered 登记"), caller.actor, now},
                                         service::Ledger::Previous::none);
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return auditor_.record(
        conn, caller, now, "person.register", "person/" + record_id,
        boost::json::serialize(boost::json::object{
            {"lab_code", row.person.lab_code},
            {"organisation_id", row.person.organisation_id
                                    ? boost::json::value(*row.person.organisation_id)
                                    : boost::json::value(nullptr)},
            {"duties", duties_json(row.person.duties)}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  if (taken) {
    co_return Error(std::string(errc::conflict),
                    "a person with this resident ID number is registered already",
                    {{"fields", {{"id_number", "taken"}}}});
  }
  auto view = view_of(row);
  if (!view) {
    co_return std::move(view).error();
  }
  co_return service::Receipted<PersonView>{std::move(*view), std::move(leaf)};
}

Result<storage::Paged<PersonView>> People::list(const identity::Principal& by,
                                                storage::PeopleFilter filter,
                                                const std::string& id_number,
                                                const storage::Page& page) {
  if (!id_number.empty()) {
    auto id =
        domain::parse_resident_id(id_number, domain::shanghai_date(clock_.now()), "id_number");
    if (!id) {
      return std::move(id).error();
    }
    filter.id_number_index = crypto::pii_index(keys_, PiiKind::resident_id, id->text);
  }
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return views_of(storage::list_people(**conn, people_scope(by), filter, page));
}

Result<PersonView> People::get(const identity::Principal& by, std::int64_t id) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto row = storage::find_person(**conn, people_scope(by), id);
  if (!row) {
    return std::move(row).error();
  }
  if (!*row) {
    return no_person(id);
  }
  return view_of(**row);
}

Task<Result<UnmaskedPerson>> People::unmask(const identity::Principal& by, std::int64_t id,
                                            const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::unmask_personal_data); !st) {
    co_return std::move(st).error();
  }
  std::optional<storage::PersonRow> row;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto found = storage::find_person(**conn, people_scope(by), id);
    if (!found) {
      co_return std::move(found).error();
    }
    row = std::move(*found);
  }
  if (!row) {
    co_return no_person(id);
  }
  auto view = view_of(*row);
  if (!view) {
    co_return std::move(view).error();
  }
  auto number = crypto::open_pii(keys_, PiiKind::resident_id, row->id_number_sealed, row->row_key);
  auto phone = crypto::open_pii(keys_, PiiKind::phone, row->phone_sealed, row->row_key);
  if (!number || !phone) {
    co_return Error(std::string(errc::internal), "a sealed value of the person does not open");
  }
  // The look is on record before the values leave: no audit row, no answer.
  const Instant now = clock_.now();
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    return auditor_.record(conn, caller, now, "person.unmask", "person/" + std::to_string(id),
                           R"({"fields":["id_number","phone"]})");
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return UnmaskedPerson{std::move(*view), std::move(*number), std::move(*phone)};
}

Task<Result<service::Receipted<PersonView>>> People::commit_change(const identity::Principal& by,
                                                                   std::int64_t id, Edit edit,
                                                                   std::string action,
                                                                   std::string reason,
                                                                   const service::Caller& caller) {
  const domain::Scope scope = people_scope(by);
  const Instant now = clock_.now();
  storage::PersonRow row;
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto found = storage::find_person(conn, scope, id);
    if (!found) {
      return std::move(found).error();
    }
    if (!*found) {
      return no_person(id);
    }
    row = std::move(**found);
    boost::json::object details;
    LW_TRY(edit(conn, row, details));
    row.updated_at = now;
    LW_TRY(storage::update_person(conn, row));
    const std::string record_id = std::to_string(id);
    auto version =
        service::record_registry_version(conn, ledger_,
                                         {kPersonType, record_id, row.person.lab_code,
                                          person_record(row, reason), caller.actor, now});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    details["reason"] = reason;
    return auditor_.record(conn, caller, now, action, "person/" + record_id,
                           boost::json::serialize(details));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  auto view = view_of(row);
  if (!view) {
    co_return std::move(view).error();
  }
  co_return service::Receipted<PersonView>{std::move(*view), std::move(leaf)};
}

Task<Result<service::Receipted<PersonView>>> People::change(const identity::Principal& by,
                                                            std::int64_t id, PersonPatch patch,
                                                            const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::manage_people); !st) {
    co_return std::move(st).error();
  }
  const std::string reason(trim_blanks(patch.reason));
  if (reason.empty() || utf8_length(reason) > 500) {
    co_return field_error("reason", "required, 1-500 characters");
  }
  if (patch.lab_code && patch.organisation_id) {
    co_return field_error("employer", "exactly one of lab_code and organisation_id");
  }
  std::optional<std::string> phone;
  if (patch.phone) {
    auto checked = checked_phone(*patch.phone);
    if (!checked) {
      co_return std::move(checked).error();
    }
    phone = std::move(*checked);
  }
  const domain::Scope scope = people_scope(by);
  Edit edit = [&](storage::Connection& conn, storage::PersonRow& row,
                  boost::json::object& details) -> Status {
    domain::Person& p = row.person;
    boost::json::array changed;
    if (patch.name) {
      p.name = *patch.name;
      changed.emplace_back("name");
    }
    if (phone) {
      row.phone_sealed = crypto::seal_pii(keys_, PiiKind::phone, *phone, row.row_key);
      row.phone_index = crypto::pii_index(keys_, PiiKind::phone, *phone);
      changed.emplace_back("phone");
    }
    if (patch.duties) {
      p.duties = *patch.duties;
      changed.emplace_back("duties");
    }
    if (patch.trained_on) {
      p.trained_on = *patch.trained_on;
      changed.emplace_back("trained_on");
    }
    if (patch.exam) {
      p.exam = *patch.exam;
      changed.emplace_back("exam");
    }
    if (patch.lab_code || patch.organisation_id) {
      p.lab_code = patch.lab_code.value_or("");
      p.organisation_id = patch.organisation_id;
      changed.emplace_back("employer");
    }
    LW_TRY(domain::validate(p));
    if (patch.lab_code || patch.organisation_id) {
      auto region = employer_region(conn, scope, p);
      if (!region) {
        return std::move(region).error();
      }
      p.region_code = std::move(*region);
    }
    if (changed.empty()) {
      return field_error("body", "nothing to change");
    }
    details["changed"] = std::move(changed);
    return {};
  };
  co_return co_await commit_change(by, id, std::move(edit), "person.change", reason, caller);
}

Task<Result<service::Receipted<PersonView>>> People::add_certificate(
    const identity::Principal& by, std::int64_t id, domain::PersonCertificate cert,
    const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::manage_people); !st) {
    co_return std::move(st).error();
  }
  for (auto [field, value] : {std::pair{"kind", &cert.kind}, std::pair{"number", &cert.number},
                              std::pair{"issuer", &cert.issuer}}) {
    if (value->empty() || utf8_length(*value) > 100) {
      co_return field_error(field, "required, 1-100 characters");
    }
  }
  if (cert.valid_until < cert.valid_from) {
    co_return field_error("valid_until", "before valid_from");
  }
  const Instant now = clock_.now();
  const std::string actor = caller.actor;
  Edit edit = [&](storage::Connection& conn, storage::PersonRow& row,
                  boost::json::object& details) -> Status {
    auto cid = storage::insert_certificate(conn, id, cert, actor, now);
    if (!cid) {
      return std::move(cid).error();
    }
    domain::PersonCertificate added = cert;
    added.id = *cid;
    row.person.certificates.push_back(added);
    details["certificate_id"] = *cid;
    details["kind"] = cert.kind;
    return {};
  };
  co_return co_await commit_change(by, id, std::move(edit), "person.certificate",
                                   "certificate added 登记证书", caller);
}

Task<Result<service::Receipted<PersonView>>> People::verify_identity(
    const identity::Principal& by, std::int64_t id, std::string note,
    const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::verify_people); !st) {
    co_return std::move(st).error();
  }
  if (utf8_length(note) > 500) {
    co_return field_error("note", "at most 500 characters");
  }
  const Instant now = clock_.now();
  const std::string actor = caller.actor;
  Edit edit = [&](storage::Connection&, storage::PersonRow& row,
                  boost::json::object& details) -> Status {
    row.person.verification = domain::IdentityVerification{actor, now};
    if (!note.empty()) {
      details["note"] = note;
    }
    return {};
  };
  std::string reason = note.empty() ? std::string("identity verified 身份核验") : note;
  co_return co_await commit_change(by, id, std::move(edit), "person.verify", std::move(reason),
                                   caller);
}

Task<Result<service::Receipted<PersonView>>> People::authorise(const identity::Principal& by,
                                                               std::int64_t id,
                                                               AuthorisationInput input,
                                                               const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::manage_people); !st) {
    co_return std::move(st).error();
  }
  const Instant now = clock_.now();
  const domain::Scope files = identity::data_scope(by);
  const std::string actor = caller.actor;
  Edit edit = [&](storage::Connection& conn, storage::PersonRow& row,
                  boost::json::object& details) -> Status {
    auto blob = storage::find_held_blob(conn, input.sha256, files, actor);
    if (!blob) {
      return std::move(blob).error();
    }
    if (!*blob) {
      return field_error("sha256", "unknown file: upload it first");
    }
    if (!domain::authorisation_media_type_ok((*blob)->media_type)) {
      return field_error("sha256", "a PDF, JPEG or PNG file");
    }
    row.person.authorisation =
        domain::Authorisation{input.sha256, (*blob)->media_type, input.valid_until, actor, now};
    if (!row.person.lab_code.empty()) {
      auto held = storage::add_blob_holder(
          conn, input.sha256, {row.person.lab_code, "person/" + std::to_string(id)}, now);
      if (!held) {
        return std::move(held).error();
      }
    }
    details["sha256"] = input.sha256;
    details["valid_until"] = date_json(input.valid_until);
    return {};
  };
  co_return co_await commit_change(by, id, std::move(edit), "person.authorise",
                                   "written authorisation 见证授权书", caller);
}

Result<storage::Paged<PersonView>> People::lab_staff(const std::string& lab_code,
                                                     const storage::Page& page) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return views_of(storage::list_people(**conn, identity::lab_system_scope(lab_code), {}, page));
}

}  // namespace lw::registry
