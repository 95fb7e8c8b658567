package dev.solid.messaging.account;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.messaging.config.MessagingConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sender accounts: create, read, change, delete; one default account per channel. */
@ApplicationScoped
public class AccountService {
  private final Pool pool;
  private final AccountRepository accounts;
  private final MessagingConfig config;

  public AccountService(Pool pool, AccountRepository accounts, MessagingConfig config) {
    this.pool = pool;
    this.accounts = accounts;
    this.config = config;
  }

  /** Creates the account; the first of its channel becomes the default unless told otherwise. */
  public Uni<AccountResponse> create(Tenant tenant, AccountRequest body) {
    String channel = AccountRules.channel(body.channel());
    String sender = AccountRules.sender(channel, body.sender());
    Map<String, String> credentials =
        AccountRules.credentials(channel, body.provider(), tenant.livemode());
    int cap = AccountRules.dailyCap(body.dailyCap(), config.defaultDailyCap());
    return pool.withTransaction(
            db ->
                accounts
                    .lockDefaults(db, tenant, channel)
                    .chain(() -> accounts.hasDefault(db, tenant, channel))
                    .chain(
                        hasDefault -> {
                          boolean makeDefault =
                              body.isDefault() != null ? body.isDefault() : !hasDefault;
                          // The old default is cleared BEFORE the new one is written: the partial
                          // unique index (one default per company, mode and channel) is checked
                          // per statement, so the other order fails on the insert.
                          Uni<Void> clear =
                              makeDefault
                                  ? accounts.clearDefault(db, tenant, channel)
                                  : Uni.createFrom().voidItem();
                          return clear.chain(
                              () ->
                                  accounts.insert(
                                      db, tenant, channel, sender, credentials, cap, makeDefault));
                        })
                    .map(AccountResponse::from))
        .onFailure(AccountService::defaultRace)
        .transform(AccountService::defaultConflict);
  }

  public Uni<AccountResponse> get(Tenant tenant, long id) {
    return pool.withConnection(db -> accounts.find(db, tenant, id))
        .map(AccountService::found)
        .map(AccountResponse::from);
  }

  public Uni<Page<AccountResponse>> list(Tenant tenant, PageRequest page) {
    return pool.withConnection(
        db ->
            accounts
                .count(db, tenant)
                .chain(
                    total ->
                        accounts
                            .list(db, tenant, page)
                            .map(
                                items ->
                                    Page.of(
                                        items.stream().map(AccountResponse::from).toList(),
                                        total,
                                        page))));
  }

  /**
   * Applies a PATCH: omitted fields stay; {@code provider} keys are merged into the stored
   * credentials; the channel never changes.
   */
  public Uni<AccountResponse> update(Tenant tenant, long id, AccountPatch patch) {
    return pool.withTransaction(
            db ->
                accounts
                    .find(db, tenant, id)
                    .map(AccountService::found)
                    .chain(
                        account -> {
                          String sender =
                              patch.sender() != null
                                  ? AccountRules.sender(account.channel(), patch.sender())
                                  : account.sender();
                          Map<String, String> credentials =
                              new LinkedHashMap<>(account.credentials());
                          if (patch.provider() != null) {
                            credentials.putAll(patch.provider());
                            AccountRules.credentials(
                                account.channel(), credentials, tenant.livemode());
                          }
                          int cap = AccountRules.dailyCap(patch.dailyCap(), account.dailyCap());
                          boolean isDefault =
                              patch.isDefault() != null ? patch.isDefault() : account.isDefault();
                          // Clear the other default first, as in create (per-statement index
                          // check).
                          Uni<Void> clear =
                              isDefault && !account.isDefault()
                                  ? accounts
                                      .lockDefaults(db, tenant, account.channel())
                                      .chain(
                                          () ->
                                              accounts.clearDefault(
                                                  db, tenant, account.channel(), id))
                                  : Uni.createFrom().voidItem();
                          return clear.chain(
                              () ->
                                  accounts.update(
                                      db, tenant, id, sender, credentials, cap, isDefault));
                        })
                    .map(AccountResponse::from))
        .onFailure(AccountService::defaultRace)
        .transform(AccountService::defaultConflict);
  }

  /** The partial unique index on the default account refused a write. */
  private static boolean defaultRace(Throwable e) {
    return e instanceof PgException pg
        && "23505".equals(pg.getSqlState())
        && String.valueOf(pg.getConstraint()).contains("accounts_default_key");
  }

  /**
   * Should not happen (writers of a channel's default are serialised by {@link
   * AccountRepository#lockDefaults}), but if it does, a 409 says what happened where a 500 would
   * not.
   */
  private static Throwable defaultConflict(Throwable e) {
    return ApiException.conflict(
        "Another request changed the default account of this channel at the same time; retry");
  }

  public Uni<Void> delete(Tenant tenant, long id) {
    return pool.withTransaction(db -> accounts.delete(db, tenant, id))
        .invoke(
            deleted -> {
              if (!deleted) {
                throw ApiException.notFound("Account");
              }
            })
        .replaceWithVoid();
  }

  static Account found(Account account) {
    if (account == null) {
      throw ApiException.notFound("Account");
    }
    return account;
  }
}
