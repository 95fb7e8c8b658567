package dev.solid.messaging.delivery;

/** A provider's final answer: accepted with its message id, or rejected with its reason. */
public record ProviderResult(boolean accepted, String providerMessageId, String reason) {

  public static ProviderResult accepted(String providerMessageId) {
    return new ProviderResult(true, providerMessageId, null);
  }

  public static ProviderResult rejected(String reason) {
    return new ProviderResult(false, null, reason);
  }
}
