-- The transactional outbox of this service (shared migration from the outbox module; services
-- keep their own migrations below V1000). A row is written in the same transaction as the change
-- it describes; the relay publishes rows to Kafka in id order and stamps published_at.
CREATE TABLE ${flyway:defaultSchema}.outbox (
    id            bigserial   PRIMARY KEY,
    event_id      text        NOT NULL UNIQUE,
    topic         text        NOT NULL,
    record_key    text        NOT NULL,
    payload       text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz
);
CREATE INDEX outbox_unpublished ON ${flyway:defaultSchema}.outbox (id) WHERE published_at IS NULL;

-- Wake the relay at commit (NOTIFY is transactional: a rolled-back insert wakes nobody).
CREATE FUNCTION ${flyway:defaultSchema}.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('solid_outbox_${flyway:defaultSchema}', '');
    RETURN NULL;
END $$;

CREATE TRIGGER outbox_notify AFTER INSERT ON ${flyway:defaultSchema}.outbox
    FOR EACH STATEMENT EXECUTE FUNCTION ${flyway:defaultSchema}.outbox_notify();
