-- OAuth 2.1 for MCP clients that take no header (mcp-remote without --header): clients register
-- themselves (RFC 7591), the company owner consents to a grant (scopes, one mode), and the client
-- holds short-lived access tokens and rotating refresh tokens for it. Codes and tokens are stored
-- only as their SHA-256 hash, like API keys.
CREATE TABLE gateway.oauth_clients (
    id             bigserial PRIMARY KEY,
    client_id      text        NOT NULL UNIQUE,
    client_name    text,
    redirect_uris  text[]      NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- What the owner consented to: listed and revocable next to the API keys.
CREATE TABLE gateway.oauth_grants (
    id          bigserial PRIMARY KEY,
    company_id  bigint      NOT NULL REFERENCES gateway.companies (id) ON DELETE CASCADE,
    user_id     bigint      NOT NULL REFERENCES gateway.users (id) ON DELETE CASCADE,
    client_id   bigint      NOT NULL REFERENCES gateway.oauth_clients (id) ON DELETE CASCADE,
    livemode    boolean     NOT NULL,
    scopes      text[]      NOT NULL,
    resource    text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX oauth_grants_company ON gateway.oauth_grants (company_id) WHERE revoked_at IS NULL;

-- An authorization code: one use, a short life; the grant exists only once it is exchanged
-- (grant_id is then set, so that a second use of the code can revoke what the first one got).
CREATE TABLE gateway.oauth_codes (
    code_hash       bytea       PRIMARY KEY,
    client_id       bigint      NOT NULL REFERENCES gateway.oauth_clients (id) ON DELETE CASCADE,
    company_id      bigint      NOT NULL REFERENCES gateway.companies (id) ON DELETE CASCADE,
    user_id         bigint      NOT NULL REFERENCES gateway.users (id) ON DELETE CASCADE,
    livemode        boolean     NOT NULL,
    scopes          text[]      NOT NULL,
    redirect_uri    text        NOT NULL,
    code_challenge  text        NOT NULL,
    resource        text,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    grant_id        bigint      REFERENCES gateway.oauth_grants (id) ON DELETE CASCADE
);

-- Access and refresh tokens of a grant. A refresh token is used once (used_at): its use hands out
-- a new pair, and a second use of the same one revokes the grant (a stolen token was replayed).
CREATE TABLE gateway.oauth_tokens (
    token_hash  bytea       PRIMARY KEY,
    grant_id    bigint      NOT NULL REFERENCES gateway.oauth_grants (id) ON DELETE CASCADE,
    kind        text        NOT NULL CHECK (kind IN ('access', 'refresh')),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oauth_tokens_grant ON gateway.oauth_tokens (grant_id);
