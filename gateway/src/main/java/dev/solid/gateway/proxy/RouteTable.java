package dev.solid.gateway.proxy;

import static dev.solid.gateway.proxy.Route.Access.API_KEY_OR_OWNER;
import static dev.solid.gateway.proxy.Route.Access.PUBLIC;
import static dev.solid.gateway.proxy.Route.alias;
import static dev.solid.gateway.proxy.Route.local;
import static dev.solid.gateway.proxy.Route.ownerOrKey;
import static dev.solid.gateway.proxy.Route.providerCallback;
import static dev.solid.gateway.proxy.Route.service;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import dev.solid.gateway.auth.AuthEndpoints;
import dev.solid.gateway.key.KeyEndpoints;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public API's routes, first match wins. Adding a route is one line. Service names are keys of
 * {@code solid.gateway.services}.
 */
@ApplicationScoped
public class RouteTable {
  private final List<Route> routes;

  public RouteTable(AuthEndpoints auth, KeyEndpoints keys) {
    this.routes =
        List.of(
            local(POST, "/api/v1/auth/signup", PUBLIC, auth::signup),
            local(POST, "/api/v1/auth/login", PUBLIC, auth::login),
            local(POST, "/api/v1/auth/keys", API_KEY_OR_OWNER, keys::create),
            local(GET, "/api/v1/auth/keys", API_KEY_OR_OWNER, keys::list),
            local(DELETE, "/api/v1/auth/keys/{id}", API_KEY_OR_OWNER, keys::revoke),
            providerCallback("/api/v1/messaging/inbound", "messaging"),
            service("/api/v1/crm", "crm"),
            service("/api/v1/messages", "messaging"),
            service("/api/v1/messaging", "messaging"),
            service("/api/v1/sms", "messaging"),
            ownerOrKey("/api/v1/sequences", "messaging"),
            ownerOrKey("/api/v1/enrollments", "messaging"),
            service("/api/v1/jobs", "messaging"),
            service("/api/v1/orders", "payments"),
            service("/api/v1/invoices", "payments"),
            service("/api/v1/payment-links", "payments"),
            service("/api/v1/subscriptions", "payments"),
            service("/api/v1/webhooks", "webhooks"),
            service("/api/mcp", "mcp"),
            // Seed 001's paths.
            alias("/v1/contacts", "/api/v1/crm/contacts", "crm"),
            alias("/v1/messages", "/api/v1/messages", "messaging"),
            alias("/v1/sequences", "/api/v1/sequences", "messaging"),
            alias("/v1/webhooks", "/api/v1/webhooks", "webhooks"));
  }

  /** The route for the request, or why there is none. */
  public Match match(HttpMethod method, String path) {
    boolean pathKnown = false;
    for (Route route : routes) {
      Optional<Map<String, String>> variables = route.path().match(path);
      if (variables.isEmpty()) {
        continue;
      }
      if (route.method() == null || route.method().equals(method)) {
        return new Match(route, variables.get(), false);
      }
      pathKnown = true;
    }
    return new Match(null, Map.of(), pathKnown);
  }

  /** A matched route with its path variables; or none, saying whether only the method was wrong. */
  public record Match(Route route, Map<String, String> variables, boolean methodNotAllowed) {}
}
