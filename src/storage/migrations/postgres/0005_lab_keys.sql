-- Lab API keys (实验室接口密钥): a lab system signs each request with HMAC-SM3 under its
-- secret. The secret is kept SM4-GCM-sealed under the deployment's data key (aad = key_id).
CREATE TABLE lab_api_keys (
  key_id         TEXT PRIMARY KEY,  -- lk_ + 16 hex
  lab_code       TEXT NOT NULL,
  secret_sealed  BYTEA NOT NULL,
  created_at     BIGINT NOT NULL,  -- µs since epoch UTC
  revoked_at     BIGINT             -- NULL while in force
);
CREATE INDEX lab_api_keys_lab ON lab_api_keys (lab_code);

-- Nonces seen on signed requests: a second use of one nonce under one key is refused.
CREATE TABLE request_nonces (
  key_id   TEXT NOT NULL,
  nonce    TEXT NOT NULL,
  seen_at  BIGINT NOT NULL,        -- µs since epoch UTC
  PRIMARY KEY (key_id, nonce)
);
CREATE INDEX request_nonces_seen ON request_nonces (seen_at);
