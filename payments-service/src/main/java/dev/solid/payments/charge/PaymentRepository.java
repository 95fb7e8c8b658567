package dev.solid.payments.charge;

import static dev.solid.payments.db.Times.instant;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import dev.solid.payments.processor.ChargeOutcome;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** Payments and refunds, tenant-scoped through {@link TenantSql}. */
@ApplicationScoped
public class PaymentRepository {
  private static final String PAYMENT_COLUMNS =
      "id, company_id, livemode, order_id, invoice_id, amount, currency, status, processor,"
          + " processor_id, payment_method, card_brand, card_last4, failure_code, decline_code,"
          + " failure_message, amount_refunded, created_at, updated_at";
  private static final String REFUND_COLUMNS =
      "id, company_id, livemode, order_id, payment_id, amount, currency, reason, status,"
          + " processor_id, failure_message, created_at, updated_at";

  /** Records a charge about to be asked of the processor. */
  public Uni<Payment> insertProcessing(
      SqlClient db,
      Tenant tenant,
      Long orderId,
      Long invoiceId,
      long amount,
      String currency,
      String processor,
      String paymentMethod) {
    return TenantSql.first(
        db,
        tenant,
        PaymentRepository::payment,
        "INSERT INTO payments.payments (company_id, livemode, order_id, invoice_id, amount,"
            + " currency, status, processor, payment_method) VALUES ($1, $2, $3, $4, $5, $6,"
            + " 'processing', $7, $8) RETURNING "
            + PAYMENT_COLUMNS,
        orderId,
        invoiceId,
        amount,
        currency,
        processor,
        paymentMethod);
  }

  /**
   * Records the processor's answer, once: only a payment still {@code processing} changes, so a
   * late second completion (the recovery job and the request racing) finds nothing and returns
   * null.
   */
  public Uni<Payment> complete(SqlClient db, Tenant tenant, long id, ChargeOutcome outcome) {
    return TenantSql.first(
        db,
        tenant,
        PaymentRepository::payment,
        "UPDATE payments.payments SET status = $4, processor_id = $5, card_brand = $6,"
            + " card_last4 = $7, failure_code = $8, decline_code = $9, failure_message = $10,"
            + " updated_at = now() WHERE company_id = $1 AND livemode = $2 AND id = $3"
            + " AND status = 'processing' RETURNING "
            + PAYMENT_COLUMNS,
        id,
        outcome.succeeded() ? Payment.SUCCEEDED : Payment.FAILED,
        outcome.processorId(),
        outcome.cardBrand(),
        outcome.cardLast4(),
        outcome.failureCode(),
        outcome.declineCode(),
        outcome.message());
  }

