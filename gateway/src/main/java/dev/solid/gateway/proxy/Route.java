package dev.solid.gateway.proxy;

import io.vertx.core.http.HttpMethod;

/**
 * One line of the route table: which requests (method, path), who may make them, and where they go:
 * to an upstream service (optionally under another path, for the seed's {@code /v1/…} aliases) or
 * to a handler inside the gateway.
 */
public record Route(HttpMethod method, PathPattern path, Access access, Target target) {

  /** Who may call a route. */
  public enum Access {
    /** No credentials (signup, login); limited per client address instead. */
    PUBLIC,
    /**
     * Callbacks from messaging providers (Twilio, Telegram): no API key, any content type; the
     * service verifies the provider's signature. Limited per client address.
     */
    PROVIDER_CALLBACK,
    /** An API key. */
    API_KEY,
    /** An API key or the company owner's session token. */
    API_KEY_OR_OWNER
  }

  /** Where a matched request goes. */
  public sealed interface Target {}

  /**
   * Forward to the named service. When {@code rewriteTo} is set, the matched prefix is replaced by
   * it (alias routes).
   */
  public record Service(String name, String rewriteTo) implements Target {}

  /** Handle inside the gateway. */
  public record Local(LocalHandler handler) implements Target {}

  /** Every method under a prefix goes to a service, unchanged. */
  public static Route service(String prefix, String service) {
    return new Route(null, PathPattern.prefix(prefix), Access.API_KEY, new Service(service, null));
  }

  /** Like {@link #service} but the company owner's session token is accepted too. */
  public static Route ownerOrKey(String prefix, String service) {
    return new Route(
        null, PathPattern.prefix(prefix), Access.API_KEY_OR_OWNER, new Service(service, null));
  }

  /** Provider callbacks under a prefix go to a service unauthenticated (it verifies them). */
  public static Route providerCallback(String prefix, String service) {
    return new Route(
        null, PathPattern.prefix(prefix), Access.PROVIDER_CALLBACK, new Service(service, null));
  }

  /** Every method under {@code alias} goes to the service under {@code canonical}. */
  public static Route alias(String alias, String canonical, String service) {
    return new Route(
        null, PathPattern.prefix(alias), Access.API_KEY, new Service(service, canonical));
  }

  public static Route local(
      HttpMethod method, String template, Access access, LocalHandler handler) {
    return new Route(method, PathPattern.template(template), access, new Local(handler));
  }

  /** The path the target sees. */
  public String targetPath(String requestPath) {
    if (target instanceof Service service && service.rewriteTo() != null) {
      return service.rewriteTo() + requestPath.substring(path.text().length());
    }
    return requestPath;
  }
}
