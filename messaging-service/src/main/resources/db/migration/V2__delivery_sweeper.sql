-- The delivery sweeper looks for messages left queued or sending for too long, across companies:
-- a small partial index keeps that cheap however many finished messages there are.
CREATE INDEX messages_unfinished_idx ON messaging.messages (status, updated_at)
    WHERE status IN ('queued', 'sending');
