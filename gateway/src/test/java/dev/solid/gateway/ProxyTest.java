package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProxyTest {

  @Test
  void shouldForwardWithInternalJwtInPlaceOfTheKey() throws Exception {
    Api.Company company = Api.signup("builder");
    String key = Api.createKey(company, "test", null, "read:contacts", "write:contacts");
    Response response =
        as(key).queryParam("limit", 10).queryParam("search", "john").get("/api/v1/crm/contacts");
    response.then().statusCode(200).header("X-Request-Id", startsWith("req_"));
    assertThat(response.jsonPath().getString("path")).isEqualTo("/api/v1/crm/contacts");
    assertThat(response.jsonPath().getString("query")).isEqualTo("limit=10&search=john");
    String authorization = response.jsonPath().getString("authorization");
    assertThat(authorization).startsWith("Bearer ey").doesNotContain(key);
    JsonNode claims =
        new ObjectMapper()
            .readTree(Base64.getUrlDecoder().decode(authorization.substring(7).split("\\.")[1]));
    assertThat(claims.get("iss").asText()).isEqualTo("solid-gateway");
    assertThat(claims.get("aud").toString()).contains("solid-internal");
    assertThat(claims.get("cid").asLong()).isEqualTo(company.id());
    assertThat(claims.get("live").asBoolean()).isFalse();
    assertThat(claims.get("groups").toString()).contains("read:contacts", "write:contacts");
    assertThat(claims.get("rid").asText()).isEqualTo(response.header("X-Request-Id"));
    assertThat(response.jsonPath().getString("request_id"))
        .isEqualTo(response.header("X-Request-Id"));
  }

  @Test
  void shouldAnswer401ProblemForMissingMalformedAndUnknownKeys() {
    given()
        .get("/api/v1/crm/contacts")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("X-Request-Id", startsWith("req_"))
        .body("code", is("unauthorized"))
        .body("status", is(401))
        .body("request_id", startsWith("req_"));
    as("not-a-key")
        .get("/api/v1/crm/contacts")
        .then()
        .statusCode(401)
        .body("code", is("unauthorized"));
    as("sk_solid_test_00000000000000000000000000000000AAAAAA")
        .get("/api/v1/crm/contacts")
        .then()
        .statusCode(401);
    // Well-formed with a valid checksum, but never issued.
    as(dev.solid.gateway.key.ApiKeyFormat.generate(false))
        .get("/api/v1/crm/contacts")
        .then()
        .statusCode(401)
        .body("message", is("Invalid API key"));
  }

  @Test
  void shouldAnswer404ProblemForUnknownRoutes() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");
    as(key)
        .get("/api/v1/nothing-here")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .header("X-Request-Id", startsWith("req_"))
        .body("code", is("not_found"));
    given().get("/no/such/page").then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void shouldAnswer413ForBodyOverTheLimit() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
    as(key)
        .contentType(ContentType.JSON)
        .body(big)
        .post("/api/v1/crm/contacts")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("code", is("payload_too_large"));
  }

  @Test
  void shouldAnswer415ForBodyThatIsNotJson() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    as(key)
        .contentType(ContentType.TEXT)
        .body("name=Sarah")
        .post("/api/v1/crm/contacts")
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("code", is("unsupported_media_type"));
  }

  @Test
  void shouldAnswer400ForMalformedJson() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    as(key)
        .contentType(ContentType.JSON)
        .body("{\"name\": ")
        .post("/api/v1/crm/contacts")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", is("bad_request"));
  }

  @Test
  void shouldRouteSeedAliasToCanonicalPath() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    as(key)
        .contentType(ContentType.JSON)
        .body("{\"username\":\"@sarah_miller\"}")
        .post("/v1/contacts")
        .then()
        .statusCode(201)
        .body("path", is("/api/v1/crm/contacts"))
        .body("body.username", is("@sarah_miller"));
  }

  @Test
  void shouldAnswer503ProblemWhenServiceIsDown() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:payments");
    as(key)
        .get("/api/v1/orders")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("code", is("service_unavailable"))
        .body("message", containsString("payments"));
  }

  @Test
  void shouldForwardProviderCallbacksUnauthenticatedWithTheirOwnContentType() {
    given()
        .contentType("application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", "abc")
        .body("From=%2B15551234567&Body=hi")
        .post("/api/v1/messaging/inbound/twilio")
        .then()
        .statusCode(201)
        .body("authorization", is("null"))
        .body("body", is("From=%2B15551234567&Body=hi"));
  }

  @Test
  void shouldAcceptOwnerSessionOnOwnerRoutesOnly() {
    Api.Company company = Api.signup("starter");
    as(company.ownerToken()).get("/api/v1/sequences").then().statusCode(200);
    as(company.ownerToken()).get("/api/v1/crm/contacts").then().statusCode(401);
  }

  @Test
  void shouldPutRequestIdOnEveryResponse() {
    given().get("/docs/").then().statusCode(200).header("X-Request-Id", startsWith("req_"));
    given().get("/openapi.json").then().statusCode(200).header("X-Request-Id", startsWith("req_"));
    given().get("/q/health").then().statusCode(404).header("X-Request-Id", startsWith("req_"));
  }

  @Test
  void shouldNeverLetTheDocsPageAskAnotherHostToValidateTheDocument() {
    String page =
        given()
            .header("Host", "api.example.com")
            .get("/docs/")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    // Swagger UI's default validatorUrl (validator.swagger.io, in its bundle) is switched off.
    assertThat(page)
        .doesNotContain("validator.swagger.io")
        .containsPattern("validatorUrl: *['\"]none['\"]");
  }

  @Test
  void shouldPassTheAllowHeaderOfAServices405Through() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts", "write:contacts");
    String base = "/api/v1/crm/" + UUID.randomUUID();
    List<Response> answers =
        List.of(
            as(key).put(base + "/allow405"),
            as(key).put(base + "/html405"),
            as(key)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON)
                .body("{}")
                .put(base + "/allow405"),
            as(key)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON)
                .body("{}")
                .put(base + "/html405"));
    for (Response answer : answers) {
      assertThat(answer.statusCode()).isEqualTo(405);
      assertThat(answer.contentType()).startsWith("application/problem+json");
      assertThat(answer.header("Allow")).isEqualTo("GET, POST");
    }
  }

  @Test
  void shouldExplainA406WithWhatTheApiAnswers() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");
    Response answer =
        as(key).header("Accept", "text/html").get("/api/v1/crm/" + UUID.randomUUID() + "/text406");

    assertThat(answer.statusCode()).isEqualTo(406);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.jsonPath().getString("code")).isEqualTo("not_acceptable");
    assertThat(answer.jsonPath().getString("message"))
        .contains("application/json")
        .contains("Accept");
  }

  @Test
  void shouldTellAnOwnerSessionTokenOnAKeyOnlyRouteThatTheRouteTakesAnApiKey() {
    Api.Company company = Api.signup("starter");
    Response answer = as(company.ownerToken()).get("/api/v1/crm/contacts");

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.jsonPath().getString("message"))
        .doesNotContain("Invalid API key")
        .contains(
            "API key", "sk_solid_", "session token", "/api/v1/sequences", "/api/v1/auth/keys");
  }

  @Test
  void shouldServeInteractiveDocsPageFromTheGatewayItself() {
    given()
        .get("/docs/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .body(containsString("swagger-ui"));
  }

  @Test
  void shouldServeMergedOpenApiDocument() {
    given()
        .get("/openapi.json")
        .then()
        .statusCode(200)
        .body("openapi", startsWith("3."))
        .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/auth/keys"));
  }

  @Test
  void shouldReplaceAnUpstreamHtmlErrorPageWithProblemJson() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");
    for (int status : new int[] {404, 500}) {
      Response response = as(key).get("/api/v1/crm/" + UUID.randomUUID() + "/html" + status);
      assertThat(response.statusCode()).isEqualTo(status);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.asString()).doesNotContain("<html").doesNotContain("io.vertx");
      assertThat(response.jsonPath().getString("code"))
          .isEqualTo(status == 404 ? "not_found" : "internal_error");
      assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
      assertThat(response.jsonPath().getString("request_id"))
          .isEqualTo(response.header("X-Request-Id"));
      assertThat(response.header("X-RateLimit-Limit")).isEqualTo("60");
    }
  }

  @Test
  void shouldReplaceAnUpstreamHtmlErrorPageOnTheIdempotentPathToo() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    Response response =
        as(key)
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .contentType(ContentType.JSON)
            .body("{}")
            .post("/api/v1/crm/" + UUID.randomUUID() + "/html404");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("code")).isEqualTo("not_found");
  }

  @Test
  void shouldPutRateLimitHeadersOnUnknownRoutesAndWrongMethodsForAKnownCaller() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts", "manage:keys");

    Response unknown = as(key).get("/api/v1/nothing-here");
    Response wrongMethod = as(key).put("/api/v1/auth/keys");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.header("X-RateLimit-Limit")).isEqualTo("60");
    assertThat(unknown.header("X-RateLimit-Remaining")).isEqualTo("59");
    assertThat(unknown.header("X-RateLimit-Reset")).isNotNull();
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.contentType()).startsWith("application/problem+json");
    assertThat(wrongMethod.jsonPath().getString("code")).isEqualTo("method_not_allowed");
    assertThat(wrongMethod.header("Allow")).isEqualTo("GET, POST");
    assertThat(wrongMethod.header("X-RateLimit-Remaining")).isEqualTo("58");
  }

  @Test
  void shouldAnswer401WithoutRateLimitHeaders() {
    Response response = given().get("/api/v1/crm/contacts");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.header("X-RateLimit-Limit")).isNull();
  }

  @Test
  void shouldAnswer413WithRateLimitHeadersForAKnownCaller() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    Response response =
        as(key)
            .contentType(ContentType.JSON)
            .body("{\"name\":\"" + "x".repeat(1_100_000) + "\"}")
            .post("/api/v1/crm/contacts");
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.header("X-RateLimit-Limit")).isEqualTo("60");
    assertThat(response.header("X-RateLimit-Remaining")).isEqualTo("59");
  }

  @Test
  void shouldAnswer413ForADeclaredOversizeBodyWithoutReadingIt() throws Exception {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    int port = io.restassured.RestAssured.port;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      // 50 MB announced, not a byte of it sent: the answer must come anyway.
      String head =
          "POST /api/v1/crm/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + key
              + "\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String status = reader.readLine();
      List<String> headers = readHeaders(reader);
      assertThat(status).startsWith("HTTP/1.1 413");
      assertThat(headers).contains("connection: close");
      assertThat(headers).anyMatch(h -> h.startsWith("x-ratelimit-limit: 60"));
      assertThatTheGatewayClosesAfterTheAnswer(reader, headers);
    }
  }

  @Test
  void shouldLetTheOwnerEnrollThroughTheSequencesAlias() {
    Api.Company company = Api.signup("starter");
    Response response =
        as(company.ownerToken())
            .contentType(ContentType.JSON)
            .body("{\"contact_id\":1}")
            .post("/v1/sequences/7/enroll");
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.jsonPath().getString("path")).isEqualTo("/api/v1/sequences/7/enroll");
    // Contacts stay key-only, alias or not.
    as(company.ownerToken()).get("/v1/contacts").then().statusCode(401);
  }

  @Test
  void shouldAnswer100ContinueOnceTheCallerIsAllowed() throws Exception {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    byte[] body = "{\"name\":\"Sarah\"}".getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket("127.0.0.1", io.restassured.RestAssured.port)) {
      socket.setSoTimeout(20_000);
      String head =
          "POST /api/v1/crm/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + key
              + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
              + body.length
              + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      // Like curl, the body waits for the interim answer (a read timeout fails the test).
      assertThat(reader.readLine()).startsWith("HTTP/1.1 100");
      readHeaders(reader);
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      assertThat(reader.readLine()).startsWith("HTTP/1.1 201");
    }
  }

  @Test
  void shouldCloseTheConnectionAfterRefusingAChunkedBody() throws Exception {
    int port = io.restassured.RestAssured.port;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      // A body of unknown length from a caller without a key: 401 before a byte is read.
      String head =
          "POST /api/v1/crm/contacts HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
              + " application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String status = reader.readLine();
      List<String> headers = readHeaders(reader);
      assertThat(status).startsWith("HTTP/1.1 401");
      assertThat(headers).contains("connection: close");
      assertThatTheGatewayClosesAfterTheAnswer(reader, headers);
    }
  }

  /** The header lines up to the blank line, lower-cased. */
  private static List<String> readHeaders(BufferedReader reader) throws java.io.IOException {
    List<String> headers = new ArrayList<>();
    for (String line = reader.readLine(); line != null && !line.isEmpty(); ) {
      headers.add(line.toLowerCase(java.util.Locale.ROOT));
      line = reader.readLine();
    }
    return headers;
  }

  /**
   * Reads the answer's body, then expects end of stream: the gateway closed the connection rather
   * than leaving the unread request open until the idle timeout (30 minutes by default). A socket
   * read timeout (20 s) fails the test.
   */
  private static void assertThatTheGatewayClosesAfterTheAnswer(
      BufferedReader reader, List<String> headers) throws Exception {
    int length =
        headers.stream()
            .filter(h -> h.startsWith("content-length:"))
            .map(h -> Integer.parseInt(h.substring("content-length:".length()).trim()))
            .findFirst()
            .orElseThrow();
    char[] body = new char[length];
    for (int read = 0; read < length; ) {
      int n = reader.read(body, read, length - read);
      assertThat(n).isPositive();
      read += n;
    }
    assertThat(new String(body)).contains("\"status\"");
    assertThat(reader.read()).isEqualTo(-1);
  }

  @Test
  void shouldAnswer403NamingTheScopeBeforeReadingTheBody() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");
    String path = "/api/v1/crm/" + UUID.randomUUID();
    as(key)
        .contentType(ContentType.JSON)
        .body("{\"name\":\"Sarah\"}")
        .post(path)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("code", is("forbidden"))
        .body("message", containsString("write:contacts"));
    assertThat(EchoUpstream.calls(path)).isZero();
  }

  @Test
  void shouldAnswer400ForABodyThatIsNotAnObjectOnLocalEndpoints() {
    Api.Company company = Api.signup("starter");
    as(company.ownerToken())
        .contentType(ContentType.JSON)
        .body("[1,2]")
        .post("/api/v1/auth/keys")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", is("bad_request"));
  }
}
