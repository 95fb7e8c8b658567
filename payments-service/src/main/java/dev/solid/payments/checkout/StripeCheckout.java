package dev.solid.payments.checkout;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.error.DatabaseErrors;
import dev.solid.payments.charge.Charges;
import dev.solid.payments.charge.Payment;
import dev.solid.payments.charge.PaymentRepository;
import dev.solid.payments.config.PaymentsConfig;
import dev.solid.payments.processor.ProcessorRejectedException;
import dev.solid.payments.processor.ProcessorUnavailableException;
import dev.solid.payments.processor.StripeCheckoutSessions;
import dev.solid.payments.processor.StripeProcessor;
import dev.solid.payments.processor.StripeWire;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Live mode's hosted pages take the card on Stripe's Checkout page, never here. The page's form (a
 * pay button and its anti-forgery token, no card field) makes one {@code processing} payment
 * (processor {@code stripe}) and one Checkout Session for it, then sends the customer to the
 * session's {@code url}. The payment is completed from the session, whoever sees it first: the
 * customer back on the page ({@code ?session_id=…}, {@link #returned}), the {@code
 * checkout.session.completed} webhook, or the recovery job after the session's expiry ({@link
 * CheckoutSettlement}). All go through {@link Charges}, which changes only a payment still {@code
 * processing}: paid once, whatever the order they come in.
 *
 * <p>One attempt per rendered form: its nonce is stored with the payment ({@link CheckoutAttempt}),
 * and the session is created with {@code Idempotency-Key
 * solid_checkout_<company>_<order_|invoice_id>_<nonce>} and parameters derived from the stored rows
 * alone, so the same form posted again (double click, reload, a lost answer) finds the same session
 * at Stripe.
 *
 * <p>Abandonment: the attempt's payment holds its order or invoice (one payment in flight each).
 * Another form posted for the same invoice expires the old session first ({@code POST …/expire};
 * Stripe answers it paid instead if the customer just paid, and then the invoice is paid), marks
 * its payment failed {@code checkout_abandoned} ({@link Charges#abandon}: no decline, no dunning)
 * and starts anew. A session nobody comes back to is expired by Stripe at {@code expires_at}; the
 * {@code checkout.session.expired} webhook, or the recovery job once that time has passed, then
 * abandons its payment. A payment link makes an order per form, so its abandoned attempts never
 * block a new one; they only wait for that expiry.
 */
@ApplicationScoped
public class StripeCheckout {
  private static final Logger LOG = Logger.getLogger(StripeCheckout.class);

  private final Pool pool;
  private final PaymentRepository payments;
  private final CheckoutAttemptRepository attempts;
  private final CheckoutSettlement settlement;
  private final StripeCheckoutSessions sessions;
  private final StripeProcessor stripe;
  private final PaymentsConfig config;
  private final Clock clock = Clock.systemUTC();

  public StripeCheckout(
      Pool pool,
      PaymentRepository payments,
      CheckoutAttemptRepository attempts,
      CheckoutSettlement settlement,
      StripeCheckoutSessions sessions,
      StripeProcessor stripe,
      PaymentsConfig config) {
    this.pool = pool;
    this.payments = payments;
    this.attempts = attempts;
    this.settlement = settlement;
    this.sessions = sessions;
    this.stripe = stripe;
    this.config = config;
  }

  /**
   * What a live page's form pays: an order or an invoice of {@code tenant}, in {@code currency}.
   *
   * @param nonce the form's nonce ({@link CheckoutTokens})
   * @param productName the line shown on Stripe's page
   * @param pagePath the hosted page's path: Stripe sends the customer back there
   */
  public record Purchase(
      Tenant tenant,
      Long orderId,
      Long invoiceId,
      String currency,
      String nonce,
      String productName,
      String pagePath) {}

  /** What became of a form or a return. */
  public enum Kind {
    /** Send the customer to Stripe's page ({@code url}). */
    REDIRECT,
    /** Paid ({@code payment}): show the receipt. */
    PAID,
    /** The order or invoice takes no payment now (paid, canceled…): show what it is. */
    NOT_PAYABLE,
    /** Another payment of it is in flight (an API charge, the same form at once). */
    IN_PROGRESS,
    /** Stripe has the payment but has not said it is paid yet. */
    CONFIRMING,
    /** This form's attempt ended (its session expired): the page must be loaded again. */
    FORM_USED,
    /** Stripe did not answer: nothing is lost, try again in a moment. */
    UNAVAILABLE,
    /** Stripe refused to start the payment (our configuration): nothing was charged. */
    REFUSED,
    /** A return naming no session of this page, or one still open: show the page as usual. */
    IGNORED
  }

  public record Outcome(Kind kind, String url, Payment payment) {
    static Uni<Outcome> of(Kind kind) {
      return Uni.createFrom().item(new Outcome(kind, null, null));
    }
  }

  /**
   * The form of a live page was posted. {@code lockDue} locks the order or invoice in the given
   * transaction and answers what is due, or null when it takes no payment now.
   */
  public Uni<Outcome> pay(Purchase purchase, Function<SqlClient, Uni<Long>> lockDue) {
    stripe.requireConfigured(); // 503 before anything is recorded
    return attempt(purchase, lockDue, true)
        .onFailure(ProcessorUnavailableException.class)
        .recoverWithItem(
            failure -> {
              LOG.warnf(
                  "Checkout of %s: Stripe did not answer: %s", purchase, failure.getMessage());
              return new Outcome(Kind.UNAVAILABLE, null, null);
            })
        .onFailure(ProcessorRejectedException.class)
        .recoverWithItem(new Outcome(Kind.REFUSED, null, null));
  }

  private Uni<Outcome> attempt(
      Purchase purchase, Function<SqlClient, Uni<Long>> lockDue, boolean mayAbandon) {
    return pool.withTransaction(tx -> reserve(tx, purchase, lockDue))
        // The same form posted twice at once: the second insert meets the first's nonce.
        .onFailure(DatabaseErrors::isUniqueViolation)
        .recoverWithItem(new Reserved(Reserved.Found.OTHER, null, null))
        .chain(
            reserved ->
                switch (reserved.kind()) {
                  case NOT_PAYABLE -> Outcome.of(Kind.NOT_PAYABLE);
                  case FORM_USED -> Outcome.of(Kind.FORM_USED);
                  case MINE -> open(purchase, reserved.payment(), reserved.attempt());
                  case OTHER ->
                      reserved.attempt() == null || !mayAbandon
                          ? Outcome.of(Kind.IN_PROGRESS)
                          : replace(purchase, reserved, lockDue);
                });
  }

  /** What the form found under the lock; {@code attempt} is the in-flight payment's, if any. */
  private record Reserved(Found kind, Payment payment, CheckoutAttempt attempt) {
    enum Found {
      NOT_PAYABLE,
      FORM_USED,
      MINE,
      OTHER
    }
  }

  /** Under the subject's lock: this form's payment, another in flight, or a new one. */
  private Uni<Reserved> reserve(
      SqlClient tx, Purchase purchase, Function<SqlClient, Uni<Long>> lockDue) {
    Tenant tenant = purchase.tenant();
    return lockDue
        .apply(tx)
        .chain(
            due -> {
              if (due == null) {
                return Uni.createFrom().item(new Reserved(Reserved.Found.NOT_PAYABLE, null, null));
              }
              Uni<List<Payment>> made =
                  purchase.orderId() != null
                      ? payments.ofOrder(tx, tenant, purchase.orderId())
                      : payments.ofInvoice(tx, tenant, purchase.invoiceId());
              return made.chain(
                  list -> {
                    Payment inFlight =
                        list.stream()
                            .filter(p -> Payment.PROCESSING.equals(p.status()))
                            .findFirst()
                            .orElse(null);
                    if (inFlight != null) {
                      return attempts
                          .ofPayment(tx, tenant, inFlight.id())
                          .map(
                              a ->
                                  new Reserved(
                                      a != null && a.formNonce().equals(purchase.nonce())
                                          ? Reserved.Found.MINE
                                          : Reserved.Found.OTHER,
                                      inFlight,
                                      a));
                    }
                    return attempts
                        .byNonce(tx, tenant, purchase.nonce())
                        .chain(
                            used ->
                                used != null
                                    ? Uni.createFrom()
                                        .item(new Reserved(Reserved.Found.FORM_USED, null, used))
                                    : begin(tx, purchase, due));
                  });
            });
  }

  private Uni<Reserved> begin(SqlClient tx, Purchase purchase, long due) {
    Tenant tenant = purchase.tenant();
    return payments
        .insertProcessing(
            tx,
            tenant,
            purchase.orderId(),
            purchase.invoiceId(),
            due,
            purchase.currency(),
            StripeProcessor.NAME,
            null)
        .chain(
            payment ->
                attempts
                    .insert(
                        tx,
                        tenant,
                        payment.id(),
                        purchase.nonce(),
                        purchase.productName(),
                        clock
                            .instant()
                            .plus(config.stripe().checkoutSessionLifetime())
                            .truncatedTo(ChronoUnit.SECONDS))
                    .map(a -> new Reserved(Reserved.Found.MINE, payment, a)));
  }

  /** This form's attempt: its session, made now or found again. */
  private Uni<Outcome> open(Purchase purchase, Payment payment, CheckoutAttempt attempt) {
    return sessionOf(purchase, payment, attempt)
        .chain(
            session -> {
              if ("open".equals(session.status())) {
                return Uni.createFrom().item(new Outcome(Kind.REDIRECT, session.url(), payment));
              }
              return settlement
                  .apply(purchase.tenant(), payment, session)
                  .map(StripeCheckout::settled);
            });
  }

  /** Another form's attempt holds the invoice: expire its session, then start this one. */
  private Uni<Outcome> replace(
      Purchase purchase, Reserved other, Function<SqlClient, Uni<Long>> lockDue) {
    return sessionOf(purchase, other.payment(), other.attempt())
        .chain(s -> "open".equals(s.status()) ? sessions.expire(s.id()) : Uni.createFrom().item(s))
        .chain(s -> settlement.apply(purchase.tenant(), other.payment(), s))
        .chain(
            done -> {
              if (Payment.SUCCEEDED.equals(done.status())) {
                return Uni.createFrom().item(new Outcome(Kind.PAID, null, done));
              }
              if (Payment.FAILED.equals(done.status())) {
                LOG.infof(
                    "Payment %d (company %d) was abandoned on Stripe's page: a new form pays",
                    done.id(), done.companyId());
                return attempt(purchase, lockDue, false);
              }
              return Outcome.of(Kind.IN_PROGRESS);
            });
  }

  private Uni<StripeWire.CheckoutSession> sessionOf(
      Purchase purchase, Payment payment, CheckoutAttempt attempt) {
    if (attempt.sessionId() != null) {
      return sessions.retrieve(attempt.sessionId());
    }
    String base = config.publicBaseUrl() + purchase.pagePath();
    StripeCheckoutSessions.NewSession session =
        new StripeCheckoutSessions.NewSession(
            "solid_checkout_"
                + payment.companyId()
                + "_"
                + reference(payment)
                + "_"
                + attempt.formNonce(),
            payment.amount(),
            payment.currency(),
            attempt.productName(),
            Charges.describe(payment),
            reference(payment),
            base + "?session_id={CHECKOUT_SESSION_ID}",
            base,
            attempt.expiresAt(),
            Charges.metadataOf(payment));
    return sessions
        .create(session)
        .call(
            created ->
                pool.withTransaction(
                    tx ->
                        attempts.sessionCreated(
                            tx, purchase.tenant(), payment.id(), created.id())));
  }

  /**
   * The customer came back from Stripe with {@code sessionId}. Ignored unless it is a session of
   * this tenant whose payment {@code belongs} to the page, with Stripe's metadata agreeing;
   * otherwise the payment is completed from the session as Stripe has it now.
   */
  public Uni<Outcome> returned(
      Tenant tenant, String sessionId, Function<Payment, Uni<Boolean>> belongs) {
    if (!StripeCheckoutSessions.isSessionId(sessionId)) {
      return Outcome.of(Kind.IGNORED);
    }
    return pool.withConnection(
            db ->
                attempts
                    .bySession(db, tenant, sessionId)
                    .chain(
                        a ->
                            a == null
                                ? Uni.createFrom().<Payment>nullItem()
                                : payments.find(db, tenant, a.paymentId())))
        .chain(
            payment -> {
              if (payment == null) {
                return Outcome.of(Kind.IGNORED);
              }
              return belongs
                  .apply(payment)
                  .chain(
                      ok ->
                          ok ? settleReturn(tenant, payment, sessionId) : Outcome.of(Kind.IGNORED));
            });
  }

  private Uni<Outcome> settleReturn(Tenant tenant, Payment payment, String sessionId) {
    if (!Payment.PROCESSING.equals(payment.status())) {
      // Settled already (the webhook was first): no need to ask Stripe.
      return Uni.createFrom().item(settled(payment));
    }
    return sessions
        .retrieve(sessionId)
        .chain(
            session ->
                CheckoutSettlement.agrees(session, payment)
                    ? settlement.apply(tenant, payment, session).map(StripeCheckout::settled)
                    : Outcome.of(Kind.IGNORED))
        .onFailure(ProcessorUnavailableException.class)
        .recoverWithItem(new Outcome(Kind.CONFIRMING, null, payment))
        .onFailure(ProcessorRejectedException.class)
        .recoverWithItem(new Outcome(Kind.CONFIRMING, null, payment));
  }

  private static Outcome settled(Payment payment) {
    return switch (payment.status()) {
      case Payment.SUCCEEDED -> new Outcome(Kind.PAID, null, payment);
      case Payment.FAILED -> new Outcome(Kind.FORM_USED, null, payment);
      default -> new Outcome(Kind.CONFIRMING, null, payment);
    };
  }

  /** Our reference of what is paid, as Stripe shows it ({@code client_reference_id}). */
  private static String reference(Payment payment) {
    return payment.orderId() != null
        ? "order_" + payment.orderId()
        : "invoice_" + payment.invoiceId();
  }
}
