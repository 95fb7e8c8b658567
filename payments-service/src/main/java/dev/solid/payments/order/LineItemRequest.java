package dev.solid.payments.order;

import dev.solid.payments.money.Amounts;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** One line of an order or invoice as a request gives it. */
public record LineItemRequest(
    @NotBlank @Size(max = 500) String description,
    @NotNull @Positive @Max(10_000) Integer quantity,
    @NotNull
        @Positive(message = Amounts.POSITIVE_MESSAGE)
        @Max(value = Amounts.MAX, message = Amounts.MAX_MESSAGE)
        Long unitAmount) {}
