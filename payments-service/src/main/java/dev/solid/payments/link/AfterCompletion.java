package dev.solid.payments.link;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * What follows a payment on the link's page: the receipt links to {@code redirect_url}, with the
 * order's id appended as {@code order_id}. An absolute https URL (http only for localhost and
 * 127.0.0.1), checked by {@link RedirectUrls}.
 */
public record AfterCompletion(@NotBlank @Size(max = RedirectUrls.MAX_LENGTH) String redirectUrl) {}
