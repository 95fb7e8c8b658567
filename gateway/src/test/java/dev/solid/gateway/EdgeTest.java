package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

/**
 * What the gateway answers before any route looks at a request, and what it logs: every answer is
 * problem+json with the seed's envelope and a request id, whatever went wrong.
 */
@QuarkusTest
class EdgeTest {

  /** The seed's envelope, the request id in body and header, and nothing of the framework. */
  private static JsonNode assertProblem(RawHttp.Answer answer, int status, String code)
      throws IOException {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.header("X-Request-Id")).startsWith("req_");
    assertThat(answer.body()).doesNotContainIgnoringCase("stack").doesNotContain("Exception");
    JsonNode problem = answer.json();
    assertThat(problem.path("type").asText()).endsWith("/errors/" + code);
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("code").asText()).isEqualTo(code);
    assertThat(problem.path("message").asText()).isNotBlank();
    assertThat(problem.path("request_id").asText()).isEqualTo(answer.header("X-Request-Id"));
    return problem;
  }

  @Test
  void shouldAnswerARequestWithoutHostWithProblemJsonAndNoErrorInTheLog() throws Exception {
    try (CapturedLogs logs = CapturedLogs.all()) {
      JsonNode problem =
          assertProblem(
              RawHttp.send("GET /api/v1/crm/contacts HTTP/1.1\r\n\r\n"), 400, "bad_request");

      assertThat(problem.path("message").asText()).contains("Host");
      assertThat(logs.errors()).isEmpty();
    }
  }

  @Test
  void shouldAnswerAnOverLongRequestTargetWithProblemJson() throws Exception {
    String uri = "/api/v1/crm/contacts?search=" + "a".repeat(5000);

    assertProblem(
        RawHttp.send("GET " + uri + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414, "uri_too_long");
  }

  @Test
  void shouldAnswerOversizedHeadersWithProblemJson() throws Exception {
    String big = "X-Padding: " + "b".repeat(30_000) + "\r\n";

    assertProblem(
        RawHttp.send("GET /api/v1/crm/contacts HTTP/1.1\r\nHost: localhost\r\n" + big + "\r\n"),
        431,
        "request_header_fields_too_large");
  }

  @Test
  void shouldAnswerTheRootAndUnknownPathsWithProblemJsonCarryingTheRequestId() throws Exception {
    for (String path : List.of("/", "/nothing-here", "/docs/no-such-file.js", "/favicon.ico")) {
      assertProblem(
          RawHttp.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 404, "not_found");
    }
  }

  @Test
  void shouldRefuseAControlCharacterInThePathOfEveryRouteBeforeForwarding() throws Exception {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts", "manage:keys");
    List<String> paths =
        List.of(
            "/api/v1/crm/a%00b",
            "/api/v1/crm/contacts/%1F",
            "/v1/contacts/%7F",
            "/api/v1/crm/contacts/%C2%85",
            "/api/v1/auth/keys/%00",
            "/api/v1/messaging/inbound/twilio%00",
            "/openapi.json%00",
            "/docs/%00");
    for (String path : paths) {
      assertProblem(
          RawHttp.send(
              "GET "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + key
                  + "\r\n\r\n"),
          404,
          "not_found");
    }
    assertThat(EchoUpstream.calls("/api/v1/crm/a\u0000b")).isZero();
  }

  @Test
  void shouldRefuseAControlCharacterInTheQueryWith422NamingTheParameter() throws Exception {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");

    JsonNode problem =
        assertProblem(
            RawHttp.send(
                "GET /api/v1/crm/contacts?limit=10&search=sa%00rah HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer "
                    + key
                    + "\r\n\r\n"),
            422,
            "validation_error");

    assertThat(problem.path("details").get(0).path("field").asText()).isEqualTo("search");
    assertThat(problem.path("details").get(0).path("error").asText())
        .isEqualTo("invalid_characters");
    // An ordinary query still goes through.
    as(key).queryParam("search", "sarah miller").get("/api/v1/crm/contacts").then().statusCode(200);
  }

  @Test
  void shouldLogEveryRequestOnceWithMethodPathStatusAndRequestIdButNoQuery() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");
    try (CapturedLogs access = CapturedLogs.of("dev.solid.gateway.access")) {
      Response ok = as(key).queryParam("search", "secret-value").get("/api/v1/crm/contacts");
      Response missing = as(key).get("/nothing-here");
      String okId = ok.header("X-Request-Id");
      String missingId = missing.header("X-Request-Id");

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(access.lines().stream().filter(l -> l.contains(okId)))
                    .singleElement()
                    .asString()
                    .startsWith("INFO")
                    .contains("GET /api/v1/crm/contacts 200 ")
                    .doesNotContain("secret-value")
                    .doesNotContain(key);
                assertThat(access.lines().stream().filter(l -> l.contains(missingId)))
                    .singleElement()
                    .asString()
                    .contains("GET /nothing-here 404 ");
              });
    }
  }

  @Test
  void shouldWriteADateOnEveryConsoleLogLine() {
    String format = ConfigProvider.getConfig().getValue("quarkus.log.console.format", String.class);
    LogRecord record = new LogRecord(Level.INFO, "hello");

    String line = new PatternFormatter(format).format(record);

    assertThat(line).matches("(?s)^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} .*hello.*");
  }
}
