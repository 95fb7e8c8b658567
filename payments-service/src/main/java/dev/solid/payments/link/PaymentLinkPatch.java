package dev.solid.payments.link;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /api/v1/payment-links/{id}}: only the fields sent change; {@code active: false}
 * closes the page (it takes no payment until reactivated), {@code after_completion} or {@code
 * business_name} sent as null are cleared.
 */
public record PaymentLinkPatch(
    Boolean active,
    @Size(max = 1000) String description,
    @Size(max = 100) String businessName,
    @Valid AfterCompletion afterCompletion) {}
