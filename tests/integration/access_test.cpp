// Who may see what (issue 3 item 2): the IDOR matrix over every route the server registers
// (`labwatch routes`, so a new route joins it automatically and fails until it has a probe),
// and the separation of the three admin duties (三权分立). Lab A (Jiujiang, 360402-0001) and a
// Jiujiang regulator (360400) try lab B's (Jilin, 220102-0001) records; they get 403 or 404,
// never the data.
#include <boost/json.hpp>

#include <set>
#include <sstream>

#include "domain/label_code.hpp"
#include "integration/server_fixture.hpp"
#include "support/cli.hpp"
#include "support/totp.hpp"

namespace lw::testing {
namespace {

constexpr char kLabA[] = "360402-0001";
constexpr char kLabB[] = "220102-0001";
constexpr char kMarkerB[] = "lab-b-secret-check";

boost::json::object json(const HttpResponse& r) {
  return boost::json::parse(r.body).as_object();
}

// How one route is tried against lab B's data.
struct Probe {
  enum Kind {
    targeted,  // names B's record: 401, 403 or 404
    listing,   // a list: 200 allowed, never a row of B
    exempt,    // public or the caller's own account: the reason says why
  } kind;
  std::string target;  // path with B's ids; empty for exempt
  std::string body;
  std::string reason;
};

class AccessTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }

