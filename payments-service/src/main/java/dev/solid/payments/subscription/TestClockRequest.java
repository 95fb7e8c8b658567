package dev.solid.payments.subscription;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/test_helpers/test_clocks} and {@code …/advance}: Unix seconds. */
public record TestClockRequest(
    @NotNull @Positive @Max(value = 32_503_680_000L, message = "must be before the year 3000")
        Long frozenTime,
    @Size(max = 300) String name) {}
