package dev.solid.webhooks.tenant;

import dev.solid.common.caller.Tenant;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one way tenant data is queried: every tenant query's WHERE clause starts with {@link #WHERE}
 * and its parameters come from {@link #params}, so $1 is always the company id and $2 the mode.
 * Another company's row, or a row of the other mode, is simply not found (404, never 403).
 */
public final class TenantScope {
  /** Company and mode filter for an unaliased table. */
  public static final String WHERE = " WHERE company_id = $1 AND livemode = $2";

  private TenantScope() {}

  /** $1 = company id, $2 = livemode, then {@code rest} as $3, $4, … */
  public static Tuple params(Tenant tenant, Object... rest) {
    Tuple tuple = Tuple.of(tenant.companyId(), tenant.livemode());
    for (Object value : rest) {
      tuple.addValue(value);
    }
    return tuple;
  }
}
