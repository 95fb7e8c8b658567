package dev.solid.common.caller;

import dev.solid.common.error.ApiException;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Builds the {@link Caller} of a request from the verified internal JWT. A request without a valid
 * token gets 401: services are reached only through the gateway.
 *
 * <p>{@link Caller} is a record, and records are final, so CDI cannot proxy it for a normal scope:
 * it is {@code @Dependent}. Inject it into {@code @RequestScoped} beans (e.g. REST resources),
 * never into singletons, which would keep the first request's caller.
 */
public class CallerProducer {

  private final JsonWebToken jwt;

  public CallerProducer(JsonWebToken jwt) {
    this.jwt = jwt;
  }

  @Produces
  @Dependent
  public Caller caller() {
    if (jwt == null
        || jwt.getRawToken() == null
        || jwt.getClaim(InternalToken.COMPANY_ID) == null) {
      throw ApiException.unauthorized("Missing or invalid credentials");
    }
    Long company = asLong(jwt.getClaim(InternalToken.COMPANY_ID));
    Set<String> scopes = jwt.getGroups() == null ? Set.of() : jwt.getGroups();
    return new Caller(
        company,
        "true".equals(asString(jwt.getClaim(InternalToken.LIVEMODE))),
        asLong(jwt.getClaim(InternalToken.KEY_ID)),
        InternalToken.ACTOR_OWNER.equals(asString(jwt.getClaim(InternalToken.ACTOR))),
        scopes,
        asString(jwt.getClaim(InternalToken.REQUEST_ID)));
  }

  // Custom claims come back as jakarta.json values or as Java values depending on the parser path.
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
