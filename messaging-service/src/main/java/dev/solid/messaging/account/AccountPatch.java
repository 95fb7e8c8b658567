package dev.solid.messaging.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /api/v1/messaging/accounts/{id}}: every field optional, an omitted (or null)
 * one stays as it is; {@code provider} keys are merged into the stored credentials. The channel
 * cannot change.
 */
public record AccountPatch(
    @Schema(description = "The new sender (same form as at creation)") @Size(max = 64)
        String sender,
    @Schema(description = "Credentials to set; keys not given keep their stored value")
        Map<String, String> provider,
    @Schema(description = "Most messages a day (UTC) from this account") @Min(1) @Max(1_000_000)
        Integer dailyCap,
    @Schema(description = "Make this the default account of its channel (or not)")
        @JsonProperty("default")
        Boolean isDefault) {

  /** The fields a PATCH may carry, as the JSON names them. */
  public static final Set<String> FIELDS = Set.of("sender", "provider", "daily_cap", "default");
}
