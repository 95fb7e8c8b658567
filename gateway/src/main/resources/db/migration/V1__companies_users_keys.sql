-- The gateway owns companies (tenants), their users and their API keys. No other service reads
-- these tables: services learn who calls from the internal JWT the gateway mints.
CREATE TABLE gateway.companies (
    id          bigserial PRIMARY KEY,
    name        text        NOT NULL,
    plan        text        NOT NULL CHECK (plan IN ('starter', 'builder', 'professional', 'enterprise')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE gateway.users (
    id             bigserial PRIMARY KEY,
    company_id     bigint      NOT NULL REFERENCES gateway.companies (id) ON DELETE CASCADE,
    email          text        NOT NULL,
    password_hash  text        NOT NULL,
    role           text        NOT NULL DEFAULT 'owner',
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_unique ON gateway.users (lower(email));

CREATE TABLE gateway.api_keys (
    id                     bigserial PRIMARY KEY,
    company_id             bigint      NOT NULL REFERENCES gateway.companies (id) ON DELETE CASCADE,
    name                   text        NOT NULL,
    display_prefix         text        NOT NULL,
    key_hash               bytea       NOT NULL,
    livemode               boolean     NOT NULL,
    scopes                 text[]      NOT NULL,
    rate_limit_per_minute  integer     CHECK (rate_limit_per_minute > 0),
    created_at             timestamptz NOT NULL DEFAULT now(),
    revoked_at             timestamptz
);
-- The hot path: every API request looks its key up by hash.
CREATE UNIQUE INDEX api_keys_hash_unique ON gateway.api_keys (key_hash);
CREATE INDEX api_keys_company ON gateway.api_keys (company_id) WHERE revoked_at IS NULL;
