-- Revenue analytics reads succeeded payments and refunds, and running subscriptions, by time
-- within one company and mode: indexed ranges, never a scan of a tenant's history.
CREATE INDEX payments_revenue_idx ON payments.payments (company_id, livemode, status, updated_at);
CREATE INDEX refunds_revenue_idx ON payments.refunds (company_id, livemode, status, updated_at);
CREATE INDEX subscriptions_started_idx ON payments.subscriptions (company_id, livemode, started_at);
