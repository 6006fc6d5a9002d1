-- TOTP secrets sealed at rest (SM4-GCM under the deployment's data key, the same key and format
-- as lab API key secrets; aad = "users.totp:" + login, so a sealed value copied onto another
-- user's row does not open). Both the enrolled secret and one being enrolled are sealed.
ALTER TABLE users ADD COLUMN totp_secret_sealed BLOB;   -- NULL: not enrolled
ALTER TABLE users ADD COLUMN totp_pending_sealed BLOB;  -- NULL: no enrolment under way

-- SQL cannot seal: the base32 secrets of an older release stay in totp_secret_clear until the
-- server's next start seals them into totp_secret_sealed and empties the column
-- (identity::seal_clear_totp_secrets). The rename makes an older binary fail on this table
-- instead of reading every user as not enrolled. A later migration drops the column.
ALTER TABLE users RENAME COLUMN totp_secret TO totp_secret_clear;

-- An enrolment under way is simply restarted: its pending secret is dropped, not sealed.
ALTER TABLE users DROP COLUMN totp_pending;
