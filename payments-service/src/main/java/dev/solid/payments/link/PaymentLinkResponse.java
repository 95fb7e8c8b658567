package dev.solid.payments.link;

import java.time.Instant;

/** A payment link as the API answers it ({@code object: "payment_link"}). */
public record PaymentLinkResponse(
    long id,
    String object,
    String url,
    boolean active,
    long amount,
    String currency,
    String description,
    String businessName,
    Long contactId,
    AfterCompletion afterCompletion,
    boolean livemode,
    Instant createdAt,
    Instant updatedAt) {

  static PaymentLinkResponse of(PaymentLink link, String publicBaseUrl) {
    return new PaymentLinkResponse(
        link.id(),
        "payment_link",
        urlOf(publicBaseUrl, link.token()),
        link.active(),
        link.amount(),
        link.currency(),
        link.description(),
        link.businessName(),
        link.contactId(),
        link.redirectUrl() == null ? null : new AfterCompletion(link.redirectUrl()),
        link.livemode(),
        link.createdAt(),
        link.updatedAt());
  }

  /** The hosted page of a link: {@code ${public-base-url}/pay/links/{token}}. */
  static String urlOf(String publicBaseUrl, String token) {
    String base =
        publicBaseUrl.endsWith("/")
            ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
            : publicBaseUrl;
    return base + LinkCheckout.PATH + "/" + token;
  }
}
