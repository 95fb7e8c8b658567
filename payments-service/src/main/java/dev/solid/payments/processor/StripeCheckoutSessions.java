package dev.solid.payments.processor;

import dev.solid.common.error.ApiException;
import dev.solid.payments.config.PaymentsConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Stripe Checkout Sessions, the page where a live hosted page's customer enters the card: created
 * ({@code POST /v1/checkout/sessions}, with the caller's {@code Idempotency-Key}), read ({@code GET
 * /v1/checkout/sessions/{id}}) and expired ({@code POST …/{id}/expire}). Answers are classified as
 * {@link StripeProcessor} classifies a charge's (its bearer and error reading are shared): no
 * answer, 5xx, 409, 429 or an {@code idempotency_error} is {@link ProcessorUnavailableException}
 * (asked again later, same key); any other refusal {@link ProcessorRejectedException}, logged.
 *
 * <p>A session whose {@code url} is not on {@code solid.payments.stripe.checkout-origin} is refused
 * here: the page's CSP lets the customer's browser go nowhere else, and a page we did not expect
 * must not get the customer.
 */
@ApplicationScoped
public class StripeCheckoutSessions {
  private static final Logger LOG = Logger.getLogger(StripeCheckoutSessions.class);
  private static final Pattern SESSION_ID = Pattern.compile("cs_[A-Za-z0-9_]{1,250}");

  private final StripeClient stripe;
  private final StripeProcessor processor;
  private final PaymentsConfig.Stripe config;

  public StripeCheckoutSessions(
      @RestClient StripeClient stripe, StripeProcessor processor, PaymentsConfig config) {
    this.stripe = stripe;
    this.processor = processor;
    this.config = config.stripe();
  }

  /**
   * One card payment of {@code amount} on Stripe's page.
   *
   * @param idempotencyKey the same for every ask of one attempt (a retried form, a lost answer)
   * @param productName the line's name on Stripe's page
   * @param description the PaymentIntent's description (the charge's, as {@link StripeProcessor})
   * @param clientReferenceId our reference of what is paid ({@code order_1042})
   * @param successUrl where Stripe sends the customer after paying; may hold {@code
   *     {CHECKOUT_SESSION_ID}}
   * @param cancelUrl where Stripe's back link goes
   * @param expiresAt when the session stops being payable
   * @param metadata on the session and on its PaymentIntent, so both kinds of event find us
   */
  public record NewSession(
      String idempotencyKey,
      long amount,
      String currency,
      String productName,
      String description,
      String clientReferenceId,
      String successUrl,
      String cancelUrl,
      Instant expiresAt,
      Map<String, String> metadata) {}

  /** Whether {@code id} can be a Checkout Session id (checked before any call names it). */
  public static boolean isSessionId(String id) {
    return id != null && SESSION_ID.matcher(id).matches();
  }

  public Uni<StripeWire.CheckoutSession> create(NewSession session) {
    StripeForm form =
        new StripeForm()
            .add("mode", "payment")
            // Cards only: their outcome is known when the customer leaves Stripe's page, so a
            // completed session is paid or not (no delayed methods to wait days for).
            .add("payment_method_types[0]", "card")
            .add("line_items[0][price_data][currency]", session.currency())
            .add("line_items[0][price_data][unit_amount]", session.amount())
            .add("line_items[0][price_data][product_data][name]", session.productName())
            .add("line_items[0][quantity]", 1)
            .add("success_url", session.successUrl())
            .add("cancel_url", session.cancelUrl())
            .add("client_reference_id", session.clientReferenceId())
            .add("expires_at", session.expiresAt().getEpochSecond())
            .add("payment_intent_data[description]", session.description())
            .metadata(session.metadata());
    session.metadata().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> form.add("payment_intent_data[metadata][" + e.getKey() + "]", e.getValue()));
    return call(
        bearer ->
            stripe.createCheckoutSession(
                bearer, session.idempotencyKey(), config.apiVersion(), form.toString()),
        session.idempotencyKey());
  }

  public Uni<StripeWire.CheckoutSession> retrieve(String id) {
    return call(bearer -> stripe.retrieveCheckoutSession(bearer, config.apiVersion(), id), id);
  }

  /**
   * Expires an open session, so nobody can pay it any more. A session no longer open (paid or
   * expired meanwhile) is answered as it is now: Stripe refuses to expire it with a 400.
   */
  public Uni<StripeWire.CheckoutSession> expire(String id) {
    return call(bearer -> stripe.expireCheckoutSession(bearer, config.apiVersion(), id, ""), id)
        .onFailure(ProcessorRejectedException.class)
        .recoverWithUni(() -> retrieve(id));
  }

  private Uni<StripeWire.CheckoutSession> call(
      java.util.function.Function<String, Uni<String>> request, String what) {
    String bearer;
    try {
      bearer = processor.bearer();
    } catch (ApiException e) {
      return Uni.createFrom().failure(e);
    }
    return request
        .apply(bearer)
        .onItemOrFailure()
        .transformToUni(
            (body, failure) -> {
              try {
                return Uni.createFrom()
                    .item(failure == null ? answered(body) : failed(what, failure));
              } catch (RuntimeException e) {
                return Uni.createFrom().failure(e);
              }
            });
  }

  private StripeWire.CheckoutSession answered(String body) {
    StripeWire.CheckoutSession session = processor.read(body, StripeWire.CheckoutSession.class);
    if (session == null || !isSessionId(session.id())) {
      throw new ProcessorUnavailableException("Stripe's answer names no Checkout Session", null);
    }
    if ("open".equals(session.status())
        && (session.url() == null || !session.url().startsWith(config.checkoutOrigin() + "/"))) {
      LOG.errorf(
          "Checkout Session %s is served at %s, not under solid.payments.stripe.checkout-origin"
              + " (%s): refused",
          session.id(), session.url(), config.checkoutOrigin());
      throw new ProcessorRejectedException("Checkout Session " + session.id() + " is elsewhere");
    }
    return session;
  }

  private StripeWire.CheckoutSession failed(String what, Throwable failure) {
    if (!(failure instanceof StripeClient.StripeError answer)) {
      throw new ProcessorUnavailableException("Stripe did not answer: " + failure, failure);
    }
    throw processor.unanswered(what, answer, processor.errorOf(answer));
  }
}
