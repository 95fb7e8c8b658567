package dev.solid.gateway.oauth;

import dev.solid.gateway.resilience.DependencyGuards;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * OAuth clients, codes, grants and tokens in PostgreSQL (schema {@code gateway}, migration V2).
 * Codes and tokens are found by the hash of the secret presented, which is what tells their
 * company: those statements are cross-tenant, each with its reason. A code and a refresh token are
 * used atomically (one {@code UPDATE … WHERE used_at IS NULL}), so two concurrent uses of one
 * secret cannot both succeed. Every call runs under a deadline and circuit breaker ({@link
 * DependencyGuards}); the access-token lookup of every API request under the short one of
 * credentials.
 */
@ApplicationScoped
public class OAuthRepository {
  private static final String GRANT_COLUMNS =
      "g.id, g.company_id, g.user_id, g.livemode, g.scopes, g.resource, g.created_at,"
          + " g.revoked_at, cl.client_id AS public_client_id, cl.client_name";

  private final Pool pool;
  private final DependencyGuards guards;

  public OAuthRepository(Pool pool, DependencyGuards guards) {
    this.pool = pool;
    this.guards = guards;
  }

  public Uni<Client> insertClient(String clientId, String name, List<String> redirectUris) {
    return guards.database(
        () ->
            TenantSql.crossTenant(
                    pool,
                    "a client registers itself before any company consents to it",
                    "INSERT INTO gateway.oauth_clients (client_id, client_name, redirect_uris)"
                        + " VALUES ($1, $2, $3) RETURNING id, client_id, client_name,"
                        + " redirect_uris, created_at",
                    clientId,
                    name,
                    redirectUris.toArray(new String[0]))
                .map(rows -> TenantSql.firstOf(rows, OAuthRepository::toClient)));
  }

  public Uni<Optional<Client>> findClient(String clientId) {
    return guards.database(
        () ->
            TenantSql.crossTenant(
                    pool,
                    "clients belong to no company: the public client id names one",
                    "SELECT id, client_id, client_name, redirect_uris, created_at"
                        + " FROM gateway.oauth_clients WHERE client_id = $1",
                    clientId)
                .map(
                    rows ->
                        Optional.ofNullable(TenantSql.firstOf(rows, OAuthRepository::toClient))));
  }

