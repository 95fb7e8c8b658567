package dev.solid.payments.contact;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * crm-service's contact API, asked as the caller (the caller's own internal token), so crm scopes
 * the answer to the caller's company and mode as it does for the gateway. Base URL: {@code
 * quarkus.rest-client.crm.url} (from {@code solid.payments.crm.base-url}); the deadline is {@code
 * solid.payments.crm.timeout-millis}. One quick retry for a GET a second try may pass, never after
 * the deadline; the circuit breaker keeps a stalled crm from costing one timeout per request.
 */
@RegisterRestClient(configKey = "crm")
@Path("/api/v1/crm/contacts")
@Produces(MediaType.APPLICATION_JSON)
public interface CrmClient {

  @GET
  @Path("{id}")
  @Timeout(value = 3000, unit = ChronoUnit.MILLIS)
  @Retry(
      maxRetries = 1,
      delay = 50,
      abortOn = {
        TimeoutException.class,
        CircuitBreakerOpenException.class,
        NotInCrm.class,
        NoContactScope.class
      })
  @CircuitBreaker(
      requestVolumeThreshold = 20,
      failureRatio = 0.5,
      delay = 5,
      delayUnit = ChronoUnit.SECONDS,
      skipOn = {NotInCrm.class, NoContactScope.class})
  Uni<Response> byId(@HeaderParam("Authorization") String authorization, @PathParam("id") long id);

  /** crm's error statuses as exceptions: only 404 means "no such contact". */
  @ClientExceptionMapper
  static RuntimeException fromStatus(Response response) {
    return switch (response.getStatus()) {
      case 404 -> new NotInCrm();
      case 403 -> new NoContactScope();
      default -> new CrmFailed(response.getStatus());
    };
  }

  /** crm has no such contact for this caller: a miss, not a failure. */
  final class NotInCrm extends RuntimeException {
    NotInCrm() {
      super("crm has no such contact", null, false, false);
    }
  }

  /** crm refused the caller: the key lacks read:contacts. */
  final class NoContactScope extends RuntimeException {
    NoContactScope() {
      super("crm refused the lookup (403)", null, false, false);
    }
  }

  /** crm answered another error status. */
  final class CrmFailed extends RuntimeException {
    CrmFailed(int status) {
      super("crm answered " + status, null, false, false);
    }
  }
}
