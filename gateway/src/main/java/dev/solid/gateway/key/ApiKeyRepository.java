package dev.solid.gateway.key;

import dev.solid.common.caller.Tenant;
import dev.solid.gateway.resilience.DependencyGuards;
import dev.solid.kit.tenant.TenantSql;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * API keys in PostgreSQL, through the kit's checked tenant SQL ({@link TenantSql}): plain SQL on
 * the reactive client, since the hot path is one indexed lookup per request from a Vert.x handler,
 * with no entity graph to manage. A key is created for its company and mode (a tenant insert); the
 * owner manages the keys of both modes, so listing, counting, finding and revoking are
 * company-scoped ({@code company_id = $1}, the mode an optional parameter); authentication's lookup
 * by hash is the one cross-tenant statement, since the hash is what tells the company. Every query
 * runs under a deadline and circuit breaker ({@link DependencyGuards}): the lookup on the hot path
 * under the short one of credentials.
 */
@ApplicationScoped
public class ApiKeyRepository {
  private static final String COLUMNS =
      "k.id, k.company_id, k.name, k.display_prefix, k.livemode, k.scopes,"
          + " k.rate_limit_per_minute, k.created_at, k.revoked_at";

  private final Pool pool;
  private final DependencyGuards guards;
  private final Counter lookups;

  public ApiKeyRepository(Pool pool, DependencyGuards guards, MeterRegistry registry) {
    this.pool = pool;
    this.guards = guards;
    this.lookups =
        Counter.builder("solid.gateway.key.lookups")
            .description("Lookups of a presented API key in PostgreSQL (one per authentication)")
            .register(registry);
  }

  /** The key with this hash together with its company's plan, revoked or not. */
  public Uni<Optional<AuthenticatedKey>> findByHash(byte[] hash) {
    return Uni.createFrom()
        .deferred(
            () -> {
              lookups.increment();
              return guards.credentials(() -> selectByHash(hash));
            });
  }

  private Uni<Optional<AuthenticatedKey>> selectByHash(byte[] hash) {
    return TenantSql.crossTenant(
            pool,
            "authentication: the presented key's hash is what tells its company",
            "SELECT "
                + COLUMNS
                + ", c.plan FROM gateway.api_keys k JOIN gateway.companies c ON c.id = k.company_id"
                + " WHERE k.key_hash = $1",
            Buffer.buffer(hash))
        .map(
            rows ->
                Optional.ofNullable(
                    TenantSql.firstOf(
                        rows, row -> new AuthenticatedKey(toKey(row), row.getString("plan")))));
  }

  public Uni<ApiKey> insert(
      long companyId,
      String name,
      String displayPrefix,
      byte[] hash,
      boolean livemode,
      List<String> scopes,
      Integer rateLimitPerMinute) {
    return guards.database(
        () ->
            TenantSql.first(
                pool,
                new Tenant(companyId, livemode),
                ApiKeyRepository::toKey,
                "INSERT INTO gateway.api_keys AS k (company_id, livemode, name, display_prefix,"
                    + " key_hash, scopes, rate_limit_per_minute)"
                    + " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "
                    + COLUMNS,
                name,
                displayPrefix,
                Buffer.buffer(hash),
                scopes.toArray(new String[0]),
                rateLimitPerMinute));
  }

  /** Active keys of the company; only one mode when {@code livemode} is given. */
  public Uni<List<ApiKey>> listActive(long companyId, Boolean livemode) {
    return guards.database(
        () ->
            TenantSql.companyList(
                pool,
                companyId,
                ApiKeyRepository::toKey,
                "SELECT "
                    + COLUMNS
                    + " FROM gateway.api_keys k WHERE k.company_id = $1"
                    + " AND k.revoked_at IS NULL"
                    + " AND ($2::boolean IS NULL OR k.livemode = $2) ORDER BY k.id",
                livemode));
  }

  /** Active keys of the company in both modes: the limit on keys is per company. */
  public Uni<Long> countActive(long companyId) {
    return guards.database(
        () ->
            TenantSql.companyFirst(
                pool,
                companyId,
                row -> row.getLong(0),
                "SELECT count(*) FROM gateway.api_keys"
                    + " WHERE company_id = $1 AND revoked_at IS NULL"));
  }

  /** The company's key, revoked or not (mode-restricted when given); empty when there is none. */
  public Uni<Optional<ApiKey>> find(long companyId, long keyId, Boolean livemode) {
    return guards.database(
        () ->
            TenantSql.companyFirst(
                    pool,
                    companyId,
                    ApiKeyRepository::toKey,
                    "SELECT "
                        + COLUMNS
                        + " FROM gateway.api_keys k WHERE k.company_id = $1 AND k.id = $2"
                        + " AND ($3::boolean IS NULL OR k.livemode = $3)",
                    keyId,
                    livemode)
                .map(Optional::ofNullable));
  }

  /**
   * Revokes the company's key (mode-restricted when given). Empty when no such key exists for the
   * company; revoking twice is harmless.
   */
  public Uni<Optional<ApiKey>> revoke(long companyId, long keyId, Boolean livemode) {
    return guards.database(
        () ->
            TenantSql.companyFirst(
                    pool,
                    companyId,
                    ApiKeyRepository::toKey,
                    "UPDATE gateway.api_keys AS k SET revoked_at = coalesce(k.revoked_at, now())"
                        + " WHERE k.company_id = $1 AND k.id = $2"
                        + " AND ($3::boolean IS NULL OR k.livemode = $3) RETURNING "
                        + COLUMNS,
                    keyId,
                    livemode)
                .map(Optional::ofNullable));
  }

  private static ApiKey toKey(Row row) {
    String[] scopes = row.getArrayOfStrings("scopes");
    OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
    return new ApiKey(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getString("name"),
        row.getString("display_prefix"),
        row.getBoolean("livemode"),
        scopes == null ? List.of() : Arrays.asList(scopes),
        row.getInteger("rate_limit_per_minute"),
        row.getOffsetDateTime("created_at").toInstant(),
        revoked == null ? null : revoked.toInstant());
  }

  /** A key with the plan of its company, as authentication needs it. */
  public record AuthenticatedKey(ApiKey key, String plan) {}
}
