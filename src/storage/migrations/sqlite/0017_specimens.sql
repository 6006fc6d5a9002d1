-- The specimen chain (issue 6; JJ-1.1 … JJ-1.6, JJ-4.1, JL-2.1, JL-2.2): QR label batches issued
-- to a project, the labels, witnessed samplings that bind specimens to labels, commissions to a
-- lab and the lab's receipts and refusals. Rows are never changed after the fact except a
-- label's binding (once); each step is also a ledger entry (registry_versions).

-- The registry person a witness account signs in as (one person per account).
CREATE TABLE account_people (
  user_id      INTEGER PRIMARY KEY,
  person_id    INTEGER NOT NULL UNIQUE,
  linked_by    TEXT NOT NULL,
  linked_at    INTEGER NOT NULL
);

-- A batch of labels issued to a project on the request of its contractor or its station.
CREATE TABLE label_batches (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id    INTEGER NOT NULL,
  region_code   TEXT NOT NULL,          -- the project's, for scope
  quantity      INTEGER NOT NULL,
  requested_by  TEXT NOT NULL,          -- contractor, station
  note          TEXT NOT NULL DEFAULT '',
  issued_by     TEXT NOT NULL,          -- the actor as the audit trail names it
  issued_at     INTEGER NOT NULL           -- µs since epoch UTC
);
CREATE INDEX label_batches_project ON label_batches (project_id);

-- One label: a random code with a check symbol (domain/label_code.hpp), free until a sampling
-- binds it to one of its specimens.
CREATE TABLE labels (
  code          TEXT PRIMARY KEY,       -- 13 symbols, no separators
  batch_id      INTEGER NOT NULL,
  project_id    INTEGER NOT NULL,
  sampling_id   INTEGER,                   -- NULL while free
  ordinal       INTEGER                    -- the specimen's place in its group, from 1
);
CREATE INDEX labels_batch ON labels (batch_id);
CREATE INDEX labels_sampling ON labels (sampling_id);

-- A witnessed sampling (见证取样): a group of specimens made on site.
CREATE TABLE samplings (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id      INTEGER NOT NULL,
  region_code     TEXT NOT NULL,
  part            TEXT NOT NULL,
  material        TEXT NOT NULL,
  concrete_group  TEXT NOT NULL DEFAULT '',
  grade           TEXT NOT NULL,
  quantity        TEXT NOT NULL DEFAULT '',
  specimen_count  INTEGER NOT NULL,
  mould_count     INTEGER NOT NULL,
  maker_kind      TEXT NOT NULL,
  maker_name      TEXT NOT NULL,
  curer_kind      TEXT NOT NULL,
  curer_name      TEXT NOT NULL,
  witness_id      INTEGER NOT NULL,         -- people.id
  sampler_id      INTEGER NOT NULL,
  seal_number     TEXT NOT NULL,
  captured_at     INTEGER NOT NULL,         -- the phone's capture time
  received_at     INTEGER NOT NULL,         -- the server's clock
  location        TEXT NOT NULL DEFAULT '', -- JSON {"lat","lng","accuracy_m"} as decimal strings, '' none
  placard_sha256  TEXT NOT NULL,            -- the placard photo (举牌照片), a blob
  recorded_by     TEXT NOT NULL
);
CREATE INDEX samplings_project ON samplings (project_id);
CREATE INDEX samplings_region ON samplings (region_code);

-- A commission (委托) of a sampling's specimens to a lab for a test item.
CREATE TABLE commissions (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  sampling_id      INTEGER NOT NULL,
  lab_code         TEXT NOT NULL,
  test_item        TEXT NOT NULL,          -- a qualification category code
  commissioned_by  TEXT NOT NULL,
  commissioned_at  INTEGER NOT NULL
);
CREATE INDEX commissions_sampling ON commissions (sampling_id);
CREATE INDEX commissions_lab ON commissions (lab_code);

-- A lab's receipt or refusal of one specimen (or of a sample that came without a label).
CREATE TABLE specimen_receipts (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  lab_code       TEXT NOT NULL,
  region_code    TEXT NOT NULL,           -- the project's, else the lab's
  label_code     TEXT NOT NULL DEFAULT '',-- as scanned (normalised when valid), '' unlabelled
  sampling_id    INTEGER,
  project_id     INTEGER,
  commission_id  INTEGER,
  outcome        TEXT NOT NULL,           -- received, refused
  reasons        TEXT NOT NULL DEFAULT '',-- comma-separated tokens
  warnings       TEXT NOT NULL DEFAULT '',
  witness_id     INTEGER,
  seal_intact    SMALLINT NOT NULL,
  condition_ok   SMALLINT NOT NULL,
  description    TEXT NOT NULL DEFAULT '',-- what came, for an unlabelled sample
  note           TEXT NOT NULL DEFAULT '',
  received_by    TEXT NOT NULL,
  received_at    INTEGER NOT NULL
);
CREATE INDEX specimen_receipts_lab ON specimen_receipts (lab_code, received_at);
CREATE INDEX specimen_receipts_sampling ON specimen_receipts (sampling_id);
CREATE INDEX specimen_receipts_label ON specimen_receipts (label_code);
