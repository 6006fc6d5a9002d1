-- Every version of a lab's registry entry (issue 4: append, never overwrite). `labs` holds
-- the current state for queries; each change adds a row here and a ledger leaf, so the history
-- shows who changed what, when and why, and `labwatch ledger verify` rebuilds every version.
CREATE TABLE lab_versions (
  lab_code     TEXT NOT NULL,
  version      INTEGER NOT NULL,          -- the ledger's version of record ("lab", lab_code)
  name         TEXT NOT NULL,
  region_code  TEXT NOT NULL,
  sandbox      SMALLINT NOT NULL,
  changed_by   TEXT NOT NULL,           -- the actor as the audit trail names it
  changed_at   INTEGER NOT NULL,          -- µs since epoch UTC
  reason       TEXT NOT NULL,
  PRIMARY KEY (lab_code, version)
);
