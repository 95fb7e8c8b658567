package dev.solid.kit.tenant;

import dev.solid.common.caller.Tenant;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way services on the reactive SQL client touch tenant data (services on Hibernate Reactive
 * use {@link TenantRepository}, which builds the same condition into every query). Every statement
 * passed here gets {@code $1} bound to the company and {@code $2} to the mode of the caller's
 * {@link Tenant}, and is refused before it reaches PostgreSQL unless it says so:
 *
 * <ul>
 *   <li>a read, update or delete: {@code company_id = $1 AND livemode = $2} (one alias may qualify
 *       both, {@code d.company_id = $1 AND d.livemode = $2}; use {@link #WHERE});
 *   <li>an insert: the column list starts {@code (company_id, livemode, …)} and takes {@code $1,
 *       $2} first ({@code VALUES ($1, $2, …)} or {@code SELECT $1, $2, …}).
 * </ul>
 *
 * Another company's row (or a live row seen with a test key) is then simply not found: 404 for the
 * API. The few statements that must span tenants (a scheduler's claim, a provider callback that
 * finds its company) go through {@link #crossTenant}, which names why, so they stand out in review.
 */
public final class TenantSql {
  /** The tenant condition of an unaliased table, as a WHERE clause. */
  public static final String WHERE = " WHERE company_id = $1 AND livemode = $2";

  private static final Pattern SCOPED =
      Pattern.compile(
          "\\b(?:(\\w+)\\.)?company_id\\s*=\\s*\\$1\\s+AND\\s+(?:(\\w+)\\.)?livemode\\s*=\\s*\\$2(?!\\d)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern INSERT =
      Pattern.compile(
          "\\bINSERT\\s+INTO\\s+[\\w.]+\\s*\\(\\s*company_id\\s*,\\s*livemode\\s*[,)]"
              + ".*?\\b(?:VALUES\\s*\\(\\s*\\$1\\s*,\\s*\\$2(?!\\d)|SELECT\\s+\\$1\\s*,\\s*\\$2(?!\\d))",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private TenantSql() {}

  /** Runs {@code sql} for the tenant; {@code params} are bound from {@code $3} on. */
  public static Uni<RowSet<Row>> run(
      SqlClient client, Tenant tenant, String sql, Object... params) {
    requireTenantCondition(sql);
    return StatementDeadline.bounded(client.preparedQuery(sql).execute(params(tenant, params)));
  }

  /** The first row mapped, or null when nothing matched. */
  public static <T> Uni<T> first(
      SqlClient client, Tenant tenant, Function<Row, T> mapper, String sql, Object... params) {
    return run(client, tenant, sql, params).map(rows -> firstOf(rows, mapper));
  }

  /** All rows mapped, in the order the statement returns them. */
  public static <T> Uni<List<T>> list(
      SqlClient client, Tenant tenant, Function<Row, T> mapper, String sql, Object... params) {
    return run(client, tenant, sql, params).map(rows -> all(rows, mapper));
  }

  /**
   * Runs a statement that spans tenants on purpose. {@code why} is never used at run time; it is
   * there so that every unscoped statement carries its reason where it is written.
   */
  public static Uni<RowSet<Row>> crossTenant(
      SqlClient client, String why, String sql, Object... params) {
    if (why == null || why.isBlank()) {
      throw new IllegalArgumentException("A cross-tenant statement must say why it spans tenants");
    }
    // Arrays.asList, not List.of: a parameter may be SQL NULL.
    return StatementDeadline.bounded(
        client.preparedQuery(sql).execute(Tuple.from(Arrays.asList(params))));
  }

  /** Rows mapped, in order. */
  public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    rows.forEach(row -> out.add(mapper.apply(row)));
    return out;
  }

  /** The first row mapped, or null. */
  public static <T> T firstOf(RowSet<Row> rows, Function<Row, T> mapper) {
    var it = rows.iterator();
    return it.hasNext() ? mapper.apply(it.next()) : null;
  }

  /** $1 = company id, $2 = livemode, then {@code rest} as $3, $4, … */
  static Tuple params(Tenant tenant, Object... rest) {
    if (tenant == null) {
      throw new IllegalArgumentException("A tenant query needs the caller's tenant");
    }
    List<Object> values = new ArrayList<>(rest.length + 2);
    values.add(tenant.companyId());
    values.add(tenant.livemode());
    for (Object value : rest) {
      values.add(value);
    }
    return Tuple.from(values);
  }

  /**
   * Refuses a statement that does not bind the tenant as $1 and $2 in its condition (or, for an
   * insert, its first two columns).
   *
   * @throws IllegalArgumentException naming the statement
   */
  static void requireTenantCondition(String sql) {
    Matcher scoped = SCOPED.matcher(sql);
    while (scoped.find()) {
      String companyAlias = scoped.group(1);
      String modeAlias = scoped.group(2);
      if (companyAlias == null ? modeAlias == null : companyAlias.equalsIgnoreCase(modeAlias)) {
        return;
      }
    }
    if (INSERT.matcher(sql).find()) {
      return;
    }
    throw new IllegalArgumentException(
        "Tenant query without 'company_id = $1 AND livemode = $2' (or an insert of"
            + " (company_id, livemode, …) from $1, $2): "
            + sql);
  }
}
