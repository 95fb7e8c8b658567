package dev.solid.webhooks.endpoint;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The endpoints a company manages through the API, plain SQL on the reactive client. Every
 * statement goes through {@link TenantSql}: $1 company id, $2 livemode, refused without them. The
 * dispatcher's writes to this table (failure clock, auto-disable) are in {@link EndpointHealth}.
 */
@ApplicationScoped
public class EndpointRepository {
  static final String COLUMNS =
      "id, company_id, livemode, url, events, description, enabled, disabled_reason,"
          + " secret_encrypted, CASE WHEN previous_secrets_expire_at[1] > now()"
          + " THEN previous_secrets_expire_at[1] END AS previous_secret_expires_at,"
          + " created_at, updated_at";

  /**
   * Most previous secrets that keep signing at once. Each keeps its own overlap, so a second
   * rotation within the overlap does not cut off receivers still on the first secret; the bound
   * keeps a burst of rotations from growing every delivery's headers (a 4th rotation within one
   * overlap drops the oldest).
   */
  static final int MAX_PREVIOUS_SECRETS = 3;

  private static final String ACTIVE_PREVIOUS =
      " FROM unnest(previous_secrets_encrypted, previous_secrets_expire_at) WITH ORDINALITY"
          + " AS p(secret, expires_at, n) WHERE p.expires_at > now() ORDER BY p.n)";

  private final Pool pool;

  public EndpointRepository(Pool pool) {
    this.pool = pool;
  }

  /** The page of endpoints, oldest first. */
  public Uni<List<Endpoint>> list(Tenant tenant, PageRequest page) {
    return TenantSql.list(
        pool,
        tenant,
        EndpointRepository::toEndpoint,
        "SELECT "
            + COLUMNS
            + " FROM webhooks.endpoints"
            + TenantSql.WHERE
            + " ORDER BY id LIMIT $3 OFFSET $4",
        page.limit(),
        page.offset());
  }

  public Uni<Long> count(Tenant tenant) {
    return TenantSql.first(
        pool,
        tenant,
        row -> row.getLong(0),
        "SELECT count(*) FROM webhooks.endpoints" + TenantSql.WHERE);
  }

  public Uni<Optional<Endpoint>> find(Tenant tenant, long id) {
    return TenantSql.first(
            pool,
            tenant,
            EndpointRepository::toEndpoint,
            "SELECT " + COLUMNS + " FROM webhooks.endpoints" + TenantSql.WHERE + " AND id = $3",
            id)
        .map(Optional::ofNullable);
  }

  /**
   * Inserts unless the company already holds {@code max} endpoints (then empty). A per-company
   * transaction-scoped advisory lock makes count-then-insert exact under concurrent creates.
   */
  public Uni<Optional<Endpoint>> insertWithinLimit(
      Tenant tenant,
      String url,
      List<String> events,
      String description,
      byte[] secretEncrypted,
      int max) {
    return pool.withTransaction(
        tx ->
            TenantSql.crossTenant(
                    tx,
                    "the endpoint limit is per company, both modes together",
                    "SELECT pg_advisory_xact_lock(hashtext('webhooks.endpoints'), $1)",
                    (int) tenant.companyId())
                .chain(
                    () ->
                        TenantSql.crossTenant(
                            tx,
                            "the endpoint limit is per company, both modes together",
                            "SELECT count(*) FROM webhooks.endpoints WHERE company_id = $1",
                            tenant.companyId()))
                .chain(
                    rows -> {
                      if (rows.iterator().next().getLong(0) >= max) {
                        return Uni.createFrom().item(Optional.<Endpoint>empty());
                      }
                      return TenantSql.first(
                              tx,
                              tenant,
                              EndpointRepository::toEndpoint,
                              "INSERT INTO webhooks.endpoints (company_id, livemode, url, events,"
                                  + " description, secret_encrypted) VALUES ($1, $2, $3, $4, $5,"
                                  + " $6) RETURNING "
                                  + COLUMNS,
                              url,
                              events.toArray(new String[0]),
                              description,
                              Buffer.buffer(secretEncrypted))
                          .map(Optional::ofNullable);
                    }));
  }

  /**
   * Applies the non-null fields, and the description when {@code descriptionSent} (null clears it);
   * re-enabling clears the disable reason and failure clock.
   */
  public Uni<Optional<Endpoint>> update(
      Tenant tenant,
      long id,
      String url,
      List<String> events,
      Boolean enabled,
      boolean descriptionSent,
      String desc) {
    return TenantSql.first(
            pool,
            tenant,
            EndpointRepository::toEndpoint,
            "UPDATE webhooks.endpoints SET url = coalesce($4, url),"
                + " events = coalesce($5, events),"
                + " description = CASE WHEN $8 THEN $7 ELSE description END,"
                + " enabled = coalesce($6, enabled),"
                + " disabled_reason = CASE WHEN $6 IS TRUE THEN NULL ELSE disabled_reason END,"
                + " failing_since = CASE WHEN $6 IS TRUE THEN NULL ELSE failing_since END,"
                + " updated_at = now()"
                + TenantSql.WHERE
                + " AND id = $3 RETURNING "
                + COLUMNS,
            id,
            url,
            events == null ? null : events.toArray(new String[0]),
            enabled,
            desc,
            descriptionSent)
        .map(Optional::ofNullable);
  }

  public Uni<Boolean> delete(Tenant tenant, long id) {
    return TenantSql.run(
            pool, tenant, "DELETE FROM webhooks.endpoints" + TenantSql.WHERE + " AND id = $3", id)
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * The current secret joins the previous ones (newest first), valid for {@code overlap} more;
   * expired previous secrets are dropped.
   */
  public Uni<Optional<Endpoint>> rotateSecret(
      Tenant tenant, long id, byte[] newSecretEncrypted, Duration overlap) {
    return TenantSql.first(
            pool,
            tenant,
            EndpointRepository::toEndpoint,
            "UPDATE webhooks.endpoints SET previous_secrets_encrypted ="
                + " (ARRAY[secret_encrypted] || ARRAY(SELECT p.secret"
                + ACTIVE_PREVIOUS
                + ")[1:$6],"
                + " previous_secrets_expire_at ="
                + " (ARRAY[now() + make_interval(secs => $5)] || ARRAY(SELECT p.expires_at"
                + ACTIVE_PREVIOUS
                + ")[1:$6],"
                + " secret_encrypted = $4, updated_at = now()"
                + TenantSql.WHERE
                + " AND id = $3 RETURNING "
                + COLUMNS,
            id,
            Buffer.buffer(newSecretEncrypted),
            (double) overlap.toSeconds(),
            MAX_PREVIOUS_SECRETS)
        .map(Optional::ofNullable);
  }

  static Endpoint toEndpoint(Row row) {
    return new Endpoint(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getBoolean("livemode"),
        row.getString("url"),
        Arrays.asList(row.getArrayOfStrings("events")),
        row.getString("description"),
        row.getBoolean("enabled"),
        row.getString("disabled_reason"),
        row.getBuffer("secret_encrypted").getBytes(),
        row.getOffsetDateTime("previous_secret_expires_at"),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"));
  }
}
