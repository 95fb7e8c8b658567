-- Indexes the analytics reports read through (GET /api/v1/analytics/funnel, /pipeline, /forecast),
-- so each report is a range over one index per tenant, never a scan of the tenant's table:
-- the funnel's cohort is the contacts created in the range; win rate, average days to close and the
-- forecast's won amounts are the deals closed in a range.
-- The band rides in the index, so the funnel's cohort is read from the index alone.
CREATE INDEX contacts_tenant_created_idx
    ON crm.contacts (company_id, livemode, created_at) INCLUDE (lead_score_band);
CREATE INDEX deals_tenant_closed_idx
    ON crm.deals (company_id, livemode, closed_at) WHERE closed_at IS NOT NULL;
