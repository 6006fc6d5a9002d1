-- The registry's base (issue 5 items 1 and 2): administrative divisions and the organisations
-- other than labs that take part in a project. Labs keep their own table (labs); people name
-- either a lab or an organisation as their employer.

-- GB/T 2260 divisions (行政区划). Loaded from reference/regions/gb2260.tsv at start and
-- extendable by import; a division is never deleted (records keep naming it).
CREATE TABLE regions (
  code         TEXT PRIMARY KEY,          -- six digits
  name         TEXT NOT NULL,
  parent       TEXT NOT NULL,             -- '' for a province
  level        TEXT NOT NULL              -- province, prefecture, county
);

-- Construction units, contractors, supervision companies, ready-mix plants (建设单位, 施工单位,
-- 监理单位, 预拌混凝土企业). The unified social credit code is unique; one whose check
-- character fails is stored only with an administrator's override reason (audited).
CREATE TABLE organisations (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL,
  name            TEXT NOT NULL,
  credit_code     TEXT NOT NULL UNIQUE,
  credit_override TEXT,                   -- the override reason; NULL when the check holds
  region_code     TEXT NOT NULL,          -- GB/T 2260 code of where it is registered
  address         TEXT NOT NULL DEFAULT '',
  contact_name    TEXT NOT NULL DEFAULT '',
  contact_phone   TEXT NOT NULL DEFAULT '', -- the organisation's business line
  created_by      TEXT NOT NULL,          -- the actor as the audit trail names it
  created_at      INTEGER NOT NULL,          -- µs since epoch UTC
  updated_at      INTEGER NOT NULL
);
CREATE INDEX organisations_region ON organisations (region_code);
CREATE INDEX organisations_kind ON organisations (kind, region_code);

-- Every version of every registry record other than labs (organisations, people, equipment,
-- projects, assignments, change notices …): append, never overwrite. The record's own table
-- holds its current state for queries; each change adds a row here and a ledger leaf whose
-- entry's record is exactly `record`, so `labwatch ledger verify` rebuilds every version.
-- `record` never holds personal data in clear (people carry blind indexes, not ID numbers).
CREATE TABLE registry_versions (
  record_type  TEXT NOT NULL,             -- as in the ledger: "organisation", "person", …
  record_id    TEXT NOT NULL,
  version      INTEGER NOT NULL,          -- the ledger's version of record (type, id)
  lab_code     TEXT NOT NULL,             -- the lab the record belongs to, '' for none
  record       TEXT NOT NULL,             -- JSON object: the ledger entry's record
  changed_by   TEXT NOT NULL,             -- the actor as the audit trail names it
  changed_at   INTEGER NOT NULL,          -- µs since epoch UTC
  PRIMARY KEY (record_type, record_id, version)
);
