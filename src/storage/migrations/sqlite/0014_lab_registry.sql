-- The lab registry (issue 5 items 3, 5 and 9): a lab's registered facts, the platform's unified
-- lab code counters, qualification certificates, equipment and its calibrations.

-- Registered facts of a lab (JL-1.1). The credit code's check may fail only with the system
-- admin's override reason (audited). home_region_code is where the lab is legally seated: a
-- lab seated in another province is an out-of-province lab (省外检测机构) registered here.
ALTER TABLE labs ADD COLUMN credit_code TEXT NOT NULL DEFAULT '';
ALTER TABLE labs ADD COLUMN credit_override TEXT;
ALTER TABLE labs ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE labs ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE labs ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';  -- the lab's business line
ALTER TABLE labs ADD COLUMN technical_lead TEXT NOT NULL DEFAULT '';
ALTER TABLE labs ADD COLUMN home_region_code TEXT NOT NULL DEFAULT '';

-- The same facts in every version. entry_format 2: the version's ledger entry commits to them;
-- versions written before (format 1) rebuild as they were committed.
ALTER TABLE lab_versions ADD COLUMN entry_format SMALLINT NOT NULL DEFAULT 1;
ALTER TABLE lab_versions ADD COLUMN credit_code TEXT NOT NULL DEFAULT '';
ALTER TABLE lab_versions ADD COLUMN credit_override TEXT;
ALTER TABLE lab_versions ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE lab_versions ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE lab_versions ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE lab_versions ADD COLUMN technical_lead TEXT NOT NULL DEFAULT '';
ALTER TABLE lab_versions ADD COLUMN home_region_code TEXT NOT NULL DEFAULT '';

-- Unified lab codes (JJ-3.5) `<region>-<4-digit sequence>`: the last sequence given out per
-- region of registration. A sequence is never given twice, even after its lab moves region.
CREATE TABLE lab_code_counters (
  region_code  TEXT PRIMARY KEY,
  last_seq     INTEGER NOT NULL
);
INSERT INTO lab_code_counters (region_code, last_seq)
  SELECT substr(lab_code, 1, 6), MAX(CAST(substr(lab_code, 8, 4) AS INTEGER)) FROM labs
  WHERE lab_code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]' GROUP BY substr(lab_code, 1, 6);

-- Qualification certificates (资质证书). categories: JSON array of catalogue codes
-- (domain/qualification.hpp); parameters: JSON array of strings. Dates are ISO calendar dates
-- (Asia/Shanghai). A withdrawn certificate stays, with withdrawn_at set.
CREATE TABLE lab_qualifications (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  lab_code      TEXT NOT NULL,
  number        TEXT NOT NULL,
  issuer        TEXT NOT NULL,
  categories    TEXT NOT NULL,
  parameters    TEXT NOT NULL,
  valid_from    TEXT NOT NULL,
  valid_until   TEXT NOT NULL,
  withdrawn_at  INTEGER,                 -- µs since epoch UTC
  updated_at    INTEGER NOT NULL
);
CREATE INDEX lab_qualifications_lab ON lab_qualifications (lab_code);

-- A lab's equipment (JL-1.1 设备核验): registered and changed by regulators, verified by a
-- regulator covering the lab; read-only for the lab.
CREATE TABLE equipment (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  lab_code           TEXT NOT NULL,
  name               TEXT NOT NULL,
  model              TEXT NOT NULL DEFAULT '',
  serial             TEXT NOT NULL DEFAULT '',
  category           TEXT NOT NULL DEFAULT '',
  measuring_range    TEXT NOT NULL DEFAULT '',
  auto_collect       SMALLINT NOT NULL DEFAULT 0,
  verification_state TEXT NOT NULL DEFAULT 'unverified',  -- unverified, verified, rejected
  verified_by        TEXT,
  verified_at        INTEGER,
  verification_note  TEXT NOT NULL DEFAULT '',
  calibrated_until   TEXT,                 -- the latest calibration's valid_until (for filters)
  updated_at         INTEGER NOT NULL
);
CREATE INDEX equipment_lab ON equipment (lab_code);

-- Calibration / verification certificates (检定/校准证书) of a piece of equipment.
CREATE TABLE equipment_calibrations (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  equipment_id   INTEGER NOT NULL REFERENCES equipment (id),
  number         TEXT NOT NULL,
  issuer         TEXT NOT NULL,
  calibrated_on  TEXT NOT NULL,
  valid_until    TEXT NOT NULL,
  created_at     INTEGER NOT NULL
);
CREATE INDEX equipment_calibrations_equipment ON equipment_calibrations (equipment_id);

-- When a lab last sent anything with its keys (connection status, GET /api/v1/labs).
CREATE INDEX ledger_leaves_uploader ON ledger_leaves (uploader, received_at);
