package dev.solid.payments.order;

import dev.solid.payments.money.Amounts;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * {@code POST /api/v1/orders/{id}/refunds}: all that is left to refund when {@code amount} is
 * absent; a reason as Stripe names them.
 */
public record RefundRequest(
    @Positive(message = Amounts.POSITIVE_MESSAGE)
        @Max(value = Amounts.MAX, message = Amounts.MAX_MESSAGE)
        Long amount,
    @Pattern(
            regexp = "duplicate|fraudulent|requested_by_customer",
            message = "must be one of duplicate, fraudulent, requested_by_customer")
        String reason) {}
