package dev.solid.payments.processor;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Stripe's REST API, the calls live mode makes: PaymentIntents and Refunds for API charges, and
 * Checkout Sessions for the hosted pages. Base URL {@code quarkus.rest-client.stripe.url} (from
 * {@code solid.payments.stripe.base-url}); the deadline of each call is {@code
 * solid.payments.stripe.timeout-millis} (application.properties overrides the value below).
 *
 * <p>No {@code @Retry} and no circuit breaker on purpose: the calls move money (or start a page
 * that does), and the one retry that is safe is the recovery job's, later, with the same {@code
 * Idempotency-Key} (Stripe then answers the first outcome). Bodies are form-encoded by {@link
 * StripeForm}, as Stripe takes them.
 */
@RegisterRestClient(configKey = "stripe")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public interface StripeClient {

  @POST
  @Path("payment_intents")
  @Timeout(value = 10_000, unit = ChronoUnit.MILLIS)
  Uni<String> createPaymentIntent(
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      @HeaderParam("Stripe-Version") String stripeVersion,
      String form);

  @POST
  @Path("refunds")
  @Timeout(value = 10_000, unit = ChronoUnit.MILLIS)
  Uni<String> createRefund(
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      @HeaderParam("Stripe-Version") String stripeVersion,
      String form);

  @POST
  @Path("checkout/sessions")
  @Timeout(value = 10_000, unit = ChronoUnit.MILLIS)
  Uni<String> createCheckoutSession(
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      @HeaderParam("Stripe-Version") String stripeVersion,
      String form);

  @GET
  @Path("checkout/sessions/{id}")
  @Timeout(value = 10_000, unit = ChronoUnit.MILLIS)
  Uni<String> retrieveCheckoutSession(
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("Stripe-Version") String stripeVersion,
      @PathParam("id") String id);

  @POST
  @Path("checkout/sessions/{id}/expire")
  @Timeout(value = 10_000, unit = ChronoUnit.MILLIS)
  Uni<String> expireCheckoutSession(
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("Stripe-Version") String stripeVersion,
      @PathParam("id") String id,
      String form);

  /** Every error status, with Stripe's error body, for {@link StripeProcessor} to classify. */
  @ClientExceptionMapper
  static RuntimeException fromStatus(Response response) {
    String body = response.hasEntity() ? response.readEntity(String.class) : "";
    return new StripeError(response.getStatus(), body);
  }

  /** Stripe answered {@code status} with its error JSON ({@code {"error":{…}}}). */
  final class StripeError extends RuntimeException {
    private final int status;
    private final String body;

    StripeError(int status, String body) {
      super("Stripe answered " + status, null, false, false);
      this.status = status;
      this.body = body;
    }

    public int status() {
      return status;
    }

    public String body() {
      return body;
    }
  }
}
