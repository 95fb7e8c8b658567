package dev.solid.payments.checkout;

import dev.solid.common.caller.Tenant;
import dev.solid.payments.charge.Charges;
import dev.solid.payments.charge.Payment;
import dev.solid.payments.charge.PaymentRepository;
import dev.solid.payments.processor.ChargeOutcome;
import dev.solid.payments.processor.StripeCheckoutSessions;
import dev.solid.payments.processor.StripeWire;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Completes a payment made on Stripe's Checkout page from its session, whoever reads the session:
 * the customer's return ({@link StripeCheckout#returned}), the {@code checkout.session.*} webhook
 * (in its transaction), the recovery job ({@link #recover}). A paid session records the payment
 * succeeded through {@link Charges#record}, an expired one abandons it ({@link Charges#abandon});
 * both change only a payment still {@code processing}, so the readers racing complete it once.
 */
@ApplicationScoped
public class CheckoutSettlement {
  public static final String ABANDONED = "checkout_abandoned";
  private static final Logger LOG = Logger.getLogger(CheckoutSettlement.class);

  private final Pool pool;
  private final PaymentRepository payments;
  private final CheckoutAttemptRepository attempts;
  private final Charges charges;
  private final StripeCheckoutSessions sessions;

  public CheckoutSettlement(
      Pool pool,
      PaymentRepository payments,
      CheckoutAttemptRepository attempts,
      Charges charges,
      StripeCheckoutSessions sessions) {
    this.pool = pool;
    this.payments = payments;
    this.attempts = attempts;
    this.charges = charges;
    this.sessions = sessions;
  }

  /**
   * {@link #apply(SqlClient, Tenant, Payment, StripeWire.CheckoutSession)} in its own transaction.
   */
  public Uni<Payment> apply(Tenant tenant, Payment payment, StripeWire.CheckoutSession session) {
    return pool.withTransaction(tx -> apply(tx, tenant, payment, session));
  }

  /**
   * Completes {@code payment} as Stripe's {@code session} says, in {@code tx}: paid (its
   * PaymentIntent becomes the processor id), expired (abandoned), or unchanged while open or not
   * yet paid. Answers the payment as stored after.
   */
  public Uni<Payment> apply(
      SqlClient tx, Tenant tenant, Payment payment, StripeWire.CheckoutSession session) {
    if (session.paid()) {
      if (!agrees(session, payment)) {
        LOG.errorf(
            "Checkout Session %s is paid but disagrees with payment %d (company %d): a person"
                + " must look",
            session.id(), payment.id(), payment.companyId());
        return Uni.createFrom().item(payment);
      }
      return charges
          .record(
              tx, tenant, payment.id(), ChargeOutcome.success(session.paymentIntent(), null, null))
          .invoke(
              done -> {
                if (!Payment.SUCCEEDED.equals(done.status())) {
                  LOG.warnf(
                      "Checkout Session %s is paid, but payment %d (company %d) was recorded %s"
                          + " already: a person must look",
                      session.id(), done.id(), done.companyId(), done.status());
                }
              });
    }
    if ("expired".equals(session.status())) {
      return abandon(tx, tenant, payment);
    }
    return Uni.createFrom().item(payment);
  }

  /**
   * Finishes a payment the recovery job found unfinished past its session's expiry, or answers null
   * when {@code payment} is no Checkout payment (the job charges those again itself). No session id
   * means its create never answered: nobody had the page, so nobody paid.
   */
  public Uni<Payment> recover(Payment payment) {
    Tenant tenant = new Tenant(payment.companyId(), payment.livemode());
    return pool.withConnection(db -> attempts.ofPayment(db, tenant, payment.id()))
        .chain(
            attempt -> {
              if (attempt == null) {
                return Uni.createFrom().nullItem();
              }
              if (attempt.sessionId() == null) {
                return pool.withTransaction(tx -> abandon(tx, tenant, payment));
              }
              return sessions
                  .retrieve(attempt.sessionId())
                  .chain(session -> apply(tenant, payment, session));
            });
  }

  /** Whether this payment was made on Stripe's Checkout page (in the caller's transaction). */
  public Uni<Boolean> isCheckout(SqlClient db, Tenant tenant, long paymentId) {
    return attempts.ofPayment(db, tenant, paymentId).map(Objects::nonNull);
  }

  Uni<Payment> abandon(SqlClient tx, Tenant tenant, Payment payment) {
    return charges
        .abandon(
            tx,
            tenant,
            payment.id(),
            ABANDONED,
            "The customer left Stripe's payment page without paying; nothing was charged")
        .chain(
            done ->
                done != null
                    ? Uni.createFrom().item(done)
                    : payments.find(tx, tenant, payment.id()));
  }

  /** Stripe's session is the one we made for this payment: metadata, amount and currency. */
  static boolean agrees(StripeWire.CheckoutSession session, Payment payment) {
    Map<String, String> metadata = session.metadata() == null ? Map.of() : session.metadata();
    return Charges.metadataOf(payment).entrySet().stream()
            .allMatch(e -> e.getValue().equals(metadata.get(e.getKey())))
        && session.amountTotal() != null
        && session.amountTotal() == payment.amount()
        && payment.currency().equalsIgnoreCase(session.currency());
  }
}
