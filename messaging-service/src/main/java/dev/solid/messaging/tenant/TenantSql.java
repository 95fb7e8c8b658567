package dev.solid.messaging.tenant;

import dev.solid.common.caller.Tenant;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one way to touch tenant data. Every statement passed here binds {@code $1} to the company and
 * {@code $2} to the mode of the caller's {@link Tenant}, and must say {@code company_id = $1 AND
 * livemode = $2} (an insert: list {@code (company_id, livemode, …)} first, valued $1, $2), checked
 * at run time, so a query that forgot the tenant cannot run. Another company's row (or a live row
 * seen with a test key) is simply not found: 404 for the API.
 *
 * <p>The few cross-tenant statements (provider callbacks, the scheduler's claim) live next to their
 * callers with a comment saying why they are unscoped.
 */
public final class TenantSql {
  private static final String SCOPE = "company_id = $1 AND livemode = $2";
  // An insert names the tenant columns first and takes them from $1 and $2.
  private static final String INSERT_SCOPE = "(company_id, livemode, ";

  private TenantSql() {}

  /** Runs {@code sql}; {@code params} are bound from {@code $3} on. */
  public static Uni<RowSet<Row>> run(
      SqlClient client, Tenant tenant, String sql, Object... params) {
    if (!sql.contains(SCOPE) && !sql.contains(INSERT_SCOPE)) {
      throw new IllegalArgumentException("Tenant query without the tenant condition: " + sql);
    }
    List<Object> values = new ArrayList<>(params.length + 2);
    values.add(tenant.companyId());
    values.add(tenant.livemode());
    for (Object param : params) {
      values.add(param);
    }
    return client.preparedQuery(sql).execute(Tuple.from(values));
  }

  /** The first row mapped, or null when nothing matched. */
  public static <T> Uni<T> first(
      SqlClient client, Tenant tenant, Function<Row, T> mapper, String sql, Object... params) {
    return run(client, tenant, sql, params)
        .map(rows -> rows.iterator().hasNext() ? mapper.apply(rows.iterator().next()) : null);
  }

  /** All rows mapped, in the order the statement returns them. */
  public static <T> Uni<List<T>> list(
      SqlClient client, Tenant tenant, Function<Row, T> mapper, String sql, Object... params) {
    return run(client, tenant, sql, params)
        .map(
            rows -> {
              List<T> out = new ArrayList<>();
              rows.forEach(row -> out.add(mapper.apply(row)));
              return out;
            });
  }
}
