package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.deploy.LocalPlatform;
import dev.solid.deploy.PlatformOptions;
import dev.solid.infra.Ports;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first ten minutes, right after the platform started: the README's commands run as
 * written (with bash, curl and python3, which every machine has), and both seeds' send examples
 * with the demo key and the demo sender accounts the launcher seeded.
 */
@ExtendWith(SolidStack.class)
class FirstTenMinutesIT {
  private static final Pattern BASH_BLOCK = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL);

  @TempDir Path home;

  @Test
  void shouldRunTheReadmesFirstRequestsWithToolsEveryMachineHas(LocalPlatform platform)
      throws Exception {
    String readme = readme();
    assertThat(bashBlocks(readme)).noneMatch(block -> block.contains("uuidgen"));

    String output = run(platform, block(readme, "/api/v1/crm/contacts?limit=10"));

    assertThat(output).contains("\"name\":\"Sarah Miller\"").contains("\"total\":1");
    assertThat(output).contains("\"openapi\"");
    String login = run(platform, block(readme, "/api/v1/auth/login"));
    assertThat(Api.JSON.readTree(login).path("access_token").asText()).isNotBlank();
  }

  @Test
  void shouldSendBothSeedsExamplesFromTheDemoAccounts(LocalPlatform platform, Api api)
      throws Exception {
    Properties env = localEnv(platform);
    String key = env.getProperty("SOLID_API_KEY");
    long telegram = Long.parseLong(env.getProperty("SOLID_TELEGRAM_ACCOUNT_ID"));
    Api.Response accounts = api.get("/api/v1/messaging/accounts").bearer(key).send();
    assertThat(accounts.json().path("items"))
        .extracting(a -> a.path("channel").asText() + " " + a.path("default").asBoolean())
        .contains("telegram true", "sms true");

    // Seed 001, Step 2, as written there (the account id is the demo's).
    Api.Response dm =
        api.post("/v1/messages/send")
            .bearer(key)
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .json(
                Map.of(
                    "account_id",
                    telegram,
                    "to",
                    "@sarah_miller",
                    "text",
                    "Hey Sarah, your invite is ready - check your inbox."))
            .send();
    // Seed 000, "Send SMS", as written there: from the company's default SMS account.
    Api.Response sms =
        api.post("/api/v1/sms/send")
            .bearer(key)
            .json(
                Map.of(
                    "to_phone",
                    "+18015551234",
                    "message",
                    "Thanks for your inquiry! We'll call you within the hour."))
            .send();
    List<String> ids = new ArrayList<>();
    for (Api.Response send : List.of(dm, sms)) {
      assertThat(send.status()).as("%s", send).isEqualTo(200);
      assertThat(send.json().path("status").asText()).isEqualTo("queued");
      ids.add(send.json().path("id").asText());
    }
    // The README's versions of the same two sends.
    String readmeSends = run(platform, block(readme(), "/api/v1/sms/send"));
    for (String line : readmeSends.lines().filter(l -> !l.isBlank()).toList()) {
      JsonNode answer = Api.JSON.readTree(line);
      assertThat(answer.path("status").asText()).as(line).isEqualTo("queued");
      ids.add(answer.path("id").asText());
    }
    assertThat(ids).hasSize(4);
    for (String id : ids) {
      await("message " + id + " sent (test mode: logged, not dispatched)")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  api.get("/api/v1/messages/" + id)
                      .bearer(key)
                      .send()
                      .json()
                      .path("status")
                      .asText()
                      .equals("sent"));
    }
  }

  @Test
  void shouldDeliverTheReadmesWebhookExampleToItsLoopbackReceiver(LocalPlatform platform)
      throws Exception {
    String readme = readme();
    // The README's port, 9000, may be taken on the machine running the tests: only it changes.
    int port = Ports.free();
    String receiverScript = block(readme, "http.server").replace("9000", Integer.toString(port));
    Path printed = home.resolve("receiver.out");
    Process receiver =
        new ProcessBuilder("bash", "-c", receiverScript)
            .redirectOutput(printed.toFile())
            .redirectError(home.resolve("receiver.err").toFile())
            .start();
    try {
      await("the receiver listens")
          .atMost(Duration.ofSeconds(30))
          .until(() -> Ports.isListening("127.0.0.1", port));

      String answers =
          run(platform, block(readme, "/v1/webhooks").replace(":9000/", ":" + port + "/"));
      assertThat(answers).contains("\"url\":\"http://127.0.0.1:" + port + "/webhooks/crm\"");

      await("the receiver prints the signed contact.created")
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(printed).contains("\"event\":\"contact.created\""));
      String line =
          Files.readString(printed)
              .lines()
              .filter(l -> l.contains("contact.created"))
              .findFirst()
              .orElseThrow();
      String signature = line.substring(0, line.indexOf(' '));
      String body = line.substring(line.indexOf(' ') + 1);
      assertThat(signature).isEqualTo("sha256=" + hmac("your-chosen-signing-secret", body));
      assertThat(body).contains("\"name\":\"Hook Person\"");
    } finally {
      receiver.descendants().forEach(ProcessHandle::destroy);
      receiver.destroy();
      receiver.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Runs a README block with bash in a directory holding {@code .solid/local.env}, as a user's
   * shell in the checkout would (the block may source it itself; sourcing it first is what a user
   * who ran the README's first block has done). Fails on a non-zero exit (not on a pipe's first
   * command: {@code curl … | head} ends curl early on purpose).
   */
  private String run(LocalPlatform platform, String block) throws Exception {
    Path solid = home.resolve(".solid");
    Files.createDirectories(solid);
    Files.copy(
        platform.options().localEnvFile(),
        solid.resolve("local.env"),
        StandardCopyOption.REPLACE_EXISTING);
    Process bash =
        new ProcessBuilder("bash", "-c", "set -eu\nsource .solid/local.env\n" + block + "\necho")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as("exit code of%n%s%noutput: %s", block, output).isZero();
    // curl -s prints answers without a newline: put one between them.
    return output.replace("}{", "}\n{");
  }

  private static Properties localEnv(LocalPlatform platform) throws IOException {
    Properties env = new Properties();
    try (Reader reader = Files.newBufferedReader(platform.options().localEnvFile())) {
      env.load(reader);
    }
    return env;
  }

  private static String readme() throws IOException {
    return Files.readString(PlatformOptions.locateRepositoryRoot().resolve("README.md"));
  }

  private static List<String> bashBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher matcher = BASH_BLOCK.matcher(markdown);
    while (matcher.find()) {
      blocks.add(matcher.group(1));
    }
    return blocks;
  }

  /** The one bash block of the README that contains {@code marker}. */
  private static String block(String markdown, String marker) {
    List<String> matching = bashBlocks(markdown).stream().filter(b -> b.contains(marker)).toList();
    assertThat(matching).as("README bash blocks containing %s", marker).hasSize(1);
    return matching.get(0);
  }

  private static String hmac(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
