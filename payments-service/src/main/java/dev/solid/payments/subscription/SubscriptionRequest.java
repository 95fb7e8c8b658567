package dev.solid.payments.subscription;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/subscriptions}. {@code trial_days} overrides the plan's; {@code test_clock}
 * (test mode) makes the subscription live in that clock's time; {@code dunning_final_status} is
 * what a subscription becomes when dunning gives up ({@code canceled}, or {@code unpaid}).
 */
public record SubscriptionRequest(
    @NotNull @Positive Long contactId,
    @NotNull @Positive Long planId,
    @NotBlank @Size(max = 255) String paymentMethod,
    @PositiveOrZero @Max(730) Integer trialDays,
    @Positive Long testClock,
    @Pattern(regexp = "canceled|unpaid", message = "must be \"canceled\" or \"unpaid\"")
        String dunningFinalStatus) {}
