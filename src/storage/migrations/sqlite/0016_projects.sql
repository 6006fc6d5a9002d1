-- Projects under supervision (issue 5 item 6, JJ-4.2), the witnesses and samplers assigned to
-- them, the change notices that replace one, and the violations a late notice records.

-- Entered by the supervision station of the project's county (or a regulator above it).
CREATE TABLE projects (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  code           TEXT NOT NULL UNIQUE,    -- construction permit / supervision registration number
  name           TEXT NOT NULL,
  address        TEXT NOT NULL,
  region_code    TEXT NOT NULL,           -- GB/T 2260 county whose station supervises it
  site           TEXT NOT NULL,           -- JSON: {"kind":"circle","centre":{lat,lng},"radius_m"}
                                          -- or {"kind":"polygon","area":[{lat,lng},…]} (WGS-84)
  client_id      INTEGER NOT NULL,           -- organisations.id: 建设单位
  contractor_id  INTEGER NOT NULL,           -- 施工单位
  supervisor_id  INTEGER NOT NULL,           -- 监理单位
  created_by     TEXT NOT NULL,           -- the actor as the audit trail names it
  created_at     INTEGER NOT NULL,           -- µs since epoch UTC
  updated_at     INTEGER NOT NULL
);
CREATE INDEX projects_region ON projects (region_code);

-- A person assigned to a project as witness or sampler for a period; a replacement ends one
-- row (ends_at) and adds another. Rows are never deleted.
CREATE TABLE project_assignments (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id     INTEGER NOT NULL,
  person_id      INTEGER NOT NULL,
  duty           TEXT NOT NULL,           -- witness, sampler
  starts_at      INTEGER NOT NULL,
  ends_at        INTEGER,                    -- NULL while open
  notice_id      INTEGER,                    -- the change notice that started it, if any
  created_by     TEXT NOT NULL,
  created_at     INTEGER NOT NULL
);
CREATE INDEX project_assignments_project ON project_assignments (project_id, duty);
CREATE INDEX project_assignments_person ON project_assignments (person_id);

-- A replacement of a witness or sampler (见证、取样人员变更), judged on time or late under the
-- policy version in force at the change's effective time; filed_at is the server's receive time.
CREATE TABLE change_notices (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id          INTEGER NOT NULL,
  duty                TEXT NOT NULL,
  replaced_id         INTEGER NOT NULL,      -- project_assignments.id that ends
  person_out          INTEGER NOT NULL,
  person_in           INTEGER NOT NULL,
  effective_at        INTEGER NOT NULL,
  filed_at            INTEGER NOT NULL,
  filed_by            TEXT NOT NULL,
  reason              TEXT NOT NULL,
  policy_profile      TEXT NOT NULL,      -- the profile id and version that judged it
  policy_version      TEXT NOT NULL,      -- effective-from date of the version, YYYY-MM-DD
  due_at              INTEGER NOT NULL,      -- the last on-time instant
  on_time             SMALLINT NOT NULL,
  late_working_days   INTEGER NOT NULL,      -- 0 when on time
  uncovered_years     TEXT NOT NULL DEFAULT '' -- years the calendar assumed (weekends only), comma-separated
);
CREATE INDEX change_notices_project ON change_notices (project_id);

-- Rule breaches the platform detected, for supervision and sanctions in later issues. Each
-- names the rule (kind), the policy version that decided it and what it concerns.
CREATE TABLE violations (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL,          -- e.g. late_change_notice
  region_code     TEXT NOT NULL,          -- where it happened (scopes who sees it)
  lab_code        TEXT NOT NULL DEFAULT '', -- the lab concerned, '' for none
  project_id      INTEGER,
  subject         TEXT NOT NULL,          -- what it concerns, e.g. "change_notice 12"
  occurred_at     INTEGER NOT NULL,
  recorded_at     INTEGER NOT NULL,
  policy_profile  TEXT NOT NULL,
  policy_version  TEXT NOT NULL,
  details         TEXT NOT NULL           -- JSON object
);
CREATE INDEX violations_region ON violations (region_code, kind);
