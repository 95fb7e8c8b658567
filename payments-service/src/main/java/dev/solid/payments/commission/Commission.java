package dev.solid.payments.commission;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A sales rep's commission on a paid order or invoice ({@code object: "commission"}): {@code
 * amount} = {@code basis_amount} × {@code rate_bps} / 10000, rounded half up; refunds reverse it in
 * proportion ({@code amount_reversed}; {@code reversed} once all of it is).
 */
public record Commission(
    long id,
    @JsonIgnore long companyId,
    boolean livemode,
    String salesRep,
    String sourceType,
    long sourceId,
    long basisAmount,
    int rateBps,
    long amount,
    long amountReversed,
    String currency,
    String status,
    Instant createdAt,
    Instant updatedAt,
    Instant approvedAt,
    Instant paidAt) {

  @JsonProperty("object")
  public String object() {
    return "commission";
  }

  /** What is owed now: the amount less what refunds reversed. */
  @JsonProperty("net_amount")
  public long netAmount() {
    return amount - amountReversed;
  }

  /** The commission on {@code basis} at {@code rateBps}, rounded half up. */
  public static long of(long basis, int rateBps) {
    return Math.floorDiv(Math.multiplyExact(basis, rateBps) + 5_000, 10_000);
  }
}
