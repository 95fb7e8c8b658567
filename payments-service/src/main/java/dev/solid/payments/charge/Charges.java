package dev.solid.payments.charge;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.event.EventTypes;
import dev.solid.payments.event.PaymentEvents;
import dev.solid.payments.processor.Charge;
import dev.solid.payments.processor.ChargeOutcome;
import dev.solid.payments.processor.ProcessorRejectedException;
import dev.solid.payments.processor.ProcessorUnavailableException;
import dev.solid.payments.processor.Processors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Runs a charge that is already recorded as {@code processing} (in the transaction that locked its
 * subject): asks the processor with the payment's own idempotency key, outside any transaction,
 * then records the answer and lets the subject ({@link PaymentSubject}) change in the same
 * transaction. A crash or a processor outage in between leaves the payment {@code processing}; the
 * recovery job ({@link ChargeRecovery}) then asks again with the same key, so the charge happens
 * once whatever fails.
 */
@ApplicationScoped
public class Charges {
  private static final Logger LOG = Logger.getLogger(Charges.class);

  /** Processor metadata naming our payment and its company. */
  public static final String METADATA_PAYMENT_ID = "solid_payment_id";

  public static final String METADATA_COMPANY_ID = "solid_company_id";

  private final Pool pool;
  private final Processors processors;
  private final PaymentRepository payments;
  private final PaymentEvents events;
  private final List<PaymentSubject> subjects;

  public Charges(
      Pool pool,
      Processors processors,
      PaymentRepository payments,
      PaymentEvents events,
      Instance<PaymentSubject> subjects) {
    this.pool = pool;
    this.processors = processors;
    this.payments = payments;
    this.events = events;
    this.subjects = subjects.stream().toList();
  }

  /**
   * Charges {@code payment} and answers it completed. A processor that cannot be reached fails with
   * 503 {@code service_unavailable}: the outcome is not known yet, and the payment is finished by
   * the recovery job (or the processor's webhook). A processor that refuses the request itself (our
   * bug or configuration; nothing was charged) records the payment failed and answers 502.
   *
   * <p>Every parameter sent is derived from the payment row alone (amount, currency, method, {@link
   * #describe description}, metadata), so the recovery job's second ask is the same request as the
   * first: Stripe refuses a reused idempotency key with different parameters.
   */
  public Uni<Payment> run(Payment payment) {
    Tenant tenant = new Tenant(payment.companyId(), payment.livemode());
    Charge charge =
        new Charge(
            payment.idempotencyKey(),
            payment.amount(),
            payment.currency(),
            payment.paymentMethod(),
            describe(payment),
            metadataOf(payment));
    return processors
        .named(payment.processor())
        .charge(charge)
        .onFailure(ProcessorUnavailableException.class)
        .transform(
            failure -> {
              LOG.warnf(
                  "Charge of payment %d (company %d) has no answer yet from %s: %s; the recovery"
                      + " job will finish it",
                  payment.id(), payment.companyId(), payment.processor(), failure.getMessage());
              return ApiException.unavailable(
                      "The payment processor did not answer; the charge is finished"
                          + " automatically once it does (read the payment to see its outcome)",
                      5)
                  .member("payment_id", payment.id());
            })
        .onFailure(ProcessorRejectedException.class)
        .recoverWithUni(
            failure ->
                record(
                        tenant,
                        payment.id(),
                        ChargeOutcome.failure(
                            null,
                            null,
                            null,
                            "processor_error",
                            null,
                            "The payment processor refused the request; nothing was charged",
                            false))
                    .chain(
                        done ->
                            Uni.createFrom()
                                .<ChargeOutcome>failure(
                                    new ApiException(
                                            ErrorCode.BAD_GATEWAY,
                                            "The payment processor refused the request; nothing was"
                                                + " charged. Retry later, or report it with the"
                                                + " request_id")
                                        .member("payment_id", payment.id()))))
        .chain(outcome -> record(tenant, payment.id(), outcome));
  }

