-- The audit trail (审计日志): append-only, each row's mac chained over the previous row's, so a
-- row changed, removed or inserted behind the platform's back is found by `labwatch audit verify`.
CREATE TABLE audit_log (
  seq          INTEGER PRIMARY KEY,  -- 1, 2, 3, … without gaps, assigned from audit_head
  at           INTEGER NOT NULL,     -- server time, µs since epoch UTC
  actor        TEXT NOT NULL,
  role         TEXT NOT NULL,
  source_ip    TEXT NOT NULL,
  request_id   TEXT NOT NULL,
  action       TEXT NOT NULL,
  target       TEXT NOT NULL,
  outcome      TEXT NOT NULL,
  details      TEXT NOT NULL,        -- JSON
  mac          TEXT NOT NULL         -- hex HMAC-SM3(key, previous mac ‖ this row)
);
CREATE INDEX audit_log_at ON audit_log (at);

-- The chain's head: one row, locked by every append so appends are serialised across instances.
CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  mac  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, mac) VALUES (1, 0, '');
