-- Notifications and webhooks (issue 9, JJ-3.6; docs/reports.md "Notifications and webhooks"):
-- notices the platform sends to an organisation or a supervision region, read per user in the
-- in-app notification centre, and delivered to the webhook endpoints their recipients
-- registered, each attempt logged. notify/notices.hpp writes them, notify/webhooks.hpp
-- delivers them.

-- A notice: what happened, once, whoever it is for. body is a JSON object (the webhook's data).
CREATE TABLE notices (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL,              -- nonconforming, report_revoked, ping, announcement
  subject     TEXT NOT NULL,              -- "<record type> <id>"
  title_zh    TEXT NOT NULL,
  title_en    TEXT NOT NULL,
  body        TEXT NOT NULL,              -- JSON object
  lab_code    TEXT NOT NULL DEFAULT '',   -- the lab it is about, '' when none
  sandbox     SMALLINT NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL
);
CREATE INDEX notices_subject ON notices (subject);

-- Whom a notice is for: an organisation (recipient_id its id in decimal) or a region (a GB/T
-- 2260 code; its subtree's regulators and station staff see it).
CREATE TABLE notice_recipients (
  notice_id       INTEGER NOT NULL,
  recipient_kind  TEXT NOT NULL,          -- organisation, region
  recipient_id    TEXT NOT NULL,
  PRIMARY KEY (notice_id, recipient_kind, recipient_id)
);
CREATE INDEX notice_recipients_to ON notice_recipients (recipient_kind, recipient_id, notice_id);

-- Who has read a notice: one row per user, since a notice to a region is read by each of its
-- users on their own.
CREATE TABLE notice_reads (
  notice_id  INTEGER NOT NULL,
  user_id    INTEGER NOT NULL,
  read_at    INTEGER NOT NULL,
  PRIMARY KEY (notice_id, user_id)
);
CREATE INDEX notice_reads_user ON notice_reads (user_id, notice_id);

-- A webhook endpoint of an organisation or a region. The secret (shown once at creation) is
-- SM4-GCM-sealed under the data key, bound to the row by the AAD "webhook_endpoints.secret:"
-- + id. region_code scopes who manages it: the region itself, or the organisation's region.
CREATE TABLE webhook_endpoints (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_kind      TEXT NOT NULL,          -- organisation, region
  owner_id        TEXT NOT NULL,
  region_code     TEXT NOT NULL,
  url             TEXT NOT NULL,
  secret_sealed   BLOB NOT NULL,
  active          SMALLINT NOT NULL DEFAULT 1,
  description     TEXT NOT NULL DEFAULT '',
  created_by      TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  deactivated_by  TEXT,
  deactivated_at  INTEGER
);
CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (owner_kind, owner_id, active);
CREATE INDEX webhook_endpoints_region ON webhook_endpoints (region_code);

-- One notice to one endpoint. status: pending, delivered, failed. next_attempt_at is when the
-- next attempt is due, or while an instance sends it the end of its claim (a lease another
-- instance may take over once passed); NULL once finished. delivery_key is the
-- X-Labwatch-Delivery header, the same on every attempt.
CREATE TABLE webhook_deliveries (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_key      TEXT NOT NULL UNIQUE,
  endpoint_id       INTEGER NOT NULL,
  notice_id         INTEGER NOT NULL,
  status            TEXT NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  next_attempt_at   INTEGER,
  last_status_code  INTEGER,
  last_error        TEXT NOT NULL DEFAULT '',
  created_at        INTEGER NOT NULL,
  delivered_at      INTEGER,
  UNIQUE (endpoint_id, notice_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

-- The delivery log: every attempt, its answer or why there was none.
CREATE TABLE webhook_attempts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id  INTEGER NOT NULL,
  attempt      INTEGER NOT NULL,            -- 1, 2, …
  at           INTEGER NOT NULL,
  status_code  INTEGER,                     -- NULL when no HTTP answer came
  error        TEXT NOT NULL DEFAULT '',    -- '' when delivered
  duration_ms  INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);