  /** Stores a new authorization code (its hash) for what the owner consented to. */
  public Uni<Void> insertCode(byte[] codeHash, PendingCode code, Instant expiresAt) {
    return guards.database(
        () ->
            TenantSql.company(
                    pool,
                    code.companyId(),
                    "INSERT INTO gateway.oauth_codes (company_id, code_hash, client_id, user_id,"
                        + " livemode, scopes, redirect_uri, code_challenge, resource, expires_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    Buffer.buffer(codeHash),
                    code.clientPk(),
                    code.userId(),
                    code.livemode(),
                    code.scopes().toArray(new String[0]),
                    code.redirectUri(),
                    code.codeChallenge(),
                    code.resource(),
                    OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
                .replaceWithVoid());
  }

  /**
   * Marks the code used and returns it with whether it had been used before (and the grant its
   * first use got, for revocation); empty when no such code exists.
   */
  public Uni<Optional<UsedCode>> useCode(byte[] codeHash) {
    return guards.database(
        () ->
            TenantSql.crossTenant(
                    pool,
                    "token exchange: the presented code's hash is what tells its company",
                    "WITH old AS (SELECT code_hash, used_at FROM gateway.oauth_codes"
                        + " WHERE code_hash = $1 FOR UPDATE)"
                        + " UPDATE gateway.oauth_codes c SET used_at = coalesce(c.used_at, now())"
                        + " FROM old WHERE c.code_hash = old.code_hash"
                        + " RETURNING c.client_id, c.company_id, c.user_id, c.livemode, c.scopes,"
                        + " c.redirect_uri, c.code_challenge, c.resource, c.grant_id,"
                        + " c.expires_at < now() AS expired, old.used_at IS NOT NULL AS reused",
                    Buffer.buffer(codeHash))
                .map(
                    rows ->
                        Optional.ofNullable(
                            TenantSql.firstOf(
                                rows,
                                row ->
                                    new UsedCode(
                                        new PendingCode(
                                            row.getLong("client_id"),
                                            row.getLong("company_id"),
                                            row.getLong("user_id"),
                                            row.getBoolean("livemode"),
                                            strings(row, "scopes"),
                                            row.getString("redirect_uri"),
                                            row.getString("code_challenge"),
                                            row.getString("resource")),
                                        row.getLong("grant_id"),
                                        row.getBoolean("expired"),
                                        row.getBoolean("reused"))))));
  }

  /**
   * The grant of an exchanged code, with its first access and refresh tokens, in one transaction.
   */
  public Uni<Long> createGrant(
      byte[] codeHash,
      PendingCode code,
      TokenPair tokens,
      Instant accessExpiry,
      Instant refreshExpiry) {
    return guards.database(
        () ->
            pool.withTransaction(
                connection ->
                    TenantSql.companyFirst(
                            connection,
                            code.companyId(),
                            row -> row.getLong("id"),
                            "INSERT INTO gateway.oauth_grants (company_id, user_id, client_id,"
                                + " livemode, scopes, resource) VALUES ($1, $2, $3, $4, $5, $6)"
                                + " RETURNING id",
                            code.userId(),
                            code.clientPk(),
                            code.livemode(),
                            code.scopes().toArray(new String[0]),
                            code.resource())
                        .call(
                            grantId ->
                                TenantSql.company(
                                    connection,
                                    code.companyId(),
                                    "UPDATE gateway.oauth_codes SET grant_id = $2"
                                        + " WHERE company_id = $1 AND code_hash = $3",
                                    grantId,
                                    Buffer.buffer(codeHash)))
                        .call(
                            grantId ->
                                insertTokens(
                                    connection, grantId, tokens, accessExpiry, refreshExpiry))));
  }

  /**
   * Uses a refresh token once and, when it was valid, stores the new pair in the same transaction.
   * Returns what was found: nothing, a token used before (the caller revokes its grant), an expired
   * one, or the grant now holding the new pair.
   */
  public Uni<Optional<Refresh>> rotate(
      byte[] refreshHash,
      String clientId,
      TokenPair next,
      Instant accessExpiry,
      Instant refreshExpiry) {
    return guards.database(
        () ->
            pool.withTransaction(
                connection ->
                    TenantSql.crossTenant(
                            connection,
                            "refresh: the presented token's hash is what tells its company",
                            "WITH old AS (SELECT token_hash, used_at FROM gateway.oauth_tokens"
                                + " WHERE token_hash = $1 AND kind = 'refresh' FOR UPDATE)"
                                + " UPDATE gateway.oauth_tokens t"
                                + " SET used_at = coalesce(t.used_at, now())"
                                + " FROM old, gateway.oauth_grants g"
                                + " JOIN gateway.oauth_clients cl ON cl.id = g.client_id"
                                + " WHERE t.token_hash = old.token_hash AND g.id = t.grant_id"
                                + " RETURNING g.id, g.company_id, g.scopes, g.livemode,"
                                + " g.revoked_at IS NOT NULL AS revoked,"
                                + " cl.client_id AS public_client_id,"
                                + " t.expires_at < now() AS expired,"
                                + " old.used_at IS NOT NULL AS reused",
                            Buffer.buffer(refreshHash))
                        .map(
                            rows ->
                                TenantSql.firstOf(
                                    rows,
                                    row ->
                                        new Refresh(
                                            row.getLong("id"),
                                            row.getString("public_client_id"),
                                            strings(row, "scopes"),
                                            row.getBoolean("revoked"),
                                            row.getBoolean("expired"),
                                            row.getBoolean("reused"))))
                        .flatMap(
                            refresh -> {
                              if (refresh == null) {
                                return Uni.createFrom().item(Optional.<Refresh>empty());
                              }
                              if (!refresh.usable() || !refresh.clientId().equals(clientId)) {
                                return Uni.createFrom().item(Optional.of(refresh));
                              }
                              return insertTokens(
                                      connection,
                                      refresh.grantId(),
                                      next,
                                      accessExpiry,
                                      refreshExpiry)
                                  .replaceWith(Optional.of(refresh));
                            })));
  }

  private static Uni<Void> insertTokens(
      SqlClient connection,
      long grantId,
      TokenPair tokens,
      Instant accessExpiry,
      Instant refreshExpiry) {
    return TenantSql.crossTenant(
            connection,
            "a grant's tokens hang off the grant just created or found by its token",
            "INSERT INTO gateway.oauth_tokens (token_hash, grant_id, kind, expires_at)"
                + " VALUES ($1, $2, 'access', $3), ($4, $2, 'refresh', $5)",
            Buffer.buffer(OAuthSecrets.hash(tokens.accessToken())),
            grantId,
            OffsetDateTime.ofInstant(accessExpiry, ZoneOffset.UTC),
            Buffer.buffer(OAuthSecrets.hash(tokens.refreshToken())),
            OffsetDateTime.ofInstant(refreshExpiry, ZoneOffset.UTC))
        .replaceWithVoid();
  }

  /** Revokes a grant found through one of its secrets (a code or refresh token presented twice). */
  public Uni<Void> revokeReplayed(long grantId) {
    return guards.database(
        () ->
            TenantSql.crossTenant(
                    pool,
                    "a replayed code or refresh token names its grant, whatever its company",
                    "UPDATE gateway.oauth_grants SET revoked_at = coalesce(revoked_at, now())"
                        + " WHERE id = $1",
                    grantId)
                .replaceWithVoid());
  }

  /** The grant behind an access token, with its company's plan, for every API request. */
  public Uni<Optional<AccessGrant>> findByAccessToken(byte[] tokenHash) {
    return guards.credentials(
        () ->
            TenantSql.crossTenant(
                    pool,
                    "authentication: the presented token's hash is what tells its company",
                    "SELECT g.id, g.company_id, g.livemode, g.scopes,"
                        + " g.revoked_at IS NOT NULL AS revoked, t.expires_at < now() AS expired,"
                        + " c.plan FROM gateway.oauth_tokens t"
                        + " JOIN gateway.oauth_grants g ON g.id = t.grant_id"
                        + " JOIN gateway.companies c ON c.id = g.company_id"
                        + " WHERE t.token_hash = $1 AND t.kind = 'access'",
                    Buffer.buffer(tokenHash))
                .map(
                    rows ->
                        Optional.ofNullable(
                            TenantSql.firstOf(
                                rows,
                                row ->
                                    new AccessGrant(
                                        row.getLong("id"),
                                        row.getLong("company_id"),
                                        row.getBoolean("livemode"),
                                        strings(row, "scopes"),
                                        row.getBoolean("revoked"),
                                        row.getBoolean("expired"),
                                        row.getString("plan"))))));
  }

  /** Active grants of the company; only one mode when {@code livemode} is given. */
  public Uni<List<Grant>> listActive(long companyId, Boolean livemode) {
    return guards.database(
        () ->
            TenantSql.companyList(
                pool,
                companyId,
                OAuthRepository::toGrant,
                "SELECT "
                    + GRANT_COLUMNS
                    + " FROM gateway.oauth_grants g"
                    + " JOIN gateway.oauth_clients cl ON cl.id = g.client_id"
                    + " WHERE g.company_id = $1 AND g.revoked_at IS NULL"
                    + " AND ($2::boolean IS NULL OR g.livemode = $2) ORDER BY g.id",
                livemode));
  }

  public Uni<Optional<Grant>> find(long companyId, long grantId, Boolean livemode) {
    return guards.database(
        () ->
            TenantSql.companyFirst(
                    pool,
                    companyId,
                    OAuthRepository::toGrant,
                    "SELECT "
                        + GRANT_COLUMNS
                        + " FROM gateway.oauth_grants g"
                        + " JOIN gateway.oauth_clients cl ON cl.id = g.client_id"
                        + " WHERE g.company_id = $1 AND g.id = $2"
                        + " AND ($3::boolean IS NULL OR g.livemode = $3)",
                    grantId,
                    livemode)
                .map(Optional::ofNullable));
  }

  /** Revokes the company's grant; false when it has no such grant. Revoking twice is harmless. */
  public Uni<Boolean> revoke(long companyId, long grantId, Boolean livemode) {
    return guards.database(
        () ->
            TenantSql.company(
                    pool,
                    companyId,
                    "UPDATE gateway.oauth_grants g SET revoked_at = coalesce(g.revoked_at, now())"
                        + " WHERE g.company_id = $1 AND g.id = $2"
                        + " AND ($3::boolean IS NULL OR g.livemode = $3)",
                    grantId,
                    livemode)
                .map(rows -> rows.rowCount() > 0));
  }

  private static Client toClient(Row row) {
    return new Client(
        row.getLong("id"),
        row.getString("client_id"),
        row.getString("client_name"),
        strings(row, "redirect_uris"),
        row.getOffsetDateTime("created_at").toInstant());
  }

  private static Grant toGrant(Row row) {
    OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
    return new Grant(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getLong("user_id"),
        row.getString("public_client_id"),
        row.getString("client_name"),
        row.getBoolean("livemode"),
        strings(row, "scopes"),
        row.getString("resource"),
        row.getOffsetDateTime("created_at").toInstant(),
        revoked == null ? null : revoked.toInstant());
  }

  private static List<String> strings(Row row, String column) {
    String[] values = row.getArrayOfStrings(column);
    return values == null ? List.of() : Arrays.asList(values);
  }

  /** A registered client. {@code id} is the row's, {@code clientId} the public one. */
  public record Client(
      long id, String clientId, String name, List<String> redirectUris, Instant createdAt) {}

  /** What an authorization code stands for. */
  public record PendingCode(
      long clientPk,
      long companyId,
      long userId,
      boolean livemode,
      List<String> scopes,
      String redirectUri,
      String codeChallenge,
      String resource) {}

  /** A code as its use found it. {@code grantId} is the grant of its first use, if any. */
  public record UsedCode(PendingCode code, Long grantId, boolean expired, boolean reused) {}

  public record TokenPair(String accessToken, String refreshToken) {}

  /** A refresh token as its use found it. */
  public record Refresh(
      long grantId,
      String clientId,
      List<String> scopes,
      boolean revoked,
      boolean expired,
      boolean reused) {
    public boolean usable() {
      return !revoked && !expired && !reused;
    }
  }

  /** The grant behind an access token. */
  public record AccessGrant(
      long grantId,
      long companyId,
      boolean livemode,
      List<String> scopes,
      boolean revoked,
      boolean expired,
      String plan) {}

  public record Grant(
      long id,
      long companyId,
      long userId,
      String clientId,
      String clientName,
      boolean livemode,
      List<String> scopes,
      String resource,
      Instant createdAt,
      Instant revokedAt) {}
}
