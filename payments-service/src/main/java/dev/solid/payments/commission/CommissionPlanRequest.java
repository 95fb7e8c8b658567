package dev.solid.payments.commission;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/commission-plans}: the rep's rate in basis points (1000 = 10%) of the paid
 * amount. Posting a rep that has a plan replaces its rate for sources paid from then on.
 */
public record CommissionPlanRequest(
    @NotBlank @Size(max = 100) String salesRep,
    @NotNull @Positive @Max(10_000) Integer rateBps,
    @Pattern(regexp = "paid_amount", message = "must be \"paid_amount\"") String basis) {}
