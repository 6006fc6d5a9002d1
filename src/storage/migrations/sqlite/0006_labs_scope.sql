-- Labs as access control needs them (issue 3): the region whose regulators see a lab's data,
-- and the sandbox switch for integration. The registry (issue 5) adds the rest.
CREATE TABLE labs (
  lab_code     TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  region_code  TEXT NOT NULL,            -- GB/T 2260 code of the county (or city) it is in
  sandbox      SMALLINT NOT NULL DEFAULT 0,  -- 1: its uploads are kept apart from real data
  created_at   INTEGER NOT NULL          -- µs since epoch UTC
);
CREATE INDEX labs_region ON labs (region_code);

-- Rows a lab sent while in sandbox mode: seen by the lab, not by regulators.
ALTER TABLE connectivity_checks ADD COLUMN sandbox SMALLINT NOT NULL DEFAULT 0;

-- A TOTP secret being enrolled, base32, until a code from the authenticator confirms it.
ALTER TABLE users ADD COLUMN totp_pending TEXT;
