package dev.solid.gateway.company;

import dev.solid.gateway.resilience.DependencyGuards;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Companies and their users. A company and its owner are created in one transaction. Every query
 * runs under a deadline and circuit breaker ({@link DependencyGuards}); the lookups authentication
 * and login wait on under the short one of credentials.
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
            connection
                .preparedQuery(
                    "INSERT INTO gateway.companies (name, plan) VALUES ($1, $2) RETURNING id")
                .execute(Tuple.of(companyName, plan.wireName()))
                .map(rows -> rows.iterator().next().getLong("id"))
                .flatMap(
                    companyId ->
                        connection
                            .preparedQuery(
                                "INSERT INTO gateway.users (company_id, email, password_hash)"
                                    + " VALUES ($1, $2, $3) RETURNING id")
                            .execute(Tuple.of(companyId, email, hash))
                            .map(
                                rows ->
                                    new Signup(
                                        new Company(companyId, companyName, plan),
                                        new User(
                                            rows.iterator().next().getLong("id"),
                                            companyId,
                                            email,
                                            hash)))));
  }

  public Uni<Optional<User>> findUserByEmail(String email) {
    return guards.credentials(() -> selectUserByEmail(email));
  }

  private Uni<Optional<User>> selectUserByEmail(String email) {
    return pool.preparedQuery(
            "SELECT id, company_id, email, password_hash FROM gateway.users"
                + " WHERE lower(email) = lower($1)")
        .execute(Tuple.of(email))
        .map(
            rows -> {
              var it = rows.iterator();
              return it.hasNext() ? Optional.of(toUser(it.next())) : Optional.empty();
            });
  }

  public Uni<Optional<Company>> findCompany(long id) {
    return guards.credentials(() -> selectCompany(id));
  }

  private Uni<Optional<Company>> selectCompany(long id) {
    return pool.preparedQuery("SELECT id, name, plan FROM gateway.companies WHERE id = $1")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              var it = rows.iterator();
              if (!it.hasNext()) {
                return Optional.empty();
              }
              Row row = it.next();
              return Optional.of(
                  new Company(
                      row.getLong("id"),
                      row.getString("name"),
                      Plan.fromWire(row.getString("plan")).orElse(Plan.STARTER)));
            });
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
