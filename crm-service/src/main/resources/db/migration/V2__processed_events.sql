-- Events from other services that crm has applied: its consumers are idempotent by event id.
CREATE TABLE crm.processed_events (
    consumer      varchar(64)  NOT NULL,
    event_id      text         NOT NULL,
    processed_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
