package dev.solid.webhooks.tenant;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.CallerProducer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request, built from the verified internal JWT by common's {@link
 * CallerProducer} logic. Common declares that producer {@code @RequestScoped}, which CDI rejects
 * for a record type (records are final and cannot be proxied), so it is excluded from bean
 * discovery here ({@code quarkus.arc.exclude-types}) and used as a plain class instead.
 */
@ApplicationScoped
public class CurrentCaller {
  private final JsonWebToken jwt;

  public CurrentCaller(JsonWebToken jwt) {
    this.jwt = jwt;
  }

  /** The caller; 401 when the request carries no valid internal token. */
  public Caller get() {
    return new CallerProducer(jwt).caller();
  }
}
