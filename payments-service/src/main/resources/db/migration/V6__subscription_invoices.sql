-- Subscription invoices: why each was made and which period it bills (in the subscription's own
-- time, its test clock's when it has one), and each period billed once.
ALTER TABLE payments.invoices
    ADD COLUMN billing_reason varchar(32)
        CHECK (billing_reason IN ('manual', 'subscription_create', 'subscription_cycle',
                                  'subscription_update')),
    ADD COLUMN period_start timestamptz,
    ADD COLUMN period_end timestamptz;
UPDATE payments.invoices SET billing_reason = 'manual' WHERE billing_reason IS NULL;
ALTER TABLE payments.invoices ALTER COLUMN billing_reason SET DEFAULT 'manual';
ALTER TABLE payments.invoices ALTER COLUMN billing_reason SET NOT NULL;

-- A period of a subscription is invoiced once, whoever bills it (restarts, replicas, a retried
-- transition): a second invoice of the same period fails on this index and rolls back.
CREATE UNIQUE INDEX invoices_subscription_period_key
    ON payments.invoices (subscription_id, period_start)
    WHERE billing_reason IN ('subscription_create', 'subscription_cycle');

-- A subscription invoice may come to nothing (prorations credit its whole amount): it is then
-- finalized and paid at once, as Stripe does. V2 required a finalized invoice to be above zero.
DO $$
DECLARE
    name text;
BEGIN
    SELECT conname INTO name FROM pg_constraint
     WHERE conrelid = 'payments.invoices'::regclass AND contype = 'c'
       AND pg_get_constraintdef(oid) LIKE '%total > 0%';
    IF name IS NOT NULL THEN
        EXECUTE format('ALTER TABLE payments.invoices DROP CONSTRAINT %I', name);
    END IF;
END $$;
ALTER TABLE payments.invoices
    ADD CONSTRAINT invoices_total_positive_unless_subscription
    CHECK (status = 'draft' OR total > 0 OR subscription_id IS NOT NULL);
