package dev.solid.payments.link;

import java.time.Instant;

/** A payment link as stored. {@code token} is the secret part of its hosted page's URL. */
public record PaymentLink(
    long id,
    long companyId,
    boolean livemode,
    String token,
    boolean active,
    long amount,
    String currency,
    String description,
    String businessName,
    Long contactId,
    String redirectUrl,
    Instant createdAt,
    Instant updatedAt) {

  /** The name the checkout page shows: the link's own, else "Company {id}". */
  public String displayName() {
    return businessName != null ? businessName : "Company " + companyId;
  }
}
