-- Lab tests (issue 7; JJ-3.3, JJ-3.4, JL-2.3): contracts and test plans on deadline, test
-- records with their curves and reviews, and the findings the platform detects. The data of
-- each version of a test lives in registry_versions (record type lab_test), like every other
-- versioned record, and is a ledger leaf.

-- A lab's contract (检测合同, JJ-3.3), judged against the policy's deadline on receipt.
CREATE TABLE test_contracts (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  lab_code         TEXT NOT NULL,
  sandbox          SMALLINT NOT NULL DEFAULT 0,
  region_code      TEXT NOT NULL,           -- the project's
  project_id       INTEGER NOT NULL,
  contract_no      TEXT NOT NULL,
  client           TEXT NOT NULL,
  items            TEXT NOT NULL,           -- comma-separated test item codes
  signed_on        TEXT NOT NULL,           -- YYYY-MM-DD
  amount_yuan      TEXT NOT NULL DEFAULT '',-- decimal string, '' when not given
  document_sha256  TEXT NOT NULL,
  due_by           TEXT NOT NULL,           -- the last on-time day
  late             SMALLINT NOT NULL,
  received_by      TEXT NOT NULL,
  received_at      INTEGER NOT NULL,
  UNIQUE (lab_code, contract_no)
);
CREATE INDEX test_contracts_project ON test_contracts (project_id);
CREATE INDEX test_contracts_region ON test_contracts (region_code);

-- A test plan (检测方案 and schedule, JJ-3.3) uploaded before testing.
CREATE TABLE test_plans (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  lab_code        TEXT NOT NULL,
  sandbox         SMALLINT NOT NULL DEFAULT 0,
  region_code     TEXT NOT NULL,
  project_id      INTEGER NOT NULL,
  contract_id     INTEGER,
  items           TEXT NOT NULL,
  planned_start   TEXT NOT NULL,
  planned_end     TEXT NOT NULL,
  note            TEXT NOT NULL DEFAULT '',
  latest_on_time  TEXT NOT NULL,            -- the last day it could be received in time
  late            SMALLINT NOT NULL,
  received_by     TEXT NOT NULL,
  received_at     INTEGER NOT NULL
);
CREATE INDEX test_plans_lab_project ON test_plans (lab_code, project_id);

-- A test of a received specimen group. Its data are versions in registry_versions.
CREATE TABLE lab_tests (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  lab_code       TEXT NOT NULL,
  sandbox        SMALLINT NOT NULL DEFAULT 0,
  region_code    TEXT NOT NULL,
  project_id     INTEGER NOT NULL,
  sampling_id    INTEGER NOT NULL,
  item           TEXT NOT NULL,
  standard       TEXT NOT NULL,
  grade          TEXT NOT NULL DEFAULT '',
  equipment_id   INTEGER NOT NULL,
  tester_id      INTEGER NOT NULL,
  acquisition    TEXT NOT NULL,            -- auto, manual
  manual_reason  TEXT NOT NULL DEFAULT '',
  environment    TEXT NOT NULL DEFAULT '', -- JSON {"temperature_c","humidity_percent"} or ''
  plan_id        INTEGER,                  -- the plan received in time, if any
  retest_of      INTEGER,
  status         TEXT NOT NULL,            -- running, finished, reviewed, rejected, voided
  version        INTEGER NOT NULL DEFAULT 0,  -- the current data version, 0 while running
  anomalies      INTEGER NOT NULL DEFAULT 0,  -- of the current version
  conclusion     TEXT NOT NULL DEFAULT '',
  started_at     INTEGER NOT NULL,         -- as the lab's system says
  received_at    INTEGER NOT NULL,         -- the server's clock at start
  finished_at    INTEGER,
  updated_at     INTEGER NOT NULL,
  started_by     TEXT NOT NULL
);
CREATE INDEX lab_tests_lab ON lab_tests (lab_code, received_at);
CREATE INDEX lab_tests_region ON lab_tests (region_code, received_at);
CREATE INDEX lab_tests_status ON lab_tests (status);
CREATE INDEX lab_tests_sampling ON lab_tests (sampling_id);

-- The specimens (labels) a test covers, in order.
CREATE TABLE lab_test_specimens (
  test_id     INTEGER NOT NULL,
  ordinal     INTEGER NOT NULL,
  label_code  TEXT NOT NULL,
  PRIMARY KEY (test_id, ordinal)
);
CREATE INDEX lab_test_specimens_label ON lab_test_specimens (label_code);

-- Readings streamed while a test runs: chunk `seq` of specimen `ordinal`, the compact curve
-- encoding (domain/curve.hpp).
CREATE TABLE lab_test_readings (
  test_id      INTEGER NOT NULL,
  ordinal      INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  points       INTEGER NOT NULL,
  data         BLOB NOT NULL,
  received_at  INTEGER NOT NULL,
  PRIMARY KEY (test_id, ordinal, seq)
);

-- Curves, content-addressed by the SHA-256 of their compact encoding.
CREATE TABLE curves (
  sha256  TEXT PRIMARY KEY,
  points  INTEGER NOT NULL,
  data    BLOB NOT NULL
);

-- Curve fingerprints, for finding a curve reused for another specimen across the platform.
CREATE TABLE curve_fingerprints (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  test_id      INTEGER NOT NULL,
  ordinal      INTEGER NOT NULL,
  item         TEXT NOT NULL,
  bucket       INTEGER NOT NULL,
  fingerprint  TEXT NOT NULL,              -- hex
  lab_code     TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX curve_fingerprints_bucket ON curve_fingerprints (item, bucket);

-- Reviews (双人复核, JL-2.3) of a version of a test.
CREATE TABLE lab_test_reviews (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  test_id      INTEGER NOT NULL,
  version      INTEGER NOT NULL,
  reviewer_id  INTEGER NOT NULL,
  verdict      TEXT NOT NULL,              -- confirm, reject
  note         TEXT NOT NULL DEFAULT '',
  reviewed_by  TEXT NOT NULL,              -- the actor
  reviewed_at  INTEGER NOT NULL
);
CREATE INDEX lab_test_reviews_test ON lab_test_reviews (test_id);

-- Violations (migration 0016) also come from sandbox labs now: hidden from regulators like
-- every other sandbox row.
ALTER TABLE violations ADD COLUMN sandbox SMALLINT NOT NULL DEFAULT 0;
CREATE INDEX violations_lab ON violations (lab_code, kind);
