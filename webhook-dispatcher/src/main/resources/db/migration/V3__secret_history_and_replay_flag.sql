-- Rotation keeps every previous secret until its own overlap ends (a second rotation within the
-- overlap no longer cuts off the first one's receivers). Arrays are parallel: previous secrets
-- newest first, and when each stops signing.
ALTER TABLE webhooks.endpoints
    ADD COLUMN previous_secrets_encrypted bytea[]       NOT NULL DEFAULT '{}',
    ADD COLUMN previous_secrets_expire_at timestamptz[] NOT NULL DEFAULT '{}';
UPDATE webhooks.endpoints
   SET previous_secrets_encrypted = ARRAY[previous_secret_encrypted],
       previous_secrets_expire_at = ARRAY[previous_secret_expires_at]
 WHERE previous_secret_encrypted IS NOT NULL AND previous_secret_expires_at > now();
ALTER TABLE webhooks.endpoints
    DROP COLUMN previous_secret_encrypted,
    DROP COLUMN previous_secret_expires_at;

-- A replay asked for while an attempt is in flight: that attempt's outcome is still logged, but
-- leaves the delivery pending and due at once instead of overwriting the replay.
ALTER TABLE webhooks.deliveries
    ADD COLUMN replay_requested boolean NOT NULL DEFAULT false;
