package dev.solid.payments.invoice;

import dev.solid.payments.order.LineItemRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /api/v1/invoices}: a draft for the contact, with the same limits as an order's
 * fields. Lines may be added later (PATCH); an invoice without lines cannot be finalized.
 */
public record InvoiceRequest(
    @NotNull @Positive Long contactId,
    @Size(min = 3, max = 3) String currency,
    @Schema(description = "ISO date, e.g. 2026-12-31", format = "date", example = "2026-12-31")
        @Size(max = 10)
        String dueDate,
    @Size(max = 100) List<@NotNull @Valid LineItemRequest> lineItems,
    @Size(max = 100) String salesRep,
    @Size(max = 50) Map<@Size(min = 1, max = 40) String, @NotNull @Size(max = 500) String> metadata,
    @Size(max = 1000) String description) {}
