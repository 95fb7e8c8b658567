package dev.solid.messaging.account;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Sender account queries, tenant-scoped through {@link TenantSql}. */
@ApplicationScoped
public class AccountRepository {
  private static final String COLUMNS =
      "id, company_id, livemode, channel, sender, credentials, daily_cap, is_default, created_at,"
          + " updated_at";

  private final CredentialCipher cipher;

  public AccountRepository(CredentialCipher cipher) {
    this.cipher = cipher;
  }

  public Uni<Account> find(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "SELECT "
            + COLUMNS
            + " FROM messaging.accounts WHERE company_id = $1 AND livemode = $2 AND id = $3",
        id);
  }

  /** The company's default account of the channel, or null. */
  public Uni<Account> findDefault(SqlClient db, Tenant tenant, String channel) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "SELECT "
            + COLUMNS
            + " FROM messaging.accounts WHERE company_id = $1 AND livemode = $2"
            + " AND channel = $3 AND is_default",
        channel);
  }

  /**
   * The account a provider callback names, in whichever company owns it. Unscoped on purpose: the
   * callback carries no token; the caller must verify the provider's signature with this account's
   * credentials before trusting anything else in the request.
   */
  public Uni<Account> findForCallback(SqlClient db, long id) {
    return TenantSql.crossTenant(
            db,
            "a provider callback carries no token: the account it names tells the company",
            "SELECT " + COLUMNS + " FROM messaging.accounts WHERE id = $1",
            id)
        .map(rows -> TenantSql.firstOf(rows, this::map));
  }

  public Uni<List<Account>> list(SqlClient db, Tenant tenant, PageRequest page) {
    return TenantSql.list(
        db,
        tenant,
        this::map,
        "SELECT "
            + COLUMNS
            + " FROM messaging.accounts WHERE company_id = $1 AND livemode = $2"
            + " ORDER BY id LIMIT $3 OFFSET $4",
        page.limit(),
        page.offset());
  }

  public Uni<Long> count(SqlClient db, Tenant tenant) {
    return TenantSql.first(
        db,
        tenant,
        row -> row.getLong(0),
        "SELECT count(*) FROM messaging.accounts WHERE company_id = $1 AND livemode = $2");
  }

  public Uni<Account> insert(
      SqlClient db,
      Tenant tenant,
      String channel,
      String sender,
      Map<String, String> credentials,
      int dailyCap,
      boolean isDefault) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "INSERT INTO messaging.accounts (company_id, livemode, channel, sender, credentials,"
            + " daily_cap, is_default) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "
            + COLUMNS,
        channel,
        sender,
        cipher.encrypt(credentials, tenant.companyId()),
        dailyCap,
        isDefault);
  }

  public Uni<Account> update(
      SqlClient db,
      Tenant tenant,
      long id,
      String sender,
      Map<String, String> credentials,
      int dailyCap,
      boolean isDefault) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "UPDATE messaging.accounts SET sender = $4, credentials = $5, daily_cap = $6,"
            + " is_default = $7, updated_at = now() WHERE company_id = $1 AND livemode = $2"
            + " AND id = $3 RETURNING "
            + COLUMNS,
        id,
        sender,
        cipher.encrypt(credentials, tenant.companyId()),
        dailyCap,
        isDefault);
  }

  /** Clears the default flag of every account of the channel (before a new one is inserted). */
  public Uni<Void> clearDefault(SqlClient db, Tenant tenant, String channel) {
    return TenantSql.run(
            db,
            tenant,
            "UPDATE messaging.accounts SET is_default = false, updated_at = now()"
                + " WHERE company_id = $1 AND livemode = $2 AND channel = $3 AND is_default",
            channel)
        .replaceWithVoid();
  }

  /** Clears the default flag of the channel's accounts other than {@code exceptId}. */
  public Uni<Void> clearDefault(SqlClient db, Tenant tenant, String channel, long exceptId) {
    return TenantSql.run(
            db,
            tenant,
            "UPDATE messaging.accounts SET is_default = false, updated_at = now()"
                + " WHERE company_id = $1 AND livemode = $2 AND channel = $3 AND id <> $4"
                + " AND is_default",
            channel,
            exceptId)
        .replaceWithVoid();
  }

  /**
   * Serialises, until the transaction ends, the writers of one channel's default account in a
   * company and mode. Why a lock: two concurrent "first account" creates both see no default and
   * both insert one; row locks cannot help since there is no row yet. An advisory lock on the
   * (company, mode, channel) key makes the second wait and then see the first's default.
   */
  public Uni<Void> lockDefaults(SqlClient db, Tenant tenant, String channel) {
    return TenantSql.crossTenant(
            db,
            "an advisory lock, no table is read: its key names the company, mode and channel",
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            "messaging.accounts.default:"
                + tenant.companyId()
                + ":"
                + tenant.livemode()
                + ":"
                + channel)
        .replaceWithVoid();
  }

  public Uni<Boolean> hasDefault(SqlClient db, Tenant tenant, String channel) {
    return findDefault(db, tenant, channel).map(account -> account != null);
  }

  public Uni<Boolean> delete(SqlClient db, Tenant tenant, long id) {
    return TenantSql.run(
            db,
            tenant,
            "DELETE FROM messaging.accounts WHERE company_id = $1 AND livemode = $2 AND id = $3",
            id)
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Counts {@code n} sends against the account's cap for today (UTC) and answers whether they fit.
   *
   * <p>Why PostgreSQL and not Redis: the conditional upsert takes the usage row's lock, so
   * concurrent sends queue on it and exactly {@code daily_cap} succeed; and it runs in the same
   * transaction as the message insert, so a send that rolls back gives its slot back. No second
   * store can disagree with the messages table, and there is no Redis-down case to decide.
   *
   * <p>The usage row is reached through the account of the caller's tenant (the usage table has no
   * company of its own), so another company's account id counts nothing.
   */
  public Uni<Boolean> consumeDailyCap(SqlClient db, Account account, int n) {
    return TenantSql.run(
            db,
            account.tenant(),
            "INSERT INTO messaging.account_usage AS u (account_id, day, used)"
                + " SELECT a.id, $4::date, $5::int FROM messaging.accounts a"
                + " WHERE a.company_id = $1 AND a.livemode = $2 AND a.id = $3"
                + " AND $5::int <= $6::int"
                + " ON CONFLICT (account_id, day) DO UPDATE SET used = u.used + $5::int"
                + " WHERE u.used + $5::int <= $6::int RETURNING used",
            account.id(),
            today(),
            n,
            account.dailyCap())
        .map(rows -> rows.rowCount() > 0);
  }

  public static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  private Account map(Row row) {
    return new Account(
        row.getLong("id"),
        new Tenant(row.getLong("company_id"), row.getBoolean("livemode")),
        row.getString("channel"),
        row.getString("sender"),
        cipher.decrypt(row.getString("credentials"), row.getLong("company_id")),
        row.getInteger("daily_cap"),
        row.getBoolean("is_default"),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant());
  }
}
