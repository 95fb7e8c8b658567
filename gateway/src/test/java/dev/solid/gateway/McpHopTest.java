package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Promise;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(McpStandIn.class)
class McpHopTest {
  static final String ACCEPT = "application/json, text/event-stream";
  static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

  @TestHTTPResource("/")
  URL gateway;

  static RequestSpecification mcp(String key, String session) {
    RequestSpecification spec = as(key).header("Accept", ACCEPT).contentType(ContentType.JSON);
    return session == null ? spec : spec.header("Mcp-Session-Id", session);
  }

  static String initializeBody() {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
        + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
  }

  static String initialize(String key) {
    Response response = mcp(key, null).body(initializeBody()).post("/mcp");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.header("Mcp-Session-Id");
  }

  static String key(String... scopes) {
    return Api.createKey(Api.signup("builder"), "test", null, scopes);
  }

  static String toolCall(String name) {
    return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + name
        + "\",\"arguments\":{}}}";
  }

  static List<McpStandIn.Received> receivedFor(String session) {
    List<McpStandIn.Received> all = new ArrayList<>(McpStandIn.A.withClientSession(session));
    all.addAll(McpStandIn.B.withClientSession(session));
    return all;
  }

  @Test
  void shouldOpenAGatewaySessionAndHandMcpServiceTheCallersCredential() throws Exception {
    String key = key("read:contacts");
    Response response =
        mcp(key, null).header("X-RateLimit-Remaining", "9999").body(initializeBody()).post("/mcp");
    response.then().statusCode(200).contentType("application/json");
    String session = response.header("Mcp-Session-Id");
    assertThat(session).startsWith("mcps_");
    assertThat(response.jsonPath().getString("result.serverInfo.name")).startsWith("stand-in");

    List<McpStandIn.Received> received = receivedFor(session);
    assertThat(received).hasSize(1);
    McpStandIn.Received init = received.get(0);
    assertThat(init.method()).isEqualTo("initialize");
    assertThat(init.session()).isNull();
    assertThat(init.headers().get("Solid-Caller-Authorization")).isEqualTo("Bearer " + key);
    assertThat(init.headers().get("Accept")).isEqualTo(ACCEPT);
    // The caller's limit as the gateway decided it, for whoami.
    assertThat(init.headers().get("X-RateLimit-Limit")).isEqualTo("120");
    assertThat(init.headers().get("X-RateLimit-Remaining")).isEqualTo("119");
    String authorization = init.headers().get("Authorization");
    assertThat(authorization).startsWith("Bearer ey").doesNotContain(key);
    String claims =
        new String(
            Base64.getUrlDecoder().decode(authorization.substring(7).split("\\.")[1]),
            StandardCharsets.UTF_8);
    assertThat(claims).contains("\"cdg\":", "\"rlm\":120", "\"plm\":120");
    // The client never sees a replica's own session id.
    assertThat(session).doesNotStartWith("up-");
  }

