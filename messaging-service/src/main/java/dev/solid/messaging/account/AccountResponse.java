package dev.solid.messaging.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A sender account as the API shows it. Credentials are never returned; {@code provider_fields}
 * names the ones that are set.
 */
public record AccountResponse(
    long id,
    String channel,
    String sender,
    List<String> providerFields,
    int dailyCap,
    @JsonProperty("default") boolean isDefault,
    boolean livemode,
    Instant createdAt,
    Instant updatedAt) {

  static AccountResponse from(Account account) {
    return new AccountResponse(
        account.id(),
        account.channel(),
        account.sender(),
        account.credentials().keySet().stream().sorted().toList(),
        account.dailyCap(),
        account.isDefault(),
        account.tenant().livemode(),
        account.createdAt(),
        account.updatedAt());
  }
}
