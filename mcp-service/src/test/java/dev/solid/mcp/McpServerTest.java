package dev.solid.mcp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.common.caller.Scopes;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "postgres", value = "false"),
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "false")
    })
@QuarkusTestResource(GatewayStandIn.class)
class McpServerTest {
  static final String[] ALL_SCOPES = {
    Scopes.READ_CONTACTS,
    Scopes.WRITE_CONTACTS,
    Scopes.READ_MESSAGES,
    Scopes.WRITE_MESSAGES,
    Scopes.READ_ANALYTICS,
    Scopes.MANAGE_SEQUENCES,
    Scopes.READ_DEALS,
    Scopes.WRITE_DEALS,
    Scopes.READ_ACTIVITIES,
    Scopes.WRITE_ACTIVITIES,
    Scopes.READ_PAYMENTS,
    Scopes.WRITE_PAYMENTS
  };
  static final List<String> ISSUE_TOOLS =
      List.of(
          "search_contacts",
          "get_contact",
          "upsert_contact",
          "tag_contact",
          "get_contact_timeline",
          "search_deals",
          "get_deal",
          "create_deal",
          "move_deal_stage",
          "list_pipelines",
          "log_activity",
          "create_task",
          "complete_task",
          "list_tasks",
          "send_message",
          "list_conversation",
          "list_sender_accounts",
          "list_sequences",
          "enroll_in_sequence",
          "pause_enrollment",
          "resume_enrollment",
          "get_funnel",
          "get_pipeline_stats",
          "get_forecast",
          "get_sequence_stats",
          "get_revenue",
          "list_orders",
          "create_payment_link",
          "get_invoice",
          "whoami");

  @GatewayStandIn.Inject GatewayStandIn gateway;

  @BeforeEach
  void resetStandIn() {
    gateway.reset();
  }

  private static McpClient client(String... scopes) {
    McpClient client = new McpClient(TestTokens.apiKey(7, false, scopes));
    client.initialize("2025-11-25");
    return client;
  }

  @Test
  void shouldNegotiateEachSupportedProtocolVersion() {
    for (String version : List.of("2025-11-25", "2025-06-18", "2025-03-26")) {
      JsonObject result =
          new McpClient(TestTokens.apiKey(7, false)).initialize(version).getJsonObject("result");
      assertThat(result.getString("protocolVersion")).isEqualTo(version);
      assertThat(result.getJsonObject("capabilities").containsKey("tools")).isTrue();
    }
  }

  @Test
  void shouldListEveryToolWithItsScopeSchemasAndAnnotations() {
    JsonArray tools =
        client()
            .request("tools/list", new JsonObject())
            .getJsonObject("result")
            .getJsonArray("tools");
    Map<String, JsonObject> byName =
        tools.stream()
            .map(JsonObject.class::cast)
            .collect(Collectors.toMap(t -> t.getString("name"), t -> t));
    assertThat(byName.keySet()).containsAll(ISSUE_TOOLS);
    assertThat(byName.size()).isBetween(25, 40);
    for (JsonObject tool : byName.values()) {
      String name = tool.getString("name");
      assertThat(name).matches("[a-z]+(_[a-z]+)+|whoami");
      assertThat(tool.getJsonObject("inputSchema").getString("type")).isEqualTo("object");
      assertThat(tool.getJsonObject("outputSchema").getString("type")).as(name).isEqualTo("object");
      JsonObject annotations = tool.getJsonObject("annotations");
      assertThat(annotations.getBoolean("destructiveHint")).as(name).isFalse();
      assertThat(tool.getJsonObject("_meta").containsKey("dev.solid/scope")).as(name).isTrue();
      String scope = tool.getJsonObject("_meta").getString("dev.solid/scope");
      if (!scope.isEmpty()) {
        assertThat(tool.getString("description")).as(name).contains(scope.split(" ")[0]);
      }
    }
    assertThat(byName.get("send_message").getJsonObject("annotations").getBoolean("openWorldHint"))
        .isTrue();
    assertThat(
            byName.get("search_contacts").getJsonObject("annotations").getBoolean("readOnlyHint"))
        .isTrue();
    assertThat(byName.get("upsert_contact").getJsonObject("_meta").getString("dev.solid/scope"))
        .isEqualTo("write:contacts");
    assertThat(
            byName
                .get("search_contacts")
                .getJsonObject("inputSchema")
                .getJsonObject("properties")
                .getJsonObject("limit")
                .getInteger("maximum"))
        .isEqualTo(50);
    assertThat(byName.keySet())
        .doesNotContain("refund_order", "cancel_subscription", "send_broadcast", "delete_contact");
  }

