package dev.solid.webhooks.security;

import dev.solid.kit.crypto.TenantCipher;
import dev.solid.webhooks.config.WebhooksConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The cipher of endpoint signing secrets at rest: the kit's {@link TenantCipher} (AES-256-GCM,
 * {@code nonce || ciphertext+tag}, associated data {@code solid-webhook-secret:<company id>}),
 * which is byte for byte the format this service stored before the kit, so existing secrets still
 * decrypt. The key has a published default only in the dev and test profiles; production does not
 * start without {@code SOLID_WEBHOOKS_SECRET_ENCRYPTION_KEY}.
 */
@Singleton
public class SecretCipherProducer {
  /** Associated-data purpose of webhook secrets; never change it, or stored secrets are lost. */
  public static final String PURPOSE = "solid-webhook-secret";

  // @Startup: a key that is not base64 of 32 bytes stops the service at start, not at the first
  // delivery.
  @Produces
  @Singleton
  @Startup
  TenantCipher secretCipher(WebhooksConfig config) {
    return TenantCipher.fromBase64(
        config.secretEncryptionKey(), PURPOSE, "solid.webhooks.secret-encryption-key");
  }
}
