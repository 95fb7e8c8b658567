package dev.solid.payments.order;

import dev.solid.payments.money.Amounts;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/orders}: seed 000's {@code {"contact_id": 42, "amount": 120000}}, optionally
 * with a currency, a description, line items (whose sum is the amount), a sales rep (for
 * commissions) and metadata (Stripe's limits: 50 keys of up to 40 characters, values up to 500).
 */
public record OrderRequest(
    @NotNull @Positive Long contactId,
    @Positive(message = Amounts.POSITIVE_MESSAGE)
        @Max(value = Amounts.MAX, message = Amounts.MAX_MESSAGE)
        Long amount,
    @Size(min = 3, max = 3) String currency,
    @Size(max = 1000) String description,
    @Size(max = 100) List<@NotNull @Valid LineItemRequest> lineItems,
    @Size(max = 100) String salesRep,
    @Size(max = 50)
        Map<@Size(min = 1, max = 40) String, @NotNull @Size(max = 500) String> metadata) {}
