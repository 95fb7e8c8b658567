package dev.solid.payments.subscription;

import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /api/v1/plans/{id}}: rename, or archive ({@code active: false}; existing
 * subscriptions keep their plan, new ones cannot take it). Price and interval never change, as in
 * Stripe: create a new plan and move subscriptions to it.
 */
public record PlanPatch(@Size(min = 1, max = 200) String name, Boolean active) {}
