package dev.solid.gateway.proxy;

import static dev.solid.common.caller.Scopes.MANAGE_KEYS;
import static dev.solid.common.caller.Scopes.MANAGE_SEQUENCES;
import static dev.solid.common.caller.Scopes.MANAGE_WEBHOOKS;
import static dev.solid.common.caller.Scopes.READ_ACTIVITIES;
import static dev.solid.common.caller.Scopes.READ_ANALYTICS;
import static dev.solid.common.caller.Scopes.READ_CONTACTS;
import static dev.solid.common.caller.Scopes.READ_DEALS;
import static dev.solid.common.caller.Scopes.READ_MESSAGES;
import static dev.solid.common.caller.Scopes.READ_PAYMENTS;
import static dev.solid.common.caller.Scopes.WRITE_ACTIVITIES;
import static dev.solid.common.caller.Scopes.WRITE_CONTACTS;
import static dev.solid.common.caller.Scopes.WRITE_DEALS;
import static dev.solid.common.caller.Scopes.WRITE_MESSAGES;
import static dev.solid.common.caller.Scopes.WRITE_PAYMENTS;
import static dev.solid.gateway.proxy.Route.Access.API_KEY_OR_OWNER;
import static dev.solid.gateway.proxy.Route.Access.PUBLIC;
import static dev.solid.gateway.proxy.Route.alias;
import static dev.solid.gateway.proxy.Route.hostedPage;
import static dev.solid.gateway.proxy.Route.local;
import static dev.solid.gateway.proxy.Route.mcp;
import static dev.solid.gateway.proxy.Route.mcpAlias;
import static dev.solid.gateway.proxy.Route.ownerOrKey;
import static dev.solid.gateway.proxy.Route.providerCallback;
import static dev.solid.gateway.proxy.Route.service;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import dev.solid.gateway.auth.AuthEndpoints;
import dev.solid.gateway.key.KeyEndpoints;
import dev.solid.gateway.oauth.GrantEndpoints;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The public API's routes, first match wins. Adding a route is one line. Service names are keys of
 * {@code solid.gateway.services}. {@code needs(read, write)} is the scope the gateway checks before
 * anything else (reads need the first, every other method the second); routes without it (MCP,
 * whose tools check per tool) leave the check to the service.
 */
@ApplicationScoped
public class RouteTable {
  private final List<Route> routes;

