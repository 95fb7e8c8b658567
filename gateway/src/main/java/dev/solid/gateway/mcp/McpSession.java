package dev.solid.gateway.mcp;

import dev.solid.gateway.auth.Delegations;
import dev.solid.gateway.auth.Principal;
import java.util.Map;
import java.util.Set;

/**
 * An MCP session as the gateway keeps it: the client-facing id, whose it is ({@code owner}: the
 * company, the mode and the digest of the credential that opened it), the initialize request that
 * opened it, the protocol version asked for then, and the upstream session id per mcp-service
 * replica ({@code host:port}) it has been used on.
 */
public record McpSession(
    String id,
    Map<String, String> owner,
    String initializeBody,
    String protocolVersion,
    Map<String, String> upstream) {

  static final Set<String> OWNER_FIELDS = Set.of("company", "mode", "credential");

  /** Who may use a session opened by this caller with this credential. */
  static Map<String, String> ownerOf(Principal principal, String authorization) {
    return Map.of(
        "company",
        Long.toString(principal.companyId()),
        "mode",
        principal.livemode() ? "live" : "test",
        "credential",
        Delegations.credentialDigest(authorization));
  }

  /**
   * Whether this caller may use the session: the same company, mode and credential. Anyone else
   * gets 404, as if the session did not exist (it does not, for them).
   */
  boolean belongsTo(Principal principal, String authorization) {
    return owner.equals(ownerOf(principal, authorization));
  }
}
