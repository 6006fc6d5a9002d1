-- Users (用户) who sign in to the platform: regulators, station staff, lab staff, the three
-- admins. Passwords as Argon2id hashes (libsodium's encoded form); the TOTP secret as base32
-- text for now (encryption at rest comes with key management).
CREATE TABLE users (
  id                    INTEGER PRIMARY KEY,
  login                 TEXT NOT NULL UNIQUE,  -- lower case
  display_name          TEXT NOT NULL,
  role                  TEXT NOT NULL,         -- system_admin, regulator, lab_staff, …
  region_code           TEXT,                  -- GB/T 2260 region a regulator or station covers
  lab_code              TEXT,                  -- the lab of lab staff
  password_hash         TEXT NOT NULL,
  password_changed_at   INTEGER NOT NULL,      -- µs since epoch UTC
  must_change_password  SMALLINT NOT NULL DEFAULT 0,
  failed_attempts       INTEGER NOT NULL DEFAULT 0,  -- consecutive failed logins
  locked_until          INTEGER,               -- refused until then, even with the right password
  totp_secret           TEXT,                  -- base32; NULL: not enrolled
  totp_last_step        INTEGER,               -- last accepted TOTP step: never accepted again
  disabled              SMALLINT NOT NULL DEFAULT 0,
  created_at            INTEGER NOT NULL
);

-- Browser sessions: the cookie carries a random token, the database only its SM3 hash.
CREATE TABLE sessions (
  id            INTEGER PRIMARY KEY,
  token_hash    TEXT NOT NULL UNIQUE,          -- hex SM3 of the cookie token
  csrf_token    TEXT NOT NULL,                 -- X-CSRF-Token of state-changing calls
  user_id       INTEGER NOT NULL REFERENCES users (id),
  created_at    INTEGER NOT NULL,              -- absolute expiry counts from here
  last_seen_at  INTEGER NOT NULL,              -- idle expiry counts from here
  ended_at      INTEGER,                       -- logout, password change
  end_reason    TEXT,
  source_ip     TEXT NOT NULL,
  user_agent    TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
