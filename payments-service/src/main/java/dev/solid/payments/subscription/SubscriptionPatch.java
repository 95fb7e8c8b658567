package dev.solid.payments.subscription;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /api/v1/subscriptions/{id}}: a plan change, prorated as Stripe prorates ({@code
 * create_prorations}, the default: onto the next invoice; {@code always_invoice}: invoiced and
 * charged now; {@code none}), and/or a new payment method.
 */
public record SubscriptionPatch(
    @Positive Long planId,
    @Pattern(
            regexp = "create_prorations|none|always_invoice",
            message = "must be one of create_prorations, none, always_invoice")
        String prorationBehavior,
    @Size(min = 1, max = 255) String paymentMethod) {}
