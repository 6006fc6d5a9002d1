-- Who holds each stored file (issue 3): a file is content-addressed and stored once, but read
-- only by callers whose data scope covers a lab that sent it, or by the user who sent it.
-- Records that cite files (issues 6 to 9) widen this to whoever may read them.
CREATE TABLE blob_holders (
  sha256    TEXT NOT NULL REFERENCES blobs (sha256),
  lab_code  TEXT NOT NULL,             -- the sending lab; '' when a user without a lab sent it
  holder    TEXT NOT NULL,             -- the sender as the audit trail names it (key id or login)
  sandbox   SMALLINT NOT NULL,         -- 1: sent while the lab was in sandbox mode
  first_at  INTEGER NOT NULL,          -- µs since epoch UTC
  PRIMARY KEY (sha256, lab_code, holder)
);
