package dev.solid.mcp.hop;

/** The headers of the gateway → mcp-service → gateway hop (the contract with the gateway). */
public final class HopHeaders {
  /** The caller's Authorization header, verbatim, set by the gateway on an MCP request. */
  public static final String CALLER_AUTHORIZATION = "Solid-Caller-Authorization";

  /** The client-facing MCP session id, set by the gateway (it owns the session mapping). */
  public static final String MCP_SESSION = "Solid-Mcp-Session";

  /** The transport's own session header (a client talking to mcp-service directly, in tests). */
  public static final String TRANSPORT_SESSION = "Mcp-Session-Id";

  /**
   * Sent by mcp-service on its API calls: the internal JWT it received, proof that the gateway
   * already authenticated the caller of this request.
   */
  public static final String DELEGATION = "Solid-Delegation";

  public static final String RATE_LIMIT_LIMIT = "X-RateLimit-Limit";
  public static final String RATE_LIMIT_REMAINING = "X-RateLimit-Remaining";
  public static final String RATE_LIMIT_RESET = "X-RateLimit-Reset";

  private HopHeaders() {}
}
