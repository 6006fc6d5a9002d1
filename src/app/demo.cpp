// The demo dataset a newcomer sees on first start. Each capability adds its part here.
#include <future>

#include <boost/json/serialize.hpp>

#include "app/application.hpp"
#include "core/log.hpp"
#include "identity/registry_changes.hpp"
#include "identity/store.hpp"
#include "service/ledger_records.hpp"
#include "storage/change_requests.hpp"
#include "storage/connectivity_checks.hpp"
#include "storage/labs.hpp"

namespace lw::app {
namespace {

struct DemoCheck {
  const char* lab_code;
  const char* message;
  int minutes_ago;
  int clock_skew_seconds;
};

// Lab systems of the two shipped jurisdictions testing their link (JJ-3.2, JL-1.1).
constexpr DemoCheck kChecks[] = {
    {"360402-0001", "九江市建设工程质量检测中心 LIMS 联调自检 / Jiujiang centre LIMS link test", 95,
     2},
    {"360402-0001", "压力试验机数据采集通道自检 / compression machine acquisition channel", 80, 1},
    {"360430-0002", "彭泽县建科检测 LIMS 首次接入 / first connection", 60, -47},
    {"220102-0001", "吉林省建设工程检测院 现场检测终端联调 / on-site terminal link test", 45, 0},
    {"220202-0003", "吉林市建研检测 现场照片上传通道自检 / on-site photo channel", 20, 310},
};

// Accounts of both jurisdictions and the three separate admins (三权分立). The passwords meet
// the policy; the roles that must use TOTP have fixed secrets (base32 of
// "labwatch-demo-…"), printed in the banner so a person can add them to an authenticator.
constexpr DemoLogin kLogins[] = {
    {"jj-regulator", "Demo@2026jj", identity::Role::regulator, "九江市住建局 监管员", "360400",
     nullptr, "NRQWE53BORRWQLLEMVWW6LLKNIWXEZLH"},
    {"jj-regulator2", "Demo@2026jj2", identity::Role::regulator, "九江市住建局 复核员", "360400",
     nullptr, "NRQWE53BORRWQLLEMVWW6LLKNIWXEZJS"},
    {"jl-regulator", "Demo@2026jl", identity::Role::regulator, "吉林省住建厅 监管员", "220000",
     nullptr, "NRQWE53BORRWQLLEMVWW6LLKNQWXEZLH"},
    {"sysadmin", "Demo@2026sys", identity::Role::system_admin, "系统管理员", nullptr, nullptr,
     "NRQWE53BORRWQLLEMVWW6LLTPFZWCZDN"},
    {"secadmin", "Demo@2026sec", identity::Role::security_admin, "安全管理员", nullptr, nullptr,
     "NRQWE53BORRWQLLEMVWW6LLTMVRWCZDN"},
    {"auditadmin", "Demo@2026aud", identity::Role::audit_admin, "审计管理员", nullptr, nullptr,
     "NRQWE53BORRWQLLEMVWW6LLBOVSGCZDN"},
    {"lab-jj-01", "Demo@2026lab", identity::Role::lab_admin, "九江市建设工程质量检测中心 管理员",
     "360400", "360402-0001", nullptr},
    {"lab-jl-01", "Demo@2026jlab", identity::Role::lab_admin, "吉林省建设工程检测院 管理员",
     nullptr, "220102-0001", nullptr},
    // Issue 5 item 6: county supervision stations enter projects and change notices (no TOTP).
    {"jj-station", "Demo@2026st", identity::Role::station_staff, "九江市濂溪区建设工程质量监督站",
     "360402", nullptr, nullptr},
    {"jl-station", "Demo@2026jst", identity::Role::station_staff, "长春市南关区建设工程质量监督站",
     "220102", nullptr, nullptr},
    // Issue 6: the witness of the first Jiujiang project, on the phone page (no TOTP).
    {"jj-witness", "Demo@2026wit", identity::Role::witness, "滨湖花园二期 见证员", nullptr, nullptr,
     nullptr},
    // Issue 8: a tester of the Jilin institute on the capture page /onsite/capture (no TOTP).
    {"jl-tester", "Demo@2026jlt", identity::Role::lab_staff, "吉林省建设工程检测院 现场检测员",
     nullptr, "220102-0001", nullptr},
};

// A registry change with its approval (变更审批): one Jiujiang regulator asked to correct a
// lab's name, the other approved it, so the lab's history shows who, when, why and the approval.
struct DemoChange {
  const char* lab_code;
  const char* new_name;
  const char* reason;
  const char* requested_by;
  const char* approved_by;
  const char* note;
};
constexpr DemoChange kChange{"360402-0001",
                             "九江市建设工程质量检测中心有限公司",
                             "依资质证书更正机构全称 full name as on the qualification certificate",
                             "jj-regulator2",
                             "jj-regulator",
                             "已核对资质证书原件 certificate original checked"};

}  // namespace

Status Application::load_demo_change(storage::Connection& conn, Instant now) {
  auto requester = identity::find_user_by_login(conn, kChange.requested_by);
  if (!requester) {
    return std::move(requester).error();
  }
  auto approver = identity::find_user_by_login(conn, kChange.approved_by);
  if (!approver) {
    return std::move(approver).error();
  }
  auto lab = storage::find_lab(conn, domain::Scope::all(), kChange.lab_code);
  if (!lab) {
    return std::move(lab).error();
  }
  if (!*requester || !*approver || !*lab) {
    return {};
  }
  domain::ChangeRequest request;
  request.record_type = service::kLabType;
  request.record_id = kChange.lab_code;
  request.lab_code = kChange.lab_code;
  request.base_version = 1;
  request.proposal = boost::json::serialize(boost::json::object{{"name", kChange.new_name}});
  request.reason = kChange.reason;
  request.requested_by = kChange.requested_by;
  request.requester_id = (*requester)->id;
  request.requested_at = now;
  auto id = storage::insert_change_request(conn, request);
  if (!id) {
    return std::move(id).error();
  }
  request.id = *id;
  request.state = domain::ChangeState::approved;
  request.decided_by = kChange.approved_by;
  request.decider_id = (*approver)->id;
  request.decided_at = now;
  request.decision_note = kChange.note;
  identity::DecidedChange decided{std::move(request), {}, {}};
  LW_TRY(identity::record_decision(conn, *ledger_, decided));
  auto checkpoint = ledger_->checkpoint(conn);
  if (!checkpoint) {
    return std::move(checkpoint).error();
  }
  return {};
}

std::span<const DemoLogin> demo_logins() {
  return kLogins;
}

Status Application::load_demo() {
  bool want_checks = false;
  bool want_users = false;
  std::vector<const DemoLogin*> missing;  // accounts a later version of the demo added
  {
    auto conn = db_->acquire();
    if (!conn) {
      return std::move(conn).error();
    }
    auto existing = storage::recent_connectivity_checks(**conn, domain::Scope::all(), "", 1);
    if (!existing) {
      return std::move(existing).error();
    }
    auto users = identity::count_users(**conn);
    if (!users) {
      return std::move(users).error();
    }
    // Each part loads into an empty table only: a later start leaves the data as it is.
    want_checks = existing->empty();
    want_users = *users == 0;
    for (const auto& d : kLogins) {
      auto found = identity::find_user_by_login(**conn, d.login);
      if (!found) {
        return std::move(found).error();
      }
      if (!*found) {
        missing.push_back(&d);
      }
    }
  }
  const Instant now = clock_.now();
  LW_TRY(load_demo_labs(now));  // demo_labs.cpp: adds what is missing
  if (want_checks) {
    LW_TRY(write_now(*writer_, [&](storage::Connection& conn) -> Status {
      for (const auto& d : kChecks) {
        domain::ConnectivityCheck c;
        c.lab_code = d.lab_code;
        c.message = d.message;
        c.received_at = now - std::chrono::minutes(d.minutes_ago);
        c.client_time = c.received_at + std::chrono::seconds(d.clock_skew_seconds);
        auto sandbox = storage::lab_in_sandbox(conn, c.lab_code);
        if (!sandbox) {
          return std::move(sandbox).error();
        }
        c.sandbox = *sandbox;
        LW_TRY(storage::insert_connectivity_check(conn, c));
        // In the ledger like every check a lab sends, then under a signed checkpoint.
        service::Caller lims;
        lims.actor = "demo-lims-" + c.lab_code;
        auto leaf = ledger_->append(conn, service::connectivity_entry(c, lims), c.lab_code,
                                    c.sandbox, service::Ledger::Previous::none);
        if (!leaf) {
          return std::move(leaf).error();
        }
      }
      auto checkpoint = ledger_->checkpoint(conn);
      if (!checkpoint) {
        return std::move(checkpoint).error();
      }
      return {};
    }));
    log::info("demo_loaded", {{"connectivity_checks", std::size(kChecks)}});
  }
  if (!missing.empty()) {
    std::vector<identity::User> users;
    for (const DemoLogin* login : missing) {
      const DemoLogin& d = *login;
      identity::NewUser spec;
      spec.login = d.login;
      spec.display_name = d.display_name;
      spec.role = d.role;
      spec.password = d.password;
      spec.must_change_password = false;  // a demo: the printed password keeps working
      if (d.region_code) {
        spec.region_code = d.region_code;
      }
      if (d.lab_code) {
        spec.lab_code = d.lab_code;
      }
      if (d.totp_secret) {
        spec.totp_secret = d.totp_secret;
      }
      auto user = auth_->prepare_user(spec);  // Argon2id: before the write, not inside it
      if (!user) {
        return std::move(user).error();
      }
      users.push_back(std::move(*user));
    }
    service::Caller loader;
    loader.actor = "labwatch-demo";
    loader.role = "system";
    LW_TRY(write_now(*writer_, [&](storage::Connection& conn) -> Status {
      for (auto& u : users) {
        LW_TRY(identity::insert_user(conn, u));
        LW_TRY(auditor_->record(conn, loader, now, "user.create", "user/" + u.login,
                                R"({"demo":true})"));
      }
      return {};
    }));
    log::info("demo_loaded", {{"users", users.size()}});
  }
  if (want_users) {
    LW_TRY(write_now(*writer_, [&](storage::Connection& conn) -> Status {
      return load_demo_change(conn, now);
    }));
  }
  // Issue 5, registry base: organisations of both jurisdictions (idempotent on its own), before
  // the people who may work for them.
  LW_TRY(write_now(*writer_, [&](storage::Connection& conn) -> Status {
    return load_demo_organisations(conn, now);
  }));
  LW_TRY(load_demo_people());
  LW_TRY(load_demo_projects());   // demo_projects.cpp: projects, assignments, change notices
  LW_TRY(load_demo_specimens());  // demo_specimens.cpp: labels, samplings, receipts
  LW_TRY(load_demo_lab_tests());  // demo_labtests.cpp: contracts, plan, specimens to test
  LW_TRY(load_demo_onsite());     // demo_onsite.cpp: on-site batches, tests, photos, filing
  LW_TRY(load_demo_notices());    // demo_notify.cpp: an announcement to each demo county
  LW_TRY(load_demo_reports());    // demo_reports.cpp: issued, failing, revoked, superseded
  LW_TRY(write_demo_lab_keys());  // demo_labtests.cpp: the simulator's keys
  // The banner lists the demo accounts that exist, whether loaded now or on an earlier start.
  demo_logins_present_.clear();
  auto conn = db_->acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  for (const auto& d : kLogins) {
    auto found = identity::find_user_by_login(**conn, d.login);
    if (!found) {
      return std::move(found).error();
    }
    if (*found && (*found)->role == d.role) {
      demo_logins_present_.push_back(&d);
    }
  }
  return {};
}

}  // namespace lw::app
