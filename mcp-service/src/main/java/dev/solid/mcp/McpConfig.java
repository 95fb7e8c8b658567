package dev.solid.mcp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The MCP server's settings ({@code solid.mcp.*}, e.g. {@code SOLID_MCP_GATEWAY_URL}). */
@ConfigMapping(prefix = "solid.mcp")
public interface McpConfig {

  /**
   * The gateway every tool calls the public API through, with the caller's own credentials. Never a
   * service directly: scopes, tenancy, rate limits and idempotency are the gateway's.
   */
  @WithDefault("http://127.0.0.1:8080")
  String gatewayUrl();

  /** How long one public API call of a tool may take before the tool reports a timeout. */
  @WithDefault("15s")
  Duration callTimeout();

  /**
   * Origins a browser-borne MCP request may come from (exact scheme://host[:port], or ending in
   * ":*" for any port). A request without an Origin header (every non-browser client) passes.
   */
  @WithDefault("http://localhost:*,http://127.0.0.1:*,https://localhost:*,https://127.0.0.1:*")
  List<String> allowedOrigins();
}
