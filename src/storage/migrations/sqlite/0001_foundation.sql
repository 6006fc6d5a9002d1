-- Content-addressed files kept in the blob store (photos, PDFs, raw instrument files).
CREATE TABLE blobs (
  sha256       TEXT PRIMARY KEY,
  size         INTEGER NOT NULL,
  media_type   TEXT NOT NULL,
  received_at  INTEGER NOT NULL  -- server time of first receipt, µs since epoch UTC
);

-- Connectivity checks (联调自检): a lab system proves its link to the platform end to end,
-- through the durable write path, and keeps the server's receive time.
CREATE TABLE connectivity_checks (
  id           INTEGER PRIMARY KEY,
  lab_code     TEXT NOT NULL,
  client_time  INTEGER,          -- the lab's stated time: evidence, never the judge
  received_at  INTEGER NOT NULL,
  message      TEXT NOT NULL
);
CREATE INDEX connectivity_checks_lab ON connectivity_checks (lab_code, received_at);
