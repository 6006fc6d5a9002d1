-- On-site tests (issue 8; JL-1.2, JL-1.3, JL-2.2, JL-2.4; docs/onsite.md): components marked
-- with unique ids, batches whose report generation a late or missed upload locks, tests with
-- their upload deadline, photos with the findings of their screening, force-majeure filings.
-- A test's data versions live in registry_versions (record type onsite_test), ledger leaves.

-- A component the contractor marked on site (构件唯一性标识, JL-2.4): its code is unique within
-- the project.
CREATE TABLE components (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id  INTEGER NOT NULL,
  code        TEXT NOT NULL,
  name        TEXT NOT NULL,
  part        TEXT NOT NULL DEFAULT '',   -- where it is (axis, floor, span)
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (project_id, code)
);

-- A batch of on-site tests (检测批次) a report later covers.
CREATE TABLE onsite_batches (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  lab_code     TEXT NOT NULL,
  sandbox      SMALLINT NOT NULL DEFAULT 0,
  region_code  TEXT NOT NULL,              -- the project's
  project_id   INTEGER NOT NULL,
  item         TEXT NOT NULL,
  category     TEXT NOT NULL,
  batch_no     TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  lock_id      INTEGER,                    -- the open lock, if any
  UNIQUE (lab_code, batch_no)
);
CREATE INDEX onsite_batches_project ON onsite_batches (project_id);
CREATE INDEX onsite_batches_region ON onsite_batches (region_code, created_at);

-- Every lock of a batch's report generation (JL-1.3), open until a regulator lifts it.
CREATE TABLE onsite_batch_locks (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id       INTEGER NOT NULL,
  reason         TEXT NOT NULL,            -- onsite_upload_late, onsite_upload_missed
  test_id        INTEGER NOT NULL,
  locked_at      INTEGER NOT NULL,
  unlocked_by    TEXT,
  unlocked_at    INTEGER,
  unlock_reason  TEXT
);
CREATE INDEX onsite_batch_locks_batch ON onsite_batch_locks (batch_id);

-- An on-site test. upload_status: open, awaiting, on_time, late, missed.
CREATE TABLE onsite_tests (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id          INTEGER NOT NULL,
  lab_code          TEXT NOT NULL,
  sandbox           SMALLINT NOT NULL DEFAULT 0,
  region_code       TEXT NOT NULL,
  project_id        INTEGER NOT NULL,
  item              TEXT NOT NULL,
  component_id      INTEGER NOT NULL,
  component_code    TEXT NOT NULL,
  equipment_id      INTEGER NOT NULL,
  tester_ids        TEXT NOT NULL,          -- comma-separated person ids, in order
  witness_id        INTEGER NOT NULL,
  started_at        INTEGER NOT NULL,       -- as the lab's system says
  finished_at       INTEGER,
  finish_source     TEXT NOT NULL DEFAULT '',  -- instrument, lab
  due_at            INTEGER,                -- none while open or awaiting a clearance
  force_majeure_id  INTEGER,                -- the filing that moved the deadline
  data_received_at  INTEGER,                -- the first data version's receive time
  first_photo_at    INTEGER,
  photos            INTEGER NOT NULL DEFAULT 0,
  flagged_photos    INTEGER NOT NULL DEFAULT 0,
  upload_status     TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 0,
  received_at       INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  created_by        TEXT NOT NULL
);
CREATE INDEX onsite_tests_batch ON onsite_tests (batch_id);
CREATE INDEX onsite_tests_lab ON onsite_tests (lab_code, received_at);
CREATE INDEX onsite_tests_region ON onsite_tests (region_code, received_at);
-- The deadline scan: finished tests still awaiting their uploads.
CREATE INDEX onsite_tests_due ON onsite_tests (upload_status, due_at);

-- A photo of an on-site test and what its screening found.
CREATE TABLE onsite_photos (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  test_id             INTEGER NOT NULL,
  sha256              TEXT NOT NULL,
  thumb_sha256        TEXT NOT NULL DEFAULT '',
  received_at         INTEGER NOT NULL,
  received_by         TEXT NOT NULL,
  on_time             SMALLINT NOT NULL,
  captured_at         INTEGER,
  captured_at_source  TEXT NOT NULL DEFAULT '',  -- exif, stamp
  lat                 DOUBLE PRECISION,
  lng                 DOUBLE PRECISION,
  location_source     TEXT NOT NULL DEFAULT '',
  tester_id           INTEGER,
  equipment_id        INTEGER,
  component_code      TEXT NOT NULL DEFAULT '',
  device              TEXT NOT NULL DEFAULT '',   -- make/model or the capture page's device id
  quant_fingerprint   TEXT NOT NULL DEFAULT '',
  phash               INTEGER NOT NULL,
  stamp               TEXT NOT NULL DEFAULT '',   -- JSON as sent, '' when none
  metadata            TEXT NOT NULL,              -- JSON
  findings            TEXT NOT NULL,              -- JSON array
  flagged             SMALLINT NOT NULL
);
CREATE INDEX onsite_photos_test ON onsite_photos (test_id);
CREATE INDEX onsite_photos_sha ON onsite_photos (sha256);
CREATE INDEX onsite_photos_device ON onsite_photos (device, quant_fingerprint);

-- A force-majeure filing (不可抗力报备, JL-1.3). status: pending, accepted, rejected.
CREATE TABLE force_majeure_filings (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  test_id              INTEGER NOT NULL,
  lab_code             TEXT NOT NULL,
  sandbox              SMALLINT NOT NULL DEFAULT 0,
  region_code          TEXT NOT NULL,
  project_id           INTEGER NOT NULL,
  reason               TEXT NOT NULL,
  evidence_sha256      TEXT NOT NULL DEFAULT '',
  filed_by             TEXT NOT NULL,
  filed_at             INTEGER NOT NULL,
  in_time              SMALLINT NOT NULL,
  cleared_at           INTEGER,
  cleared_reported_at  INTEGER,
  status               TEXT NOT NULL,
  decided_by           TEXT,
  decided_at           INTEGER,
  decision_reason      TEXT
);
CREATE INDEX force_majeure_test ON force_majeure_filings (test_id);
CREATE INDEX force_majeure_region ON force_majeure_filings (region_code, filed_at);
