-- Idempotency keys (幂等键): a client's retry of a create with the same key gets the first
-- answer instead of a second record. Scoped to the caller; kept at least 24 h.
CREATE TABLE idempotency_keys (
  scope          TEXT NOT NULL,     -- who sent it (login, lab key id, or anonymous)
  idem_key       TEXT NOT NULL,
  request_hash   TEXT NOT NULL,     -- SHA-256 of method, target and body
  state          SMALLINT NOT NULL, -- 0 in flight, 1 answered
  claimed_at     BIGINT NOT NULL,   -- µs since epoch UTC
  status         INTEGER,
  content_type   TEXT,
  location       TEXT,
  body           TEXT,
  PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_claimed ON idempotency_keys (claimed_at);
