package dev.solid.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The platform's services: their Maven module, default local port and how the gateway finds them.
 */
public enum Service {
  CRM("crm-service", 8081, "SOLID_CRM_PORT", "SOLID_GATEWAY_SERVICES_CRM"),
  MESSAGING("messaging-service", 8082, "SOLID_MESSAGING_PORT", "SOLID_GATEWAY_SERVICES_MESSAGING"),
  PAYMENTS("payments-service", 8083, "SOLID_PAYMENTS_PORT", "SOLID_GATEWAY_SERVICES_PAYMENTS"),
  WEBHOOKS(
      "webhook-dispatcher",
      8084,
      "SOLID_WEBHOOK_DISPATCHER_PORT",
      "SOLID_GATEWAY_SERVICES_WEBHOOKS"),
  MCP("mcp-service", 8085, "SOLID_MCP_PORT", "SOLID_GATEWAY_SERVICES_MCP"),
  GATEWAY("gateway", 8080, "SOLID_GATEWAY_PORT", null);

  private final String module;
  private final int defaultPort;
  private final String portVariable;
  private final String gatewayUpstreamVariable;

  Service(String module, int defaultPort, String portVariable, String gatewayUpstreamVariable) {
    this.module = module;
    this.defaultPort = defaultPort;
    this.portVariable = portVariable;
    this.gatewayUpstreamVariable = gatewayUpstreamVariable;
  }

  /** Every service behind the gateway, in start order. */
  public static List<Service> backends() {
    return List.of(CRM, MESSAGING, PAYMENTS, WEBHOOKS, MCP);
  }

  /** The Maven module, also the process name in logs. */
  public String module() {
    return module;
  }

  public int defaultPort() {
    return defaultPort;
  }

  /** Environment variable that overrides the local port. */
  public String portVariable() {
    return portVariable;
  }

  /** Environment variable telling the gateway this service's base URL; empty for the gateway. */
  public Optional<String> gatewayUpstreamVariable() {
    return Optional.ofNullable(gatewayUpstreamVariable);
  }

  /** The runnable Quarkus jar inside the repository. */
  public Path runnableJar(Path repositoryRoot) {
    return repositoryRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
  }
}
