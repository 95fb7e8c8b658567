package dev.solid.payments.order;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.event.EventTypes;
import dev.solid.payments.charge.Charges;
import dev.solid.payments.charge.Payment;
import dev.solid.payments.charge.PaymentRepository;
import dev.solid.payments.charge.Refund;
import dev.solid.payments.commission.Commissions;
import dev.solid.payments.event.PaymentEvents;
import dev.solid.payments.processor.ProcessorRejectedException;
import dev.solid.payments.processor.ProcessorUnavailableException;
import dev.solid.payments.processor.Processors;
import dev.solid.payments.processor.RefundOutcome;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Refunds of an order, full or partial. The refund is recorded {@code pending} in the transaction
 * that locks the order and sums every refund not failed, so concurrent refunds queue on the order
 * and never exceed what was paid; the processor is then asked with the refund's own idempotency
 * key, and its answer recorded with the order's totals, the commission reversal and the events. A
 * refund left pending (crash, processor outage) is finished by the recovery job.
 */
@ApplicationScoped
public class OrderRefunds {
  private static final Logger LOG = Logger.getLogger(OrderRefunds.class);

  /** Processor metadata naming our refund. */
  public static final String METADATA_REFUND_ID = "solid_refund_id";

  private final Pool pool;
  private final OrderRepository orders;
  private final PaymentRepository payments;
  private final Processors processors;
  private final PaymentEvents events;
  private final Commissions commissions;

  public OrderRefunds(
      Pool pool,
      OrderRepository orders,
      PaymentRepository payments,
      Processors processors,
      PaymentEvents events,
      Commissions commissions) {
    this.pool = pool;
    this.orders = orders;
    this.payments = payments;
    this.processors = processors;
    this.events = events;
    this.commissions = commissions;
  }

  public Uni<Refund> refund(Tenant tenant, long orderId, Long requested, String reason) {
    processors.forMode(tenant.livemode()).requireConfigured();
    return pool.withTransaction(
            tx ->
                orders
                    .lock(tx, tenant, orderId)
                    .chain(
                        order -> {
                          if (order == null) {
                            throw ApiException.notFound("order");
                          }
                          if (order.status() != OrderStatus.PAID
                              && order.status() != OrderStatus.PARTIALLY_REFUNDED) {
                            throw new ApiException(
                                    ErrorCode.INVALID_STATE,
                                    "Order "
                                        + orderId
                                        + " is "
                                        + order.status().wire()
                                        + "; only a paid or partially refunded order can be"
                                        + " refunded")
                                .member("status", order.status().wire());
                          }
                          return payments
                              .committedRefunds(tx, tenant, orderId)
                              .chain(
                                  committed ->
                                      reserve(tx, tenant, order, committed, requested, reason));
                        }))
        .chain(refund -> finish(tenant, refund))
        .map(
            refund -> {
              if (Refund.FAILED.equals(refund.status())) {
                throw new ApiException(
                        ErrorCode.PAYMENT_FAILED,
                        refund.failureMessage() == null
                            ? "The processor refused the refund"
                            : refund.failureMessage())
                    .member("refund_id", refund.id());
              }
              return refund;
            });
  }

  private Uni<Refund> reserve(
      SqlClient tx, Tenant tenant, Order order, long committed, Long requested, String reason) {
    long refundable = order.amountPaid() - committed;
    if (refundable <= 0) {
      throw new ApiException(
              ErrorCode.INVALID_STATE,
              "Order " + order.id() + " has nothing left to refund (refunds pending or done)")
          .member("status", order.status().wire());
    }
    long amount = requested == null ? refundable : requested;
    if (amount > refundable) {
      throw ApiException.validation(
          new ProblemDetail("amount", "exceeds_refundable", amount),
          "Field 'amount' ("
              + amount
              + ") is more than is left to refund on order "
              + order.id()
              + " ("
              + refundable
              + ")");
    }
    return payments
        .refundable(tx, tenant, order.id())
        .chain(
            list -> {
              Payment payment =
                  list.stream()
                      .filter(p -> p.amount() - p.amountRefunded() >= amount)
                      .findFirst()
                      .orElseThrow(
                          () ->
                              ApiException.conflict(
                                  "A refund of order "
                                      + order.id()
                                      + " is in progress; retry once it is done"));
              return payments.insertRefund(
                  tx, tenant, order.id(), payment.id(), amount, order.currency(), reason);
            });
  }

