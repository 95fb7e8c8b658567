package dev.solid.payments.order;

import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventTypes;
import dev.solid.payments.charge.Payment;
import dev.solid.payments.charge.PaymentSubject;
import dev.solid.payments.commission.Commissions;
import dev.solid.payments.event.PaymentEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;

/** An order's side of its charges: paid on success, the error kept on failure. */
@ApplicationScoped
public class OrderCharges implements PaymentSubject {
  public static final String SOURCE = "order";

  private final OrderRepository orders;
  private final PaymentEvents events;
  private final Commissions commissions;
  private final List<OrderPaidListener> listeners;

  public OrderCharges(
      OrderRepository orders,
      PaymentEvents events,
      Commissions commissions,
      Instance<OrderPaidListener> listeners) {
    this.orders = orders;
    this.events = events;
    this.commissions = commissions;
    this.listeners = listeners.stream().toList();
  }

  @Override
  public boolean owns(Payment payment) {
    return payment.orderId() != null;
  }

  @Override
  public Uni<Void> lock(SqlClient tx, Tenant tenant, Payment payment) {
    return orders.lock(tx, tenant, payment.orderId()).replaceWithVoid();
  }

  @Override
  public Uni<Void> succeeded(SqlClient tx, Tenant tenant, Payment payment) {
    return orders
        .markPaid(tx, tenant, payment.orderId(), payment.amount())
        .chain(
            order ->
                events
                    .emit(tx, tenant, EventTypes.ORDER_PAID, OrderResponse.summary(order))
                    .chain(
                        () ->
                            commissions.onPaid(
                                tx,
                                tenant,
                                SOURCE,
                                order.id(),
                                order.salesRep(),
                                payment.amount(),
                                order.currency()))
                    .chain(() -> tellListeners(tx, tenant, order)));
  }

  private Uni<Void> tellListeners(SqlClient tx, Tenant tenant, Order order) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (OrderPaidListener listener : listeners) {
      chain = chain.chain(() -> listener.paid(tx, tenant, order));
    }
    return chain;
  }

  @Override
  public Uni<Void> failed(SqlClient tx, Tenant tenant, Payment payment) {
    return orders
        .recordPaymentError(
            tx,
            tenant,
            payment.orderId(),
            new Order.PaymentError(
                payment.failureCode(), payment.declineCode(), payment.failureMessage()))
        .replaceWithVoid();
  }
}
