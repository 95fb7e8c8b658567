package dev.solid.payments.link;

import dev.solid.payments.money.Amounts;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/payment-links}: a fixed amount (money rules as orders), what it is for, and
 * optionally the contact every payment's order belongs to, the name the page shows ({@code
 * business_name}, else "Company {id}") and where the receipt sends the customer next.
 */
public record PaymentLinkRequest(
    @NotNull
        @Positive(message = Amounts.POSITIVE_MESSAGE)
        @Max(value = Amounts.MAX, message = Amounts.MAX_MESSAGE)
        Long amount,
    @Size(min = 3, max = 3) String currency,
    @NotBlank @Size(max = 1000) String description,
    @Positive Long contactId,
    @Size(max = 100) String businessName,
    @Valid AfterCompletion afterCompletion) {}
