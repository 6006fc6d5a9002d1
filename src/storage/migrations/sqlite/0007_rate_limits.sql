-- Rate limits (限流): requests counted per bucket (what is limited and whose, e.g.
-- login_address:203.0.113.7) in fixed windows aligned to the epoch. Kept here, not in a server's
-- memory, so that every instance of a deployment counts against the same limit. Windows that
-- have ended are deleted.
CREATE TABLE rate_limit_hits (
  bucket        TEXT NOT NULL,
  window_start  INTEGER NOT NULL,  -- µs since epoch UTC
  window_end    INTEGER NOT NULL,  -- µs since epoch UTC, exclusive
  hits          INTEGER NOT NULL,
  PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limit_hits_end ON rate_limit_hits (window_end);
