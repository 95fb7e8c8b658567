package dev.solid.messaging.contact;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * crm-service's contact API, asked as the caller: {@code authorization} is the caller's own bearer
 * token, so crm scopes the answer to the caller's company and mode exactly as it would for the
 * gateway. Base URL: {@code quarkus.rest-client.crm.url} (from {@code
 * solid.messaging.crm.base-url}).
 *
 * <p>Fault tolerance, per lookup:
 *
 * <ul>
 *   <li>{@code @Timeout}: the whole exchange, connection included, gets {@code
 *       solid.messaging.crm.timeout-millis} (configured in application.properties); a stalled crm
 *       costs that long, never more.
 *   <li>{@code @Retry}: once, quickly, as both lookups are GETs (idempotent), for a failure a
 *       second try may not meet (a reset connection, a 502). Not after a timeout (the deadline is
 *       spent) and not for crm's own answers ("no such contact", "forbidden").
 *   <li>{@code @CircuitBreaker}: when most recent lookups failed, crm is not asked for a while, so
 *       a stalled crm costs one timeout, not one per request.
 * </ul>
 *
 * crm's 404 is {@link NotInCrm}, its 403 the API's 403 naming {@code read:contacts}; neither is a
 * failure of crm. Any other error status is {@link CrmFailed}.
 */
@RegisterRestClient(configKey = "crm")
@Path("/api/v1/crm/contacts")
@Produces(MediaType.APPLICATION_JSON)
public interface CrmClient {
  String READ_CONTACTS = "read:contacts";

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
        ApiException.class
      })
  @CircuitBreaker(
      requestVolumeThreshold = 20,
      failureRatio = 0.5,
      delay = 5,
      delayUnit = ChronoUnit.SECONDS,
      skipOn = {NotInCrm.class, ApiException.class})
  Uni<CrmContact> byId(
      @HeaderParam("Authorization") String authorization, @PathParam("id") long id);

  @GET
  @Timeout(value = 3000, unit = ChronoUnit.MILLIS)
  @Retry(
      maxRetries = 1,
      delay = 50,
      abortOn = {
        TimeoutException.class,
        CircuitBreakerOpenException.class,
        NotInCrm.class,
        ApiException.class
      })
  @CircuitBreaker(
      requestVolumeThreshold = 20,
      failureRatio = 0.5,
      delay = 5,
      delayUnit = ChronoUnit.SECONDS,
      skipOn = {NotInCrm.class, ApiException.class})
  Uni<CrmContact.Page> search(
      @HeaderParam("Authorization") String authorization,
      @QueryParam("search") String search,
      @QueryParam("limit") int limit);

  /** crm's error statuses as exceptions: only 404 means "no such contact". */
  @ClientExceptionMapper
  static RuntimeException fromStatus(Response response) {
    return switch (response.getStatus()) {
      case 404 -> new NotInCrm();
      case 403 ->
          new ApiException(
              ErrorCode.FORBIDDEN,
              "Resolving the contact needs the scope '"
                  + READ_CONTACTS
                  + "' (the contact is asked of the CRM), which this API key lacks",
              List.of(new ProblemDetail("scope", "missing_scope", READ_CONTACTS)));
      default -> new CrmFailed(response.getStatus());
    };
  }

  /** crm does not have the contact (or does not show it to this caller): a miss, not a failure. */
  final class NotInCrm extends RuntimeException {
    NotInCrm() {
      super("crm has no such contact", null, false, false);
    }
  }

  /** crm answered an error status other than 403 and 404. */
  final class CrmFailed extends RuntimeException {
    CrmFailed(int status) {
      super("crm answered " + status, null, false, false);
    }
  }
}
