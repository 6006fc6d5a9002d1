-- Reports (issue 9; JJ-3.5, JJ-3.6, JL-1.3, JL-3.3; docs/reports.md): numbers given out per lab
-- and year, the reports with their seal and public facts, the tests they cover, every change of
-- their status, the non-conforming ledger and the daily statistics. A report's versions live
-- in registry_versions (record type report), ledger leaves.

-- The last sequence given out per lab and year: advanced in the issuing transaction, so the
-- numbers of a year have no gap and are never given twice.
CREATE TABLE report_number_counters (
  lab_code  TEXT NOT NULL,
  year      INTEGER NOT NULL,
  last_seq  INTEGER NOT NULL,
  PRIMARY KEY (lab_code, year)
);

-- A report. status: valid, revoked, superseded. public_json: the facts the public
-- verification answers, kept current with the status (one point look-up per scan).
CREATE TABLE reports (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  number              TEXT NOT NULL UNIQUE,
  lab_code            TEXT NOT NULL,
  sandbox             SMALLINT NOT NULL DEFAULT 0,
  region_code         TEXT NOT NULL,             -- the project's
  project_id          INTEGER NOT NULL,
  kind                TEXT NOT NULL,             -- lab, onsite
  category            TEXT NOT NULL,             -- lab qualification category
  material            TEXT NOT NULL,             -- material or on-site category (statistics)
  onsite_batch_id     INTEGER,
  title               TEXT NOT NULL,
  conclusion          TEXT NOT NULL,             -- pass, fail
  tested_from         TEXT NOT NULL,             -- YYYY-MM-DD
  tested_to           TEXT NOT NULL,
  tester_id           INTEGER NOT NULL,
  reviewer_id         INTEGER NOT NULL,
  approver_id         INTEGER NOT NULL,
  pdf_sha256          TEXT NOT NULL,             -- the lab's PDF (a blob)
  pdf_sm3             TEXT NOT NULL,
  stamped_sha256      TEXT NOT NULL,             -- the stamped copy (a blob)
  content             TEXT NOT NULL,             -- the structured content, canonical JSON
  content_sm3         TEXT NOT NULL,
  seal                TEXT NOT NULL,             -- the QR payload
  key_id              TEXT NOT NULL,
  status              TEXT NOT NULL,
  supersedes_id       INTEGER,
  superseded_by_id    INTEGER,
  version             INTEGER NOT NULL DEFAULT 1,
  issued_by           TEXT NOT NULL,
  issued_at           INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  public_json         TEXT NOT NULL
);
CREATE INDEX reports_lab ON reports (lab_code, issued_at);
CREATE INDEX reports_region ON reports (region_code, issued_at);
CREATE INDEX reports_project ON reports (project_id);
CREATE INDEX reports_pdf ON reports (pdf_sha256);
CREATE INDEX reports_batch ON reports (onsite_batch_id);

-- The lab tests a report covers.
CREATE TABLE report_tests (
  report_id  INTEGER NOT NULL,
  test_id    INTEGER NOT NULL,
  PRIMARY KEY (report_id, test_id)
);
CREATE INDEX report_tests_test ON report_tests (test_id);

-- Every change of a report's status: revoked, superseded (by new_report_id).
CREATE TABLE report_status_changes (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  report_id      INTEGER NOT NULL,
  status         TEXT NOT NULL,
  reason         TEXT NOT NULL,
  approver_id    INTEGER,                    -- the lab's quality lead, when the lab asked
  new_report_id  INTEGER,
  changed_by     TEXT NOT NULL,
  changed_at     INTEGER NOT NULL
);
CREATE INDEX report_status_changes_report ON report_status_changes (report_id);

-- The non-conforming ledger (不合格台账, JJ-3.6): one entry per failed test, or per failed
-- report that covers no failed test. status: open, retest, handled.
CREATE TABLE nonconforming (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  lab_code        TEXT NOT NULL,
  sandbox         SMALLINT NOT NULL DEFAULT 0,
  region_code     TEXT NOT NULL,
  project_id      INTEGER NOT NULL,
  material        TEXT NOT NULL,
  item            TEXT NOT NULL,
  grade           TEXT NOT NULL DEFAULT '',
  test_id         INTEGER UNIQUE,
  report_id       INTEGER,
  source          TEXT NOT NULL,             -- test_reported, test_recomputed, report
  detail          TEXT NOT NULL,             -- JSON: the failing figures
  found_at        INTEGER NOT NULL,
  status          TEXT NOT NULL,
  retest_id       INTEGER,
  handling        TEXT NOT NULL DEFAULT '',
  handled_by      TEXT NOT NULL DEFAULT '',
  handled_at      INTEGER,
  notice_id       INTEGER,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX nonconforming_region ON nonconforming (region_code, found_at);
CREATE INDEX nonconforming_lab ON nonconforming (lab_code, found_at);
CREATE INDEX nonconforming_report ON nonconforming (report_id);

-- Report statistics (JL-3.3), one row per Asia/Shanghai day, region, lab and material, kept
-- current by the issuing and revoking transactions.
CREATE TABLE report_stats_daily (
  day          TEXT NOT NULL,
  region_code  TEXT NOT NULL,
  lab_code     TEXT NOT NULL,
  material     TEXT NOT NULL,
  sandbox      SMALLINT NOT NULL DEFAULT 0,
  issued       INTEGER NOT NULL DEFAULT 0,
  passed       INTEGER NOT NULL DEFAULT 0,
  failed       INTEGER NOT NULL DEFAULT 0,
  revoked      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, region_code, lab_code, material, sandbox)
);
