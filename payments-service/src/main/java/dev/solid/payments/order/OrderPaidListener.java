package dev.solid.payments.order;

import dev.solid.common.caller.Tenant;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Told of an order just paid, inside the transaction that marks it paid (after {@code order.paid}
 * is written), so what follows from the payment (a payment link's {@code payment_link.completed})
 * commits with it or not at all, whether the charge finished in the request or in the recovery job.
 * The order package names this interface so that it does not depend on its listeners.
 */
public interface OrderPaidListener {
  Uni<Void> paid(SqlClient tx, Tenant tenant, Order order);
}
