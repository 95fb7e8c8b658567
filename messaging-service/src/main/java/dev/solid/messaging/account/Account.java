package dev.solid.messaging.account;

import dev.solid.common.caller.Tenant;
import java.time.Instant;
import java.util.Map;

/** A sender account as stored, credentials decrypted. Never leaves the service as is. */
public record Account(
    long id,
    Tenant tenant,
    String channel,
    String sender,
    Map<String, String> credentials,
    int dailyCap,
    boolean isDefault,
    Instant createdAt,
    Instant updatedAt) {

  public static final String SMS = "sms";
  public static final String TELEGRAM = "telegram";

  public String credential(String name) {
    return credentials.get(name);
  }
}
