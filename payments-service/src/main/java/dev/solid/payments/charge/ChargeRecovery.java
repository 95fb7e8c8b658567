package dev.solid.payments.charge;

import dev.solid.common.caller.Tenant;
import dev.solid.payments.checkout.CheckoutSettlement;
import dev.solid.payments.config.PaymentsConfig;
import dev.solid.payments.order.OrderRefunds;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Finishes charges and refunds that a crash, a restart or a processor outage left unfinished
 * ({@code processing} payments, {@code pending} refunds, older than {@code
 * solid.payments.recovery.stale-after}). Each is asked of the processor again with its own
 * idempotency key, so the processor answers the first outcome and nothing is charged or refunded
 * twice. A payment on Stripe's Checkout page is not asked again but read from its session, once
 * that session has expired ({@link CheckoutSettlement#recover}). Recording the answer changes only
 * a row still unfinished, so replicas running this job at once, or a request finishing the same
 * row, complete it once.
 */
@ApplicationScoped
public class ChargeRecovery {
  private static final Logger LOG = Logger.getLogger(ChargeRecovery.class);
  private static final int BATCH = 100;

  private final Pool pool;
  private final PaymentRepository payments;
  private final Charges charges;
  private final OrderRefunds refunds;
  private final CheckoutSettlement checkouts;
  private final PaymentsConfig config;

  public ChargeRecovery(
      Pool pool,
      PaymentRepository payments,
      Charges charges,
      CheckoutSettlement checkouts,
      OrderRefunds refunds,
      PaymentsConfig config) {
    this.pool = pool;
    this.payments = payments;
    this.charges = charges;
    this.checkouts = checkouts;
    this.refunds = refunds;
    this.config = config;
  }

  @Scheduled(
      every = "${solid.payments.recovery.interval:30s}",
      delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> sweep() {
    return finishCharges().chain(this::finishRefunds);
  }

  Uni<Void> finishCharges() {
    return pool.withConnection(db -> payments.stale(db, config.recovery().staleAfter(), BATCH))
        .onItem()
        .transformToMulti(list -> Multi.createFrom().iterable(list))
        .onItem()
        .transformToUniAndConcatenate(
            payment ->
                checkouts
                    .recover(payment)
                    .chain(
                        done -> done != null ? Uni.createFrom().item(done) : charges.run(payment))
                    .invoke(
                        done ->
                            LOG.infof(
                                "Recovered payment %d of company %d: %s",
                                done.id(), done.companyId(), done.status()))
                    .onFailure()
                    .recoverWithItem(
                        failure -> {
                          LOG.warnf(
                              "Payment %d of company %d is still unfinished: %s",
                              payment.id(), payment.companyId(), failure.getMessage());
                          return null;
                        }))
        .collect()
        .asList()
        .replaceWithVoid();
  }

  Uni<Void> finishRefunds() {
    return pool.withConnection(
            db -> payments.staleRefunds(db, config.recovery().staleAfter(), BATCH))
        .onItem()
        .transformToMulti(list -> Multi.createFrom().iterable(list))
        .onItem()
        .transformToUniAndConcatenate(
            refund ->
                refunds
                    .finish(new Tenant(refund.companyId(), refund.livemode()), refund)
                    .invoke(
                        done ->
                            LOG.infof(
                                "Recovered refund %d of company %d: %s",
                                done.id(), done.companyId(), done.status()))
                    .onFailure()
                    .recoverWithItem(
                        failure -> {
                          LOG.warnf(
                              "Refund %d of company %d is still unfinished: %s",
                              refund.id(), refund.companyId(), failure.getMessage());
                          return null;
                        }))
        .collect()
        .asList()
        .replaceWithVoid();
  }
}
