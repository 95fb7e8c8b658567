package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every operation of the merged OpenAPI document, with bad values in each path and query parameter
 * and each body field, and bad whole bodies: none may answer a 5xx, every error must be
 * problem+json with a request id, and no answer may leak internals (class names, stack frames,
 * SQL). Generated from the document the platform serves, so an endpoint is covered the day it
 * appears. Requests go only to the local stack.
 */
@ExtendWith(SolidStack.class)
class HostileInputIT {
  private static final Pattern LEAKS =
      Pattern.compile(
          "Exception|\\bat (dev|io|org|java)\\.|org\\.hibernate|io\\.vertx|SQLSTATE|PSQL|Stack:|java\\.lang|\\bSELECT\\b|\\bINSERT INTO\\b");
  private static final int IN_FLIGHT = 8;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void shouldAnswerEveryHostileRequestWithAClientErrorInTheEnvelope(Api api) throws Exception {
    Api.Company company = api.newCompany();
    // A key with every scope and a limit high enough for the whole run.
    String key =
        api.createKey(company.ownerToken(), "hostile", Api.ALL_SCOPES, "test", 10_000)
            .path("key")
            .asText();
    JsonNode doc = api.get("/openapi.json").send().json();
    List<HostileInputs.Probe> probes = new HostileInputs(doc).all();
    assertThat(probes).as("probes generated from the document").hasSizeGreaterThan(500);

    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < probes.size(); i += IN_FLIGHT) {
      List<CompletableFuture<Void>> batch = new ArrayList<>();
      for (HostileInputs.Probe probe : probes.subList(i, Math.min(probes.size(), i + IN_FLIGHT))) {
        batch.add(send(api, key, probe).thenAccept(r -> check(probe, r, failures)));
      }
      CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
    }
    System.out.printf("hostile input: %d requests, %d failures%n", probes.size(), failures.size());
    assertThat(failures).as("answers that broke the contract").isEmpty();
  }

  private CompletableFuture<HttpResponse<String>> send(
      Api api, String key, HostileInputs.Probe probe) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.base().resolve(probe.path()))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .method(
                probe.method(),
                probe.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(probe.body()));
    if (probe.contentType() != null) {
      request.header("Content-Type", probe.contentType());
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .exceptionally(
            e -> {
              throw new AssertionError(probe + " failed to send: " + e, e);
            });
  }

  private static void check(
      HostileInputs.Probe probe, HttpResponse<String> response, List<String> failures) {
    int status = response.statusCode();
    String body = response.body() == null ? "" : response.body();
    String excerpt = body.length() > 300 ? body.substring(0, 300) + "…" : body;
    if (status >= 500) {
      failures.add(status + " for " + probe + " -> " + excerpt);
      return;
    }
    if (response.headers().firstValue("X-Request-Id").isEmpty()) {
      failures.add("no X-Request-Id for " + probe);
    }
    if (LEAKS.matcher(body).find()) {
      failures.add("internals leaked by " + probe + " -> " + excerpt);
    }
    if (status >= 400) {
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (!type.startsWith("application/problem+json")) {
        failures.add(status + " not problem+json (" + type + ") for " + probe + " -> " + excerpt);
        return;
      }
      try {
        JsonNode problem = Api.JSON.readTree(body);
        for (String member : List.of("code", "message", "request_id")) {
          if (!problem.hasNonNull(member)) {
            failures.add(status + " without " + member + " for " + probe + " -> " + excerpt);
          }
        }
        if (body.length() > 20_000) {
          failures.add(status + " echoes " + body.length() + " chars for " + probe);
        }
      } catch (Exception e) {
        failures.add(status + " unreadable problem for " + probe + " -> " + excerpt);
      }
    }
  }
}
