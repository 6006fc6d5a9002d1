#pragma once
// Use cases of the people registry (人员, issue 5 item 4; JJ-4.3, JL-2.1, JL-2.2): regulators and
// station staff of the employer's region (and the system admin) register people and change them,
// each change a new version in the ledger with its reason; a lab's users read their own lab's
// people and change nothing ("a lab cannot modify its own staff list"). The resident ID number
// and phone are sealed at rest and masked in every answer; a regulator or station user may see
// them in clear on explicit request, and each such look is audited (person.unmask).
//
// No error, audit detail or ledger record built here contains an ID or phone number: errors
// name the field and the problem, records carry the blind indexes.
#include <functional>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "crypto/pii.hpp"
#include "domain/person.hpp"
#include "identity/identity.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/database.hpp"
#include "storage/people.hpp"
#include "storage/writer.hpp"

namespace lw::registry {

inline constexpr char kPersonType[] = "person";

/// A person as a caller sees them: the protected values masked (crypto::mask_pii).
struct PersonView {
  domain::Person person;
  std::string id_number;  // masked
  std::string phone;      // masked
};

/// A person with the protected values in clear: only the answer of an audited unmask.
struct UnmaskedPerson {
  PersonView view;
  std::string id_number;
  std::string phone;
};

/// A registration: the facts (name, employer, duties, training, exam) and the protected values
/// as typed (checked and normalised here).
struct NewPerson {
  domain::Person person;
  std::string id_number;
  std::string phone;
};

/// A change of a person's registered facts; absent members stay. The ID number does not change
/// (a wrong one is a new registration). `reason` is required.
struct PersonPatch {
  std::optional<std::string> name;
  std::optional<std::string> phone;
  std::optional<std::vector<domain::Duty>> duties;
  std::optional<std::optional<domain::Date>> trained_on;
  std::optional<domain::Exam> exam;
  std::optional<std::string> lab_code;          // moves the person to this lab
  std::optional<std::int64_t> organisation_id;  // or to this organisation
  std::string reason;
};

/// The written authorisation to attach: an uploaded file and its end date.
struct AuthorisationInput {
  std::string sha256;
  std::optional<domain::Date> valid_until;
};

/// Whose people a user sees: the system admin all, a lab's users their lab's, regulators and
/// station staff their region's, everyone else none.
domain::Scope people_scope(const identity::Principal& by);

class People {
 public:
  People(storage::Database& db, storage::Writer& writer, const Clock& clock,
         const service::Auditor& auditor, service::Ledger& ledger, crypto::PiiKeys keys)
      : db_(db),
        writer_(writer),
        clock_(clock),
        auditor_(auditor),
        ledger_(ledger),
        keys_(std::move(keys)) {}

  /// Registers a person: checked (resident ID by GB 11643 against the server's date, phone,
  /// employer in the caller's scope), sealed, first version, audited. conflict when the ID
  /// number is registered already.
  Task<Result<service::Receipted<PersonView>>> register_person(const identity::Principal& by,
                                                               NewPerson input,
                                                               const service::Caller& caller);
  /// A page of the people in the caller's scope; `id_number` (clear, optional) finds one
  /// person by the blind index.
  Result<storage::Paged<PersonView>> list(const identity::Principal& by,
                                          storage::PeopleFilter filter,
                                          const std::string& id_number, const storage::Page& page);
  Result<PersonView> get(const identity::Principal& by, std::int64_t id);
  /// The person with ID and phone in clear, for a holder of unmask_personal_data; audited.
  Task<Result<UnmaskedPerson>> unmask(const identity::Principal& by, std::int64_t id,
                                      const service::Caller& caller);
  Task<Result<service::Receipted<PersonView>>> change(const identity::Principal& by,
                                                      std::int64_t id, PersonPatch patch,
                                                      const service::Caller& caller);
  Task<Result<service::Receipted<PersonView>>> add_certificate(const identity::Principal& by,
                                                               std::int64_t id,
                                                               domain::PersonCertificate cert,
                                                               const service::Caller& caller);
  /// Records that the caller verified the person's identity (JJ-4.3), now.
  Task<Result<service::Receipted<PersonView>>> verify_identity(const identity::Principal& by,
                                                               std::int64_t id, std::string note,
                                                               const service::Caller& caller);
  /// Attaches a written authorisation (JL-2.2): a PDF, JPEG or PNG the caller uploaded or may
  /// read. The person's lab becomes a holder of the file, so whoever reads the person may
  /// fetch it.
  Task<Result<service::Receipted<PersonView>>> authorise(const identity::Principal& by,
                                                         std::int64_t id, AuthorisationInput input,
                                                         const service::Caller& caller);
  /// A lab system's own people (lab-side read model, issue 5 item 9), masked.
  Result<storage::Paged<PersonView>> lab_staff(const std::string& lab_code,
                                               const storage::Page& page);

 private:
  /// How a change edits the row inside the write; fills the audit details.
  using Edit =
      std::function<Status(storage::Connection&, storage::PersonRow&, boost::json::object&)>;
  /// Re-reads the person inside the write, applies `edit`, stores it as the next version with
  /// `reason`, audits `action`.
  Task<Result<service::Receipted<PersonView>>> commit_change(const identity::Principal& by,
                                                             std::int64_t id, Edit edit,
                                                             std::string action, std::string reason,
                                                             const service::Caller& caller);
  Result<PersonView> view_of(const storage::PersonRow& row) const;
  Result<storage::Paged<PersonView>> views_of(
      Result<storage::Paged<storage::PersonRow>> rows) const;

  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  service::Ledger& ledger_;
  crypto::PiiKeys keys_;
};

/// What a person's ledger entry commits to: the facts, the blind indexes (never the numbers),
/// the certificates, verification and authorisation, and the change's reason.
boost::json::object person_record(const storage::PersonRow& row, const std::string& reason);

}  // namespace lw::registry
