package dev.solid.messaging.account;

import static dev.solid.messaging.support.MessagingApi.as;
import static dev.solid.messaging.support.MessagingApi.awaitFinal;
import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.kit.crypto.TenantCipher;
import dev.solid.messaging.support.MessagingApi;
import dev.solid.messaging.support.ProviderStandIn;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Provider credentials at rest, through the kit's cipher, bound to the account's company. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class CredentialStorageTest {

  private static String credentialsKey() {
    return ConfigProvider.getConfig().getValue("solid.messaging.credentials-key", String.class);
  }

  private static String stored(long account) throws Exception {
    try (Connection c = MessagingApi.jdbc();
        PreparedStatement ps =
            c.prepareStatement("SELECT credentials FROM messaging.accounts WHERE id = ?")) {
      ps.setLong(1, account);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  /** The form this service wrote before the kit: AES-GCM with no associated data, "v1:". */
  private static String legacySealed(String json) throws Exception {
    byte[] nonce = new byte[12];
    new SecureRandom().nextBytes(nonce);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(Base64.getDecoder().decode(credentialsKey()), "AES"),
        new GCMParameterSpec(128, nonce));
    byte[] sealed = cipher.doFinal(json.getBytes(StandardCharsets.UTF_8));
    return "v1:"
        + Base64.getEncoder()
            .encodeToString(
                ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
  }

  @Test
  void shouldSealCredentialsForTheAccountsCompanyOnly() throws Exception {
    long company = newCompany();
    long account = telegramAccount(key(company, false), null);

    String stored = stored(account);
    assertThat(stored).startsWith("v2:").doesNotContain(ProviderStandIn.BOT_TOKEN);
    TenantCipher cipher =
        TenantCipher.fromBase64(
            credentialsKey(), CredentialCipher.PURPOSE, "solid.messaging.credentials-key");
    assertThat(cipher.openText(stored, company)).contains(ProviderStandIn.BOT_TOKEN);
    // Copied into another company's row, the value is unreadable.
    assertThatThrownBy(() -> cipher.openText(stored, company + 1))
        .isInstanceOf(TenantCipher.UnreadableSecretException.class);
  }

  @Test
  void shouldStillUseCredentialsStoredBeforeTheKit() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    try (Connection c = MessagingApi.jdbc();
        PreparedStatement ps =
            c.prepareStatement("UPDATE messaging.accounts SET credentials = ? WHERE id = ?")) {
      ps.setString(
          1,
          legacySealed(
              "{\"bot_token\":\"" + ProviderStandIn.BOT_TOKEN + "\",\"webhook_secret\":\"old\"}"));
      ps.setLong(2, account);
      ps.executeUpdate();
    }

    as(token)
        .get("/api/v1/messaging/accounts/" + account)
        .then()
        .statusCode(200)
        .body("provider_fields", equalTo(List.of("bot_token", "webhook_secret")));
    // Live: the stand-in accepts the message only with the right bot token.
    String chat = Long.toString(company * 10 + 1);
    String id =
        post(
                token,
                "/api/v1/messages/send",
                "{\"account_id\":" + account + ",\"to\":\"" + chat + "\",\"text\":\"legacy\"}")
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("id");
    assertThat(awaitFinal(token, id).get("status").asText()).isEqualTo("sent");
    assertThat(ProviderStandIn.instance().requestsTo(chat)).hasSize(1);
  }
}
