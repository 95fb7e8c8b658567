-- The webhook dispatcher owns endpoints (subscriptions) and deliveries with their attempts (its
-- outbox comes from the shared outbox migration). Every tenant row carries company_id and livemode; no other service reads these tables.
CREATE TABLE webhooks.endpoints (
    id                          bigserial PRIMARY KEY,
    company_id                  bigint      NOT NULL,
    livemode                    boolean     NOT NULL,
    url                         text        NOT NULL,
    events                      text[]      NOT NULL,
    description                 text,
    enabled                     boolean     NOT NULL DEFAULT true,
    disabled_reason             text,
    -- AES-256-GCM ciphertext (nonce || ciphertext+tag); never the plaintext.
    secret_encrypted            bytea       NOT NULL,
    previous_secret_encrypted   bytea,
    previous_secret_expires_at  timestamptz,
    -- First failed attempt since the last success; drives auto-disable.
    failing_since               timestamptz,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX endpoints_tenant ON webhooks.endpoints (company_id, livemode, id);

CREATE TABLE webhooks.deliveries (
    id               bigserial PRIMARY KEY,
    company_id       bigint      NOT NULL,
    livemode         boolean     NOT NULL,
    endpoint_id      bigint      NOT NULL REFERENCES webhooks.endpoints (id) ON DELETE CASCADE,
    event_id         text        NOT NULL,
    event_type       text        NOT NULL,
    -- The exact bytes sent: retries and replays send them unchanged.
    payload          bytea       NOT NULL,
    status           text        NOT NULL DEFAULT 'pending'
                                 CHECK (status IN ('pending', 'delivered', 'failed')),
    attempt_count    integer     NOT NULL DEFAULT 0,
    max_attempts     integer     NOT NULL,
    next_attempt_at  timestamptz,
    locked_until     timestamptz,
    lease_token      uuid,
    -- A replay asked for by hand: its attempt is logged as manual.
    manual_pending   boolean     NOT NULL DEFAULT false,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- One delivery per (event, endpoint): a redelivered Kafka record adds nothing.
    CONSTRAINT deliveries_event_endpoint UNIQUE (event_id, endpoint_id)
);
CREATE INDEX deliveries_due ON webhooks.deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_endpoint ON webhooks.deliveries (endpoint_id, id DESC);

CREATE TABLE webhooks.delivery_attempts (
    id               bigserial PRIMARY KEY,
    delivery_id      bigint      NOT NULL REFERENCES webhooks.deliveries (id) ON DELETE CASCADE,
    attempt_number   integer     NOT NULL,
    manual           boolean     NOT NULL DEFAULT false,
    attempted_at     timestamptz NOT NULL,
    response_status  integer,
    latency_ms       integer     NOT NULL,
    response_body    text,
    error            text
);
CREATE INDEX delivery_attempts_delivery ON webhooks.delivery_attempts (delivery_id, id);
