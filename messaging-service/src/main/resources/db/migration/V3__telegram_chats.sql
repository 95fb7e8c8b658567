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

-- crm now keys Telegram contacts on the user id too (a sender may have no username): projected
-- so that messages from and to that id find their contact.
ALTER TABLE messaging.contacts ADD COLUMN telegram_id bigint;
CREATE INDEX contacts_telegram_id_idx ON messaging.contacts (company_id, livemode, telegram_id)
    WHERE telegram_id IS NOT NULL;