  /**
   * Asks the processor for the pending refund (again, for the recovery job: same idempotency key)
   * and records its answer. A processor that cannot be reached is a 503; the refund stays pending.
   */
  public Uni<Refund> finish(Tenant tenant, Refund refund) {
    return pool.withConnection(db -> payments.find(db, tenant, refund.paymentId()))
        .chain(
            payment ->
                processors
                    .named(payment.processor())
                    .refund(
                        refund.idempotencyKey(),
                        payment.processorId(),
                        refund.amount(),
                        metadataOf(refund)))
        .onFailure(ProcessorRejectedException.class)
        .recoverWithUni(
            failure ->
                record(
                        tenant,
                        refund,
                        new RefundOutcome(
                            false,
                            null,
                            "The payment processor refused the request; nothing was refunded"))
                    .chain(
                        done ->
                            Uni.createFrom()
                                .<RefundOutcome>failure(
                                    new ApiException(
                                            ErrorCode.BAD_GATEWAY,
                                            "The payment processor refused the request; nothing"
                                                + " was refunded. Retry later, or report it with"
                                                + " the request_id")
                                        .member("refund_id", refund.id()))))
        .onFailure(ProcessorUnavailableException.class)
        .transform(
            failure -> {
              LOG.warnf(
                  "Refund %d (company %d) has no answer yet from the processor: %s",
                  refund.id(), refund.companyId(), failure.getMessage());
              return ApiException.unavailable(
                      "The payment processor did not answer; the refund is finished automatically"
                          + " once it does",
                      5)
                  .member("refund_id", refund.id());
            })
        .chain(outcome -> record(tenant, refund, outcome));
  }

  /**
   * Processor metadata naming our refund, its order and company (for the processor's callbacks).
   */
  public static Map<String, String> metadataOf(Refund refund) {
    return new TreeMap<>(
        Map.of(
            METADATA_REFUND_ID,
            Long.toString(refund.id()),
            Charges.METADATA_COMPANY_ID,
            Long.toString(refund.companyId()),
            "solid_order_id",
            Long.toString(refund.orderId())));
  }

  private Uni<Refund> record(Tenant tenant, Refund refund, RefundOutcome outcome) {
    return pool.withTransaction(tx -> record(tx, tenant, refund, outcome));
  }

  /**
   * Records the processor's answer to a pending refund inside the caller's transaction {@code tx}
   * (a processor webhook, with its dedupe row): the order is locked first, as for every refund
   * change; only a refund still pending changes, with the order's totals, the commission reversal
   * and the events. A refund finished already is answered as stored.
   */
  public Uni<Refund> record(SqlClient tx, Tenant tenant, Refund refund, RefundOutcome outcome) {
    return orders
        .lock(tx, tenant, refund.orderId())
        .chain(
            order ->
                payments.completeRefund(
                    tx,
                    tenant,
                    refund.id(),
                    outcome.succeeded(),
                    outcome.processorId(),
                    outcome.message()))
        .chain(
            done -> {
              if (done == null) {
                // Finished already (the recovery job and the request racing).
                return payments
                    .refundsOfOrder(tx, tenant, refund.orderId())
                    .map(
                        list ->
                            list.stream()
                                .filter(r -> r.id() == refund.id())
                                .findFirst()
                                .orElseThrow());
              }
              if (!Refund.SUCCEEDED.equals(done.status())) {
                return Uni.createFrom().item(done);
              }
              return payments
                  .addRefunded(tx, tenant, done.paymentId(), done.amount())
                  .chain(() -> orders.addRefunded(tx, tenant, done.orderId(), done.amount()))
                  .call(order -> events.emit(tx, tenant, EventTypes.REFUND_CREATED, done))
                  .call(
                      order ->
                          events.emit(
                              tx, tenant, EventTypes.ORDER_REFUNDED, OrderResponse.summary(order)))
                  .call(
                      order ->
                          commissions.onRefunded(
                              tx, tenant, OrderCharges.SOURCE, order.id(), order.amountRefunded()))
                  .replaceWith(done);
            });
  }
}