  public Uni<Payment> find(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        PaymentRepository::payment,
        "SELECT "
            + PAYMENT_COLUMNS
            + " FROM payments.payments WHERE company_id = $1 AND livemode = $2 AND id = $3",
        id);
  }

  public Uni<List<Payment>> ofOrder(SqlClient db, Tenant tenant, long orderId) {
    return TenantSql.list(
        db,
        tenant,
        PaymentRepository::payment,
        "SELECT "
            + PAYMENT_COLUMNS
            + " FROM payments.payments WHERE company_id = $1 AND livemode = $2 AND order_id = $3"
            + " ORDER BY id",
        orderId);
  }

  public Uni<List<Payment>> ofInvoice(SqlClient db, Tenant tenant, long invoiceId) {
    return TenantSql.list(
        db,
        tenant,
        PaymentRepository::payment,
        "SELECT "
            + PAYMENT_COLUMNS
            + " FROM payments.payments WHERE company_id = $1 AND livemode = $2"
            + " AND invoice_id = $3 ORDER BY id",
        invoiceId);
  }

  /** The order's succeeded payments with something left to refund, oldest first. */
  public Uni<List<Payment>> refundable(SqlClient db, Tenant tenant, long orderId) {
    return TenantSql.list(
        db,
        tenant,
        PaymentRepository::payment,
        "SELECT "
            + PAYMENT_COLUMNS
            + " FROM payments.payments WHERE company_id = $1 AND livemode = $2 AND order_id = $3"
            + " AND status = 'succeeded' AND amount_refunded < amount ORDER BY id FOR UPDATE",
        orderId);
  }

  /** Adds a succeeded refund to its payment's refunded amount. */
  public Uni<Void> addRefunded(SqlClient db, Tenant tenant, long paymentId, long amount) {
    return TenantSql.run(
            db,
            tenant,
            "UPDATE payments.payments SET amount_refunded = amount_refunded + $4,"
                + " updated_at = now() WHERE company_id = $1 AND livemode = $2 AND id = $3",
            paymentId,
            amount)
        .replaceWithVoid();
  }

  /**
   * Charges left {@code processing} longer than {@code staleAfter}, of any company: the recovery
   * job asks the processor again (same idempotency key) and completes them. A payment on Stripe's
   * Checkout page ({@code checkout_sessions}) waits for its session's expiry instead: until then
   * the customer may still be paying, and the webhook or the return completes it.
   */
  public Uni<List<Payment>> stale(SqlClient db, Duration staleAfter, int limit) {
    return TenantSql.crossTenant(
            db,
            "the recovery job finishes interrupted charges of every company",
            "SELECT "
                + PAYMENT_COLUMNS
                + " FROM payments.payments p WHERE status = 'processing'"
                + " AND updated_at < now() - make_interval(secs => $1)"
                + " AND NOT EXISTS (SELECT 1 FROM payments.checkout_sessions c"
                + " WHERE c.payment_id = p.id AND c.expires_at > now())"
                + " ORDER BY id LIMIT $2",
            (double) staleAfter.toMillis() / 1000.0,
            limit)
        .map(rows -> TenantSql.all(rows, PaymentRepository::payment));
  }

  /** Finds the payment the processor knows by this id, in whichever company made it. */
  public Uni<Payment> byProcessorId(SqlClient db, String processor, String processorId) {
    return TenantSql.crossTenant(
            db,
            "a processor callback names its charge, not our company: the payment tells the company",
            "SELECT "
                + PAYMENT_COLUMNS
                + " FROM payments.payments WHERE processor = $1 AND processor_id = $2",
            processor,
            processorId)
        .map(rows -> TenantSql.firstOf(rows, PaymentRepository::payment));
  }

  // Refunds

  public Uni<Refund> insertRefund(
      SqlClient db,
      Tenant tenant,
      long orderId,
      long paymentId,
      long amount,
      String currency,
      String reason) {
    return TenantSql.first(
        db,
        tenant,
        PaymentRepository::refund,
        "INSERT INTO payments.refunds (company_id, livemode, order_id, payment_id, amount,"
            + " currency, reason, status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending')"
            + " RETURNING "
            + REFUND_COLUMNS,
        orderId,
        paymentId,
        amount,
        currency,
        reason);
  }

  /** Records the processor's answer to a refund, once (only a pending refund changes). */
  public Uni<Refund> completeRefund(
      SqlClient db, Tenant tenant, long id, boolean succeeded, String processorId, String message) {
    return TenantSql.first(
        db,
        tenant,
        PaymentRepository::refund,
        "UPDATE payments.refunds SET status = $4, processor_id = $5, failure_message = $6,"
            + " updated_at = now() WHERE company_id = $1 AND livemode = $2 AND id = $3"
            + " AND status = 'pending' RETURNING "
            + REFUND_COLUMNS,
        id,
        succeeded ? Refund.SUCCEEDED : Refund.FAILED,
        processorId,
        message);
  }

  public Uni<Refund> findRefund(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        PaymentRepository::refund,
        "SELECT "
            + REFUND_COLUMNS
            + " FROM payments.refunds WHERE company_id = $1 AND livemode = $2 AND id = $3",
        id);
  }

  public Uni<List<Refund>> refundsOfOrder(SqlClient db, Tenant tenant, long orderId) {
    return TenantSql.list(
        db,
        tenant,
        PaymentRepository::refund,
        "SELECT "
            + REFUND_COLUMNS
            + " FROM payments.refunds WHERE company_id = $1 AND livemode = $2 AND order_id = $3"
            + " ORDER BY id",
        orderId);
  }

  /** The amount of the order's refunds not yet failed: pending ones hold their share. */
  public Uni<Long> committedRefunds(SqlClient db, Tenant tenant, long orderId) {
    return TenantSql.first(
        db,
        tenant,
        row -> row.getLong(0),
        "SELECT coalesce(sum(amount), 0) FROM payments.refunds WHERE company_id = $1"
            + " AND livemode = $2 AND order_id = $3 AND status <> 'failed'",
        orderId);
  }

  public Uni<List<Refund>> staleRefunds(SqlClient db, Duration staleAfter, int limit) {
    return TenantSql.crossTenant(
            db,
            "the recovery job finishes interrupted refunds of every company",
            "SELECT "
                + REFUND_COLUMNS
                + " FROM payments.refunds WHERE status = 'pending'"
                + " AND updated_at < now() - make_interval(secs => $1) ORDER BY id LIMIT $2",
            (double) staleAfter.toMillis() / 1000.0,
            limit)
        .map(rows -> TenantSql.all(rows, PaymentRepository::refund));
  }

  public Uni<Refund> refundByProcessorId(SqlClient db, String processorId) {
    return TenantSql.crossTenant(
            db,
            "a processor callback names its refund, not our company",
            "SELECT " + REFUND_COLUMNS + " FROM payments.refunds WHERE processor_id = $1",
            processorId)
        .map(rows -> TenantSql.firstOf(rows, PaymentRepository::refund));
  }

  static Payment payment(Row row) {
    return new Payment(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getBoolean("livemode"),
        row.getLong("order_id"),
        row.getLong("invoice_id"),
        row.getLong("amount"),
        row.getString("currency"),
        row.getString("status"),
        row.getString("processor"),
        row.getString("processor_id"),
        row.getString("payment_method"),
        row.getString("card_brand"),
        row.getString("card_last4"),
        row.getString("failure_code"),
        row.getString("decline_code"),
        row.getString("failure_message"),
        row.getLong("amount_refunded"),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")));
  }

  static Refund refund(Row row) {
    return new Refund(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getBoolean("livemode"),
        row.getLong("order_id"),
        row.getLong("payment_id"),
        row.getLong("amount"),
        row.getString("currency"),
        row.getString("reason"),
        row.getString("status"),
        row.getString("processor_id"),
        row.getString("failure_message"),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")));
  }
}
