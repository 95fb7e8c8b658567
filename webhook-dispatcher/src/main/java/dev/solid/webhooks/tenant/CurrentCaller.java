package dev.solid.webhooks.tenant;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.CallerProducer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request, built from the verified internal JWT by common's {@link
 * CallerProducer}. Singletons may hold this bean: the token it reads is request-scoped, so every
 * call sees the current request's caller.
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
