-- The Telegram user id of a contact, learnt from its inbound messages (messaging's
-- message.received). A Telegram user without a username can only be recognised by this id, so it
-- is an upsert key like username: one contact per Telegram user within a company and mode.
ALTER TABLE crm.contacts ADD COLUMN telegram_id bigint;
CREATE UNIQUE INDEX contacts_telegram_id_key
    ON crm.contacts (company_id, livemode, telegram_id) WHERE telegram_id IS NOT NULL;
