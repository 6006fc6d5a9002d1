// The demo's people (issue 5 item 4): about a hundred fictional testers, witnesses, samplers and
// technical leads of the demo labs (and of organisations, when the demo has any by then). Most
// witnesses are ready to be assigned — identity verified, trained, examined, certified and
// holding a written authorisation (a small generated PDF) — a few are not, for contrast.
// Loaded once, into an empty people table.
#include <future>

#include <boost/json/serialize.hpp>

#include "app/application.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "domain/identifiers.hpp"
#include "registry/people.hpp"
#include "service/ledger_records.hpp"
#include "storage/blob_records.hpp"

namespace lw::app {
namespace {

using domain::Date;
using domain::Duty;

struct DemoEmployer {
  std::string lab_code;  // "" for an organisation
  std::optional<std::int64_t> organisation_id;
  std::string region_code;
  std::string regulator;  // who registered and verified, as the audit trail names them
};

constexpr const char* kSurnames[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"};
constexpr const char* kGiven[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};

// Obviously fictional: "演示" (demo) before a surname and a heavenly stem.
std::string demo_name(int n) {
  return std::string("演示") + kSurnames[n % 10] + kGiven[(n / 10) % 10] +
         (n >= 100 ? std::to_string(n / 100) : "");
}

std::string two_digits(int v) {
  return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
}

// Born 1970-1999 in the employer's region; n < 900.
std::string demo_id_number(const std::string& region, int n) {
  const std::string first17 = region + std::to_string(1970 + n % 30) + two_digits(1 + n % 12) +
                              two_digits(1 + n % 28) + std::to_string(100 + n);
  return first17 + domain::resident_id_check(first17);
}

std::string demo_phone(int n) {
  return "1990000" + two_digits(n / 100 % 100) + two_digits(n % 100);
}

std::string demo_pdf(const std::string& label) {
  const std::string text = "BT /F1 16 Tf 72 760 Td (" + label + ") Tj ET";
  return "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
         "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
         "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
         "/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
         "4 0 obj<</Length " +
         std::to_string(text.size()) + ">>stream\n" + text +
         "\nendstream endobj\n"
         "5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
         "trailer<</Root 1 0 R>>\n%%EOF\n";
}

Date days_before(Date d, int days) {
  return Date{std::chrono::sys_days(d) - std::chrono::days(days)};
}

}  // namespace

Status Application::load_demo_people() {
  std::vector<DemoEmployer> employers;
  {
    auto conn = db_->acquire();
    if (!conn) {
      return std::move(conn).error();
    }
    auto existing = (*conn)->query("SELECT COUNT(*) FROM people");
    if (!existing) {
      return std::move(existing).error();
    }
    if (existing->front().int64(0) > 0) {
      return {};
    }
    auto labs = (*conn)->query("SELECT lab_code, region_code FROM labs ORDER BY lab_code");
    if (!labs) {
      return std::move(labs).error();
    }
    for (const auto& r : *labs) {
      employers.push_back({r.text(0), std::nullopt, r.text(1),
                           r.text(1).starts_with("22") ? "jl-regulator" : "jj-regulator"});
    }
    auto orgs = (*conn)->query(
        "SELECT id, region_code FROM organisations WHERE region_code LIKE '3604%'"
        " OR region_code LIKE '22%' ORDER BY id");
    if (!orgs) {
      return std::move(orgs).error();
    }
    for (const auto& r : *orgs) {
      employers.push_back({"", r.int64(0), r.text(1),
                           r.text(1).starts_with("22") ? "jl-regulator" : "jj-regulator"});
    }
  }
  if (employers.empty()) {
    return {};
  }
  auto keys = crypto::PiiKeys::derive(data_key_);
  if (!keys) {
    return std::move(keys).error();
  }
  const Instant now = clock_.now();
  const Date today = domain::shanghai_date(now);
  // Labs get most people; an organisation (a contractor's or client's staff) a few witnesses
  // and samplers.
  struct Planned {
    storage::PersonRow row;
    const DemoEmployer* employer;
    std::optional<blobs::BlobRef> pdf;
  };
  std::vector<Planned> planned;
  int n = 0;
  const int per_lab = employers.size() > 4 ? 22 : 25;
  for (const auto& e : employers) {
    const int count = e.lab_code.empty() ? 3 : per_lab;
    for (int i = 0; i < count; ++i, ++n) {
      storage::PersonRow row;
      domain::Person& p = row.person;
      p.name = demo_name(n);
      p.lab_code = e.lab_code;
      p.organisation_id = e.organisation_id;
      p.region_code = e.region_code;
      if (e.lab_code.empty()) {
        p.duties = i % 2 ? std::vector{Duty::sampler} : std::vector{Duty::witness, Duty::sampler};
      } else if (i == 0) {
        // The technical lead also tests and, as quality lead, approves changes of test data
        // (JJ-3.4).
        p.duties = {Duty::technical_lead, Duty::tester, Duty::quality_lead};
      } else {
        static const std::vector<Duty> kCycle[] = {
            {Duty::tester}, {Duty::witness}, {Duty::sampler}, {Duty::witness, Duty::sampler}};
        p.duties = kCycle[i % 4];
      }
      // Every fifth person has not finished training; every seventh failed the exam.
      if (i % 5 != 4) {
        p.trained_on = days_before(today, 200 + i);
        p.exam = {i % 7 == 6 ? domain::ExamState::failed : domain::ExamState::passed,
                  days_before(today, 180 + i), 60 + (i * 7) % 40};
      }
      if (i % 6 != 5) {
        p.verification = domain::IdentityVerification{e.regulator, now};
      }
      p.certificates.push_back(
          {0, p.has_duty(Duty::witness) ? "见证人员证书" : "检测人员上岗证",
           "DEMO-" + std::to_string(1000 + n),
           e.region_code.starts_with("22") ? "吉林省住房和城乡建设厅" : "九江市住房和城乡建设局",
           days_before(today, 400), days_before(today, -700 + (i % 9) * 100)});
      const std::string id = demo_id_number(e.region_code, n);
      const std::string phone = demo_phone(n);
      row.row_key = random_hex(16);
      row.id_number_sealed = crypto::seal_pii(*keys, crypto::PiiKind::resident_id, id, row.row_key);
      row.id_number_index = crypto::pii_index(*keys, crypto::PiiKind::resident_id, id);
      row.phone_sealed = crypto::seal_pii(*keys, crypto::PiiKind::phone, phone, row.row_key);
      row.phone_index = crypto::pii_index(*keys, crypto::PiiKind::phone, phone);
      row.created_by = e.regulator;
      row.created_at = now;
      row.updated_at = now;
      Planned plan{std::move(row), &e, std::nullopt};
      // Witnesses hold a written authorisation, except every third: not assignable.
      if (plan.row.person.has_duty(Duty::witness) && i % 3 != 0) {
        auto writer = blobs_->begin();
        if (!writer) {
          return std::move(writer).error();
        }
        LW_TRY((*writer)->write(demo_pdf("Witness authorisation (demo) No. " + std::to_string(n))));
        auto ref = (*writer)->commit();
        if (!ref) {
          return std::move(ref).error();
        }
        plan.pdf = std::move(*ref);
        plan.row.person.authorisation = domain::Authorisation{
            plan.pdf->sha256, "application/pdf", days_before(today, -365), e.regulator, now};
      }
      planned.push_back(std::move(plan));
    }
  }
  service::Caller loader;
  loader.actor = "labwatch-demo";
  loader.role = "system";
  LW_TRY(write_now(*writer_, [&](storage::Connection& conn) -> Status {
    for (auto& plan : planned) {
      storage::PersonRow row = plan.row;  // the job may run twice: work on a copy
      auto id = storage::insert_person(conn, row);
      if (!id) {
        return std::move(id).error();
      }
      if (!*id) {
        continue;
      }
      row.person.id = **id;
      for (auto& c : row.person.certificates) {
        auto cid = storage::insert_certificate(conn, row.person.id, c, row.created_by, now);
        if (!cid) {
          return std::move(cid).error();
        }
        c.id = *cid;
      }
      if (plan.pdf) {
        LW_TRY(storage::upsert_blob_record(
            conn,
            {plan.pdf->sha256, static_cast<std::int64_t>(plan.pdf->size), "application/pdf", now}));
        auto held = storage::add_blob_holder(conn, plan.pdf->sha256,
                                             {row.person.lab_code, plan.employer->regulator}, now);
        if (!held) {
          return std::move(held).error();
        }
      }
      LW_TRY(storage::update_person(conn, row));
      const std::string record_id = std::to_string(row.person.id);
      auto version = service::record_registry_version(
          conn, *ledger_,
          {registry::kPersonType, record_id, row.person.lab_code,
           registry::person_record(row, "registered 登记（演示数据 demo）"), row.created_by, now},
          service::Ledger::Previous::none);
      if (!version) {
        return std::move(version).error();
      }
      LW_TRY(auditor_->record(conn, loader, now, "person.register", "person/" + record_id,
                              R"({"demo":true})"));
    }
    auto checkpoint = ledger_->checkpoint(conn);
    if (!checkpoint) {
      return std::move(checkpoint).error();
    }
    return {};
  }));
  log::info("demo_loaded", {{"people", planned.size()}});
  return {};
}

}  // namespace lw::app
