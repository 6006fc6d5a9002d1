-- The tamper-evident ledger (issue 4): an RFC 9162 Merkle log of every accepted record. A leaf
-- is written in the same transaction as the record it covers; `labwatch ledger verify`
-- recomputes each leaf from its record and the tree from the leaves.
CREATE TABLE ledger_leaves (
  idx          BIGINT PRIMARY KEY,      -- 0, 1, 2, … without gaps, assigned from ledger_head
  leaf_hash    BYTEA NOT NULL,         -- H(0x00 ‖ canonical entry)
  record_type  TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  version      BIGINT NOT NULL,         -- 1 for a new record, +1 per change
  prev_idx     BIGINT,                  -- the leaf of the previous version
  uploader     TEXT NOT NULL,          -- the actor as the audit trail names it
  received_at  BIGINT NOT NULL,         -- server receive time, µs since epoch UTC
  lab_code     TEXT NOT NULL,          -- whose data it is ('' when no lab's): the entry's scope
  sandbox      SMALLINT NOT NULL,
  UNIQUE (record_type, record_id, version)
);

-- Perfect subtrees above the leaves (level ≥ 1): node (level, idx) covers the leaves
-- [idx·2^level, (idx+1)·2^level). Proofs read O(log n) of them.
CREATE TABLE ledger_nodes (
  level  INTEGER NOT NULL,
  idx    BIGINT NOT NULL,
  hash   BYTEA NOT NULL,
  PRIMARY KEY (level, idx)
);

-- The log's head: one row, locked by every append so appends are serialised across instances.
CREATE TABLE ledger_head (
  id        SMALLINT PRIMARY KEY CHECK (id = 1),
  size      BIGINT NOT NULL,
  root      BYTEA NOT NULL,            -- root of the tree of `size` leaves
  hash_alg  TEXT NOT NULL            -- 'sm3' or 'sha256', fixed by the first start
);
INSERT INTO ledger_head (id, size, root, hash_alg) VALUES (1, 0, '\x'::bytea, '');

-- Every signed checkpoint, kept.
CREATE TABLE ledger_checkpoints (
  size       BIGINT PRIMARY KEY,
  root       BYTEA NOT NULL,
  issued_at  BIGINT NOT NULL,           -- µs since epoch UTC
  origin     TEXT NOT NULL,
  hash_alg   TEXT NOT NULL,
  key_id     TEXT NOT NULL,
  signature  BYTEA NOT NULL            -- SM2 (SM3, ID 1234567812345678), DER, over the note body
);
