-- Messaging analytics (dev.solid.messaging.analytics) reads messages and enrollments by creation
-- time within one company and mode: these indexes make every report a range over the requested
-- dates, never a scan of a tenant's whole history. The INCLUDE columns are what the reports count
-- by, so the ranges can be answered from the index alone once the visibility map is set.
-- Nothing to backfill: every number comes from columns the service already sets (status,
-- direction, channel, failure_reason, enrollment_id, the enrollment's status and stop_reason).
CREATE INDEX messages_created_idx ON messaging.messages (company_id, livemode, created_at)
    INCLUDE (account_id, channel, direction, status);
-- The messages of sequence steps only, with the enrollment that leads to their sequence.
CREATE INDEX messages_enrollment_created_idx
    ON messaging.messages (company_id, livemode, created_at)
    INCLUDE (enrollment_id, direction, status) WHERE enrollment_id IS NOT NULL;
CREATE INDEX enrollments_created_idx ON messaging.enrollments (company_id, livemode, created_at)
    INCLUDE (sequence_id, status);