  void SetUp() override {
    ServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    key_a_ = issue_lab_key(kLabA, db_.url(), db_.dir() / "data");
    key_b_ = issue_lab_key(kLabB, db_.url(), db_.dir() / "data");
    ASSERT_FALSE(key_a_.key_id.empty());
    ASSERT_FALSE(key_b_.key_id.empty());
    const std::string body = std::string(R"({"message":")") + kMarkerB + "\"}";
    auto check = send_signed(key_b_, "POST", "/api/v1/connectivity-checks", body);
    ASSERT_EQ(check.status, 201) << check.body;
    check_b_ = json(check).at("id").as_int64();
    leaf_b_ = json(check).at("receipt").at("leaf_index").as_int64();
    user_b_ = user_id("lab-jl-01");
    const std::string photo = std::string("photo of ") + kMarkerB;
    auto headers = signed_upload_headers(key_b_, "/api/v1/blobs", photo);
    headers["Content-Type"] = "image/jpeg";
    auto upload = request(port(), "POST", "/api/v1/blobs", photo, headers);
    ASSERT_EQ(upload.status, 201) << upload.body;
    blob_b_ = sha256_hex(photo);
    // A change request about lab B, as its regulator would have proposed it.
    exec_sql(std::string("INSERT INTO change_requests (record_type, record_id, lab_code,"
                         " base_version, proposal, reason, requested_by, requester_id,"
                         " requested_at, state) VALUES ('lab', '") +
             kLabB + "', '" + kLabB + "', 1, '{\"name\":\"" + kMarkerB +
             "\"}', 'reason', 'jl-regulator', " + std::to_string(user_id("jl-regulator")) +
             ", 0, 'pending')");
    const auto rows =
        query_sql("SELECT id FROM change_requests WHERE lab_code = $1", {std::string(kLabB)});
    ASSERT_FALSE(rows.empty());
    change_b_ = rows.front().int64(0);
    // The demo's certificate and equipment of lab B.
    const auto quals =
        query_sql("SELECT id FROM lab_qualifications WHERE lab_code = $1", {std::string(kLabB)});
    const auto equipment =
        query_sql("SELECT id FROM equipment WHERE lab_code = $1", {std::string(kLabB)});
    ASSERT_FALSE(quals.empty());
    ASSERT_FALSE(equipment.empty());
    qual_b_ = quals.front().int64(0);
    equip_b_ = equipment.front().int64(0);
    // A person of lab B, registered by B's regulator (a fictional, valid ID number).
    regulator_b_ = sign_in("jl-regulator", "Demo@2026jl", "labwatch-demo-jl-reg");
    auto person =
        as_user(regulator_b_, "POST", "/api/v1/people",
                std::string(R"({"name":"乙方人员","id_number":"11010519491231002X",)") +
                    R"("phone":"13604311234","duties":["witness"],"lab_code":")" + kLabB + "\"}");
    ASSERT_EQ(person.status, 201) << person.body;
    person_b_ = json(person).at("id").as_int64();
    // An organisation of lab B's region (issue 5), as its regulator would have registered it.
    exec_sql(std::string("INSERT INTO organisations (kind, name, credit_code, region_code,"
                         " created_by, created_at, updated_at) VALUES ('contractor', '") +
             kMarkerB + "', '91220102MA1XK0001M', '220102', 'jl-regulator', 0, 0)");
    const auto orgs = query_sql("SELECT id FROM organisations WHERE credit_code = $1",
                                {std::string("91220102MA1XK0001M")});
    ASSERT_FALSE(orgs.empty());
    org_b_ = orgs.front().int64(0);
    // A project of lab B's county (issue 5 item 6), as its station would have entered it.
    exec_sql(std::string("INSERT INTO projects (code, name, address, region_code, site,"
                         " client_id, contractor_id, supervisor_id, created_by, created_at,"
                         " updated_at) VALUES ('220102-PROBE-1', '") +
             kMarkerB +
             "', '', '220102', '{\"kind\":\"circle\",\"centre\":{\"lat\":43.86,"
             "\"lng\":125.33},\"radius_m\":100}', " +
             std::to_string(org_b_) + ", " + std::to_string(org_b_) + ", " +
             std::to_string(org_b_) + ", 'jl-station', 0, 0)");
    const auto projects =
        query_sql("SELECT id FROM projects WHERE code = $1", {std::string("220102-PROBE-1")});
    ASSERT_FALSE(projects.empty());
    project_b_ = projects.front().int64(0);
    // Its specimen chain (issue 6): a batch, a label bound by a sampling, a commission to lab
    // B and lab B's receipt.
    const std::string p = std::to_string(project_b_);
    exec_sql(
        "INSERT INTO label_batches (project_id, region_code, quantity, requested_by, note,"
        " issued_by, issued_at) VALUES (" +
        p + ", '220102', 1, 'station', '" + kMarkerB + "', 'jl-station', 0)");
    batch_b_ = query_sql("SELECT id FROM label_batches WHERE note = $1", {std::string(kMarkerB)})
                   .front()
                   .int64(0);
    exec_sql(
        "INSERT INTO samplings (project_id, region_code, part, material, grade,"
        " specimen_count, mould_count, maker_kind, maker_name, curer_kind, curer_name,"
        " witness_id, sampler_id, seal_number, captured_at, received_at, placard_sha256,"
        " recorded_by) VALUES (" +
        p + ", '220102', '" + kMarkerB +
        "', 'concrete', 'C30', 1,"
        " 1, 'contractor', 'x', 'contractor', 'x', " +
        std::to_string(person_b_) + ", " + std::to_string(person_b_) + ", 'S-1', 0, 0, '" +
        blob_b_ + "', 'witness-b')");
    sampling_b_ = query_sql("SELECT id FROM samplings WHERE part = $1", {std::string(kMarkerB)})
                      .front()
                      .int64(0);
    label_b_ = domain::make_label_code(std::string(8, 'B'));
    exec_sql("INSERT INTO labels (code, batch_id, project_id, sampling_id, ordinal) VALUES ('" +
             label_b_ + "', " + std::to_string(batch_b_) + ", " + p + ", " +
             std::to_string(sampling_b_) + ", 1)");
    exec_sql(
        "INSERT INTO commissions (sampling_id, lab_code, test_item, commissioned_by,"
        " commissioned_at) VALUES (" +
        std::to_string(sampling_b_) + ", '" + kLabB + "', 'building_materials', 'witness-b', 0)");
    exec_sql(
        "INSERT INTO specimen_receipts (lab_code, region_code, label_code, sampling_id,"
        " project_id, outcome, seal_intact, condition_ok, note, received_by, received_at)"
        " VALUES ('" +
        std::string(kLabB) + "', '220102', '" + label_b_ + "', " + std::to_string(sampling_b_) +
        ", " + p + ", 'received', 1, 1, '" + kMarkerB + "', 'clerk-b', 0)");
    // Issue 7: a test of that specimen, a contract, a plan and a violation of lab B.
    exec_sql(
        "INSERT INTO lab_tests (lab_code, region_code, project_id, sampling_id, item, standard,"
        " grade, equipment_id, tester_id, acquisition, status, started_at, received_at,"
        " updated_at, started_by) VALUES ('" +
        std::string(kLabB) + "', '220102', " + p + ", " + std::to_string(sampling_b_) +
        ", 'concrete_compression', '" + kMarkerB + "', 'C30', 1, " + std::to_string(person_b_) +
        ", 'auto', 'running', 0, 0, 0, 'lab-b')");
    test_b_ = query_sql("SELECT id FROM lab_tests WHERE standard = $1", {std::string(kMarkerB)})
                  .front()
                  .int64(0);
    exec_sql("INSERT INTO lab_test_specimens (test_id, ordinal, label_code) VALUES (" +
             std::to_string(test_b_) + ", 0, '" + label_b_ + "')");
    exec_sql(
        "INSERT INTO test_contracts (lab_code, region_code, project_id, contract_no, client, items,"
        " signed_on, document_sha256, due_by, late, received_by, received_at) VALUES ('" +
        std::string(kLabB) + "', '220102', " + p + ", '" + kMarkerB + "', '" + kMarkerB +
        "', 'concrete_compression', '2026-01-05', '" + blob_b_ + "', '2026-01-12', 1, 'lab-b', 0)");
    exec_sql(
        "INSERT INTO test_plans (lab_code, region_code, project_id, items, planned_start,"
        " planned_end, note, latest_on_time, late, received_by, received_at) VALUES ('" +
        std::string(kLabB) + "', '220102', " + p +
        ", 'concrete_compression', '2026-01-05', '2026-01-09', '" + kMarkerB +
        "', '2025-12-31', 1, 'lab-b', 0)");
    exec_sql(
        "INSERT INTO violations (kind, region_code, lab_code, project_id, subject, occurred_at,"
        " recorded_at, policy_profile, policy_version, details) VALUES ('data_anomaly',"
        " '220102', '" +
        std::string(kLabB) + "', " + p + ", 'lab_test " + std::to_string(test_b_) +
        "', 0, 0, '', '', '{\"note\":\"" + kMarkerB + "\"}')");
    violation_b_ = query_sql("SELECT id FROM violations WHERE lab_code = $1 AND kind = $2",
                             {std::string(kLabB), std::string("data_anomaly")})
                       .front()
                       .int64(0);
    // Issue 8: a component of its project, an on-site batch, test, photo and filing of lab B.
    exec_sql("INSERT INTO components (project_id, code, name, created_by, created_at) VALUES (" +
             p + ", 'KZ-B', '" + kMarkerB + "', 'lab-b', 0)");
    exec_sql(
        "INSERT INTO onsite_batches (lab_code, region_code, project_id, item, category, batch_no,"
        " created_by, created_at) VALUES ('" +
        std::string(kLabB) + "', '220102', " + p + ", 'concrete_rebound', 'main_structure', '" +
        kMarkerB + "', 'lab-b', 0)");
    onsite_batch_b_ =
        query_sql("SELECT id FROM onsite_batches WHERE batch_no = $1", {std::string(kMarkerB)})
            .front()
            .int64(0);
    exec_sql(
        "INSERT INTO onsite_tests (batch_id, lab_code, region_code, project_id, item, component_id,"
        " component_code, equipment_id, tester_ids, witness_id, started_at, upload_status,"
        " received_at, updated_at, created_by) VALUES (" +
        std::to_string(onsite_batch_b_) + ", '" + kLabB + "', '220102', " + p +
        ", 'concrete_rebound', 1, 'KZ-B', 1, '1', 1, 0, 'open', 0, 0, '" + kMarkerB + "')");
    onsite_test_b_ =
        query_sql("SELECT id FROM onsite_tests WHERE created_by = $1", {std::string(kMarkerB)})
            .front()
            .int64(0);
    const std::string ot = std::to_string(onsite_test_b_);
    exec_sql(
        "INSERT INTO onsite_photos (test_id, sha256, received_at, received_by, on_time, phash,"
        " metadata, findings, flagged) VALUES (" +
        ot + ", '" + blob_b_ + "', 0, '" + kMarkerB + "', 1, 0, '{}', '[]', 0)");
    photo_b_ = query_sql("SELECT id FROM onsite_photos WHERE test_id = $1", {onsite_test_b_})
                   .front()
                   .int64(0);
    exec_sql(
        "INSERT INTO force_majeure_filings (test_id, lab_code, region_code, project_id, reason,"
        " filed_by, filed_at, in_time, status) VALUES (" +
        ot + ", '" + kLabB + "', '220102', " + p + ", '" + kMarkerB +
        "', 'lab-b', 0, 1, 'pending')");
    filing_b_ =
        query_sql("SELECT id FROM force_majeure_filings WHERE test_id = $1", {onsite_test_b_})
            .front()
            .int64(0);
    // Issue 9: a report of lab B.
    exec_sql(
        "INSERT INTO reports (number, lab_code, region_code, project_id, kind, category, material,"
        " title, conclusion, tested_from, tested_to, tester_id, reviewer_id, approver_id,"
        " pdf_sha256, pdf_sm3, stamped_sha256, content, content_sm3, seal, key_id, status,"
        " issued_by, issued_at, updated_at, public_json) VALUES ('" +
        std::string(kLabB) + "-2026-CL-000001', '" + kLabB + "', '220102', " + p +
        ", 'lab', 'building_materials', 'concrete', '" + kMarkerB +
        "', 'pass', '2026-01-01', '2026-01-01', 1, 1, 1, '" + blob_b_ +
        "', '', '', '{}', '',"
        " 'AAAA', '', 'valid', 'lab-b', 0, 0, '{}')");
    report_b_ = query_sql("SELECT id FROM reports WHERE title = $1", {std::string(kMarkerB)})
                    .front()
                    .int64(0);
    exec_sql(
        "INSERT INTO nonconforming (lab_code, region_code, project_id, material, item, grade,"
        " source, detail, found_at, status, updated_at) VALUES ('" +
        std::string(kLabB) + "', '220102', " + p + ", 'concrete', 'concrete_compression', '" +
        kMarkerB + "', 'test_reported', '{}', 0, 'open', 0)");
    entry_b_ = query_sql("SELECT id FROM nonconforming WHERE grade = $1", {std::string(kMarkerB)})
                   .front()
                   .int64(0);
    exec_sql(
        "INSERT INTO report_stats_daily (day, region_code, lab_code, material, issued, passed)"
        " VALUES ('2026-01-01', '220102', '" +
        std::string(kLabB) + "', 'concrete', 1, 1)");
    // Issue 9: a notice to lab B's county and that county's webhook endpoint.
    notice_b_ =
        query_sql(std::string("INSERT INTO notices (kind, subject, title_zh, title_en,"
                              " body, lab_code, sandbox, created_at) VALUES"
                              " ('nonconforming', 'probe 1', '") +
                  kMarkerB + "', '" + kMarkerB + "', '{}', '" + kLabB + "', 0, 0) RETURNING id")
            .front()
            .int64(0);
    exec_sql("INSERT INTO notice_recipients (notice_id, recipient_kind, recipient_id) VALUES (" +
             std::to_string(notice_b_) + ", 'region', '220102')");
    webhook_b_ = query_sql(
                     "INSERT INTO webhook_endpoints (owner_kind, owner_id, region_code, url,"
                     " secret_sealed, active, description, created_by, created_at) VALUES"
                     " ('region', '220102', '220102', $1, $2, 1, $3, 'jl-station', 0)"
                     " RETURNING id",
                     {std::string("https://hooks.example.cn/") + kMarkerB, storage::Bytes{"sealed"},
                      std::string(kMarkerB)})
                     .front()
                     .int64(0);
  }

  HttpResponse send_signed(const LabKey& key, const std::string& method, const std::string& target,
                           const std::string& body) {
    auto headers = signed_headers(key, method, target, body);
    headers["Content-Type"] = "application/json";
    return request(port(), method, target, body, headers);
  }

  std::int64_t user_id(const std::string& login) {
    const auto rows = query_sql("SELECT id FROM users WHERE login = $1", {login});
    EXPECT_FALSE(rows.empty()) << login;
    return rows.empty() ? 0 : rows.front().int64(0);
  }

  // The probe of every route; a route without one fails the test.
  std::map<std::string, Probe> probes() const {
    const std::string b = kLabB;
    const std::string user = "/api/v1/users/" + std::to_string(user_b_);
    const std::string check = "/api/v1/connectivity-checks/" + std::to_string(check_b_);
    const std::string own = "acts on the caller's own account or session only";
    const std::string change = "/api/v1/changes/" + std::to_string(change_b_);
    const std::string qual = "/api/v1/labs/" + b + "/qualifications/" + std::to_string(qual_b_);
    const std::string equip = "/api/v1/labs/" + b + "/equipment/" + std::to_string(equip_b_);
    const std::string person = "/api/v1/people/" + std::to_string(person_b_);
    const std::string org = "/api/v1/organisations/" + std::to_string(org_b_);
    const std::string project = "/api/v1/projects/" + std::to_string(project_b_);
    const std::string test = "/api/v1/lab-api/tests/" + std::to_string(test_b_);
    const std::string tested = "/api/v1/tests/" + std::to_string(test_b_);
    const std::string onsite = "/api/v1/lab-api/onsite-tests/" + std::to_string(onsite_test_b_);
    const std::string batch = "/api/v1/onsite-batches/" + std::to_string(onsite_batch_b_);
    const std::string filing = "/api/v1/force-majeure/" + std::to_string(filing_b_);
    const std::string report = "/api/v1/reports/" + std::to_string(report_b_);
    const std::string photo_body = R"({"sha256":")" + blob_b_ + R"("})";
    const std::string webhook = "/api/v1/webhooks/" + std::to_string(webhook_b_);
    const std::string reference =
        "reference data the same for every signed-in user (GB/T 2260 divisions, the shipped "
        "policy profiles and holiday calendar): no record of anyone";
    const std::string ledger_public =
        "public by design (issue 4): the platform's key, signed checkpoints and Merkle proofs "
        "are hashes and sizes, no record content";
    return {
        {"GET /healthz", {Probe::exempt, "", "", "public liveness probe"}},
        {"GET /readyz", {Probe::exempt, "", "", "public readiness probe"}},
        {"GET /metrics", {Probe::exempt, "", "", "aggregate counters, no records"}},
        {"GET /api/v1/openapi.yaml", {Probe::exempt, "", "", "the public API manual"}},
        {"POST /api/v1/auth/login", {Probe::exempt, "", "", "signs in; no record"}},
        {"GET /api/v1/auth/me", {Probe::exempt, "", "", own}},
        {"POST /api/v1/auth/logout", {Probe::exempt, "", "", own}},
        {"POST /api/v1/auth/password", {Probe::exempt, "", "", own}},
        {"POST /api/v1/auth/totp/enrolment", {Probe::exempt, "", "", own}},
        {"POST /api/v1/auth/totp/enrolment/confirm", {Probe::exempt, "", "", own}},
        {"POST /api/v1/lab-api/signature-check",
         {Probe::exempt, "", "", "answers the calling key's own canonical string"}},
        {"GET /api/v1/roles", {Probe::exempt, "", "", "the role catalogue, no records"}},
        {"POST /api/v1/blobs",
         {Probe::exempt, "", "",
          "stores the caller's own copy and answers only the caller's own receipt; reading is "
          "probed by GET"}},
        {"GET /api/v1/blobs/{sha256}", {Probe::targeted, "/api/v1/blobs/" + blob_b_, "", ""}},
        {"POST /api/v1/connectivity-checks",
         {Probe::targeted, "/api/v1/connectivity-checks", R"({"lab_code":")" + b + "\"}", ""}},
        {"GET /api/v1/connectivity-checks/{id}", {Probe::targeted, check, "", ""}},
        {"GET /api/v1/connectivity-checks",
         {Probe::listing, "/api/v1/connectivity-checks?limit=200&lab_code=" + b, "", ""}},
        {"GET /api/v1/audit-log", {Probe::targeted, "/api/v1/audit-log", "", ""}},
        {"GET /api/v1/audit-log/export.csv",
         {Probe::targeted, "/api/v1/audit-log/export.csv", "", ""}},
        {"GET /api/v1/users", {Probe::listing, "/api/v1/users?q=lab-jl", "", ""}},
        {"POST /api/v1/users",
         {Probe::targeted, "/api/v1/users",
          R"({"login":"intruder","display_name":"x","role":"lab_staff","lab_code":")" + b +
              R"(","password":"Intrude@2026x"})",
          ""}},
        {"GET /api/v1/users/{id}", {Probe::targeted, user, "", ""}},
        {"PATCH /api/v1/users/{id}", {Probe::targeted, user, R"({"disabled":true})", ""}},
        {"POST /api/v1/users/{id}/password",
         {Probe::targeted, user + "/password", R"({"password":"Intrude@2026x"})", ""}},
        {"POST /api/v1/users/{id}/unlock", {Probe::targeted, user + "/unlock", "", ""}},
        {"PUT /api/v1/users/{id}/role",
         {Probe::targeted, user + "/role", R"({"role":"lab_staff","lab_code":")" + b + "\"}", ""}},
        {"GET /api/v1/labs", {Probe::listing, "/api/v1/labs", "", ""}},
        {"POST /api/v1/labs",
         {Probe::targeted, "/api/v1/labs",
          R"({"name":"x","region_code":"220102","credit_code":"91350100M000100Y43"})", ""}},
        {"GET /api/v1/labs/{code}", {Probe::targeted, "/api/v1/labs/" + b, "", ""}},
        {"PATCH /api/v1/labs/{code}",
         {Probe::targeted, "/api/v1/labs/" + b, R"({"sandbox":true})", ""}},
        {"GET /api/v1/labs/{code}/keys", {Probe::targeted, "/api/v1/labs/" + b + "/keys", "", ""}},
        {"POST /api/v1/labs/{code}/keys", {Probe::targeted, "/api/v1/labs/" + b + "/keys", "", ""}},
        {"POST /api/v1/lab-keys/{key_id}/rotate",
         {Probe::targeted, "/api/v1/lab-keys/" + key_b_.key_id + "/rotate", "", ""}},
        {"POST /api/v1/lab-keys/{key_id}/revoke",
         {Probe::targeted, "/api/v1/lab-keys/" + key_b_.key_id + "/revoke", "", ""}},
        {"POST /api/v1/labs/{code}/changes",
         {Probe::targeted, "/api/v1/labs/" + b + "/changes", R"({"name":"x","reason":"x"})", ""}},
        {"GET /api/v1/changes", {Probe::listing, "/api/v1/changes?record_id=" + b, "", ""}},
        {"GET /api/v1/changes/{id}", {Probe::targeted, change, "", ""}},
        {"POST /api/v1/changes/{id}/approve", {Probe::targeted, change + "/approve", "{}", ""}},
        {"POST /api/v1/changes/{id}/reject",
         {Probe::targeted, change + "/reject", R"({"note":"x"})", ""}},
        // Lab registry (issue 5): B's certificates and equipment.
        {"GET /api/v1/qualification-categories",
         {Probe::exempt, "", "", "the fixed catalogue of qualification categories, no lab data"}},
        {"GET /api/v1/labs/{code}/qualifications",
         {Probe::targeted, "/api/v1/labs/" + b + "/qualifications", "", ""}},
        {"POST /api/v1/labs/{code}/qualifications",
         {Probe::targeted, "/api/v1/labs/" + b + "/qualifications",
          R"({"number":"x","issuer":"x","categories":["road"],"valid_from":"2026-01-01",)"
          R"("valid_until":"2027-01-01"})",
          ""}},
        {"PUT /api/v1/labs/{code}/qualifications/{id}",
         {Probe::targeted, qual,
          R"({"number":"x","issuer":"x","categories":["road"],"valid_from":"2026-01-01",)"
          R"("valid_until":"2027-01-01"})",
          ""}},
        {"POST /api/v1/labs/{code}/qualifications/{id}/withdraw",
         {Probe::targeted, qual + "/withdraw", R"({"reason":"x"})", ""}},
        {"GET /api/v1/equipment", {Probe::listing, "/api/v1/equipment?lab=" + b, "", ""}},
        {"GET /api/v1/labs/{code}/equipment",
         {Probe::targeted, "/api/v1/labs/" + b + "/equipment", "", ""}},
        {"POST /api/v1/labs/{code}/equipment",
         {Probe::targeted, "/api/v1/labs/" + b + "/equipment", R"({"name":"x"})", ""}},
        {"GET /api/v1/labs/{code}/equipment/{id}", {Probe::targeted, equip, "", ""}},
        {"PATCH /api/v1/labs/{code}/equipment/{id}",
         {Probe::targeted, equip, R"({"name":"x"})", ""}},
        {"POST /api/v1/labs/{code}/equipment/{id}/calibrations",
         {Probe::targeted, equip + "/calibrations",
          R"({"number":"x","issuer":"x","calibrated_on":"2026-01-01","valid_until":"2027-01-01"})",
          ""}},
        {"POST /api/v1/labs/{code}/equipment/{id}/verification",
         {Probe::targeted, equip + "/verification", R"({"state":"verified"})", ""}},
        {"GET /api/v1/lab-api/qualification",
         {Probe::listing, "/api/v1/lab-api/qualification", "", ""}},
        {"GET /api/v1/lab-api/equipment", {Probe::listing, "/api/v1/lab-api/equipment", "", ""}},
        {"GET /api/v1/people", {Probe::listing, "/api/v1/people?lab=" + b, "", ""}},
        {"POST /api/v1/people",
         {Probe::targeted, "/api/v1/people",
          R"({"name":"x","id_number":"360402199001011236","phone":"13604311234",)"
          R"("duties":["tester"],"lab_code":")" +
              b + "\"}",
          ""}},
        {"GET /api/v1/people/{id}", {Probe::targeted, person + "?unmask=true", "", ""}},
        {"PATCH /api/v1/people/{id}",
         {Probe::targeted, person, R"({"name":"x","reason":"x"})", ""}},
        {"POST /api/v1/people/{id}/certificates",
         {Probe::targeted, person + "/certificates",
          R"({"kind":"k","number":"n","issuer":"i","valid_from":"2025-01-01",)"
          R"("valid_until":"2027-01-01"})",
          ""}},
        {"POST /api/v1/people/{id}/verification",
         {Probe::targeted, person + "/verification", "{}", ""}},
        {"POST /api/v1/people/{id}/authorisation",
         {Probe::targeted, person + "/authorisation", R"({"sha256":")" + blob_b_ + "\"}", ""}},
        {"GET /api/v1/lab-api/staff", {Probe::listing, "/api/v1/lab-api/staff", "", ""}},
        {"GET /api/v1/ledger", {Probe::exempt, "", "", ledger_public}},
        {"GET /.well-known/labwatch/ledger-key.pem", {Probe::exempt, "", "", ledger_public}},
        {"GET /api/v1/ledger/checkpoints/latest", {Probe::exempt, "", "", ledger_public}},
        {"GET /api/v1/ledger/checkpoints/{size}", {Probe::exempt, "", "", ledger_public}},
        {"POST /api/v1/ledger/checkpoints", {Probe::exempt, "", "", ledger_public}},
        {"GET /api/v1/ledger/proofs/inclusion", {Probe::exempt, "", "", ledger_public}},
        {"GET /api/v1/ledger/proofs/consistency", {Probe::exempt, "", "", ledger_public}},
        // Issue 5, registry base.
        {"GET /api/v1/regions", {Probe::exempt, "", "", reference}},
        {"GET /api/v1/regions/{code}", {Probe::exempt, "", "", reference}},
        {"GET /api/v1/regions/{code}/policy", {Probe::exempt, "", "", reference}},
        {"GET /api/v1/policies", {Probe::exempt, "", "", reference}},
        {"GET /api/v1/policies/{id}", {Probe::exempt, "", "", reference}},
        {"GET /api/v1/violation-kinds", {Probe::exempt, "", "", reference}},
        {"GET /api/v1/calendar/working-days", {Probe::exempt, "", "", reference}},
        {"GET /api/v1/organisation-kinds", {Probe::exempt, "", "", reference}},
        {"GET /api/v1/organisations",
         {Probe::listing, "/api/v1/organisations?q=" + std::string(kMarkerB), "", ""}},
        {"POST /api/v1/organisations",
         {Probe::targeted, "/api/v1/organisations",
          R"({"kind":"contractor","name":"x","credit_code":"91220102MA1XK0002Q",)"
          R"("region_code":"220102"})",
          ""}},
        {"GET /api/v1/organisations/{id}", {Probe::targeted, org, "", ""}},
        {"PATCH /api/v1/organisations/{id}",
         {Probe::targeted, org, R"({"name":"x","reason":"probe"})", ""}},
        // Issue 5 item 6: projects (a Jiujiang regulator may enter projects, not Jilin's).
        {"GET /api/v1/projects",
         {Probe::listing, "/api/v1/projects?q=" + std::string(kMarkerB), "", ""}},
        {"POST /api/v1/projects",
         {Probe::targeted, "/api/v1/projects",
          R"({"code":"220102-PROBE-2","name":"x","region_code":"220102",)"
          R"("site":{"kind":"circle","centre":{"lat":43.86,"lng":125.33},"radius_m":100},)" +
              ("\"client_id\":" + std::to_string(org_b_) + ",\"contractor_id\":" +
               std::to_string(org_b_) + ",\"supervisor_id\":" + std::to_string(org_b_) + "}"),
          ""}},
        {"GET /api/v1/projects/{id}", {Probe::targeted, project, "", ""}},
        {"POST /api/v1/projects/{id}/change-notices",
         {Probe::targeted, project + "/change-notices",
          R"({"assignment_id":1,"person_in":1,"effective_on":"2026-12-01","reason":"probe"})", ""}},
        // Issue 6: the specimen chain of lab B's project.
        {"GET /api/v1/projects/{id}/label-batches",
         {Probe::listing, project + "/label-batches", "", ""}},
        {"POST /api/v1/projects/{id}/label-batches",
         {Probe::targeted, project + "/label-batches", R"({"quantity":1,"requested_by":"station"})",
          ""}},
        {"GET /api/v1/label-batches/{id}",
         {Probe::targeted, "/api/v1/label-batches/" + std::to_string(batch_b_), "", ""}},
        {"GET /api/v1/label-batches/{id}/sheet",
         {Probe::targeted, "/api/v1/label-batches/" + std::to_string(batch_b_) + "/sheet", "", ""}},
        {"GET /api/v1/labels/{code}", {Probe::targeted, "/api/v1/labels/" + label_b_, "", ""}},
        {"GET /api/v1/public/labels/{code}",
         {Probe::exempt, "", "",
          "the public check of a scanned label: genuine or not, the project's name and dates"}},
        {"GET /api/v1/witness/projects", {Probe::listing, "/api/v1/witness/projects", "", ""}},
        {"POST /api/v1/samplings",
         {Probe::targeted, "/api/v1/samplings",
          "{\"project_id\":" + std::to_string(project_b_) + ",\"part\":\"x\"}", ""}},
        {"GET /api/v1/samplings",
         {Probe::listing, "/api/v1/samplings?q=" + std::string(kMarkerB), "", ""}},
        {"GET /api/v1/samplings/{id}",
         {Probe::targeted, "/api/v1/samplings/" + std::to_string(sampling_b_), "", ""}},
        {"GET /api/v1/samplings/{id}/placard",
         {Probe::targeted, "/api/v1/samplings/" + std::to_string(sampling_b_) + "/placard", "",
          ""}},
        {"POST /api/v1/samplings/{id}/commissions",
         {Probe::targeted, "/api/v1/samplings/" + std::to_string(sampling_b_) + "/commissions",
          R"({"lab_code":"360402-0001","test_item":"building_materials"})", ""}},
        {"POST /api/v1/receipts",
         {Probe::exempt, "", "",
          "a lab records what reaches its own counter: a label of another lab's specimen is "
          "refused (not_commissioned) and the answer names none of that lab's data"}},
        {"POST /api/v1/lab-api/receipts",
         {Probe::exempt, "", "", "as POST /api/v1/receipts, for the lab's system"}},
        {"POST /api/v1/lab-api/commissions",
         {Probe::exempt, "", "",
          "a lab names the sampling by a label it holds (codes are random and unguessable); "
          "the connection and qualification checks decide"}},
        {"GET /api/v1/receipts", {Probe::listing, "/api/v1/receipts?limit=200", "", ""}},
        {"GET /api/v1/trace/labels/{code}",
         {Probe::targeted, "/api/v1/trace/labels/" + label_b_, "", ""}},
        {"GET /api/v1/trace/samplings/{id}",
         {Probe::targeted, "/api/v1/trace/samplings/" + std::to_string(sampling_b_), "", ""}},
        {"GET /api/v1/lab-api/labels/{code}",
         {Probe::targeted, "/api/v1/lab-api/labels/" + label_b_, "", ""}},
        // Issue 7: lab B's test, contract, plan and violation.
        {"POST /api/v1/lab-api/contracts",
         {Probe::exempt, "", "",
          "a lab records its own contract for a project it names; the answer carries nothing of "
          "the project but its id"}},
        {"POST /api/v1/lab-api/test-plans",
         {Probe::exempt, "", "", "as POST /api/v1/lab-api/contracts, for a test plan"}},
        {"POST /api/v1/lab-api/tests",
         {Probe::exempt, "", "",
          "a lab starts tests on specimens it received: another lab's label is refused "
          "(label_not_received) naming none of that lab's data"}},
        {"GET /api/v1/lab-api/specimens",
         {Probe::listing, "/api/v1/lab-api/specimens?state=awaiting_test", "", ""}},
        {"POST /api/v1/lab-api/tests/{id}/readings",
         {Probe::targeted, test + "/readings", R"({"specimen":0,"seq":0,"points":[[0,1],[1,2]]})",
          ""}},
        {"POST /api/v1/lab-api/tests/{id}/finish",
         {Probe::targeted, test + "/finish", R"({"results":{"specimens":[{}]}})", ""}},
        {"POST /api/v1/lab-api/tests/{id}/reviews",
         {Probe::targeted, test + "/reviews", R"({"reviewer_id":1,"verdict":"confirm"})", ""}},
        {"POST /api/v1/lab-api/tests/{id}/versions",
         {Probe::targeted, test + "/versions",
          R"({"reason":"x","approver_id":1,"results":{"specimens":[{}]}})", ""}},
        {"POST /api/v1/lab-api/tests/{id}/void",
         {Probe::targeted, test + "/void", R"({"reason":"x","approver_id":1})", ""}},
        {"GET /api/v1/tests/live",
         {Probe::exempt, "", "",
          "a stream of the events of the caller's own scope (api/live_hub.cpp filters each "
          "event by the subscriber's scope)"}},
        {"GET /api/v1/tests", {Probe::listing, "/api/v1/tests?q=" + std::string(kMarkerB), "", ""}},
        {"GET /api/v1/tests/{id}", {Probe::targeted, tested, "", ""}},
        {"GET /api/v1/tests/{id}/versions", {Probe::targeted, tested + "/versions", "", ""}},
        {"GET /api/v1/tests/{id}/curves/{specimen}",
         {Probe::targeted, tested + "/curves/0", "", ""}},
        {"POST /api/v1/tests/{id}/reviews",
         {Probe::targeted, tested + "/reviews", R"({"verdict":"confirm"})", ""}},
        {"GET /api/v1/lots/concrete",
         {Probe::listing,
          "/api/v1/lots/concrete?project_id=" + std::to_string(project_b_) + "&grade=C30", "", ""}},
        {"GET /api/v1/contracts",
         {Probe::listing, "/api/v1/contracts?q=" + std::string(kMarkerB), "", ""}},
        {"GET /api/v1/test-plans", {Probe::listing, "/api/v1/test-plans?limit=500", "", ""}},
        {"GET /api/v1/violations", {Probe::listing, "/api/v1/violations?limit=500", "", ""}},
        // Issue 10: lab B's violation as a case.
        {"GET /api/v1/violations/{id}",
         {Probe::targeted, "/api/v1/violations/" + std::to_string(violation_b_), "", ""}},
        {"POST /api/v1/violations/{id}/confirm",
         {Probe::targeted, "/api/v1/violations/" + std::to_string(violation_b_) + "/confirm",
          R"({"reason":"x"})", ""}},
        {"POST /api/v1/violations/{id}/dismiss",
         {Probe::targeted, "/api/v1/violations/" + std::to_string(violation_b_) + "/dismiss",
          R"({"reason":"x"})", ""}},
        {"POST /api/v1/violations/{id}/responses",
         {Probe::targeted, "/api/v1/violations/" + std::to_string(violation_b_) + "/responses",
          R"({"text":"x"})", ""}},
        // Issue 8: lab B's component, on-site batch, test, photo and force-majeure filing.
        {"POST /api/v1/lab-api/projects/{id}/components",
         {Probe::exempt, "", "",
          "a lab's system records the component mark it meets on site, on the project it names; "
          "the answer is the component it sent"}},
        {"POST /api/v1/lab-api/onsite-batches",
         {Probe::exempt, "", "", "as POST /api/v1/lab-api/contracts, for an on-site batch"}},
        {"POST /api/v1/lab-api/onsite-tests",
         {Probe::exempt, "", "",
          "a lab starts tests in its own batches: another lab's batch is refused "
          "(batch_unknown) naming none of that lab's data"}},
        {"POST /api/v1/lab-api/onsite-tests/{id}/finish",
         {Probe::targeted, onsite + "/finish", R"({"finished_at":"2026-01-01T00:00:00Z"})", ""}},
        {"POST /api/v1/lab-api/onsite-tests/{id}/data",
         {Probe::targeted, onsite + "/data", R"({"readings":[{"name":"R","value":1}]})", ""}},
        {"POST /api/v1/lab-api/onsite-tests/{id}/photos",
         {Probe::targeted, onsite + "/photos", photo_body, ""}},
        {"POST /api/v1/lab-api/onsite-tests/{id}/force-majeure",
         {Probe::targeted, onsite + "/force-majeure", R"({"reason":"x"})", ""}},
        {"POST /api/v1/lab-api/force-majeure/{id}/cleared",
         {Probe::targeted,
          "/api/v1/lab-api/force-majeure/" + std::to_string(filing_b_) + "/cleared",
          R"({"cleared_at":"2026-01-01T00:00:00Z"})", ""}},
        {"POST /api/v1/onsite-tests/{id}/photos",
         {Probe::targeted, "/api/v1/onsite-tests/" + std::to_string(onsite_test_b_) + "/photos",
          photo_body, ""}},
        {"GET /api/v1/projects/{id}/components",
         {Probe::targeted, project + "/components", "", ""}},
        {"POST /api/v1/projects/{id}/components",
         {Probe::targeted, project + "/components", R"({"code":"KZ-X","name":"x"})", ""}},
        {"GET /api/v1/onsite-batches",
         {Probe::listing, "/api/v1/onsite-batches?q=" + std::string(kMarkerB), "", ""}},
        {"GET /api/v1/onsite-batches/{id}", {Probe::targeted, batch, "", ""}},
        {"POST /api/v1/onsite-batches/{id}/unlock",
         {Probe::targeted, batch + "/unlock", R"({"reason":"x"})", ""}},
        {"GET /api/v1/onsite-tests", {Probe::listing, "/api/v1/onsite-tests?limit=500", "", ""}},
        {"GET /api/v1/onsite-tests/{id}",
         {Probe::targeted, "/api/v1/onsite-tests/" + std::to_string(onsite_test_b_), "", ""}},
        {"GET /api/v1/onsite-photos/{id}/image",
         {Probe::targeted, "/api/v1/onsite-photos/" + std::to_string(photo_b_) + "/image", "", ""}},
        {"GET /api/v1/force-majeure", {Probe::listing, "/api/v1/force-majeure?limit=500", "", ""}},
        {"POST /api/v1/force-majeure/{id}/decision",
         {Probe::targeted, filing + "/decision", R"({"verdict":"accept","reason":"x"})", ""}},
        // Issue 9: lab B's report.
        {"POST /api/v1/lab-api/reports",
         {Probe::exempt, "", "",
          "a lab reports its own tests and batches: another lab's test is refused (test_unknown) "
          "and another lab's batch is unknown_batch, naming none of that lab's data"}},
        {"POST /api/v1/lab-api/reports/{id}/revocation",
         {Probe::targeted, "/api/v1/lab-api/reports/" + std::to_string(report_b_) + "/revocation",
          R"({"reason":"x","approver_id":1})", ""}},
        {"GET /api/v1/reports",
         {Probe::listing, "/api/v1/reports?q=" + std::string(kMarkerB), "", ""}},
        {"GET /api/v1/reports/{id}", {Probe::targeted, report, "", ""}},
        {"GET /api/v1/reports/{id}/qr.png", {Probe::targeted, report + "/qr.png", "", ""}},
        {"GET /api/v1/reports/{id}/pdf", {Probe::targeted, report + "/pdf", "", ""}},
        {"POST /api/v1/reports/{id}/revocation",
         {Probe::targeted, report + "/revocation", R"({"reason":"x"})", ""}},
        {"GET /api/v1/public/reports/{number}",
         {Probe::exempt, "", "",
          "the public verification of a scanned report: its public facts by number"}},
        {"GET /api/v1/public/reports/{number}/pdf",
         {Probe::exempt, "", "", "the genuine PDF of a report, for whoever verifies it"}},
        {"POST /api/v1/public/reports/{number}/compare",
         {Probe::exempt, "", "",
          "answers only whether the uploaded bytes are the report's genuine PDF"}},
        {"GET /api/v1/public/report-keys",
         {Probe::exempt, "", "", "the platform's published report signing keys"}},
        {"GET /api/v1/report-stats",
         {Probe::listing, "/api/v1/report-stats?group=lab&from=2025-01-01", "", ""}},
        {"GET /api/v1/nonconforming",
         {Probe::listing, "/api/v1/nonconforming?q=" + std::string(kMarkerB), "", ""}},
        {"GET /api/v1/nonconforming/{id}",
         {Probe::targeted, "/api/v1/nonconforming/" + std::to_string(entry_b_), "", ""}},
        {"POST /api/v1/nonconforming/{id}/handling",
         {Probe::targeted, "/api/v1/nonconforming/" + std::to_string(entry_b_) + "/handling",
          R"({"handling":"x"})", ""}},
        // Issue 9: a notice to lab B's county and its station's webhook endpoint.
        {"GET /api/v1/notifications", {Probe::listing, "/api/v1/notifications?limit=500", "", ""}},
        {"GET /api/v1/notifications/unread-count",
         {Probe::listing, "/api/v1/notifications/unread-count", "", ""}},
        {"POST /api/v1/notifications/{id}/read",
         {Probe::targeted, "/api/v1/notifications/" + std::to_string(notice_b_) + "/read", "", ""}},
        {"POST /api/v1/notifications/read-all",
         {Probe::exempt, "", "", "marks the caller's own inbox: " + own}},
        {"GET /api/v1/webhooks", {Probe::listing, "/api/v1/webhooks?limit=500", "", ""}},
        {"POST /api/v1/webhooks",
         {Probe::targeted, "/api/v1/webhooks",
          R"({"owner_kind":"region","owner_id":"220102","url":"https://x.example.cn/"})", ""}},
        {"DELETE /api/v1/webhooks/{id}", {Probe::targeted, webhook, "", ""}},
        {"POST /api/v1/webhooks/{id}/test", {Probe::targeted, webhook + "/test", "", ""}},
        {"GET /api/v1/webhooks/{id}/deliveries",
         {Probe::targeted, webhook + "/deliveries", "", ""}},
        {"GET /api/v1/ledger/receipts/{index}",
         {Probe::targeted, "/api/v1/ledger/receipts/" + std::to_string(leaf_b_), "", ""}},
        {"GET /api/v1/ledger/records/{type}/{id}/history",
         {Probe::targeted,
          "/api/v1/ledger/records/connectivity_check/" + std::to_string(check_b_) + "/history", "",
          ""}},
    };
  }

  // B's data must not be in `r`: its lab code, its check's text, its user's login, its key.
  void expect_no_leak(const HttpResponse& r, const std::string& who, const std::string& route) {
    for (const std::string& marker :
         {std::string(kLabB), std::string(kMarkerB), std::string("lab-jl-01"), key_b_.key_id}) {
      EXPECT_EQ(r.body.find(marker), std::string::npos)
          << who << " on " << route << " got " << marker << ": " << r.body.substr(0, 300);
    }
  }

  LabKey key_a_, key_b_;
  std::int64_t check_b_ = 0;
  std::int64_t leaf_b_ = 0;  // the ledger leaf of lab B's check
  std::int64_t user_b_ = 0;
  std::string blob_b_;                         // SHA-256 of a photo lab B sent
  std::int64_t change_b_ = 0;                  // a pending change request about lab B
  std::int64_t qual_b_ = 0;                    // a qualification certificate of lab B
  std::int64_t equip_b_ = 0;                   // a piece of lab B's equipment
  std::int64_t person_b_ = 0;                  // a person employed by lab B
  Session regulator_b_;                        // B's regulator (Jilin)
  std::int64_t org_b_ = 0;                     // an organisation of lab B's region (issue 5)
  std::int64_t project_b_ = 0;                 // a project of lab B's county (issue 5 item 6)
  std::int64_t batch_b_ = 0, sampling_b_ = 0;  // its specimen chain (issue 6)
  std::int64_t test_b_ = 0;                    // a test of its specimen (issue 7)
  std::int64_t onsite_batch_b_ = 0, onsite_test_b_ = 0, photo_b_ = 0, filing_b_ = 0;  // issue 8
  std::int64_t report_b_ = 0, entry_b_ = 0;                                           // issue 9
  std::int64_t violation_b_ = 0;                                                      // issue 10
  std::string label_b_;
  std::int64_t notice_b_ = 0, webhook_b_ = 0;  // issue 9
};

