package dev.solid.gateway.key;

import dev.solid.gateway.resilience.DependencyGuards;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * API keys in PostgreSQL. Plain SQL on the reactive client: the hot path is one indexed lookup per
 * request from a Vert.x handler, with no entity graph to manage. Every query of a company's keys
 * takes the company id. Every query runs under a deadline and circuit breaker ({@link
 * DependencyGuards}): the lookup on the hot path under the short one of credentials.
 */
@ApplicationScoped
public class ApiKeyRepository {
  private static final String COLUMNS =
      "k.id, k.company_id, k.name, k.display_prefix, k.livemode, k.scopes,"
          + " k.rate_limit_per_minute, k.created_at, k.revoked_at";

  private final Pool pool;
  private final DependencyGuards guards;

  public ApiKeyRepository(Pool pool, DependencyGuards guards) {
    this.pool = pool;
    this.guards = guards;
  }

  /** The key with this hash together with its company's plan, revoked or not. */
  public Uni<Optional<AuthenticatedKey>> findByHash(byte[] hash) {
    return guards.credentials(() -> selectByHash(hash));
  }

  private Uni<Optional<AuthenticatedKey>> selectByHash(byte[] hash) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + ", c.plan FROM gateway.api_keys k JOIN gateway.companies c ON c.id = k.company_id"
                + " WHERE k.key_hash = $1")
        .execute(Tuple.tuple().addBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(hash)))
        .map(
            rows ->
                first(rows).map(row -> new AuthenticatedKey(toKey(row), row.getString("plan"))));
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
            pool.preparedQuery(
                    "INSERT INTO gateway.api_keys AS k (company_id, name, display_prefix, key_hash,"
                        + " livemode, scopes, rate_limit_per_minute)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "
                        + COLUMNS)
                .execute(
                    Tuple.tuple()
                        .addLong(companyId)
                        .addString(name)
                        .addString(displayPrefix)
                        .addBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(hash))
                        .addBoolean(livemode)
                        .addArrayOfString(scopes.toArray(new String[0]))
                        .addInteger(rateLimitPerMinute))
                .map(rows -> toKey(rows.iterator().next())));
  }

  /** Active keys of the company; only one mode when {@code livemode} is given. */
  public Uni<List<ApiKey>> listActive(long companyId, Boolean livemode) {
    return guards.database(
        () ->
            pool.preparedQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM gateway.api_keys k WHERE k.company_id = $1"
                        + " AND k.revoked_at IS NULL"
                        + " AND ($2::boolean IS NULL OR k.livemode = $2) ORDER BY k.id")
                .execute(Tuple.of(companyId, livemode))
                .map(rows -> stream(rows).map(ApiKeyRepository::toKey).toList()));
  }

  public Uni<Long> countActive(long companyId) {
    return guards.database(
        () ->
            pool.preparedQuery(
                    "SELECT count(*) FROM gateway.api_keys"
                        + " WHERE company_id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(companyId))
                .map(rows -> rows.iterator().next().getLong(0)));
  }

  /** The company's key, revoked or not (mode-restricted when given); empty when there is none. */
  public Uni<Optional<ApiKey>> find(long companyId, long keyId, Boolean livemode) {
    return guards.database(
        () ->
            pool.preparedQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM gateway.api_keys k WHERE k.id = $1 AND k.company_id = $2"
                        + " AND ($3::boolean IS NULL OR k.livemode = $3)")
                .execute(Tuple.of(keyId, companyId, livemode))
                .map(rows -> first(rows).map(ApiKeyRepository::toKey)));
  }

  /**
   * Revokes the company's key (mode-restricted when given). Empty when no such key exists for the
   * company; revoking twice is harmless.
   */
  public Uni<Optional<ApiKey>> revoke(long companyId, long keyId, Boolean livemode) {
    return guards.database(
        () ->
            pool.preparedQuery(
                    "UPDATE gateway.api_keys AS k SET revoked_at = coalesce(k.revoked_at, now())"
                        + " WHERE k.id = $1 AND k.company_id = $2"
                        + " AND ($3::boolean IS NULL OR k.livemode = $3) RETURNING "
                        + COLUMNS)
                .execute(Tuple.of(keyId, companyId, livemode))
                .map(rows -> first(rows).map(ApiKeyRepository::toKey)));
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }

  private static Stream<Row> stream(RowSet<Row> rows) {
    return StreamSupport.stream(rows.spliterator(), false);
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
