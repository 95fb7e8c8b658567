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
 * Body of {@code PATCH /api/v1/invoices/{id}} (drafts only), with the constraints of {@link
 * InvoiceRequest}. A field left out stays as it is; Java null cannot tell a left-out field from one
 * sent as null, so the resource passes the names the JSON carried as well ({@link InvoiceService}
 * says what null does per field).
 */
@Schema(
    name = "InvoicePatch",
    description =
        "Fields of a draft to change; omitted fields stay as they are. `line_items` and"
            + " `metadata`, when sent, replace the draft's; null clears description, due_date and"
            + " sales_rep.")
public record InvoicePatch(
    @Positive Long contactId,
    @Size(min = 3, max = 3) String currency,
    @Schema(description = "ISO date, e.g. 2026-12-31", format = "date", example = "2026-12-31")
        @Size(max = 10)
        String dueDate,
    @Size(max = 100) List<@NotNull @Valid LineItemRequest> lineItems,
    @Size(max = 100) String salesRep,
    @Size(max = 50) Map<@Size(min = 1, max = 40) String, @NotNull @Size(max = 500) String> metadata,
    @Size(max = 1000) String description) {}