  @Test
  void shouldRefuseAToolWithoutItsScopeBeforeAnyApiCall() {
    McpClient readOnly = client(Scopes.READ_CONTACTS, Scopes.READ_MESSAGES);
    JsonObject result =
        readOnly.callTool("upsert_contact", new JsonObject().put("email", "a@example.com"));
    assertThat(result.getBoolean("isError")).isTrue();
    JsonObject error = result.getJsonObject("structuredContent");
    assertThat(error.getString("code")).isEqualTo("forbidden");
    assertThat(error.getString("missing_scope")).isEqualTo("write:contacts");
    assertThat(text(result)).contains("write:contacts");
    JsonObject deals = readOnly.callTool("search_deals", new JsonObject());
    assertThat(deals.getJsonObject("structuredContent").getString("missing_scope"))
        .isEqualTo("read:deals");
    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void shouldCallTheApiThroughTheGatewayWithTheCallersCredentials() {
    String token = TestTokens.apiKey(7, false, ALL_SCOPES);
    McpClient client = new McpClient(token);
    client.initialize("2025-11-25");
    gateway.answer("GET", "/api/v1/crm/contacts", 200, page(0, 20, 45));
    JsonObject first = client.callTool("search_contacts", new JsonObject().put("query", "ann"));
    assertThat(first.getBoolean("isError")).isFalse();
    JsonObject structured = first.getJsonObject("structuredContent");
    assertThat(structured.getLong("total")).isEqualTo(45);
    assertThat(structured.getBoolean("has_more")).isTrue();
    assertThat(structured.getJsonArray("items")).hasSize(20);
    GatewayStandIn.Recorded sent = gateway.requests().get(0);
    assertThat(sent.header("Authorization")).isEqualTo(McpClient.CALLER);
    assertThat(sent.header("Solid-Delegation")).isEqualTo(token);
    assertThat(sent.header("Idempotency-Key")).isNull();
    assertThat(sent.query())
        .containsEntry("search", "ann")
        .containsEntry("limit", "20")
        .containsEntry("offset", "0");

    gateway.answer("GET", "/api/v1/crm/contacts", 200, page(40, 5, 45));
    JsonObject last =
        client.callTool(
            "search_contacts",
            new JsonObject()
                .put("query", "ann")
                .put("cursor", structured.getString("next_cursor"))
                .put("limit", 20));
    assertThat(gateway.requests().get(1).query()).containsEntry("offset", "20");
    assertThat(last.getJsonObject("structuredContent").getBoolean("has_more")).isFalse();
    assertThat(last.getJsonObject("structuredContent").getValue("next_cursor")).isNull();
  }

  @Test
  void shouldDeriveOneIdempotencyKeyPerMcpRequest() {
    McpClient client = client(ALL_SCOPES);
    gateway.answer(
        "POST", "/api/v1/crm/contacts", 201, new JsonObject().put("id", 5).put("email", "a@x.io"));
    JsonObject args = new JsonObject().put("email", "a@x.io").put("name", "Ann");
    client.callTool(900, "upsert_contact", args);
    client.callTool(900, "upsert_contact", args.copy());
    client.callTool(901, "upsert_contact", args);
    client.callTool(902, "upsert_contact", args.copy().put("idempotency_key", "mine-1"));
    List<String> keys = gateway.requests().stream().map(r -> r.header("Idempotency-Key")).toList();
    assertThat(keys.get(0)).startsWith("mcp_").isEqualTo(keys.get(1));
    assertThat(keys.get(2)).isNotEqualTo(keys.get(0));
    assertThat(keys.get(3)).isEqualTo("mine-1");
    assertThat(new JsonObject(gateway.requests().get(3).body()).containsKey("idempotency_key"))
        .isFalse();
  }

  @Test
  void shouldTurnTheApisProblemIntoAToolError() {
    McpClient client = client(ALL_SCOPES);
    gateway.answer(
        "POST",
        "/api/v1/crm/deals",
        422,
        new JsonObject()
            .put("code", "validation_error")
            .put("message", "Field 'amount' must be a positive integer (cents)")
            .put(
                "details",
                new JsonArray()
                    .add(
                        new JsonObject().put("field", "amount").put("error", "must_be_positive"))));
    JsonObject invalid =
        client.callTool("create_deal", new JsonObject().put("title", "Kitchen").put("amount", 0));
    assertThat(invalid.getBoolean("isError")).isTrue();
    assertThat(invalid.getJsonObject("structuredContent").getString("code"))
        .isEqualTo("validation_error");
    assertThat(text(invalid)).contains("amount").contains("must_be_positive");

    gateway.answer(
        "GET",
        "/api/v1/crm/tasks",
        429,
        new JsonObject().put("code", "rate_limit_exceeded").put("message", "Too many requests"),
        Map.of("Retry-After", "7"));
    JsonObject limited = client.callTool("list_tasks", new JsonObject());
    assertThat(limited.getBoolean("isError")).isTrue();
    assertThat(limited.getJsonObject("structuredContent").getLong("retry_after_seconds"))
        .isEqualTo(7);
    assertThat(text(limited)).contains("Retry in 7 seconds");
  }

  @Test
  void shouldRejectArgumentsOutsideTheSchemaWithoutAnApiCall() {
    McpClient client = client(ALL_SCOPES);
    JsonObject tooMany = client.callTool("search_contacts", new JsonObject().put("limit", 500));
    assertThat(tooMany.getBoolean("isError")).isTrue();
    assertThat(tooMany.getJsonObject("structuredContent").getString("code"))
        .isEqualTo("validation_error");
    JsonObject missing = client.callTool("get_contact", new JsonObject());
    assertThat(text(missing)).contains("contact_id").contains("required");
    JsonObject badEnum =
        client.callTool("log_activity", new JsonObject().put("type", "fax").put("contact_id", 1));
    assertThat(text(badEnum)).contains("type");
    JsonObject badCursor =
        client.callTool("list_tasks", new JsonObject().put("cursor", "not-ours"));
    assertThat(text(badCursor)).contains("cursor");
    JsonObject unknown =
        client.callTool("get_deal", new JsonObject().put("deal_id", 1).put("x", 1));
    assertThat(text(unknown)).contains("unknown_argument");
    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void shouldSayPlainlyThatATestModeMessageWasNotDispatched() {
    McpClient client = client(ALL_SCOPES);
    gateway.answer(
        "POST",
        "/api/v1/messages/send",
        200,
        new JsonObject().put("id", "msg_1").put("status", "queued"));
    JsonObject sent =
        client.callTool(
            "send_message",
            new JsonObject().put("account_id", 3).put("to", "@sarah").put("text", "Hi"));
    assertThat(sent.getBoolean("isError")).isFalse();
    assertThat(sent.getJsonObject("structuredContent").getBoolean("dispatched")).isFalse();
    assertThat(text(sent)).contains("nothing was dispatched");
    assertThat(gateway.requests().get(0).header("Idempotency-Key")).startsWith("mcp_");
  }

  @Test
  void shouldTellWhoTheCallerIsWithoutAnApiCall() {
    McpClient client =
        new McpClient(
            TestTokens.apiKey(7, false, Scopes.READ_CONTACTS),
            Map.of("X-RateLimit-Remaining", "41", "X-RateLimit-Limit", "60"));
    client.initialize("2025-06-18");
    JsonObject me = client.callTool("whoami", new JsonObject()).getJsonObject("structuredContent");
    assertThat(me.getLong("company_id")).isEqualTo(7);
    assertThat(me.getString("mode")).isEqualTo("test");
    assertThat(me.getJsonArray("scopes")).containsExactly("read:contacts");
    assertThat(me.getJsonObject("rate_limit").getLong("remaining")).isEqualTo(41);
    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void shouldReadContactResourcesAndOfferTheSummarizePrompt() {
    McpClient client = client(Scopes.READ_CONTACTS, Scopes.READ_MESSAGES);
    JsonArray templates =
        client
            .request("resources/templates/list", new JsonObject())
            .getJsonObject("result")
            .getJsonArray("resourceTemplates");
    assertThat(templates.stream().map(t -> ((JsonObject) t).getString("uriTemplate")))
        .contains("solid://contacts/{id}", "solid://deals/{id}");
    gateway.answer(
        "GET", "/api/v1/crm/contacts/42", 200, new JsonObject().put("id", 42).put("name", "Ann"));
    JsonObject read =
        client.request("resources/read", new JsonObject().put("uri", "solid://contacts/42"));
    String text =
        read.getJsonObject("result").getJsonArray("contents").getJsonObject(0).getString("text");
    assertThat(new JsonObject(text).getString("name")).isEqualTo("Ann");
    JsonObject prompt =
        client.request(
            "prompts/get",
            new JsonObject()
                .put("name", "summarize_contact")
                .put("arguments", new JsonObject().put("contact_id", "42")));
    assertThat(prompt.getJsonObject("result").encode()).contains("get_contact").contains("42");
  }

  @Test
  void shouldRefuseABrowserOriginThatIsNotAllowed() {
    String token = TestTokens.apiKey(7, false);
    JsonObject init =
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", 1)
            .put("method", "initialize")
            .put(
                "params",
                new JsonObject()
                    .put("protocolVersion", "2025-11-25")
                    .put("capabilities", new JsonObject())
                    .put("clientInfo", new JsonObject().put("name", "t").put("version", "1")));
    given()
        .header("Authorization", "Bearer " + token)
        .header("Solid-Caller-Authorization", McpClient.CALLER)
        .header("Accept", "application/json, text/event-stream")
        .header("Origin", "http://evil.example")
        .contentType("application/json")
        .body(init.encode())
        .post("/api/mcp")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", "Bearer " + token)
        .header("Solid-Caller-Authorization", McpClient.CALLER)
        .header("Accept", "application/json, text/event-stream")
        .header("Origin", "http://localhost:8080")
        .contentType("application/json")
        .body(init.encode())
        .post("/api/mcp")
        .then()
        .statusCode(200);
  }

  @Test
  void shouldRefuseARequestThatDidNotComeThroughTheGateway() {
    given()
        .header("Accept", "application/json, text/event-stream")
        .contentType("application/json")
        .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
        .post("/api/mcp")
        .then()
        .statusCode(401);
  }

  private static JsonObject page(int offset, int size, int total) {
    JsonArray items = new JsonArray();
    IntStream.range(offset, offset + size)
        .forEach(i -> items.add(new JsonObject().put("id", i + 1).put("name", "Ann " + i)));
    return new JsonObject()
        .put("items", items)
        .put("total", total)
        .put("limit", size)
        .put("offset", offset)
        .put("has_more", offset + size < total);
  }

  private static String text(JsonObject result) {
    return result.getJsonArray("content").getJsonObject(0).getString("text");
  }
}
