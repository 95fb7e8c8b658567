-- Live mode's hosted pages send the customer to a Stripe Checkout Session to enter the card: the
-- platform never sees a live card number. One session per payment row, made for one rendered form
-- (its nonce, checkout.CheckoutTokens): the session is the attempt, so a form posted again finds
-- its payment and session, and a form whose attempt ended (paid, abandoned) makes no second one.
CREATE TABLE payments.checkout_sessions (
    payment_id         bigint       PRIMARY KEY REFERENCES payments.payments (id),
    company_id         bigint       NOT NULL,
    livemode           boolean      NOT NULL,
    form_nonce         text         NOT NULL UNIQUE,
    -- The line's name on Stripe's page, as first sent (a link's description may change later).
    product_name       text         NOT NULL,
    -- Stripe's cs_…, once its create answered (a lost answer leaves it null: the same
    -- Idempotency-Key asks again and Stripe replays the first session).
    session_id         text         UNIQUE,
    -- Sent as expires_at, fixed when the payment is made so every ask of one session sends the same
    -- parameters; nobody can pay the session after it, so the recovery job may settle it then.
    expires_at         timestamptz  NOT NULL,
    created_at         timestamptz  NOT NULL DEFAULT now(),
    updated_at         timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX checkout_sessions_tenant_idx ON payments.checkout_sessions (company_id, livemode, payment_id);
