package dev.solid.payments.stripe;

import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Processor webhook events already applied ({@code payments.processor_events}): Stripe delivers at
 * least once, so each event id is remembered in the transaction of the change it made.
 */
@ApplicationScoped
public class ProcessorEvents {

  /**
   * Remembers the event and answers true, or answers false when it was applied already. A second
   * delivery racing the first waits on the key until the first commits, then finds it.
   */
  public Uni<Boolean> firstDelivery(SqlClient tx, String processor, String eventId, String type) {
    return TenantSql.crossTenant(
            tx,
            "a processor's event id is global; the payment it names tells the company",
            "INSERT INTO payments.processor_events (processor, event_id, event_type)"
                + " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id",
            processor,
            eventId,
            type)
        .map(rows -> rows.size() == 1);
  }
}
