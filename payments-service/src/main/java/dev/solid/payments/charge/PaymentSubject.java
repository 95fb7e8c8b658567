package dev.solid.payments.charge;

import dev.solid.common.caller.Tenant;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * What a payment pays for (an order, an invoice): told of the processor's answer inside the
 * transaction that records it, so the payment and its subject change together or not at all.
 */
public interface PaymentSubject {
  /** Whether this subject owns the payment. */
  boolean owns(Payment payment);

  /**
   * Locks the subject's row before the payment is completed: every transaction that changes a
   * payment and its subject takes the subject first, in that order, so two never deadlock.
   */
  Uni<Void> lock(SqlClient tx, Tenant tenant, Payment payment);

  /** The charge succeeded: mark the subject paid, emit its events. */
  Uni<Void> succeeded(SqlClient tx, Tenant tenant, Payment payment);

  /** The charge failed: record the error on the subject, emit its events. */
  Uni<Void> failed(SqlClient tx, Tenant tenant, Payment payment);
}
