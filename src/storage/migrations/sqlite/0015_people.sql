-- People of the registry (issue 5 item 4; JJ-4.3, JL-2.2): testers, witnesses, samplers and lab
-- technical leads, employed by a lab or by an organisation. The resident ID number and the phone
-- are personal data: stored SM4-GCM-sealed (crypto/pii.hpp, AAD bound to the row's `row_key`)
-- with a keyed-SM3 blind index for exact look-up, never in clear.
CREATE TABLE people (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  row_key            TEXT NOT NULL UNIQUE,      -- random, binds the sealed values to this row
  name               TEXT NOT NULL,
  id_number_sealed   BLOB NOT NULL,
  id_number_index    TEXT NOT NULL UNIQUE,      -- one person per resident ID number
  phone_sealed       BLOB NOT NULL,
  phone_index        TEXT NOT NULL,
  lab_code           TEXT NOT NULL DEFAULT '',  -- the employing lab, '' when an organisation
  organisation_id    INTEGER,                   -- the employing organisation, NULL when a lab
  region_code        TEXT NOT NULL,             -- the employer's at the last change; scopes organisations' people
  duties             TEXT NOT NULL,             -- ",tester,witness," : each duty between commas
  trained_on         TEXT,                      -- YYYY-MM-DD of the completed training
  exam_state         TEXT NOT NULL DEFAULT 'none',  -- none, passed, failed
  exam_on            TEXT,                      -- YYYY-MM-DD
  exam_score         INTEGER,                   -- 0-100, when the exam gives one
  verified_by        TEXT,                      -- who verified the identity (actor)
  verified_at        INTEGER,                   -- µs since epoch UTC
  authorisation_sha256     TEXT,                -- the written authorisation (见证授权书), a blob
  authorisation_media_type TEXT,
  authorisation_valid_until TEXT,               -- YYYY-MM-DD; NULL: no end date
  authorised_by      TEXT,
  authorised_at      INTEGER,
  created_by         TEXT NOT NULL,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL
);
CREATE INDEX people_lab ON people (lab_code);
CREATE INDEX people_region ON people (region_code);
CREATE INDEX people_phone ON people (phone_index);

-- Certificates a person holds (上岗证, 见证员证书, …) with their validity.
CREATE TABLE person_certificates (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  person_id    INTEGER NOT NULL REFERENCES people (id),
  kind         TEXT NOT NULL,
  number       TEXT NOT NULL,
  issuer       TEXT NOT NULL,
  valid_from   TEXT NOT NULL,                 -- YYYY-MM-DD
  valid_until  TEXT NOT NULL,                 -- YYYY-MM-DD, inclusive
  added_by     TEXT NOT NULL,
  added_at     INTEGER NOT NULL
);
CREATE INDEX person_certificates_person ON person_certificates (person_id);
