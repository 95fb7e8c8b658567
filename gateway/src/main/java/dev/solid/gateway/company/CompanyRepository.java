package dev.solid.gateway.company;

import dev.solid.gateway.resilience.DependencyGuards;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Companies and their users, through the kit's checked SQL ({@link TenantSql}). A company and its
 * owner are created in one transaction; a user belongs to its company in both modes, so the users
 * insert is company-scoped ({@code company_id = $1}). The company row is the tenant itself, not
 * tenant data, and login finds a user before it knows the company: those statements are
 * cross-tenant, each with its reason. Every query runs under a deadline and circuit breaker ({@link
 * DependencyGuards}); the lookups authentication and login wait on under the short one of
 * credentials.
 */
@ApplicationScoped
public class CompanyRepository {
  private final Pool pool;
  private final DependencyGuards guards;

  public CompanyRepository(Pool pool, DependencyGuards guards) {
    this.pool = pool;
    this.guards = guards;
  }

  /**
   * Creates the company and its owner. Fails with a unique violation (SQLSTATE 23505) when a user
   * with that email exists already. When the deadline passes the transaction may still commit once
   * the database answers again: a retry then gets the conflict.
   */
  public Uni<Signup> createWithOwner(String companyName, Plan plan, String email, String hash) {
    return guards.database(() -> insertWithOwner(companyName, plan, email, hash));
  }

  private Uni<Signup> insertWithOwner(String companyName, Plan plan, String email, String hash) {
    return pool.withTransaction(
        connection ->
            TenantSql.crossTenant(
                    connection,
                    "signup creates the tenant: there is no company before this row",
                    "INSERT INTO gateway.companies (name, plan) VALUES ($1, $2) RETURNING id",
                    companyName,
                    plan.wireName())
                .map(rows -> rows.iterator().next().getLong("id"))
                .flatMap(
                    companyId ->
                        TenantSql.companyFirst(
                                connection,
                                companyId,
                                row -> row.getLong("id"),
                                "INSERT INTO gateway.users (company_id, email, password_hash)"
                                    + " VALUES ($1, $2, $3) RETURNING id",
                                email,
                                hash)
                            .map(
                                userId ->
                                    new Signup(
                                        new Company(companyId, companyName, plan),
                                        new User(userId, companyId, email, hash)))));
  }

  public Uni<Optional<User>> findUserByEmail(String email) {
    return guards.credentials(() -> selectUserByEmail(email));
  }

  private Uni<Optional<User>> selectUserByEmail(String email) {
    return TenantSql.crossTenant(
            pool,
            "login: the email (unique across companies) is what tells the user's company",
            "SELECT id, company_id, email, password_hash FROM gateway.users"
                + " WHERE lower(email) = lower($1)",
            email)
        .map(rows -> Optional.ofNullable(TenantSql.firstOf(rows, CompanyRepository::toUser)));
  }

  public Uni<Optional<Company>> findCompany(long id) {
    return guards.credentials(() -> selectCompany(id));
  }

  private Uni<Optional<Company>> selectCompany(long id) {
    return TenantSql.crossTenant(
            pool,
            "the company row is the tenant itself, found by its id from the owner's session",
            "SELECT id, name, plan FROM gateway.companies WHERE id = $1",
            id)
        .map(rows -> Optional.ofNullable(TenantSql.firstOf(rows, CompanyRepository::toCompany)));
  }

  private static Company toCompany(Row row) {
    return new Company(
        row.getLong("id"),
        row.getString("name"),
        Plan.fromWire(row.getString("plan")).orElse(Plan.STARTER));
  }

  private static User toUser(Row row) {
    return new User(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getString("email"),
        row.getString("password_hash"));
  }

  public record Company(long id, String name, Plan plan) {}

  public record User(long id, long companyId, String email, String passwordHash) {}

  public record Signup(Company company, User owner) {}
}