  /**
   * Records the processor's answer and changes the subject with it. When the payment was completed
   * already (the recovery job and the request racing), the stored payment is answered unchanged.
   */
  public Uni<Payment> record(Tenant tenant, long paymentId, ChargeOutcome outcome) {
    return pool.withTransaction(tx -> record(tx, tenant, paymentId, outcome));
  }

  /**
   * {@link #record(Tenant, long, ChargeOutcome)} inside the caller's transaction {@code tx} (a
   * processor webhook records its dedupe row with the change).
   */
  public Uni<Payment> record(SqlClient tx, Tenant tenant, long paymentId, ChargeOutcome outcome) {
    return payments
        .find(tx, tenant, paymentId)
        .chain(payment -> subjectOf(payment).lock(tx, tenant, payment))
        .chain(() -> payments.complete(tx, tenant, paymentId, outcome))
        .chain(
            done -> {
              if (done == null) {
                return payments.find(tx, tenant, paymentId);
              }
              PaymentSubject subject = subjectOf(done);
              boolean ok = Payment.SUCCEEDED.equals(done.status());
              return events
                  .emit(
                      tx,
                      tenant,
                      ok ? EventTypes.PAYMENT_SUCCEEDED : EventTypes.PAYMENT_FAILED,
                      done)
                  .chain(
                      () ->
                          ok
                              ? subject.succeeded(tx, tenant, done)
                              : subject.failed(tx, tenant, done))
                  .replaceWith(done);
            });
  }

  /** The 402 of a declined charge: the processor's message and decline code. */
  public static ApiException declined(Payment payment) {
    ApiException problem =
        new ApiException(
                ErrorCode.PAYMENT_FAILED,
                payment.failureMessage() == null
                    ? "The payment was declined"
                    : payment.failureMessage())
            .member("decline_code", payment.declineCode())
            .member("payment_error_code", payment.failureCode())
            .member("payment_id", payment.id());
    if ("processing_error".equals(payment.failureCode())) {
      problem.member("retryable", true);
    }
    return problem;
  }

  private PaymentSubject subjectOf(Payment payment) {
    return subjects.stream()
        .filter(subject -> subject.owns(payment))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No subject owns payment " + payment.id()));
  }

  /**
   * Completes a {@code processing} payment as failed when no card was charged (a hosted checkout
   * the customer left, or that the processor refused to start), under its subject's lock like
   * {@link #record}. Unlike a decline it emits nothing and leaves the subject as it was (no {@code
   * last_payment_error}, no dunning step for a subscription's invoice): leaving Stripe's page is no
   * failed payment. Answers the payment, or null when it was completed already.
   */
  public Uni<Payment> abandon(
      SqlClient tx, Tenant tenant, long paymentId, String code, String message) {
    return payments
        .find(tx, tenant, paymentId)
        .chain(payment -> subjectOf(payment).lock(tx, tenant, payment))
        .chain(
            () ->
                payments.complete(
                    tx,
                    tenant,
                    paymentId,
                    ChargeOutcome.failure(null, null, null, code, null, message, false)));
  }

  /** What the processor shows for the charge: the same on every attempt of one payment. */
  public static String describe(Payment payment) {
    return payment.orderId() != null
        ? "Solid order " + payment.orderId()
        : payment.invoiceId() != null
            ? "Solid invoice " + payment.invoiceId()
            : "Solid payment " + payment.id();
  }

  /**
   * Stored with the processor's charge: the payment and company let a processor callback find the
   * payment even when the first answer was lost (no processor id recorded yet).
   */
  public static Map<String, String> metadataOf(Payment payment) {
    Map<String, String> metadata = new TreeMap<>();
    metadata.put(METADATA_PAYMENT_ID, Long.toString(payment.id()));
    metadata.put(METADATA_COMPANY_ID, Long.toString(payment.companyId()));
    if (payment.orderId() != null) {
      metadata.put("solid_order_id", Long.toString(payment.orderId()));
    }
    if (payment.invoiceId() != null) {
      metadata.put("solid_invoice_id", Long.toString(payment.invoiceId()));
    }
    return metadata;
  }
}
