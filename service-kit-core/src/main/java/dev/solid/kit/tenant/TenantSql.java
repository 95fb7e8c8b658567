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
 * use the service kit's {@code TenantRepository}, which builds the same condition into every
 * query). Every statement passed here gets {@code $1} bound to the company and {@code $2} to the
 * mode of the caller's {@link Tenant}, and is refused before it reaches PostgreSQL unless it says
 * so:
 *
 * <ul>
 *   <li>a read, update or delete: {@code company_id = $1 AND livemode = $2} (one alias may qualify
 *       both, {@code d.company_id = $1 AND d.livemode = $2}; use {@link #WHERE});
 *   <li>an insert: the column list starts {@code (company_id, livemode, …)} and takes {@code $1,
 *       $2} first ({@code VALUES ($1, $2, …)} or {@code SELECT $1, $2, …}).
 * </ul>
 *
 * Another company's row (or a live row seen with a test key) is then simply not found: 404 for the
 * API. A record that belongs to a company across both modes (a company's users; its owner's key
 * management, which sees the keys of both modes) goes through {@link #company}: {@code $1} is the
 * company and the statement must say {@code company_id = $1} (or insert {@code (company_id, …)}
 * from {@code $1}). The few statements that must span tenants (a scheduler's claim, a provider
 * callback that finds its company, authentication finding a key by its hash) go through {@link
 * #crossTenant}, which names why, so they stand out in review.
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
          "\\bINSERT\\s+INTO\\s+[\\w.]+(?:\\s+AS\\s+\\w+)?\\s*\\(\\s*company_id\\s*,\\s*livemode\\s*[,)]"
              + ".*?\\b(?:VALUES\\s*\\(\\s*\\$1\\s*,\\s*\\$2(?!\\d)|SELECT\\s+\\$1\\s*,\\s*\\$2(?!\\d))",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private static final Pattern COMPANY_SCOPED =
      Pattern.compile("\\b(?:\\w+\\.)?company_id\\s*=\\s*\\$1(?!\\d)", Pattern.CASE_INSENSITIVE);
  private static final Pattern COMPANY_INSERT =
      Pattern.compile(
          "\\bINSERT\\s+INTO\\s+[\\w.]+(?:\\s+AS\\s+\\w+)?\\s*\\(\\s*company_id\\s*[,)]"
              + ".*?\\b(?:VALUES\\s*\\(\\s*\\$1(?!\\d)|SELECT\\s+\\$1(?!\\d))",
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
   * Runs {@code sql} for a record of the company in either mode (its users, its keys of both modes
   * as the owner manages them); {@code params} are bound from {@code $2} on. A mode, when the
   * statement restricts to one, is a parameter like any other ({@code ($2::boolean IS NULL OR
   * k.livemode = $2)}).
   */
  public static Uni<RowSet<Row>> company(
      SqlClient client, long companyId, String sql, Object... params) {
    requireCompanyCondition(sql);
    return StatementDeadline.bounded(
        client.preparedQuery(sql).execute(companyParams(companyId, params)));
  }

  /** The first row of {@link #company} mapped, or null when nothing matched. */
  public static <T> Uni<T> companyFirst(
      SqlClient client, long companyId, Function<Row, T> mapper, String sql, Object... params) {
    return company(client, companyId, sql, params).map(rows -> firstOf(rows, mapper));
  }

  /** All rows of {@link #company} mapped, in the order the statement returns them. */
  public static <T> Uni<List<T>> companyList(
      SqlClient client, long companyId, Function<Row, T> mapper, String sql, Object... params) {
    return company(client, companyId, sql, params).map(rows -> all(rows, mapper));
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

  /** $1 = company id, then {@code rest} as $2, $3, … (a rest value may be SQL NULL). */
  static Tuple companyParams(long companyId, Object... rest) {
    List<Object> values = new ArrayList<>(rest.length + 1);
    values.add(companyId);
    values.addAll(Arrays.asList(rest));
    return Tuple.from(values);
  }

  /**
   * Refuses a statement that does not bind the company as $1 in its condition (or, for an insert,
   * its first column).
   *
   * @throws IllegalArgumentException naming the statement
   */
  static void requireCompanyCondition(String sql) {
    if (COMPANY_SCOPED.matcher(sql).find() || COMPANY_INSERT.matcher(sql).find()) {
      return;
    }
    throw new IllegalArgumentException(
        "Company query without 'company_id = $1' (or an insert of (company_id, …) from $1): "
            + sql);
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
