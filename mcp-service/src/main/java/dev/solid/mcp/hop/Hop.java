package dev.solid.mcp.hop;

import java.util.Set;

/**
 * One MCP request as the gateway forwarded it: whose credentials the tools call the API with, and
 * what the caller may do.
 *
 * @param callerAuthorization the caller's own Authorization header, verbatim ({@code
 *     Solid-Caller-Authorization})
 * @param delegation the internal JWT this request arrived with, sent back to the gateway as {@code
 *     Solid-Delegation} so that it does not look the key up again
 * @param grantId the OAuth grant of an MCP client's access token, else null
 * @param scopes the caller's scopes (the JWT's {@code groups})
 * @param session the client-facing MCP session id ({@code Solid-Mcp-Session}, else the transport's
 *     own {@code Mcp-Session-Id})
 * @param rateLimit what the gateway said about the caller's rate limit on this request, if it did
 */
public record Hop(
    String callerAuthorization,
    String delegation,
    long companyId,
    boolean livemode,
    Long keyId,
    Long grantId,
    boolean owner,
    Set<String> scopes,
    String requestId,
    String session,
    RateLimit rateLimit) {

  public Hop {
    scopes = Set.copyOf(scopes);
  }

  public String mode() {
    return livemode ? "live" : "test";
  }

  /** The rate limit headers the gateway passed on the hop; any of them may be null. */
  public record RateLimit(Long limit, Long remaining, Long resetSeconds) {}
}
