package dev.solid.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.util.Set;

/**
 * What the gateway needs to know of an MCP request's JSON-RPC body, peeked, never changed: whether
 * it opens a session ({@code initialize}) and whether it pays for itself through the API calls it
 * makes.
 *
 * <p>Rate accounting: a tool call costs the key what its API calls cost, not one more for the MCP
 * hop. {@code tools/call}, {@code resources/read} and {@code prompts/get} run tools or read CRM
 * data through the public API, which counts every call; they are not counted here (only checked:
 * with the limit spent they get 429 like any request). Every other request (initialize, ping, the
 * list methods, notifications, a GET opening the event stream, a DELETE closing the session) makes
 * no API call by itself and counts one, like a REST request. A batch (protocol 2025-03-26) counts
 * one unless every message in it pays for itself.
 */
record McpMessages(boolean initialize, boolean paidByApiCalls, String method) {
  static final Set<String> PAID_BY_API_CALLS =
      Set.of("tools/call", "resources/read", "prompts/get");

  static McpMessages of(ObjectMapper mapper, HttpMethod httpMethod, Buffer body) {
    if (httpMethod != HttpMethod.POST || body == null || body.length() == 0) {
      return new McpMessages(false, false, null);
    }
    JsonNode json;
    try {
      json = mapper.readTree(body.getBytes());
    } catch (IOException e) {
      // The pipeline checked the syntax already; mcp-service answers whatever this is.
      return new McpMessages(false, false, null);
    }
    if (json != null && json.isObject()) {
      String method = json.path("method").asText(null);
      return new McpMessages(
          "initialize".equals(method),
          method != null && PAID_BY_API_CALLS.contains(method),
          method);
    }
    if (json != null && json.isArray() && !json.isEmpty()) {
      boolean paid = true;
      for (JsonNode message : json) {
        paid &= PAID_BY_API_CALLS.contains(message.path("method").asText(""));
      }
      return new McpMessages(false, paid, "batch");
    }
    return new McpMessages(false, false, null);
  }
}
