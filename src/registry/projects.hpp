#pragma once
// Use cases of projects under supervision (工程项目, issue 5 item 6; JJ-4.2, JJ-4.3, JL-2.2). A
// supervision station enters the projects of its county (a regulator those of its region): the
// facts, the site for geofencing, the parties and the witnesses and samplers assigned. A
// replacement of a witness or sampler is a change notice, judged on time or late under the
// version of the region's policy profile in force on the day the replacement takes effect; the
// filing time is the server's clock. A late notice is still accepted — the replacement happens —
// and a violation is recorded for supervision.
//
// Every change is one write: audited (project.register, change_notice.file and, when late,
// change_notice.late) and versioned in the ledger (record types "project", whose record carries
// the facts and the current assignments, and "change_notice"). Records name people by id and
// name only, never by ID or phone number.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "domain/policy.hpp"
#include "domain/project.hpp"
#include "identity/identity.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/database.hpp"
#include "storage/projects.hpp"
#include "storage/writer.hpp"

namespace lw::registry {

inline constexpr char kProjectType[] = "project";
inline constexpr char kChangeNoticeType[] = "change_notice";

/// A witness or sampler to assign from `starts_on` (00:00 Asia/Shanghai).
struct NewAssignment {
  std::int64_t person_id = 0;
  domain::AssignmentDuty duty = domain::AssignmentDuty::witness;
  domain::Date starts_on{};
};

/// A registration: the project's facts (id, created_* ignored) and its first assignments.
struct NewProject {
  domain::Project project;
  std::vector<NewAssignment> assignments;
};

/// A replacement: the open assignment that ends, the person who takes over, the local date it
/// takes effect and why.
struct NewChangeNotice {
  std::int64_t assignment_id = 0;
  std::int64_t person_in = 0;
  domain::Date effective_on{};
  std::string reason;
};

/// An organisation as a project names it.
struct Party {
  std::int64_t id = 0;
  std::string name;
  std::string credit_code;
};

struct AssignmentView {
  domain::Assignment assignment;
  std::string person_name;
};

struct NoticeView {
  domain::ChangeNotice notice;
  std::string person_out_name;
  std::string person_in_name;
};

/// The policy that applies to a project now: its profile and the version in force.
using PolicyInForce = domain::PolicyInForce;

/// A project with everything its page shows.
struct ProjectView {
  domain::Project project;
  std::string region_name;
  Party client, contractor, supervisor;
  std::vector<AssignmentView> assignments;  // oldest first
  std::vector<NoticeView> notices;          // newest first
  std::vector<storage::Violation> violations;
  std::optional<PolicyInForce> policy;  // none when no profile binds the region now
};

/// A project as a list shows it.
struct ProjectSummary {
  domain::Project project;
  std::string region_name;
  Party client, contractor, supervisor;
  storage::ProjectTally tally;
};

class Projects {
 public:
  Projects(storage::Database& db, storage::Writer& writer, const Clock& clock,
           const service::Auditor& auditor, service::Ledger& ledger,
           const domain::PolicyBook& policies)
      : db_(db),
        writer_(writer),
        clock_(clock),
        auditor_(auditor),
        ledger_(ledger),
        policies_(policies) {}

  /// Registers a project: forbidden without register_projects or for a region outside the
  /// caller's; invalid_argument for a bad field, an unknown region, a party that is not an
  /// organisation of the right kind, or an assignment of someone outside the caller's people
  /// scope, a witness not assignable on the start date (details "reasons") or a sampler without
  /// the sampler duty; conflict when the code is registered already.
  Task<Result<service::Receipted<ProjectView>>> register_project(const identity::Principal& by,
                                                                 NewProject input,
                                                                 const service::Caller& caller);
  /// The projects of the caller's registry scope matching `filter`, newest first.
  Result<storage::Paged<ProjectSummary>> list(const identity::Principal& by,
                                              const storage::ProjectFilter& filter,
                                              const storage::Page& page);
  /// One project of the caller's registry scope; not_found outside it.
  Result<ProjectView> get(const identity::Principal& by, std::int64_t id);
  /// Files a change notice for a project in the caller's scope: the replaced assignment ends
  /// and the new one starts at effective_on 00:00 Asia/Shanghai; judged under the region's
  /// profile version in force on effective_on; a late one also records a violation.
  Task<Result<service::Receipted<NoticeView>>> file_change_notice(const identity::Principal& by,
                                                                  std::int64_t project_id,
                                                                  NewChangeNotice input,
                                                                  const service::Caller& caller);

 private:
  Result<ProjectView> view_of(storage::Connection& conn, domain::Project project);

  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  service::Ledger& ledger_;
  const domain::PolicyBook& policies_;
};

/// What a project's ledger entry commits to: its facts, its assignments as they stand after
/// the change, and the change's reason.
boost::json::object project_record(const domain::Project& project,
                                   const std::vector<AssignmentView>& assignments,
                                   const std::string& reason);

}  // namespace lw::registry