std::vector<std::string> registered_routes(const std::string& db_url,
                                           const std::filesystem::path& data) {
  auto r = run_cli("routes --db '" + db_url + "' --data '" + data.string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::string> routes;
  std::istringstream in(r.output);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) {
      routes.push_back(line);
    }
  }
  return routes;
}

TEST_F(AccessTest, Issue3_IdorMatrixOverEveryRoute) {
  const auto routes = registered_routes(db_.url(), db_.dir() / "data");
  ASSERT_GE(routes.size(), 30u);
  const auto table = probes();
  const Session lab_a = sign_in("lab-jj-01", "Demo@2026lab");
  const Session regulator_x = sign_in("jj-regulator", "Demo@2026jj", "labwatch-demo-jj-reg");
  int tried = 0;
  for (const auto& route : routes) {
    const auto it = table.find(route);
    ASSERT_NE(it, table.end()) << route << " has no IDOR probe: add one to AccessTest::probes()";
    const Probe& p = it->second;
    if (p.kind == Probe::exempt) {
      EXPECT_FALSE(p.reason.empty()) << route;
      continue;
    }
    const std::string method = route.substr(0, route.find(' '));
    const std::vector<std::pair<std::string, HttpResponse>> answers{
        {"lab A's system", send_signed(key_a_, method, p.target, p.body)},
        {"lab A's admin", as_user(lab_a, method, p.target, p.body)},
        {"a Jiujiang regulator", as_user(regulator_x, method, p.target, p.body)},
    };
    for (const auto& [who, r] : answers) {
      if (p.kind == Probe::targeted) {
        EXPECT_TRUE(r.status == 401 || r.status == 403 || r.status == 404)
            << who << " on " << route << ": " << r.status << " " << r.body.substr(0, 300);
      } else {
        EXPECT_TRUE(r.status == 200 || r.status == 401 || r.status == 403)
            << who << " on " << route << ": " << r.status;
      }
      expect_no_leak(r, who, route);
      ++tried;
    }
  }
  EXPECT_GE(tried, 60);
  // The probes did not change B's data: its key still works and its check is still its own.
  auto mine =
      send_signed(key_b_, "GET", "/api/v1/connectivity-checks/" + std::to_string(check_b_), "");
  EXPECT_EQ(mine.status, 200) << mine.body;
  // And the regulator of B's region does see it: the matrix is not passing by seeing nothing.
  const Session& regulator_y = regulator_b_;  // signed in by SetUp (a TOTP code works once)
  auto theirs =
      as_user(regulator_y, "GET", "/api/v1/connectivity-checks/" + std::to_string(check_b_));
  EXPECT_EQ(theirs.status, 200) << theirs.body;
}

