package dev.solid.gateway.proxy;

import io.vertx.core.http.HttpMethod;

/**
 * One line of the route table: which requests (method, path), who may make them, and where they go:
 * to an upstream service (optionally under another path, for the seed's {@code /v1/…} aliases) or
 * to a handler inside the gateway.
 */
public record Route(
    HttpMethod method, PathPattern path, Access access, Target target, ScopeRule scopes) {

  /** Who may call a route. */
  public enum Access {
    /** No credentials (signup, login); limited per client address instead. */
    PUBLIC,
    /**
     * Callbacks from messaging providers (Twilio, Telegram): no API key, any content type; the
     * service verifies the provider's signature. Limited per client address.
     */
    PROVIDER_CALLBACK,
    /**
     * Pages the platform hosts for a company's customers (checkout, hosted invoice): no API key,
     * any content type (HTML forms), the service's HTML answers passed through, errors included.
     * The unguessable token in the path names the object; the service checks it. Limited per client
     * address.
     */
    HOSTED_PAGE,
    /** An API key. */
    API_KEY,
    /** An API key or the company owner's session token. */
    API_KEY_OR_OWNER;

    /**
     * Callbacks and hosted pages: no credentials, any content type, limited per client address; the
     * service verifies what the request carries (a provider's signature, a page token).
     */
    public boolean unauthenticated() {
      return this == PROVIDER_CALLBACK || this == HOSTED_PAGE;
    }
  }

  /**
   * The scope a key needs for a route, checked by the gateway before anything else looks at the
   * request (in particular before an idempotent replay, which must never hand a stored answer to a
   * key that could not have made the request). Reads (GET, HEAD) need {@code read}, every other
   * method {@code write}. The service checks again; this is the gateway's copy of its rule.
   */
  public record ScopeRule(String read, String write) {
    public String requiredFor(HttpMethod method) {
      return method == HttpMethod.GET || method == HttpMethod.HEAD ? read : write;
    }
  }

  /** Where a matched request goes. */
  public sealed interface Target {}

  /**
   * Forward to the named service. When {@code rewriteTo} is set, the matched prefix is replaced by
   * it (alias routes).
   */
  public record Service(String name, String rewriteTo) implements Target {}

  /**
   * The MCP server (Streamable HTTP) of the named service, through the gateway's MCP hop: sessions
   * owned by the gateway across the service's replicas, answers passed through verbatim, no
   * idempotency store, charged by JSON-RPC method. When {@code rewriteTo} is set, the matched
   * prefix is replaced by it (seed 001's {@code /mcp}).
   */
  public record McpServer(String name, String rewriteTo) implements Target {}

  /**
   * Handle inside the gateway. When {@code idempotent} is false an Idempotency-Key is ignored and
   * nothing is stored in Redis (login: not a state change, and its answer is a secret).
   */
  public record Local(LocalHandler handler, boolean idempotent) implements Target {}

  /** Every method under a prefix goes to a service, unchanged. */
  public static Route service(String prefix, String service) {
    return new Route(
        null, PathPattern.prefix(prefix), Access.API_KEY, new Service(service, null), null);
  }

  /** Like {@link #service} but the company owner's session token is accepted too. */
  public static Route ownerOrKey(String prefix, String service) {
    return new Route(
        null,
        PathPattern.prefix(prefix),
        Access.API_KEY_OR_OWNER,
        new Service(service, null),
        null);
  }

  /** Provider callbacks under a prefix go to a service unauthenticated (it verifies them). */
  public static Route providerCallback(String prefix, String service) {
    return new Route(
        null,
        PathPattern.prefix(prefix),
        Access.PROVIDER_CALLBACK,
        new Service(service, null),
        null);
  }

  /**
   * Hosted pages under a prefix go to a service unauthenticated (the token in the path decides).
   */
  public static Route hostedPage(String prefix, String service) {
    return new Route(
        null, PathPattern.prefix(prefix), Access.HOSTED_PAGE, new Service(service, null), null);
  }

  /** Every method under a prefix goes to the MCP server of a service (see {@link McpServer}). */
  public static Route mcp(String prefix, String service) {
    return new Route(
        null, PathPattern.prefix(prefix), Access.API_KEY, new McpServer(service, null), null);
  }

  /** Like {@link #mcp}, under another prefix than the service's. */
  public static Route mcpAlias(String alias, String canonical, String service) {
    return new Route(
        null, PathPattern.prefix(alias), Access.API_KEY, new McpServer(service, canonical), null);
  }

  /** Every method under {@code alias} goes to the service under {@code canonical}. */
  public static Route alias(String alias, String canonical, String service) {
    return new Route(
        null, PathPattern.prefix(alias), Access.API_KEY, new Service(service, canonical), null);
  }

  public static Route local(
      HttpMethod method, String template, Access access, LocalHandler handler) {
    return new Route(
        method, PathPattern.template(template), access, new Local(handler, true), null);
  }

  /**
   * This route with the scopes it needs: {@code read} for GET/HEAD, {@code write} for the rest (the
   * same scope twice when every method needs it). A route without a rule leaves the check to its
   * target, and its idempotency records are then kept per key rather than per company and mode.
   */
  public Route needs(String read, String write) {
    return new Route(method, path, access, target, new ScopeRule(read, write));
  }

  /** This route with the company owner's session token accepted besides API keys. */
  public Route orOwner() {
    return new Route(method, path, Access.API_KEY_OR_OWNER, target, scopes);
  }

  /** This local route with Idempotency-Key ignored: never stored, never replayed. */
  public Route withoutIdempotency() {
    Local local = (Local) target;
    return new Route(method, path, access, new Local(local.handler(), false), scopes);
  }

  /** Like {@link #needs(String, String)} for a route whose every method needs one scope. */
  public Route needs(String scope) {
    return needs(scope, scope);
  }

  /** The path the target sees. */
  public String targetPath(String requestPath) {
    if (target instanceof Service service && service.rewriteTo() != null) {
      return service.rewriteTo() + requestPath.substring(path.text().length());
    }
    if (target instanceof McpServer mcp && mcp.rewriteTo() != null) {
      return mcp.rewriteTo() + requestPath.substring(path.text().length());
    }
    return requestPath;
  }
}
