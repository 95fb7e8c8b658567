package dev.solid.payments.reconcile;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves that money never drifts, for one company and mode: every running total equals the rows it
 * sums. Each check is one query answering the rows that disagree, described for a human; an empty
 * list means the books balance.
 *
 * <ul>
 *   <li>an order's {@code amount_paid} is the sum of its succeeded payments, its {@code
 *       amount_refunded} the sum of its succeeded refunds, and never more than was paid;
 *   <li>a payment's {@code amount_refunded} is the sum of its succeeded refunds;
 *   <li>an invoice's {@code amount_paid} is the sum of its succeeded payments, its total the sum of
 *       its lines, and a subscription's invoices sum to its plan periods plus its prorations;
 *   <li>a commission is its rate of its basis, and reverses no more than it was.
 * </ul>
 */
@ApplicationScoped
public class Reconciliation {
  private static final List<Check> CHECKS =
      List.of(
          new Check(
              "order %s: amount_paid %s but succeeded payments sum to %s",
              "SELECT o.id, o.amount_paid, coalesce(sum(p.amount), 0) FROM payments.orders o"
                  + " LEFT JOIN payments.payments p ON p.order_id = o.id AND p.status = 'succeeded'"
                  + " WHERE o.company_id = $1 AND o.livemode = $2 GROUP BY o.id"
                  + " HAVING o.amount_paid <> coalesce(sum(p.amount), 0)"),
          new Check(
              "order %s: amount_refunded %s but succeeded refunds sum to %s",
              "SELECT o.id, o.amount_refunded, coalesce(sum(r.amount), 0) FROM payments.orders o"
                  + " LEFT JOIN payments.refunds r ON r.order_id = o.id AND r.status = 'succeeded'"
                  + " WHERE o.company_id = $1 AND o.livemode = $2 GROUP BY o.id"
                  + " HAVING o.amount_refunded <> coalesce(sum(r.amount), 0)"
                  + " OR o.amount_refunded > o.amount_paid"),
          new Check(
              "payment %s: amount_refunded %s but succeeded refunds sum to %s",
              "SELECT p.id, p.amount_refunded, coalesce(sum(r.amount), 0) FROM payments.payments p"
                  + " LEFT JOIN payments.refunds r ON r.payment_id = p.id AND r.status = 'succeeded'"
                  + " WHERE p.company_id = $1 AND p.livemode = $2 GROUP BY p.id"
                  + " HAVING p.amount_refunded <> coalesce(sum(r.amount), 0)"),
          new Check(
              "invoice %s: amount_paid %s but succeeded payments sum to %s",
              "SELECT i.id, i.amount_paid, coalesce(sum(p.amount), 0) FROM payments.invoices i"
                  + " LEFT JOIN payments.payments p ON p.invoice_id = i.id AND p.status = 'succeeded'"
                  + " WHERE i.company_id = $1 AND i.livemode = $2 GROUP BY i.id"
                  + " HAVING i.amount_paid <> coalesce(sum(p.amount), 0)"),
          new Check(
              "invoice %s: total %s but its lines sum to %s",
              "SELECT i.id, i.total, (SELECT coalesce(sum((l->>'amount')::bigint), 0)"
                  + " FROM jsonb_array_elements(i.line_items) l) FROM payments.invoices i"
                  + " WHERE i.company_id = $1 AND i.livemode = $2 AND i.total <> (SELECT"
                  + " coalesce(sum((l->>'amount')::bigint), 0) FROM jsonb_array_elements(i.line_items) l)"),
          new Check(
              "subscription %s: period starting %s invoiced %s times",
              "SELECT i.subscription_id, i.period_start, count(*) FROM payments.invoices i"
                  + " WHERE i.company_id = $1 AND i.livemode = $2 AND i.billing_reason IN"
                  + " ('subscription_create', 'subscription_cycle') GROUP BY i.subscription_id,"
                  + " i.period_start HAVING count(*) > 1"),
          new Check(
              "invoice %s: took proration lines summing to %s, but its proration lines sum to %s",
              "SELECT i.id, t.taken, (SELECT coalesce(sum((l->>'amount')::bigint), 0)"
                  + " FROM jsonb_array_elements(i.line_items) l"
                  + " WHERE l->>'description' NOT LIKE '1 × %%'"
                  + " AND l->>'description' <> 'Credit carried to the next invoice')"
                  + " FROM payments.invoices i JOIN (SELECT invoice_id, sum(amount) AS taken"
                  + " FROM payments.pending_invoice_items GROUP BY invoice_id) t"
                  + " ON t.invoice_id = i.id WHERE i.company_id = $1 AND i.livemode = $2"
                  + " AND i.billing_reason = 'subscription_cycle' AND t.taken <> (SELECT"
                  + " coalesce(sum((l->>'amount')::bigint), 0) FROM jsonb_array_elements(i.line_items) l"
                  + " WHERE l->>'description' NOT LIKE '1 × %%'"
                  + " AND l->>'description' <> 'Credit carried to the next invoice')"),
          new Check(
              "commission %s: amount %s but its rate of its basis is %s",
              "SELECT c.id, c.amount, (c.basis_amount * c.rate_bps + 5000) / 10000"
                  + " FROM payments.commissions c WHERE c.company_id = $1 AND c.livemode = $2"
                  + " AND (c.amount <> (c.basis_amount * c.rate_bps + 5000) / 10000"
                  + " OR c.amount_reversed > c.amount)"));

  /** What disagrees, one line per row; empty when the books balance. */
  public Uni<List<String>> discrepancies(SqlClient db, Tenant tenant) {
    return discrepancies(db, tenant, CHECKS);
  }

  static Uni<List<String>> discrepancies(SqlClient db, Tenant tenant, List<Check> checks) {
    List<String> found = new ArrayList<>();
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Check check : checks) {
      chain =
          chain.chain(
              () ->
                  TenantSql.run(db, tenant, check.sql())
                      .invoke(
                          rows ->
                              rows.forEach(
                                  row ->
                                      found.add(
                                          String.format(
                                              check.message(),
                                              row.getValue(0),
                                              row.getValue(1),
                                              row.getValue(2)))))
                      .replaceWithVoid());
    }
    return chain.replaceWith(found);
  }

  /** One check: rows of (id, stored, computed) that disagree. */
  record Check(String message, String sql) {}
}
