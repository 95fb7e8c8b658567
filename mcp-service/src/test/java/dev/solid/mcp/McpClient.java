package dev.solid.mcp;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A minimal MCP client over Streamable HTTP for the service's own tests, speaking JSON-RPC as the
 * gateway forwards it: the internal JWT, the caller's Authorization and the MCP session.
 */
final class McpClient {
  static final String CALLER = "Bearer sk_solid_test_caller0000000000000000";

  private final String token;
  private final Map<String, String> extraHeaders;
  private String session;
  private int nextId = 1;

  McpClient(String token) {
    this(token, Map.of());
  }

  McpClient(String token, Map<String, String> extraHeaders) {
    this.token = token;
    this.extraHeaders = extraHeaders;
  }

  /** Initializes a session with {@code version}, and returns the initialize result. */
  JsonObject initialize(String version) {
    Response response =
        post(
            new JsonObject()
                .put("jsonrpc", "2.0")
                .put("id", nextId++)
                .put("method", "initialize")
                .put(
                    "params",
                    new JsonObject()
                        .put("protocolVersion", version)
                        .put("capabilities", new JsonObject())
                        .put(
                            "clientInfo",
                            new JsonObject().put("name", "mcp-service-test").put("version", "1"))));
    session = response.header("Mcp-Session-Id");
    JsonObject result = body(response);
    post(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
    return result;
  }

  JsonObject request(String method, JsonObject params) {
    return request(nextId++, method, params);
  }

  JsonObject request(Object id, String method, JsonObject params) {
    return body(
        post(
            new JsonObject()
                .put("jsonrpc", "2.0")
                .put("id", id)
                .put("method", method)
                .put("params", params)));
  }

  /** tools/call; the JSON-RPC result (content, structuredContent, isError). */
  JsonObject callTool(String name, JsonObject arguments) {
    return callTool(nextId++, name, arguments);
  }

  JsonObject callTool(Object id, String name, JsonObject arguments) {
    JsonObject answer =
        request(id, "tools/call", new JsonObject().put("name", name).put("arguments", arguments));
    if (answer.containsKey("error")) {
      throw new AssertionError("A protocol error instead of a tool result: " + answer);
    }
    return answer.getJsonObject("result");
  }

  Response post(JsonObject message) {
    var spec =
        given()
            .header("Authorization", "Bearer " + token)
            .header("Solid-Caller-Authorization", CALLER)
            .header("Accept", "application/json, text/event-stream")
            .contentType("application/json")
            .headers(extraHeaders);
    if (session != null) {
      spec.header("Mcp-Session-Id", session);
    }
    return spec.body(message.encode()).post("/api/mcp");
  }

  String session() {
    return session;
  }

  /** The JSON-RPC message of a response, sent as JSON or as one SSE event. */
  static JsonObject body(Response response) {
    String text = response.asString();
    if (text.startsWith("{")) {
      return new JsonObject(text);
    }
    for (String line : text.split("\n")) {
      if (line.startsWith("data:")) {
        return new JsonObject(line.substring(5).trim());
      }
    }
    throw new AssertionError("No JSON-RPC message in: " + response.statusCode() + " " + text);
  }
}
