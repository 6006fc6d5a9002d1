-- The re-use index of on-site photos (issue 8, docs/onsite.md, finding `reused`): each photo's
-- 64-bit perceptual hash (photos/hash_index.hpp) and its four 16-bit bands, each band indexed
-- with the hash, so that a look-up reads only the rows sharing one of the keys
-- photos::hash_probes gives (storage/photo_hashes.cpp) and never scans the table; and its
-- 256-bit detail hash, read by primary key for the few candidates within the distance.
-- photo_id is onsite_photos.id (migration 0019); no foreign key, like the other indexes.
CREATE TABLE photo_hashes (
  photo_id  INTEGER PRIMARY KEY,
  phash     INTEGER NOT NULL,  -- the 64 bits as a signed integer
  band0     INTEGER NOT NULL,  -- bits 0-15 of the hash, 0-65535
  band1     INTEGER NOT NULL,  -- bits 16-31
  band2     INTEGER NOT NULL,  -- bits 32-47
  band3     INTEGER NOT NULL,  -- bits 48-63
  detail    BLOB NOT NULL      -- photos::DetailHash: 32 bytes, its four words big-endian
);
-- Covering: a probe reads the index only (SQLite keeps the rowid, photo_id, in every index).
CREATE INDEX photo_hashes_band0 ON photo_hashes (band0, phash);
CREATE INDEX photo_hashes_band1 ON photo_hashes (band1, phash);
CREATE INDEX photo_hashes_band2 ON photo_hashes (band2, phash);
CREATE INDEX photo_hashes_band3 ON photo_hashes (band3, phash);
