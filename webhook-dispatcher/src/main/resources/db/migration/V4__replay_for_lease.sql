-- A replay asked for while a lease is held names that lease: only the outcome written under that
-- lease token leaves the delivery pending for the replay. A lease handed back without an attempt,
-- or lost, no longer leaves a flag behind that a later attempt would honour (one send too many).
--
-- replay_requested (V3) is no longer read. It is still written, so that replicas of the previous
-- release keep working during a rolling upgrade; it is dropped in a later migration, once no
-- replica reads it (expand, then contract: see README "Upgrades").
ALTER TABLE webhooks.deliveries
    ADD COLUMN replay_for_lease uuid;
