package dev.solid.payments.processor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The parts of Stripe's objects this service reads (API version {@code
 * solid.payments.stripe.api-version}), as typed records; everything else Stripe sends is ignored.
 * Names are Stripe's, snake_case on the wire like ours.
 */
public final class StripeWire {
  private StripeWire() {}

  /** A PaymentIntent; {@code latestCharge} is an id, or the {@link Charge} when expanded. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PaymentIntent(
      String id,
      String status,
      Long amount,
      String currency,
      Map<String, String> metadata,
      Error lastPaymentError,
      JsonNode latestCharge) {}

  /** A Charge: the card it used and, when included, its refunds. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Charge(
      String id,
      String paymentIntent,
      PaymentMethodDetails paymentMethodDetails,
      RefundList refunds) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PaymentMethodDetails(Card card) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PaymentMethod(String id, Card card) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Card(String brand, String last4) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RefundList(List<Refund> data) {}

  /** A Refund: {@code pending}, {@code succeeded}, {@code failed}, {@code canceled}… */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Refund(
      String id,
      String status,
      Long amount,
      String paymentIntent,
      Map<String, String> metadata,
      String failureReason) {}

  /** The body of every error answer. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ErrorEnvelope(Error error) {}

  /** Stripe's error object; {@code type} is card_error, invalid_request_error, api_error… */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Error(
      String type,
      String code,
      String declineCode,
      String message,
      String param,
      PaymentIntent paymentIntent,
      PaymentMethod paymentMethod) {}

  /**
   * A Checkout Session: {@code status} open, complete or expired; {@code paymentStatus} paid,
   * unpaid or no_payment_required; {@code paymentIntent} the {@code pi_…} once the customer paid
   * (not expanded); {@code url} Stripe's page, while open.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CheckoutSession(
      String id,
      String status,
      String paymentStatus,
      String paymentIntent,
      String url,
      Long amountTotal,
      String currency,
      String clientReferenceId,
      Map<String, String> metadata,
      Long expiresAt) {
    public boolean paid() {
      return "complete".equals(status) && "paid".equals(paymentStatus);
    }
  }

  /** A webhook event; {@code data.object} is the object it is about. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Event(String id, String type, Boolean livemode, EventData data) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record EventData(JsonNode object) {}
}