TEST_F(AccessTest, Issue3_TheThreeAdminDutiesStaySeparate) {
  const Session sys = sign_in("sysadmin", "Demo@2026sys", "labwatch-demo-sysadm");
  const Session sec = sign_in("secadmin", "Demo@2026sec", "labwatch-demo-secadm");
  const Session aud = sign_in("auditadmin", "Demo@2026aud", "labwatch-demo-audadm");
  // The system admin cannot read the audit trail; the audit admin can.
  EXPECT_EQ(as_user(sys, "GET", "/api/v1/audit-log").status, 403);
  EXPECT_EQ(as_user(sec, "GET", "/api/v1/audit-log").status, 403);
  EXPECT_EQ(as_user(aud, "GET", "/api/v1/audit-log").status, 200);
  // The audit admin and the security admin cannot create users; the system admin can.
  const std::string new_user =
      R"({"login":"jj-station-01","display_name":"九江质监站 张工","role":"station_staff",)"
      R"("region_code":"360402","password":"Station@2026a"})";
  EXPECT_EQ(as_user(aud, "POST", "/api/v1/users", new_user).status, 403);
  EXPECT_EQ(as_user(sec, "POST", "/api/v1/users", new_user).status, 403);
  auto made = as_user(sys, "POST", "/api/v1/users", new_user);
  ASSERT_EQ(made.status, 201) << made.body;
  const auto id = json(made).at("id").as_int64();
  EXPECT_TRUE(json(made).at("must_change_password").as_bool());
  // One account cannot be given two admin roles, nor an admin role and another.
  const std::string target = "/api/v1/users/" + std::to_string(id) + "/role";
  auto two = as_user(sec, "PUT", target, R"({"roles":["system_admin","audit_admin"]})");
  EXPECT_EQ(two.status, 422) << two.body;
  EXPECT_EQ(json(two).at("code").as_string(), "duties_conflict");
  auto mixed = as_user(sec, "PUT", target,
                       R"({"roles":["security_admin","regulator"],"region_code":"360400"})");
  EXPECT_EQ(json(mixed).at("code").as_string(), "duties_conflict");
  auto created_two =
      as_user(sys, "POST", "/api/v1/users",
              R"({"login":"x-admin","display_name":"x","roles":["system_admin","security_admin"],)"
              R"("password":"Admin@2026xyz"})");
  EXPECT_EQ(json(created_two).at("code").as_string(), "duties_conflict");
  // Only the security admin assigns roles.
  EXPECT_EQ(as_user(sys, "PUT", target, R"({"role":"reviewer","region_code":"360400"})").status,
            403);
  auto assigned = as_user(sec, "PUT", target, R"({"role":"reviewer","region_code":"360400"})");
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(json(assigned).at("role").as_string(), "reviewer");
  // Every one of these changes is in the trail, under the admin who made it.
  for (const char* action : {"user.role_assign", "user.create"}) {
    auto trail = as_user(aud, "GET", std::string("/api/v1/audit-log?action=") + action);
    EXPECT_NE(trail.body.find(action), std::string::npos) << trail.body;
  }
}

