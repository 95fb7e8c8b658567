package dev.solid.messaging.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start a real installation that still uses the credentials key shipped in the code:
 * that key is public, so every provider token stored with it would be readable by anyone with the
 * database. The launch mode decides, not the profile name, so a NORMAL launch under any profile is
 * refused (as webhook-dispatcher's SecretCipher does). Dev and test runs keep the default so that
 * they work without setup; the local launcher generates a key per installation (deploy's
 * SecretKeys).
 */
@ApplicationScoped
public class CredentialsKeyGuard {
  /** The default of {@link MessagingConfig#credentialsKey()}, for local runs only. */
  static final String SHIPPED_KEY = "c29saWQtbG9jYWwtZGV2LWtleS0zMi1ieXRlcy0hISE=";

  private final MessagingConfig config;

  public CredentialsKeyGuard(MessagingConfig config) {
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    verify(LaunchMode.current(), config.credentialsKey());
  }

  /**
   * Throws when {@code mode} is a real launch (not dev or test) and {@code key} is the shipped one.
   */
  static void verify(LaunchMode mode, String key) {
    if (mode == LaunchMode.NORMAL && SHIPPED_KEY.equals(key)) {
      throw new IllegalStateException(
          "solid.messaging.credentials-key is the built-in development key, which must not"
              + " encrypt real provider credentials. Set SOLID_MESSAGING_CREDENTIALS_KEY to your"
              + " own base64 AES key (32 random bytes: `openssl rand -base64 32`).");
    }
  }
}
