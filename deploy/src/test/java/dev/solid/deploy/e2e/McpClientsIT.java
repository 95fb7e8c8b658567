package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MCP server through the gateway, driven by the real clients an assistant uses: the official
 * TypeScript SDK over Streamable HTTP, mcp-remote launched as seed 001's claude_desktop_config.json
 * launches it (driven over stdio by the SDK), and the inspector CLI. The flows live in
 * tools/node/mcp/client-flows.mjs, which fails on any wrong answer: every tool with valid and
 * invalid input, scope refusal for a read-only key, pagination, an idempotent retry.
 */
@ExtendWith(SolidStack.class)
class McpClientsIT {
  private static final List<String> READ_ONLY = List.of("read:contacts", "read:messages");

  @Test
  void shouldServeEveryFlowToTheSdkOverStreamableHttp(Api api) throws Exception {
    NodeTools.Result run = flows(api, "sdk-http", "/api/mcp");
    assertThat(run.output()).as(run.output()).contains("MCP FLOWS PASSED (sdk-http)");
    assertThat(run.exit()).as(run.output()).isZero();
  }

  @Test
  void shouldServeEveryFlowThroughMcpRemoteAsClaudeDesktopLaunchesIt(Api api) throws Exception {
    // Seed 001's URL form: the /mcp alias.
    NodeTools.Result run = flows(api, "mcp-remote", "/mcp");
    assertThat(run.output()).as(run.output()).contains("MCP FLOWS PASSED (mcp-remote)");
    assertThat(run.exit()).as(run.output()).isZero();
  }

  @Test
  void shouldListTheToolsToTheInspectorCli(Api api) throws Exception {
    Api.Company company = api.newCompany();
    NodeTools.Result run =
        NodeTools.binStdout(
            "mcp-inspector-cli",
            List.of(
                "--cli",
                api.base().resolve("/api/mcp").toString(),
                "--transport",
                "http",
                "--method",
                "tools/list",
                "--header",
                "Authorization: Bearer " + company.testKey()),
            180);
    assertThat(run.exit()).as(run.output()).isZero();
    JsonNode tools = Api.JSON.readTree(run.output()).path("tools");
    List<String> names = new ArrayList<>();
    tools.forEach(t -> names.add(t.path("name").asText()));
    assertThat(names).contains("search_contacts", "send_message", "whoami").hasSizeBetween(25, 40);
  }

  @Test
  void shouldNegotiateEachProtocolVersionThroughTheGateway(Api api) {
    Api.Company company = api.newCompany();
    for (String version : List.of("2025-11-25", "2025-06-18", "2025-03-26")) {
      Api.Response init = initialize(api, company.testKey(), version, null);
      assertThat(init.status()).as("%s", init).isEqualTo(200);
      assertThat(McpMessages.of(init).path("result").path("protocolVersion").asText())
          .isEqualTo(version);
      assertThat(init.header("Mcp-Session-Id")).isPresent();
    }
  }

  @Test
  void shouldRefuseABrowserOriginThatIsNotAllowed(Api api) {
    Api.Company company = api.newCompany();
    Api.Response foreign = initialize(api, company.testKey(), "2025-11-25", "http://evil.example");
    assertThat(foreign.status()).as("%s", foreign).isEqualTo(403);
  }

  @Test
  void shouldRefuseAnMcpRequestWithoutCredentials(Api api) {
    Api.Response anonymous =
        api.post("/api/mcp")
            .header("Accept", "application/json, text/event-stream")
            .json(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list"))
            .send();
    assertThat(anonymous.status()).as("%s", anonymous).isEqualTo(401);
  }

  private static Api.Response initialize(Api api, String key, String version, String origin) {
    Api.Call call =
        api.post("/api/mcp")
            .bearer(key)
            .header("Accept", "application/json, text/event-stream")
            .json(
                Map.of(
                    "jsonrpc",
                    "2.0",
                    "id",
                    1,
                    "method",
                    "initialize",
                    "params",
                    Map.of(
                        "protocolVersion",
                        version,
                        "capabilities",
                        Map.of(),
                        "clientInfo",
                        Map.of("name", "e2e", "version", "1"))));
    if (origin != null) {
      call.header("Origin", origin);
    }
    return call.send();
  }

  private static NodeTools.Result flows(Api api, String flavour, String path) throws Exception {
    Api.Company company = api.newCompany();
    String reader =
        api.createKey(company.ownerToken(), "summarizer", READ_ONLY, "test", null)
            .path("key")
            .asText();
    NodeTools.Result run =
        NodeTools.node(
            "mcp/client-flows.mjs",
            Map.of(
                "MCP_CLIENT", flavour,
                "MCP_URL", api.base().resolve(path).toString(),
                "API_URL", api.base().toString(),
                "SOLID_KEY", company.testKey(),
                "SOLID_READONLY_KEY", reader,
                "SOLID_OWNER_TOKEN", company.ownerToken()),
            600);
    System.out.println(run.output());
    return run;
  }

  /** The JSON-RPC message of an MCP answer, sent as JSON or as an SSE event. */
  static final class McpMessages {
    private McpMessages() {}

    static JsonNode of(Api.Response response) {
      String body = response.body();
      if (!body.startsWith("{")) {
        for (String line : body.split("\n")) {
          if (line.startsWith("data:")) {
            body = line.substring(5).trim();
            break;
          }
        }
      }
      try {
        return Api.JSON.readTree(body);
      } catch (java.io.IOException e) {
        throw new AssertionError("Not a JSON-RPC message: " + response, e);
      }
    }
  }
}