  @Test
  void shouldServeOneSessionFromBothReplicasInitializingEachOnce() {
    String key = key("read:contacts");
    String session = initialize(key);
    Set<String> replicas = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      Response response = mcp(key, session).body(TOOLS_LIST).post("/api/mcp");
      response.then().statusCode(200);
      replicas.add(response.jsonPath().getString("result.replica"));
      assertThat(response.jsonPath().getString("result.session")).startsWith("up-");
      assertThat(response.header("Mcp-Session-Id")).isNull();
    }
    assertThat(replicas).containsExactlyInAnyOrder("a", "b");
    List<String> methods = receivedFor(session).stream().map(r -> r.method()).toList();
    assertThat(methods.stream().filter("initialize"::equals).count()).isEqualTo(2);
    assertThat(methods.stream().filter("notifications/initialized"::equals).count()).isEqualTo(1);
    assertThat(methods.stream().filter("tools/list"::equals).count()).isEqualTo(4);
  }

  @Test
  void shouldReinitializeTransparentlyOnAReplicaThatRestarted() {
    String key = key("read:contacts");
    String session = initialize(key);
    for (int i = 0; i < 2; i++) {
      mcp(key, session).body(TOOLS_LIST).post("/mcp").then().statusCode(200);
    }
    McpStandIn.A.restart();
    McpStandIn.B.restart();
    for (int i = 0; i < 2; i++) {
      mcp(key, session).body(TOOLS_LIST).post("/mcp").then().statusCode(200);
    }
    List<McpStandIn.Received> received = receivedFor(session);
    assertThat(received.stream().filter(r -> r.method().equals("initialize")).count()).isEqualTo(4);
    // Each replica saw the request under its old session (404), then the replay, then the retry.
    assertThat(received.stream().filter(r -> r.method().equals("tools/list")).count()).isEqualTo(6);
  }

  @Test
  void shouldPassJsonRpcErrorsAndTheServersPlainRefusalsThroughVerbatim() {
    String key = key("read:contacts");
    String session = initialize(key);
    Response error = mcp(key, session).body(toolCall("fail")).post("/mcp");
    error.then().statusCode(200).contentType("application/json");
    assertThat(error.jsonPath().getInt("error.code")).isEqualTo(-32602);
    assertThat(error.jsonPath().getString("error.message")).startsWith("Invalid params from");

    Response refused =
        as(key)
            .header("Accept", "application/json")
            .contentType(ContentType.JSON)
            .body(initializeBody())
            .post("/mcp");
    refused.then().statusCode(400).contentType("text/plain");
    assertThat(refused.asString()).isEqualTo("Bad Request");
    assertThat(refused.header("Mcp-Session-Id")).isNull();
  }

  @Test
  void shouldStreamAnEventStreamEventByEvent() throws Exception {
    String key = key("read:contacts");
    String session = initialize(key);
    McpStandIn.A.streamGate = Promise.promise();
    McpStandIn.B.streamGate = Promise.promise();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(gateway + "api/mcp"))
            .header("Authorization", "Bearer " + key)
            .header("Accept", ACCEPT)
            .header("Content-Type", "application/json")
            .header("Mcp-Session-Id", session)
            .POST(HttpRequest.BodyPublishers.ofString(toolCall("stream")))
            .build();
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      // The first event arrives while the replica still holds the second: nothing is buffered.
      // (The deadline only keeps a buffering gateway from hanging the build.)
      String first =
          CompletableFuture.supplyAsync(() -> nextData(reader)).get(30, TimeUnit.SECONDS);
      assertThat(first).contains("notifications/progress");
      McpStandIn.A.releaseStream();
      McpStandIn.B.releaseStream();
      String second =
          CompletableFuture.supplyAsync(() -> nextData(reader)).get(30, TimeUnit.SECONDS);
      assertThat(second).contains("\"result\"");
    }
  }

  private static String nextData(BufferedReader reader) {
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("data:")) {
          return line;
        }
      }
      return null;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldOpenTheListeningStreamWithGet() {
    String key = key("read:contacts");
    String session = initialize(key);
    Response response =
        as(key).header("Accept", "text/event-stream").header("Mcp-Session-Id", session).get("/mcp");
    response.then().statusCode(200).contentType("text/event-stream");
    assertThat(response.asString()).contains("\"replica\"");
  }

  @Test
  void shouldCloseTheUpstreamSessionOnEveryReplicaOnDelete() {
    String key = key("read:contacts");
    String session = initialize(key);
    Set<String> upstream = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      upstream.add(
          mcp(key, session).body(TOOLS_LIST).post("/mcp").jsonPath().getString("result.session"));
    }
    assertThat(upstream).hasSize(2);
    as(key).header("Mcp-Session-Id", session).delete("/mcp").then().statusCode(204);
    for (String id : upstream) {
      assertThat(McpStandIn.A.sessions).doesNotContain(id);
      assertThat(McpStandIn.B.sessions).doesNotContain(id);
    }
    mcp(key, session)
        .body(TOOLS_LIST)
        .post("/mcp")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void shouldAnswer404ToASessionOfAnotherKeyOrCompany() {
    Api.Company company = Api.signup("builder");
    String key = Api.createKey(company, "test", null, "read:contacts");
    String sameCompany = Api.createKey(company, "test", null, "read:contacts");
    String otherMode = Api.createKey(company, "live", null, "read:contacts");
    String otherCompany = key("read:contacts");
    String session = initialize(key);
    for (String stranger : List.of(sameCompany, otherMode, otherCompany)) {
      Response response = mcp(stranger, session).body(TOOLS_LIST).post("/mcp");
      response.then().statusCode(404).contentType("application/problem+json");
      assertThat(response.jsonPath().getString("code")).isEqualTo("not_found");
    }
    assertThat(receivedFor(session)).hasSize(1);
    mcp(key, session).body(TOOLS_LIST).post("/mcp").then().statusCode(200);
  }

  @Test
  void shouldChargeListingButLeaveToolCallsToTheApiCallsTheyMake() {
    Api.Company company = Api.signup("builder");
    String key = Api.createKey(company, "test", 4, "read:contacts");
    Response init = mcp(key, null).body(initializeBody()).post("/mcp");
    assertThat(init.header("X-RateLimit-Remaining")).isEqualTo("3");
    String session = init.header("Mcp-Session-Id");
    Response call = mcp(key, session).body(toolCall("whoami")).post("/mcp");
    call.then().statusCode(200);
    assertThat(call.header("X-RateLimit-Remaining")).isEqualTo("3");
    for (String expected : List.of("2", "1", "0")) {
      Response list = mcp(key, session).body(TOOLS_LIST).post("/mcp");
      list.then().statusCode(200);
      assertThat(list.header("X-RateLimit-Remaining")).isEqualTo(expected);
    }
    // The limit spent, a tool call is refused before it reaches mcp-service.
    int before = receivedFor(session).size();
    Response limited = mcp(key, session).body(toolCall("whoami")).post("/mcp");
    limited.then().statusCode(429).contentType("application/problem+json");
    assertThat(limited.jsonPath().getString("code")).isEqualTo("rate_limit_exceeded");
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
    assertThat(receivedFor(session)).hasSize(before);
  }

  @Test
  void shouldCheckTheOriginAndForwardOnlyALoopbackOne() {
    String key = key("read:contacts");
    for (String evil : List.of("https://evil.example", "http://localhost.evil.example")) {
      Response refused = mcp(key, null).header("Origin", evil).body(initializeBody()).post("/mcp");
      refused.then().statusCode(403).contentType("application/problem+json");
      assertThat(refused.jsonPath().getString("code")).isEqualTo("forbidden");
    }
    String local =
        mcp(key, null)
            .header("Origin", "http://localhost:6274")
            .body(initializeBody())
            .post("/mcp")
            .then()
            .statusCode(200)
            .extract()
            .header("Mcp-Session-Id");
    assertThat(receivedFor(local).get(0).headers().get("Origin"))
        .isEqualTo("http://localhost:6274");
    String allowed =
        mcp(key, null)
            .header("Origin", "https://app.example.com")
            .body(initializeBody())
            .post("/mcp")
            .then()
            .statusCode(200)
            .extract()
            .header("Mcp-Session-Id");
    assertThat(receivedFor(allowed).get(0).headers().get("Origin")).isNull();
  }

  @Test
  void shouldRefuseAnMcpRequestWithoutAValidKey() {
    io.restassured.RestAssured.given()
        .header("Accept", ACCEPT)
        .contentType(ContentType.JSON)
        .body(initializeBody())
        .post("/mcp")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }
}
