package dev.solid.payments.subscription;

import dev.solid.payments.money.Amounts;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/plans}. */
public record PlanRequest(
    @NotBlank @Size(max = 200) String name,
    @NotNull
        @Positive(message = Amounts.POSITIVE_MESSAGE)
        @Max(value = Amounts.MAX, message = Amounts.MAX_MESSAGE)
        Long amount,
    @Size(min = 3, max = 3) String currency,
    @NotNull @Pattern(regexp = "month|year", message = "must be \"month\" or \"year\"")
        String interval,
    @PositiveOrZero @Max(730) Integer trialDays) {}
