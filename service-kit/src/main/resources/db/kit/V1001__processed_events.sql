-- Event ids this service's consumers have applied (shared migration of the service kit): a
-- consumer records the id in the transaction that applies the event, so a redelivery changes
-- nothing. crm and messaging had this table from their own first migrations; IF NOT EXISTS keeps
-- those. The index serves the retention job (ProcessedEventsRetention).
CREATE TABLE IF NOT EXISTS ${flyway:defaultSchema}.processed_events (
    consumer      varchar(64)  NOT NULL,
    event_id      text         NOT NULL,
    processed_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX IF NOT EXISTS processed_events_processed_at
    ON ${flyway:defaultSchema}.processed_events (processed_at);
