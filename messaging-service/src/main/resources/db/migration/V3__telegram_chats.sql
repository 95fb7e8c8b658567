-- Telegram chat ids learnt from inbound updates, per account. Why: the Bot API lets a bot message a
-- user only by numeric chat id, and only after the user wrote to that bot; "@username" works for
-- public channels and groups only. The worker resolves a username recipient here.
CREATE TABLE messaging.telegram_chats (
    company_id    bigint       NOT NULL,
    livemode      boolean      NOT NULL,
    account_id    bigint       NOT NULL REFERENCES messaging.accounts (id) ON DELETE CASCADE,
    -- Lower case, without '@'.
    username      text         NOT NULL,
    chat_id       bigint       NOT NULL,
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, username)
);
