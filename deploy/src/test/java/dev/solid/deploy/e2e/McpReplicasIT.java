package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.solid.deploy.LocalPlatform;
import dev.solid.deploy.Service;
import dev.solid.infra.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One MCP session, held by the official TypeScript SDK, served by two mcp-service replicas behind a
 * gateway, one of which restarts in the middle: the gateway owns the session (in Redis), opens it
 * on the replica that has not seen it yet, and the client notices nothing of the restart. (The
 * gateway's replay of initialize to a replica that answers 404 for a forgotten session is proven
 * against a stand-in in the gateway's McpHopTest: mcp-service runs with the extension's auto-init,
 * fixed at build time, so a restarted replica serves an unknown session instead of answering 404.)
 */
@ExtendWith(SolidStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpReplicasIT {
  private LocalPlatform platform;
  private LocalPlatform.ServiceReplica first;
  private LocalPlatform.ServiceReplica second;
  private LocalPlatform.ServiceReplica gateway;
  private int secondPort;
  private int gatewayPort;

  @BeforeAll
  void startReplicas(LocalPlatform platform) {
    this.platform = platform;
    int firstPort = Ports.free();
    first = platform.startReplica(Service.MCP, firstPort, Map.of());
    secondPort = Ports.free();
    second = platform.startReplica(Service.MCP, secondPort, Map.of());
    gatewayPort = Ports.free();
    gateway =
        platform.startReplica(
            Service.GATEWAY,
            gatewayPort,
            Map.of(
                "SOLID_GATEWAY_SERVICES_MCP",
                "http://127.0.0.1:" + firstPort + ",http://127.0.0.1:" + secondPort));
  }

  @AfterAll
  void stopReplicas() {
    for (LocalPlatform.ServiceReplica replica :
        new LocalPlatform.ServiceReplica[] {gateway, second, first}) {
      if (replica != null) {
        replica.close();
      }
    }
  }

  @Test
  void shouldKeepOneSessionAcrossTwoReplicasAndARestartOfOne(Api api) throws Exception {
    Api.Company company = api.newCompany();
    String token = "replica" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 2; i++) {
      Api.Response created =
          api.post("/api/v1/crm/contacts")
              .bearer(company.testKey())
              .json(Map.of("name", "Ann " + token + " " + i, "email", i + token + "@example.com"))
              .send();
      assertThat(created.status()).as("%s", created).isEqualTo(201);
    }
    String mcpUrl = "http://localhost:" + gatewayPort + "/mcp";

    NodeTools.Result open = flows("open", mcpUrl, company, token, null);
    Matcher matcher = Pattern.compile("SESSION (mcps_\\S+)").matcher(open.output());
    assertThat(matcher.find()).as(open.output()).isTrue();
    String session = matcher.group(1);

    // A stranger with the session id gets nothing of it.
    Api.Response stranger =
        new Api(gateway.url())
            .post("/mcp")
            .bearer(api.newCompany().testKey())
            .header("Accept", "application/json, text/event-stream")
            .header("Mcp-Session-Id", session)
            .json(Map.of("jsonrpc", "2.0", "id", 9, "method", "tools/list"))
            .send();
    assertThat(stranger.status()).as("%s", stranger).isEqualTo(404);

    second.close();
    second = platform.startReplica(Service.MCP, secondPort, Map.of());

    NodeTools.Result resumed = flows("resume", mcpUrl, company, token, session);
    assertThat(resumed.output()).contains("MCP REPLICA FLOWS PASSED (resume");

    Path logs = platform.options().logDirectory();
    Path gatewayLog = logs.resolve("gateway-" + gatewayPort + ".log");
    await("the gateway's log of the session")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(Files.readString(gatewayLog))
                    .contains("MCP session " + session + " opened")
                    .contains("MCP session " + session + " re-initialized on replica 127.0.0.1:")
                    .contains("MCP session " + session + " closed by the client"));
    // The restarted replica took its share of the resumed session.
    String restarted = Files.readString(logs.resolve("mcp-service-" + secondPort + ".log"));
    assertThat(restarted.substring(restarted.lastIndexOf("started in")))
        .contains("POST /api/mcp 200");
  }

  private static NodeTools.Result flows(
      String phase, String mcpUrl, Api.Company company, String token, String session)
      throws Exception {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("MCP_PHASE", phase);
    env.put("MCP_URL", mcpUrl);
    env.put("SOLID_KEY", company.testKey());
    env.put("COMPANY_ID", company.id());
    env.put("CONTACT_TOKEN", token);
    if (session != null) {
      env.put("MCP_SESSION", session);
    }
    NodeTools.Result run = NodeTools.node("mcp/replica-flows.mjs", env, 300);
    System.out.println(run.output());
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).as(run.output()).contains("MCP REPLICA FLOWS PASSED (" + phase);
    return run;
  }
}
