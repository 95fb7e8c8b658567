package dev.solid.messaging.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Warns at start-up when a real launch (not dev or test) still points at the default crm base URL.
 * Only a warning, not a refusal: the default is right where crm-service runs on the same host (the
 * local launcher), and wrong anywhere else, where every contact lookup would answer 503.
 */
@ApplicationScoped
public class CrmBaseUrlCheck {
  private static final Logger LOG = Logger.getLogger(CrmBaseUrlCheck.class);

  /** The default of {@link MessagingConfig.Crm#baseUrl()}: crm-service on this host. */
  static final String DEFAULT_BASE_URL = "http://127.0.0.1:8081";

  private final MessagingConfig config;

  public CrmBaseUrlCheck(MessagingConfig config) {
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    if (shouldWarn(LaunchMode.current(), config.crm().baseUrl())) {
      LOG.warnf(
          "solid.messaging.crm.base-url is the default %s (crm-service on this host). Set"
              + " SOLID_MESSAGING_CRM_BASE_URL if crm-service runs elsewhere, or every contact"
              + " lookup will answer 503.",
          DEFAULT_BASE_URL);
    }
  }

  /** Whether a real launch still uses the default crm base URL. */
  static boolean shouldWarn(LaunchMode mode, String baseUrl) {
    return mode == LaunchMode.NORMAL && DEFAULT_BASE_URL.equals(baseUrl.replaceAll("/+$", ""));
  }
}
