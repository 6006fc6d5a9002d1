-- Supervision (issue 10, JL-3.1): every violation is a case. A regulator confirms it — fixing
-- its severity and the party charged — or dismisses it, with a reason; the charged party
-- responds. Each step is a case event (append-only) and a ledger version of the case.
ALTER TABLE violations ADD COLUMN status TEXT NOT NULL DEFAULT 'open';  -- open, confirmed, dismissed
ALTER TABLE violations ADD COLUMN severity TEXT NOT NULL DEFAULT '';    -- minor, general, serious once confirmed
ALTER TABLE violations ADD COLUMN party_kind TEXT NOT NULL DEFAULT '';  -- a catalogue party once confirmed
ALTER TABLE violations ADD COLUMN party_ref TEXT NOT NULL DEFAULT '';   -- its lab code, organisation or person id
ALTER TABLE violations ADD COLUMN decided_at INTEGER;
CREATE INDEX violations_party ON violations (party_kind, party_ref, status);
CREATE INDEX violations_status ON violations (status, region_code);

CREATE TABLE case_events (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  violation_id  INTEGER NOT NULL,
  action        TEXT NOT NULL,   -- confirm, dismiss, respond
  text          TEXT NOT NULL,   -- the regulator's reason or the party's response
  actor         TEXT NOT NULL,
  at            INTEGER NOT NULL
);
CREATE INDEX case_events_violation ON case_events (violation_id, id);
