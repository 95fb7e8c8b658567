-- The claim walks pending deliveries endpoint by endpoint (oldest due first, at most that
-- endpoint's free slots), so its cost follows the number of endpoints with pending work and the
-- rows it takes, never the size of one endpoint's backlog. Replaces the global due index, which
-- only the old whole-backlog ranking used.
CREATE INDEX deliveries_pending_by_endpoint
    ON webhooks.deliveries (endpoint_id, next_attempt_at, id) WHERE status = 'pending';
DROP INDEX webhooks.deliveries_due;
