package dev.solid.messaging.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.kit.crypto.TenantCipher;
import dev.solid.messaging.config.MessagingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Provider credentials at rest: the account's credentials as one JSON object, sealed by the kit's
 * {@link TenantCipher} for the account's company, so a value copied into another company's row does
 * not decrypt. Values written before the kit ({@code v1:}, not bound to a company) are still read;
 * every write stores the bound {@code v2:} form.
 */
@ApplicationScoped
public class CredentialCipher {
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
  static final String PURPOSE = "solid-provider-credentials";

  private final TenantCipher cipher;
  private final ObjectMapper json;

  public CredentialCipher(MessagingConfig config, ObjectMapper json) {
    this.cipher =
        TenantCipher.fromBase64(
            config.credentialsKey(), PURPOSE, "solid.messaging.credentials-key");
    this.json = json;
  }

  /** The credentials sealed for the company, as stored in {@code accounts.credentials}. */
  public String encrypt(Map<String, String> credentials, long companyId) {
    try {
      return cipher.sealText(json.writeValueAsString(credentials), companyId);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise provider credentials", e);
    }
  }

  /** The credentials of the company's account from their stored form. */
  public Map<String, String> decrypt(String stored, long companyId) {
    try {
      return json.readValue(cipher.openText(stored, companyId), MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored provider credentials are not a JSON object", e);
    }
  }
}
