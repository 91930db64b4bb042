-- The devices each user has signed in from, so a sign-in from a new one can
-- be reported to the owner by mail. device_hash is an HMAC under the server
-- secret of either the device cookie or the user agent plus network prefix:
-- nothing here identifies a device or an address without the secret.
CREATE TABLE known_devices (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  device_hash TEXT NOT NULL,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  PRIMARY KEY (user_id, device_hash)
);
