package dev.solid.payments.subscription;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import dev.solid.payments.order.LineItem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Proration lines waiting for the subscription's next invoice. */
@ApplicationScoped
public class PendingItems {

  public Uni<Void> add(SqlClient tx, Tenant tenant, Subscription s, List<LineItem> lines) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (LineItem line : lines) {
      chain =
          chain.chain(
              () ->
                  TenantSql.run(
                          tx,
                          tenant,
                          "INSERT INTO payments.pending_invoice_items (company_id, livemode,"
                              + " subscription_id, description, amount, currency)"
                              + " SELECT $1, $2, $3, $4, $5, p.currency FROM payments.plans p"
                              + " WHERE p.id = $6",
                          s.id(),
                          line.description(),
                          line.amount(),
                          s.planId())
                      .replaceWithVoid());
    }
    return chain;
  }

  /** The subscription's waiting lines, locked until the caller's transaction ends. */
  public Uni<List<Pending>> waiting(SqlClient tx, Tenant tenant, long subscriptionId) {
    return TenantSql.list(
        tx,
        tenant,
        row ->
            new Pending(
                row.getLong("id"),
                new LineItem(
                    row.getString("description"), 1, row.getLong("amount"), row.getLong("amount"))),
        "SELECT id, description, amount FROM payments.pending_invoice_items WHERE company_id = $1"
            + " AND livemode = $2 AND subscription_id = $3 AND invoice_id IS NULL ORDER BY id"
            + " FOR UPDATE",
        subscriptionId);
  }

  /** The lines are on this invoice now. */
  public Uni<Void> taken(SqlClient tx, Tenant tenant, List<Pending> lines, long invoiceId) {
    if (lines.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return TenantSql.run(
            tx,
            tenant,
            "UPDATE payments.pending_invoice_items SET invoice_id = $3 WHERE company_id = $1"
                + " AND livemode = $2 AND id = ANY($4)",
            invoiceId,
            lines.stream().map(Pending::id).toArray(Long[]::new))
        .replaceWithVoid();
  }

  /** A waiting line and its row. */
  public record Pending(long id, LineItem line) {}
}
