package dev.solid.webhooks.delivery;

import static dev.solid.webhooks.Support.envelope;
import static dev.solid.webhooks.Support.manager;
import static dev.solid.webhooks.Support.newCompany;
import static dev.solid.webhooks.Support.newEventId;
import static dev.solid.webhooks.Support.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.webhooks.Receiver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two seeds' Node.js verification snippets, copied verbatim into test resources, run with
 * {@code node} against a captured delivery. No assumption: without node this test fails, since the
 * promise "the seeds' snippets work unchanged" would otherwise go unchecked.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
class SeedSnippetsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  // The request/response of an Express handler, read from the captured files; prints the status.
  private static final String PRELUDE =
      "const fs = require('fs');\n"
          + "const captured = fs.readFileSync(process.argv[2]);\n"
          + "const req = { headers: JSON.parse(fs.readFileSync(process.argv[3], 'utf8')),"
          + " rawBody: captured, body: captured };\n"
          + "let status = 0;\n"
          + "const res = { status(code) { status = code; return this; }, send() { return this; } };\n"
          + "const app = { post(path, middleware, handler) { handler(req, res); } };\n"
          + "const express = { raw() { return null; } };\n";

  @TempDir Path dir;

  @Test
  void shouldPassBothSeedSnippetsUnchangedAndFailThemOnATamperedBody() throws Exception {
    long company = newCompany();
    String secret = "seed-snippet-secret-0123";
    try (Receiver receiver = Receiver.ok()) {
      manager(company)
          .body(Map.of("url", receiver.url(), "events", List.of("*"), "secret", secret))
          .post("/api/v1/webhooks")
          .then()
          .statusCode(201);
      produce(
          "solid.crm.events.v1",
          company,
          envelope(newEventId(), "contact.created", company, false));
      await("delivery received").atMost(WAIT).until(() -> receiver.received().size() == 1);
      Receiver.Received delivery = receiver.received().get(0);
      Path body = Files.write(dir.resolve("body.bin"), delivery.body());
      Path headers =
          Files.writeString(
              dir.resolve("headers.json"), JSON.writeValueAsString(delivery.headers()));
      byte[] tampered = delivery.body().clone();
      tampered[tampered.length / 2] ^= 0x01;
      Path tamperedBody = Files.write(dir.resolve("tampered.bin"), tampered);

      // Seed 000: a handler body; falls through to 200 when the signature matches.
      Path seed000 =
          script(
              "seed000.js",
              "function handler(req, res) {\n"
                  + snippet("seed-000.js")
                  + "\nres.status(200).send('ok')\n}\nhandler(req, res);\n");
      // Seed 001: the whole app.post(...) route.
      Path seed001 = script("seed001.js", snippet("seed-001.js"));

      assertThat(node(seed000, body, headers, secret)).isEqualTo("200");
      assertThat(node(seed001, body, headers, secret)).isEqualTo("200");
      assertThat(node(seed000, tamperedBody, headers, secret)).isEqualTo("401");
      assertThat(node(seed001, tamperedBody, headers, secret)).isEqualTo("401");
      assertThat(node(seed001, body, headers, "another-secret-entirely")).isEqualTo("401");
    }
  }

  private Path script(String name, String handler) throws IOException {
    return Files.writeString(dir.resolve(name), PRELUDE + handler + "\nconsole.log(status);\n");
  }

  private static String snippet(String name) throws IOException {
    try (InputStream in = SeedSnippetsTest.class.getResourceAsStream("/seed-snippets/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Runs the script with node; the secret in both seeds' environment variables. */
  private static String node(Path script, Path body, Path headers, String secret) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("node", script.toString(), body.toString(), headers.toString())
            .redirectErrorStream(true);
    builder.environment().put("SOLID_WEBHOOK_SECRET", secret);
    builder.environment().put("CRMSOLID_WEBHOOK_SECRET", secret);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("node output: %s", out).isZero();
    return out.trim();
  }
}
