package dev.solid.payments.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.payments.charge.Charges;
import dev.solid.payments.charge.Payment;
import dev.solid.payments.charge.PaymentRepository;
import dev.solid.payments.charge.Refund;
import dev.solid.payments.checkout.CheckoutAttempt;
import dev.solid.payments.checkout.CheckoutAttemptRepository;
import dev.solid.payments.checkout.CheckoutSettlement;
import dev.solid.payments.order.OrderRefunds;
import dev.solid.payments.processor.ChargeOutcome;
import dev.solid.payments.processor.RefundOutcome;
import dev.solid.payments.processor.StripeProcessor;
import dev.solid.payments.processor.StripeWire;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Applies a verified Stripe event, once: the event id is remembered in {@code
 * payments.processor_events} in the transaction of the change, so a redelivery changes nothing and
 * a failure rolls both back (Stripe then delivers again).
 *
 * <ul>
 *   <li>{@code payment_intent.succeeded} / {@code payment_intent.payment_failed}: the payment's
 *       outcome, recorded through {@link Charges#record} (nothing when it is completed already; a
 *       failure of a payment on Stripe's Checkout page is ignored, the customer may try another
 *       card there);
 *   <li>{@code checkout.session.completed} / {@code checkout.session.expired}: the session's
 *       payment paid (when {@code payment_status} is paid) or abandoned, through {@link
 *       CheckoutSettlement#apply};
 *   <li>{@code charge.refunded} (its {@code refunds.data}, when the API version includes them),
 *       {@code refund.updated}, {@code refund.failed}: a pending refund's outcome, through {@link
 *       OrderRefunds#record};
 *   <li>anything else, or an object we do not know: acknowledged and logged, so Stripe stops.
 * </ul>
 *
 * The payment (refund) is found by its processor id, or, when its first answer was lost and no id
 * is recorded yet, by the {@code solid_payment_id} ({@code solid_refund_id}) and {@code
 * solid_company_id} metadata we gave Stripe; amount and currency must agree.
 */
@ApplicationScoped
public class StripeWebhooks {
  private static final Logger LOG = Logger.getLogger(StripeWebhooks.class);

  private final Pool pool;
  private final ProcessorEvents processed;
  private final PaymentRepository payments;
  private final Charges charges;
  private final OrderRefunds refunds;
  private final CheckoutSettlement checkouts;
  private final CheckoutAttemptRepository attempts;
  private final ObjectMapper json;

  public StripeWebhooks(
      Pool pool,
      ProcessorEvents processed,
      PaymentRepository payments,
      Charges charges,
      OrderRefunds refunds,
      CheckoutSettlement checkouts,
      CheckoutAttemptRepository attempts,
      ObjectMapper json) {
    this.pool = pool;
    this.processed = processed;
    this.payments = payments;
    this.charges = charges;
    this.checkouts = checkouts;
    this.attempts = attempts;
    this.refunds = refunds;
    this.json = json;
  }

  public Uni<Void> apply(StripeWire.Event event) {
    return pool.withTransaction(
        tx ->
            processed
                .firstDelivery(tx, StripeProcessor.NAME, event.id(), event.type())
                .chain(
                    first -> {
                      if (!first) {
                        LOG.infof(
                            "Stripe event %s (%s) was applied already", event.id(), event.type());
                        return Uni.createFrom().voidItem();
                      }
                      JsonNode object = event.data() == null ? null : event.data().object();
                      return switch (event.type()) {
                        case "payment_intent.succeeded", "payment_intent.payment_failed" ->
                            paymentIntent(tx, event, read(object, StripeWire.PaymentIntent.class));
                        case "checkout.session.completed", "checkout.session.expired" ->
                            checkoutSession(
                                tx, event, read(object, StripeWire.CheckoutSession.class));
                        case "charge.refunded" -> chargeRefunded(tx, event, object);
                        case "refund.updated", "refund.failed" ->
                            refund(tx, event, read(object, StripeWire.Refund.class));
                        default -> {
                          LOG.debugf(
                              "Stripe event %s (%s) is not one we act on",
                              event.id(), event.type());
                          yield Uni.createFrom().voidItem();
                        }
                      };
                    }));
  }

  private Uni<Void> paymentIntent(
      SqlClient tx, StripeWire.Event event, StripeWire.PaymentIntent intent) {
    return paymentOf(tx, intent)
        .chain(
            payment -> {
              if (payment == null) {
                LOG.infof(
                    "Stripe event %s (%s) names PaymentIntent %s, which is no payment of ours",
                    event.id(), event.type(), intent.id());
                return Uni.createFrom().voidItem();
              }
              boolean succeeded = "payment_intent.succeeded".equals(event.type());
              Tenant tenant = new Tenant(payment.companyId(), payment.livemode());
              if (!succeeded) {
                // On Stripe's Checkout page a declined card is tried again in the same session:
                // only the session's end says the payment failed.
                return checkouts
                    .isCheckout(tx, tenant, payment.id())
                    .chain(
                        checkout ->
                            checkout
                                ? Uni.createFrom().voidItem()
                                : recordIntent(tx, event, intent, payment, false));
              }
              return recordIntent(tx, event, intent, payment, true);
            });
  }

  private Uni<Void> recordIntent(
      SqlClient tx,
      StripeWire.Event event,
      StripeWire.PaymentIntent intent,
      Payment payment,
      boolean succeeded) {
    StripeWire.Error error = intent.lastPaymentError();
    ChargeOutcome outcome =
        succeeded
            ? ChargeOutcome.success(intent.id(), null, null)
            : ChargeOutcome.failure(
                intent.id(),
                null,
                null,
                error == null || error.code() == null ? "card_declined" : error.code(),
                error == null ? null : error.declineCode(),
                error == null ? "Your card was declined." : error.message(),
                error != null && "processing_error".equals(error.code()));
    Tenant tenant = new Tenant(payment.companyId(), payment.livemode());
    return charges
        .record(tx, tenant, payment.id(), outcome)
        .invoke(
            done -> {
              String wanted = succeeded ? Payment.SUCCEEDED : Payment.FAILED;
              if (!wanted.equals(done.status())) {
                // Stripe's word came after ours and disagrees: a person must look.
                LOG.warnf(
                    "Stripe event %s says payment %d (company %d) %s, but it was"
                        + " recorded %s already",
                    event.id(), done.id(), done.companyId(), wanted, done.status());
              }
            })
        .replaceWithVoid();
  }

  /**
   * A Checkout Session completed (paid) or expired: its payment completed from it, as the return to
   * the hosted page would ({@link CheckoutSettlement#apply}), so the order or invoice is paid even
   * if the customer never comes back. Found by the session id, or, when its create's answer was
   * lost, by our metadata on it.
   */
  private Uni<Void> checkoutSession(
      SqlClient tx, StripeWire.Event event, StripeWire.CheckoutSession session) {
    if (session == null || session.id() == null) {
      return Uni.createFrom().voidItem();
    }
    return attempts
        .bySessionAnyTenant(tx, session.id())
        .chain(
            attempt -> {
              if (attempt != null) {
                return Uni.createFrom().item(attempt);
              }
              Tenant tenant = tenantOf(session.metadata());
              Long id = idIn(session.metadata(), Charges.METADATA_PAYMENT_ID);
              if (tenant == null || id == null) {
                return Uni.createFrom().<CheckoutAttempt>nullItem();
              }
              return attempts
                  .ofPayment(tx, tenant, id)
                  .call(
                      found ->
                          found == null || found.sessionId() != null
                              ? Uni.createFrom().voidItem()
                              : attempts.sessionCreated(tx, tenant, id, session.id()))
                  .map(found -> found == null || found.sessionId() != null ? null : found);
            })
        .chain(
            attempt -> {
              if (attempt == null) {
                LOG.infof(
                    "Stripe event %s (%s) names Checkout Session %s, which is no payment of ours",
                    event.id(), event.type(), session.id());
                return Uni.createFrom().voidItem();
              }
              Tenant tenant = new Tenant(attempt.companyId(), attempt.livemode());
              return payments
                  .find(tx, tenant, attempt.paymentId())
                  .chain(payment -> checkouts.apply(tx, tenant, payment, session))
                  .replaceWithVoid();
            });
  }

  private Uni<Payment> paymentOf(SqlClient tx, StripeWire.PaymentIntent intent) {
    if (intent == null || intent.id() == null) {
      return Uni.createFrom().nullItem();
    }
    return payments
        .byProcessorId(tx, StripeProcessor.NAME, intent.id())
        .chain(
            found -> {
              if (found != null) {
                return Uni.createFrom().item(found);
              }
              Tenant tenant = tenantOf(intent.metadata());
              Long id = idIn(intent.metadata(), Charges.METADATA_PAYMENT_ID);
              if (tenant == null || id == null) {
                return Uni.createFrom().nullItem();
              }
              return payments
                  .find(tx, tenant, id)
                  .map(
                      payment ->
                          payment != null
                                  && StripeProcessor.NAME.equals(payment.processor())
                                  && intent.amount() != null
                                  && payment.amount() == intent.amount()
                                  && payment.currency().equalsIgnoreCase(intent.currency())
                              ? payment
                              : null);
            });
  }

  private Uni<Void> chargeRefunded(SqlClient tx, StripeWire.Event event, JsonNode object) {
    StripeWire.Charge charge = read(object, StripeWire.Charge.class);
    List<StripeWire.Refund> list =
        charge == null || charge.refunds() == null || charge.refunds().data() == null
            ? List.of()
            : charge.refunds().data();
    if (list.isEmpty()) {
      LOG.debugf("Stripe event %s (charge.refunded) lists no refunds", event.id());
    }
    return Multi.createFrom()
        .iterable(list)
        .onItem()
        .transformToUniAndConcatenate(refund -> refund(tx, event, refund))
        .collect()
        .last()
        .replaceWithVoid();
  }

  private Uni<Void> refund(SqlClient tx, StripeWire.Event event, StripeWire.Refund stripeRefund) {
    if (stripeRefund == null || stripeRefund.id() == null) {
      return Uni.createFrom().voidItem();
    }
    RefundOutcome outcome =
        switch (stripeRefund.status() == null ? "" : stripeRefund.status()) {
          case "succeeded" -> new RefundOutcome(true, stripeRefund.id(), null);
          case "failed", "canceled" ->
              new RefundOutcome(
                  false,
                  stripeRefund.id(),
                  "Stripe could not refund the payment ("
                      + (stripeRefund.failureReason() == null
                          ? stripeRefund.status()
                          : stripeRefund.failureReason())
                      + ")");
          default -> null;
        };
    if (outcome == null) {
      return Uni.createFrom().voidItem(); // still pending at Stripe: a later event finishes it
    }
    return refundOf(tx, stripeRefund)
        .chain(
            refund -> {
              if (refund == null) {
                LOG.infof(
                    "Stripe event %s (%s) names refund %s, which is no refund of ours",
                    event.id(), event.type(), stripeRefund.id());
                return Uni.createFrom().voidItem();
              }
              if (!Refund.PENDING.equals(refund.status())) {
                return Uni.createFrom().voidItem(); // recorded already (the request's answer)
              }
              return refunds
                  .record(tx, new Tenant(refund.companyId(), refund.livemode()), refund, outcome)
                  .replaceWithVoid();
            });
  }

  private Uni<Refund> refundOf(SqlClient tx, StripeWire.Refund stripeRefund) {
    return payments
        .refundByProcessorId(tx, stripeRefund.id())
        .chain(
            found -> {
              if (found != null) {
                return Uni.createFrom().item(found);
              }
              Tenant tenant = tenantOf(stripeRefund.metadata());
              Long id = idIn(stripeRefund.metadata(), OrderRefunds.METADATA_REFUND_ID);
              if (tenant == null || id == null) {
                return Uni.createFrom().nullItem();
              }
              return payments
                  .findRefund(tx, tenant, id)
                  .map(
                      refund ->
                          refund != null
                                  && stripeRefund.amount() != null
                                  && refund.amount() == stripeRefund.amount()
                              ? refund
                              : null);
            });
  }

  /** Stripe payments are live mode's: the company named by our metadata, in live mode. */
  private static Tenant tenantOf(Map<String, String> metadata) {
    Long company = idIn(metadata, Charges.METADATA_COMPANY_ID);
    return company == null ? null : new Tenant(company, true);
  }

  private static Long idIn(Map<String, String> metadata, String key) {
    if (metadata == null || metadata.get(key) == null) {
      return null;
    }
    try {
      return Long.parseLong(metadata.get(key));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private <T> T read(JsonNode object, Class<T> type) {
    if (object == null || !object.isObject()) {
      return null;
    }
    return json.convertValue(object, type);
  }
}
