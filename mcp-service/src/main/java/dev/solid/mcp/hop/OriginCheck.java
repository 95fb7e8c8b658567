package dev.solid.mcp.hop;

import dev.solid.mcp.McpConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;

/**
 * The Streamable HTTP transport's DNS-rebinding defence: a request to the MCP endpoint with an
 * Origin header that is not allowed gets 403, whatever address the service binds to.
 *
 * <p>The extension's own check (kept on) only runs when the service binds to a loopback address; in
 * a cluster the service binds to every interface, so this filter applies the same rule there, with
 * the operator's list of origins ({@code solid.mcp.allowed-origins}).
 */
@ApplicationScoped
public class OriginCheck {
  /** Before the MCP endpoint and authentication (higher runs first). */
  private static final int PRIORITY = 100;

  private final List<String> allowed;

  public OriginCheck(McpConfig config) {
    this.allowed = config.allowedOrigins().stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
  }

  void register(@Observes Filters filters) {
    filters.register(
        ctx -> {
          String path = ctx.normalizedPath();
          String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
          if (origin != null
              && (path.equals("/api/mcp") || path.startsWith("/api/mcp/"))
              && !allows(origin)) {
            ctx.response()
                .setStatusCode(403)
                .putHeader("Content-Type", "application/json")
                .end(
                    "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,"
                        + "\"message\":\"Origin not allowed\"}}");
            return;
          }
          ctx.next();
        },
        PRIORITY);
  }

  boolean allows(String origin) {
    String candidate = origin.trim().toLowerCase(Locale.ROOT);
    for (String rule : allowed) {
      if (rule.endsWith(":*")) {
        String host = rule.substring(0, rule.length() - 2);
        if (candidate.equals(host)
            || candidate.matches(java.util.regex.Pattern.quote(host) + ":[0-9]{1,5}")) {
          return true;
        }
      } else if (candidate.equals(rule)) {
        return true;
      }
    }
    return false;
  }
}
