package dev.solid.payments.checkout;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Checkout attempts ({@code payments.checkout_sessions}), tenant-scoped through {@link TenantSql}.
 */
@ApplicationScoped
public class CheckoutAttemptRepository {
  private static final String COLUMNS =
      "payment_id, company_id, livemode, form_nonce, product_name, session_id, expires_at";

  /** Records the attempt of a payment just inserted; the form's nonce is unique. */
  public Uni<CheckoutAttempt> insert(
      SqlClient tx,
      Tenant tenant,
      long paymentId,
      String formNonce,
      String productName,
      Instant expiresAt) {
    return TenantSql.first(
        tx,
        tenant,
        CheckoutAttemptRepository::attempt,
        "INSERT INTO payments.checkout_sessions (company_id, livemode, payment_id, form_nonce,"
            + " product_name, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
            + COLUMNS,
        paymentId,
        formNonce,
        productName,
        OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
  }

  public Uni<CheckoutAttempt> ofPayment(SqlClient db, Tenant tenant, long paymentId) {
    return TenantSql.first(
        db,
        tenant,
        CheckoutAttemptRepository::attempt,
        "SELECT "
            + COLUMNS
            + " FROM payments.checkout_sessions WHERE company_id = $1 AND livemode = $2"
            + " AND payment_id = $3",
        paymentId);
  }

  public Uni<CheckoutAttempt> byNonce(SqlClient db, Tenant tenant, String formNonce) {
    return TenantSql.first(
        db,
        tenant,
        CheckoutAttemptRepository::attempt,
        "SELECT "
            + COLUMNS
            + " FROM payments.checkout_sessions WHERE company_id = $1 AND livemode = $2"
            + " AND form_nonce = $3",
        formNonce);
  }

  public Uni<CheckoutAttempt> bySession(SqlClient db, Tenant tenant, String sessionId) {
    return TenantSql.first(
        db,
        tenant,
        CheckoutAttemptRepository::attempt,
        "SELECT "
            + COLUMNS
            + " FROM payments.checkout_sessions WHERE company_id = $1 AND livemode = $2"
            + " AND session_id = $3",
        sessionId);
  }

  /** The attempt of this session in whichever company made it (a Stripe event names only it). */
  public Uni<CheckoutAttempt> bySessionAnyTenant(SqlClient db, String sessionId) {
    return TenantSql.crossTenant(
            db,
            "a processor callback names its Checkout Session, not our company",
            "SELECT " + COLUMNS + " FROM payments.checkout_sessions WHERE session_id = $1",
            sessionId)
        .map(rows -> TenantSql.firstOf(rows, CheckoutAttemptRepository::attempt));
  }

  /** Records Stripe's session id, once (a replayed create answers the same id). */
  public Uni<Void> sessionCreated(SqlClient db, Tenant tenant, long paymentId, String sessionId) {
    return TenantSql.run(
            db,
            tenant,
            "UPDATE payments.checkout_sessions SET session_id = $4, updated_at = now()"
                + " WHERE company_id = $1 AND livemode = $2 AND payment_id = $3"
                + " AND session_id IS NULL",
            paymentId,
            sessionId)
        .replaceWithVoid();
  }

  static CheckoutAttempt attempt(Row row) {
    return new CheckoutAttempt(
        row.getLong("payment_id"),
        row.getLong("company_id"),
        row.getBoolean("livemode"),
        row.getString("form_nonce"),
        row.getString("product_name"),
        row.getString("session_id"),
        row.getOffsetDateTime("expires_at").toInstant());
  }
}
