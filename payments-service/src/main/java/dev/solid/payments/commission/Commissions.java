package dev.solid.payments.commission;

import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventTypes;
import dev.solid.payments.event.PaymentEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Commissions follow money, in the transaction that moves it: a source (order or invoice) carrying
 * a {@code sales_rep} with a commission plan earns a {@code pending} commission when it is paid,
 * and each refund reverses the share it took back, so a full refund leaves the commission {@code
 * reversed}. A commission already paid to the rep is reversed all the same: the reversal is the
 * adjustment the next payout deducts.
 */
@ApplicationScoped
public class Commissions {
  private final CommissionRepository repository;
  private final PaymentEvents events;

  public Commissions(CommissionRepository repository, PaymentEvents events) {
    this.repository = repository;
    this.events = events;
  }

  /** A paid source: its rep's commission, when the rep has a plan. */
  public Uni<Void> onPaid(
      SqlClient tx,
      Tenant tenant,
      String sourceType,
      long sourceId,
      String salesRep,
      long paidAmount,
      String currency) {
    if (salesRep == null || salesRep.isBlank()) {
      return Uni.createFrom().voidItem();
    }
    return repository
        .planOf(tx, tenant, salesRep)
        .chain(
            plan ->
                plan == null
                    ? Uni.createFrom().nullItem()
                    : repository.insert(
                        tx,
                        tenant,
                        salesRep,
                        sourceType,
                        sourceId,
                        paidAmount,
                        plan.rateBps(),
                        Commission.of(paidAmount, plan.rateBps()),
                        currency))
        .chain(
            created ->
                created == null
                    ? Uni.createFrom().voidItem()
                    : events.emit(tx, tenant, EventTypes.COMMISSION_CREATED, created));
  }

  /**
   * A refund of the source: the commission is reversed in proportion to everything refunded so far
   * ({@code refundedTotal} of {@code basis}), rounded so that a full refund reverses all of it.
   */
  public Uni<Void> onRefunded(
      SqlClient tx, Tenant tenant, String sourceType, long sourceId, long refundedTotal) {
    return repository
        .ofSource(tx, tenant, sourceType, sourceId)
        .chain(
            commission -> {
              if (commission == null) {
                return Uni.createFrom().voidItem();
              }
              long reversed =
                  refundedTotal >= commission.basisAmount()
                      ? commission.amount()
                      : Math.floorDiv(
                          Math.multiplyExact(commission.amount(), refundedTotal)
                              + commission.basisAmount() / 2,
                          commission.basisAmount());
              if (reversed <= commission.amountReversed()) {
                return Uni.createFrom().voidItem();
              }
              return repository
                  .setReversed(tx, tenant, commission.id(), reversed)
                  .chain(
                      updated -> events.emit(tx, tenant, EventTypes.COMMISSION_REVERSED, updated));
            });
  }
}
