package dev.solid.payments.commission;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A sales rep's rate ({@code object: "commission_plan"}), one per rep in a company and mode. */
public record CommissionPlan(
    long id,
    @JsonIgnore long companyId,
    boolean livemode,
    String salesRep,
    int rateBps,
    String basis,
    Instant createdAt,
    Instant updatedAt) {
  @JsonProperty("object")
  public String object() {
    return "commission_plan";
  }
}
