package dev.solid.mcp.hop;

import dev.solid.common.caller.InternalToken;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reads the {@link Hop} of the MCP request being served. The extension runs a feature with the
 * request context active and the HTTP request current, and HTTP security has verified the internal
 * JWT before the MCP endpoint saw the request (see application.properties).
 */
@ApplicationScoped
public class HopReader {
  private final CurrentVertxRequest current;

  public HopReader(CurrentVertxRequest current) {
    this.current = current;
  }

  /** The hop, or empty when the request lacks the internal JWT or the caller's credentials. */
  public Optional<Hop> current() {
    RoutingContext ctx = current.getCurrent();
    if (ctx == null || !(ctx.user() instanceof QuarkusHttpUser user)) {
      return Optional.empty();
    }
    SecurityIdentity identity = user.getSecurityIdentity();
    if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
      return Optional.empty();
    }
    HttpServerRequest request = ctx.request();
    String callerAuthorization = request.getHeader(HopHeaders.CALLER_AUTHORIZATION);
    Object company = jwt.getClaim(InternalToken.COMPANY_ID);
    if (callerAuthorization == null || callerAuthorization.isBlank() || company == null) {
      return Optional.empty();
    }
    String session = request.getHeader(HopHeaders.MCP_SESSION);
    if (session == null) {
      session = request.getHeader(HopHeaders.TRANSPORT_SESSION);
    }
    Set<String> scopes = jwt.getGroups() == null ? Set.of() : jwt.getGroups();
    return Optional.of(
        new Hop(
            callerAuthorization,
            jwt.getRawToken(),
            asLong(company),
            "true".equals(asString(jwt.getClaim(InternalToken.LIVEMODE))),
            asLong(jwt.getClaim(InternalToken.KEY_ID)),
            asLong(jwt.getClaim(InternalToken.GRANT_ID)),
            InternalToken.ACTOR_OWNER.equals(asString(jwt.getClaim(InternalToken.ACTOR))),
            scopes,
            asString(jwt.getClaim(InternalToken.REQUEST_ID)),
            session == null ? "" : session,
            new Hop.RateLimit(
                header(request, HopHeaders.RATE_LIMIT_LIMIT),
                header(request, HopHeaders.RATE_LIMIT_REMAINING),
                header(request, HopHeaders.RATE_LIMIT_RESET))));
  }

  private static Long header(HttpServerRequest request, String name) {
    String value = request.getHeader(name);
    if (value == null) {
      return null;
    }
    try {
      return Long.valueOf(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // Custom claims come back as jakarta.json values or as Java values depending on the parser path
  // (as in common's CallerProducer, whose Caller is @Dependent and not usable from a feature).
  private static Long asLong(Object claim) {
    if (claim instanceof JsonNumber n) {
      return n.longValue();
    }
    if (claim instanceof Number n) {
      return n.longValue();
    }
    if (claim instanceof JsonString s) {
      return Long.valueOf(s.getString());
    }
    return claim == null ? null : Long.valueOf(claim.toString());
  }

  private static String asString(Object claim) {
    if (claim instanceof JsonString s) {
      return s.getString();
    }
    if (claim == JsonValue.TRUE) {
      return "true";
    }
    if (claim == JsonValue.FALSE) {
      return "false";
    }
    return claim == null ? null : claim.toString();
  }
}
