package dev.solid.common.caller;

/**
 * The contract of the short-lived internal JWT the gateway mints for every request it forwards.
 * Services trust only this token (signature, issuer, audience, expiry), never raw headers.
 */
public final class InternalToken {
  public static final String ISSUER = "solid-gateway";
  public static final String AUDIENCE = "solid-internal";

  /** Company id (number). */
  public static final String COMPANY_ID = "cid";

  /** true for live mode, false for test mode. */
  public static final String LIVEMODE = "live";

  /** Id of the API key that made the request; absent for an owner session. */
  public static final String KEY_ID = "key_id";

  /**
   * Id of the OAuth grant whose access token made the request (an MCP client the owner authorized);
   * absent otherwise. Such a caller acts as {@link #ACTOR_API_KEY}, without {@link #KEY_ID}.
   */
  public static final String GRANT_ID = "grant_id";

  /** Who acts: {@link #ACTOR_API_KEY} or {@link #ACTOR_OWNER}. */
  public static final String ACTOR = "act";

  /** The gateway's request id. */
  public static final String REQUEST_ID = "rid";

  /** Scopes travel in the standard MicroProfile JWT {@code groups} claim. */
  public static final String SCOPES = "groups";

  public static final String ACTOR_API_KEY = "api_key";
  public static final String ACTOR_OWNER = "owner";

  private InternalToken() {}
}
