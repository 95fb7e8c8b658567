package dev.solid.payments.invoice;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Invoice numbers, {@code INV-0001}, {@code INV-0002}…, per company and mode. The counter row is
 * incremented in the finalize transaction: its row lock makes concurrent finalizes of a tenant take
 * turns (only for the few statements left before they commit), and a finalize that rolls back gives
 * its number back, so there is never a gap or a duplicate. A PostgreSQL sequence would be neither
 * per tenant nor gap-free.
 */
@ApplicationScoped
public class InvoiceNumbers {

  /** The tenant's next number, held until {@code tx} ends. */
  public Uni<String> next(SqlClient tx, Tenant tenant) {
    return TenantSql.first(
            tx,
            tenant,
            row -> row.getLong(0),
            "INSERT INTO payments.invoice_numbers (company_id, livemode, last_number)"
                + " VALUES ($1, $2, 1) ON CONFLICT (company_id, livemode)"
                + " DO UPDATE SET last_number = payments.invoice_numbers.last_number + 1"
                + " RETURNING last_number")
        .map(InvoiceNumbers::format);
  }

  static String format(long number) {
    return String.format(java.util.Locale.ROOT, "INV-%04d", number);
  }
}
