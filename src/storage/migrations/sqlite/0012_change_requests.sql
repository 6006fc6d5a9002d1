-- Changes that need a second person (issue 4: who, when, why and the approval). A registry
-- change is proposed with a reason against the record's current version; another authorised
-- person approves it (it then becomes the record's next version, whose ledger entry names the
-- request and the approval) or rejects it. Requests are never deleted.
CREATE TABLE change_requests (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  record_type    TEXT NOT NULL,            -- as in the ledger: "lab", …
  record_id      TEXT NOT NULL,
  lab_code       TEXT NOT NULL,            -- the lab the record belongs to (scopes the request)
  base_version   INTEGER NOT NULL,         -- the version the proposal was made against
  proposal       TEXT NOT NULL,            -- JSON object: the fields to change and their values
  reason         TEXT NOT NULL,
  requested_by   TEXT NOT NULL,            -- the actor as the audit trail names it
  requester_id   INTEGER NOT NULL,         -- users.id, for the four-eyes rule
  requested_at   INTEGER NOT NULL,         -- µs since epoch UTC
  state          TEXT NOT NULL,            -- pending, approved, rejected
  decided_by     TEXT,
  decider_id     INTEGER,
  decided_at     INTEGER,
  decision_note  TEXT NOT NULL DEFAULT '',
  applied_version INTEGER                  -- the version an approval made
);
CREATE INDEX change_requests_pending ON change_requests (state, lab_code);
CREATE INDEX change_requests_record ON change_requests (record_type, record_id);

-- A version made by an approved request names it and its approver (NULL for versions that
-- need no approval: registration, operational switches such as sandbox mode).
ALTER TABLE lab_versions ADD COLUMN change_request INTEGER;
ALTER TABLE lab_versions ADD COLUMN approved_by TEXT;
ALTER TABLE lab_versions ADD COLUMN approved_at INTEGER;
ALTER TABLE lab_versions ADD COLUMN approval_note TEXT;