TEST_F(AccessTest, Issue3_ANewAccountMustChangeItsPasswordBeforeAnythingElse) {
  const Session lab_admin = sign_in("lab-jj-01", "Demo@2026lab");
  auto made = as_user(lab_admin, "POST", "/api/v1/users",
                      R"({"login":"jj-tester-01","display_name":"检测员 李",)"
                      R"("role":"lab_staff","password":"Tester@2026a"})");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(json(made).at("lab_code").as_string(), kLabA);  // the lab admin's own lab
  // A lab admin creates only lab staff of its own lab.
  EXPECT_EQ(as_user(lab_admin, "POST", "/api/v1/users",
                    R"({"login":"jj-boss","display_name":"x","role":"regulator",)"
                    R"("region_code":"360400","password":"Tester@2026a"})")
                .status,
            403);
  const Session fresh = sign_in("jj-tester-01", "Tester@2026a");
  auto refused = as_user(fresh, "GET", "/api/v1/connectivity-checks");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(json(refused).at("code").as_string(), "password_change_required");
  EXPECT_EQ(as_user(fresh, "GET", "/api/v1/auth/me").status, 200);
  auto changed = as_user(fresh, "POST", "/api/v1/auth/password",
                         R"({"old_password":"Tester@2026a","new_password":"Tester@2026b!"})");
  ASSERT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(as_user(fresh, "GET", "/api/v1/connectivity-checks").status, 200);
}

