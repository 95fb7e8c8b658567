package dev.solid.payments.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.error.ApiException;
import dev.solid.payments.config.PaymentsConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Live mode's processor: Stripe PaymentIntents, created and confirmed in one call ({@code POST
 * /v1/payment_intents}, {@code confirm=true}), and Refunds ({@code POST /v1/refunds}), each with
 * the row's own {@code Idempotency-Key} and the pinned {@code Stripe-Version}.
 *
 * <p>How Stripe's answers map (decided here, once):
 *
 * <ul>
 *   <li>200 {@code succeeded}: success, processor id the PaymentIntent's {@code pi_…}, brand and
 *       last four from the expanded {@code latest_charge};
 *   <li>200 {@code requires_action} (3-D Secure): failure {@code authentication_required}; an API
 *       charge has no customer to authenticate, so the customer pays on the hosted page instead;
 *   <li>402 (a {@code card_error}): failure with Stripe's {@code code}, {@code decline_code} and
 *       customer-facing {@code message}, processor id from {@code error.payment_intent};
 *   <li>400 naming {@code payment_method} (no such payment method): failure with Stripe's code;
 *   <li>5xx, 409 (the key is in use by a request still running), 429, a timeout, no connection, an
 *       unreadable 200, a PaymentIntent still {@code processing}, and 400 {@code idempotency_error}
 *       (the first attempt may have charged): {@link ProcessorUnavailableException}, outcome
 *       unknown, asked again later with the same key;
 *   <li>any other 4xx (401 bad key, 400 malformed request): {@link ProcessorRejectedException},
 *       logged at ERROR with Stripe's type and code; the client gets 502 and never Stripe's text.
 * </ul>
 *
 * No secret key configured: 503 {@code service_unavailable} and no call ({@link
 * #requireConfigured}).
 */
@ApplicationScoped
public class StripeProcessor implements PaymentProcessor {
  public static final String NAME = "stripe";
  private static final Logger LOG = Logger.getLogger(StripeProcessor.class);

  private final StripeClient stripe;
  private final PaymentsConfig.Stripe config;
  private final ObjectMapper json;

  public StripeProcessor(
      @RestClient StripeClient stripe, PaymentsConfig config, ObjectMapper json) {
    this.stripe = stripe;
    this.config = config.stripe();
    this.json = json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void requireConfigured() {
    bearer();
  }

  @Override
  public Uni<ChargeOutcome> charge(Charge charge) {
    String bearer;
    try {
      bearer = bearer();
    } catch (ApiException e) {
      return Uni.createFrom().failure(e);
    }
    String form =
        new StripeForm()
            .add("amount", charge.amount())
            .add("currency", charge.currency())
            .add("payment_method", charge.paymentMethod())
            .add("confirm", true)
            // Cards only in effect: a redirect-based method could not finish in an API call.
            .add("automatic_payment_methods[enabled]", true)
            .add("automatic_payment_methods[allow_redirects]", "never")
            .add("description", charge.description())
            .metadata(charge.metadata())
            .add("expand[]", "latest_charge")
            .toString();
    return stripe
        .createPaymentIntent(bearer, charge.idempotencyKey(), config.apiVersion(), form)
        .onItemOrFailure()
        .transformToUni(
            (body, failure) ->
                settle(
                    () ->
                        failure == null
                            ? answered(body)
                            : chargeFailed(charge.idempotencyKey(), failure)));
  }

  @Override
  public Uni<RefundOutcome> refund(
      String idempotencyKey, String processorChargeId, long amount, Map<String, String> metadata) {
    String bearer;
    try {
      bearer = bearer();
    } catch (ApiException e) {
      return Uni.createFrom().failure(e);
    }
    String form =
        new StripeForm()
            .add("payment_intent", processorChargeId)
            .add("amount", amount)
            .metadata(metadata)
            .toString();
    return stripe
        .createRefund(bearer, idempotencyKey, config.apiVersion(), form)
        .onItemOrFailure()
        .transformToUni(
            (body, failure) ->
                settle(
                    () ->
                        failure == null ? refunded(body) : refundFailed(idempotencyKey, failure)));
  }

  /**
   * The classification as a Uni: its own exception alone (a mapper that throws inside Mutiny's
   * failure handler would add the original failure beside it).
   */
  private static <T> Uni<T> settle(Supplier<T> classify) {
    try {
      return Uni.createFrom().item(classify.get());
    } catch (RuntimeException e) {
      return Uni.createFrom().failure(e);
    }
  }

  /** The {@code Authorization} value of every call, or 503 without a secret key. */
  String bearer() {
    return config
        .secretKey()
        .filter(key -> !key.isBlank())
        .map(key -> "Bearer " + key.strip())
        .orElseThrow(
            () ->
                ApiException.unavailable(
                    "Live payments are not configured on this platform yet (no Stripe secret"
                        + " key); nothing was charged. Test-mode keys work meanwhile",
                    60));
  }

  private ChargeOutcome answered(String body) {
    StripeWire.PaymentIntent intent = read(body, StripeWire.PaymentIntent.class);
    StripeWire.Card card = cardOf(intent.latestCharge());
    String brand = card == null ? null : card.brand();
    String last4 = card == null ? null : card.last4();
    return switch (intent.status() == null ? "" : intent.status()) {
      case "succeeded" -> ChargeOutcome.success(intent.id(), brand, last4);
      case "requires_action" ->
          ChargeOutcome.failure(
              intent.id(),
              brand,
              last4,
              "authentication_required",
              "authentication_required",
              "This card needs the customer to authenticate the payment (3-D Secure), which an"
                  + " API charge cannot do: let the customer pay on the hosted checkout page",
              false);
      case "requires_payment_method" ->
          declined(intent.id(), brand, last4, intent.lastPaymentError());
      default ->
          throw new ProcessorUnavailableException(
              "PaymentIntent "
                  + intent.id()
                  + " is "
                  + intent.status()
                  + "; its outcome comes later",
              null);
    };
  }

  private ChargeOutcome chargeFailed(String idempotencyKey, Throwable failure) {
    if (!(failure instanceof StripeClient.StripeError answer)) {
      throw new ProcessorUnavailableException("Stripe did not answer: " + failure, failure);
    }
    StripeWire.Error error = errorOf(answer);
    if (answer.status() == 402) {
      StripeWire.Card card = error.paymentMethod() == null ? null : error.paymentMethod().card();
      return declined(
          error.paymentIntent() == null ? null : error.paymentIntent().id(),
          card == null ? null : card.brand(),
          card == null ? null : card.last4(),
          error);
    }
    if (answer.status() == 400 && "payment_method".equals(error.param())) {
      return ChargeOutcome.failure(
          null,
          null,
          null,
          error.code() == null ? "invalid_payment_method" : error.code(),
          null,
          "Stripe cannot charge this payment method (it does not exist in the platform's Stripe"
              + " account, or cannot be used for this payment)",
          false);
    }
    throw unanswered(idempotencyKey, answer, error);
  }

  private RefundOutcome refunded(String body) {
    StripeWire.Refund refund = read(body, StripeWire.Refund.class);
    return switch (refund.status() == null ? "" : refund.status()) {
      case "succeeded" -> new RefundOutcome(true, refund.id(), null);
      case "failed", "canceled" ->
          new RefundOutcome(
              false,
              refund.id(),
              "Stripe could not refund the payment ("
                  + (refund.failureReason() == null ? refund.status() : refund.failureReason())
                  + ")");
      default ->
          throw new ProcessorUnavailableException(
              "Refund " + refund.id() + " is " + refund.status() + "; its outcome comes later",
              null);
    };
  }

  private RefundOutcome refundFailed(String idempotencyKey, Throwable failure) {
    if (!(failure instanceof StripeClient.StripeError answer)) {
      throw new ProcessorUnavailableException("Stripe did not answer: " + failure, failure);
    }
    StripeWire.Error error = errorOf(answer);
    if (answer.status() == 400
        && ("charge_already_refunded".equals(error.code()) || "amount".equals(error.param()))) {
      // Our books say there is something left to refund and Stripe's disagree (refunded in the
      // Stripe dashboard, say): a refusal, not an outage.
      LOG.warnf(
          "Stripe refused refund %s: %s %s (%s)",
          idempotencyKey, error.type(), error.code(), error.message());
      return new RefundOutcome(
          false,
          null,
          "Stripe refused the refund: the payment has less left to refund there than here (it"
              + " may have been refunded in the Stripe dashboard)");
    }
    throw unanswered(idempotencyKey, answer, error);
  }

  /** A Stripe error that is not a decline: unknown outcome, or a refusal of our request. */
  RuntimeException unanswered(
      String idempotencyKey, StripeClient.StripeError answer, StripeWire.Error error) {
    int status = answer.status();
    String what = status + " " + error.type() + " " + error.code() + " (" + error.message() + ")";
    if (status >= 500 || status == 409 || status == 429) {
      return new ProcessorUnavailableException("Stripe answered " + what, null);
    }
    if ("idempotency_error".equals(error.type())) {
      // The key was used with other parameters: its first request may have charged, so the
      // outcome is unknown, and a bug of ours sent different parameters.
      LOG.errorf(
          "Stripe refused request %s as a different reuse of its key: %s", idempotencyKey, what);
      return new ProcessorUnavailableException("Stripe answered " + what, null);
    }
    LOG.errorf("Stripe refused request %s: %s", idempotencyKey, what);
    return new ProcessorRejectedException("Stripe refused the request: " + status);
  }

  private static ChargeOutcome declined(
      String processorId, String brand, String last4, StripeWire.Error error) {
    if (error == null) {
      return ChargeOutcome.failure(
          processorId, brand, last4, "card_declined", null, "Your card was declined.", false);
    }
    return ChargeOutcome.failure(
        processorId,
        brand,
        last4,
        error.code() == null ? "card_declined" : error.code(),
        error.declineCode(),
        error.message(),
        "processing_error".equals(error.code()));
  }

  private StripeWire.Card cardOf(JsonNode latestCharge) {
    if (latestCharge == null || !latestCharge.isObject()) {
      return null;
    }
    StripeWire.Charge charge = json.convertValue(latestCharge, StripeWire.Charge.class);
    return charge.paymentMethodDetails() == null ? null : charge.paymentMethodDetails().card();
  }

  StripeWire.Error errorOf(StripeClient.StripeError answer) {
    try {
      StripeWire.ErrorEnvelope envelope =
          json.readValue(answer.body(), StripeWire.ErrorEnvelope.class);
      if (envelope != null && envelope.error() != null) {
        return envelope.error();
      }
    } catch (IOException | RuntimeException e) {
      // Not Stripe's error JSON (a proxy's page): classified by its status alone.
    }
    return new StripeWire.Error(null, null, null, null, null, null, null);
  }

  <T> T read(String body, Class<T> type) {
    try {
      return json.readValue(body, type);
    } catch (IOException e) {
      throw new ProcessorUnavailableException("Stripe's answer could not be read", e);
    }
  }
}