  public RouteTable(AuthEndpoints auth, KeyEndpoints keys, GrantEndpoints grants) {
    this.routes =
        List.of(
            // Signup's request holds a password and login's answer is a session token: neither is
            // ever written to the idempotency store.
            local(POST, "/api/v1/auth/signup", PUBLIC, auth::signup).withoutIdempotency(),
            local(POST, "/api/v1/auth/login", PUBLIC, auth::login).withoutIdempotency(),
            local(POST, "/api/v1/auth/keys", API_KEY_OR_OWNER, keys::create).needs(MANAGE_KEYS),
            local(GET, "/api/v1/auth/keys", API_KEY_OR_OWNER, keys::list).needs(MANAGE_KEYS),
            local(DELETE, "/api/v1/auth/keys/{id}", API_KEY_OR_OWNER, keys::revoke)
                .needs(MANAGE_KEYS),
            // OAuth grants of MCP clients (dev.solid.gateway.oauth), managed like keys.
            local(GET, "/api/v1/auth/oauth-grants", API_KEY_OR_OWNER, grants::list)
                .needs(MANAGE_KEYS),
            local(DELETE, "/api/v1/auth/oauth-grants/{id}", API_KEY_OR_OWNER, grants::revoke)
                .needs(MANAGE_KEYS),
            providerCallback("/api/v1/messaging/inbound", "messaging"),
            // Stripe's signed callbacks (seed 000's /gateway/): the body reaches payments as sent.
            providerCallback("/api/v1/gateway/stripe", "payments"),
            // Checkout and hosted invoice pages, opened by a company's customers without a key.
            hostedPage("/pay", "payments"),
            service("/api/v1/crm/deals", "crm").needs(READ_DEALS, WRITE_DEALS),
            service("/api/v1/crm/pipelines", "crm").needs(READ_DEALS, WRITE_DEALS),
            service("/api/v1/crm/activities", "crm").needs(READ_ACTIVITIES, WRITE_ACTIVITIES),
            service("/api/v1/crm/tasks", "crm").needs(READ_ACTIVITIES, WRITE_ACTIVITIES),
            service("/api/v1/crm", "crm").needs(READ_CONTACTS, WRITE_CONTACTS),
            // Analytics: each path goes to the service owning its data.
            service("/api/v1/analytics/funnel", "crm").needs(READ_ANALYTICS, READ_ANALYTICS),
            service("/api/v1/analytics/pipeline", "crm").needs(READ_ANALYTICS, READ_ANALYTICS),
            service("/api/v1/analytics/forecast", "crm").needs(READ_ANALYTICS, READ_ANALYTICS),
            service("/api/v1/analytics/sequences", "messaging")
                .needs(READ_ANALYTICS, READ_ANALYTICS),
            service("/api/v1/analytics/accounts", "messaging")
                .needs(READ_ANALYTICS, READ_ANALYTICS),
            service("/api/v1/analytics/messages", "messaging")
                .needs(READ_ANALYTICS, READ_ANALYTICS),
            service("/api/v1/analytics/revenue", "payments").needs(READ_ANALYTICS, READ_ANALYTICS),
            service("/api/v1/messages", "messaging").needs(READ_MESSAGES, WRITE_MESSAGES),
            service("/api/v1/messaging", "messaging").needs(READ_MESSAGES, WRITE_MESSAGES),
            service("/api/v1/sms", "messaging").needs(READ_MESSAGES, WRITE_MESSAGES),
            ownerOrKey("/api/v1/sequences", "messaging").needs(MANAGE_SEQUENCES),
            ownerOrKey("/api/v1/enrollments", "messaging").needs(MANAGE_SEQUENCES),
            service("/api/v1/jobs", "messaging").needs(READ_MESSAGES, WRITE_MESSAGES),
            service("/api/v1/orders", "payments").needs(READ_PAYMENTS, WRITE_PAYMENTS),
            service("/api/v1/invoices", "payments").needs(READ_PAYMENTS, WRITE_PAYMENTS),
            service("/api/v1/payment-links", "payments").needs(READ_PAYMENTS, WRITE_PAYMENTS),
            service("/api/v1/subscriptions", "payments").needs(READ_PAYMENTS, WRITE_PAYMENTS),
            service("/api/v1/plans", "payments").needs(READ_PAYMENTS, WRITE_PAYMENTS),
            service("/api/v1/commission-plans", "payments").needs(READ_PAYMENTS, WRITE_PAYMENTS),
            service("/api/v1/commissions", "payments").needs(READ_PAYMENTS, WRITE_PAYMENTS),
            // Test clocks: the service refuses them for live keys.
            service("/api/v1/test_helpers", "payments").needs(READ_PAYMENTS, WRITE_PAYMENTS),
            service("/api/v1/webhooks", "webhooks").needs(MANAGE_WEBHOOKS),
            // MCP (Streamable HTTP): every tool checks its own scope by calling the API back.
            mcp("/api/mcp", "mcp"),
            // Seed 001's paths.
            alias("/v1/contacts", "/api/v1/crm/contacts", "crm")
                .needs(READ_CONTACTS, WRITE_CONTACTS),
            alias("/v1/messages", "/api/v1/messages", "messaging")
                .needs(READ_MESSAGES, WRITE_MESSAGES),
            alias("/v1/sequences", "/api/v1/sequences", "messaging")
                .orOwner()
                .needs(MANAGE_SEQUENCES),
            alias("/v1/webhooks", "/api/v1/webhooks", "webhooks").needs(MANAGE_WEBHOOKS),
            // Seed 001's MCP URL (https://…/mcp).
            mcpAlias("/mcp", "/api/mcp", "mcp"));
  }

  /** Alias prefixes (seed 001's {@code /v1/…}) and the canonical prefix each one stands for. */
  public Map<String, String> aliases() {
    Map<String, String> aliases = new LinkedHashMap<>();
    for (Route route : routes) {
      if (route.target() instanceof Route.Service service && service.rewriteTo() != null) {
        aliases.put(route.path().text(), service.rewriteTo());
      }
    }
    return aliases;
  }

  /**
   * The path prefixes (or templates) where the owner's session token is accepted besides API keys,
   * for a client that sent it elsewhere.
   */
  public List<String> ownerPrefixes() {
    List<String> prefixes = new ArrayList<>();
    for (Route route : routes) {
      String path = route.path().text();
      boolean covered = prefixes.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
      if (route.access() == API_KEY_OR_OWNER && !covered) {
        prefixes.add(path);
      }
    }
    return List.copyOf(prefixes);
  }

  /** The route for the request, or why there is none. */
  public Match match(HttpMethod method, String path) {
    Set<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      Optional<Map<String, String>> variables = route.path().match(path);
      if (variables.isEmpty()) {
        continue;
      }
      if (route.method() == null || route.method().equals(method)) {
        return new Match(route, variables.get(), Set.of());
      }
      allowed.add(route.method().name());
    }
    return new Match(null, Map.of(), Set.copyOf(allowed));
  }

  /**
   * A matched route with its path variables; or none, with the methods the path does allow (empty
   * when the path is unknown altogether).
   */
  public record Match(Route route, Map<String, String> variables, Set<String> allowedMethods) {
    public boolean methodNotAllowed() {
      return !allowedMethods.isEmpty();
    }

    /** The Allow header of a 405: the path's methods, sorted. */
    public String allowHeader() {
      return String.join(", ", new TreeSet<>(allowedMethods));
    }
  }
}