TEST_F(AccessTest, JL_3_2_ASandboxedLabIsSeenByItselfNotByItsRegulator) {
  const Session sec = sign_in("secadmin", "Demo@2026sec", "labwatch-demo-secadm");
  auto on = as_user(sec, "PATCH", std::string("/api/v1/labs/") + kLabA, R"({"sandbox":true})");
  ASSERT_EQ(on.status, 200) << on.body;
  auto sent =
      send_signed(key_a_, "POST", "/api/v1/connectivity-checks", R"({"message":"sandbox-trial"})");
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_TRUE(json(sent).at("sandbox").as_bool());
  const auto id = std::to_string(json(sent).at("id").as_int64());
  EXPECT_EQ(send_signed(key_a_, "GET", "/api/v1/connectivity-checks/" + id, "").status, 200);
  const Session regulator = sign_in("jj-regulator", "Demo@2026jj", "labwatch-demo-jj-reg");
  EXPECT_EQ(as_user(regulator, "GET", "/api/v1/connectivity-checks/" + id).status, 404);
  auto list = as_user(regulator, "GET", "/api/v1/connectivity-checks?limit=200");
  EXPECT_EQ(list.body.find("sandbox-trial"), std::string::npos);
}

TEST_F(AccessTest, JJ_3_2_KeysAreIssuedRotatedAndRevokedByTheRegionsRegulator) {
  const Session regulator = sign_in("jj-regulator", "Demo@2026jj", "labwatch-demo-jj-reg");
  auto issued = as_user(regulator, "POST", std::string("/api/v1/labs/") + kLabA + "/keys");
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string hex(json(issued).at("secret").as_string());
  const LabKey key{std::string(json(issued).at("key_id").as_string()), unhex(hex), kLabA, hex};
  EXPECT_EQ(send_signed(key, "POST", "/api/v1/lab-api/signature-check", "{}").status, 200);
  // The list never shows a secret.
  auto keys = as_user(regulator, "GET", std::string("/api/v1/labs/") + kLabA + "/keys");
  EXPECT_EQ(keys.body.find(hex), std::string::npos);
  // Rotation: the old key keeps working while it retires; the new one works at once.
  auto rotated = as_user(regulator, "POST", "/api/v1/lab-keys/" + key.key_id + "/rotate");
  ASSERT_EQ(rotated.status, 201) << rotated.body;
  EXPECT_EQ(json(rotated).at("replaces").as_string(), key.key_id);
  EXPECT_EQ(send_signed(key, "POST", "/api/v1/lab-api/signature-check", "{}").status, 200);
  // Revocation is immediate.
  auto revoked = as_user(regulator, "POST", "/api/v1/lab-keys/" + key.key_id + "/revoke");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  auto refused = send_signed(key, "POST", "/api/v1/lab-api/signature-check", "{}");
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(json(refused).at("code").as_string(), "key_unknown");
}

}  // namespace
}  // namespace lw::testing
