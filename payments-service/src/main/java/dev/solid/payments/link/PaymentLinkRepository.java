package dev.solid.payments.link;

import static dev.solid.payments.db.Times.instant;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Payment links, tenant-scoped through {@link TenantSql}; found by token for the hosted page. */
@ApplicationScoped
public class PaymentLinkRepository {
  private static final String COLUMNS =
      "id, company_id, livemode, token, active, amount, currency, description, business_name,"
          + " contact_id, redirect_url, created_at, updated_at";

  public Uni<PaymentLink> insert(
      SqlClient db,
      Tenant tenant,
      String token,
      long amount,
      String currency,
      String description,
      String businessName,
      Long contactId,
      String redirectUrl) {
    return TenantSql.first(
        db,
        tenant,
        PaymentLinkRepository::map,
        "INSERT INTO payments.payment_links (company_id, livemode, token, amount, currency,"
            + " description, business_name, contact_id, redirect_url)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "
            + COLUMNS,
        token,
        amount,
        currency,
        description,
        businessName,
        contactId,
        redirectUrl);
  }

  public Uni<PaymentLink> find(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        PaymentLinkRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.payment_links WHERE company_id = $1 AND livemode = $2 AND id = $3",
        id);
  }

  public Uni<List<PaymentLink>> list(
      SqlClient db, Tenant tenant, Boolean active, PageRequest page) {
    return TenantSql.list(
        db,
        tenant,
        PaymentLinkRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.payment_links WHERE company_id = $1 AND livemode = $2"
            + " AND ($3::boolean IS NULL OR active = $3) ORDER BY id DESC LIMIT $4 OFFSET $5",
        active,
        page.limit(),
        page.offset());
  }

  public Uni<Long> count(SqlClient db, Tenant tenant, Boolean active) {
    return TenantSql.first(
        db,
        tenant,
        row -> row.getLong(0),
        "SELECT count(*) FROM payments.payment_links WHERE company_id = $1 AND livemode = $2"
            + " AND ($3::boolean IS NULL OR active = $3)",
        active);
  }

  /** Writes the link's changeable fields as given (the service merged the patch). */
  public Uni<PaymentLink> update(SqlClient db, Tenant tenant, PaymentLink changed) {
    return TenantSql.first(
        db,
        tenant,
        PaymentLinkRepository::map,
        "UPDATE payments.payment_links SET active = $4, description = $5, business_name = $6,"
            + " redirect_url = $7, updated_at = now()"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 RETURNING "
            + COLUMNS,
        changed.id(),
        changed.active(),
        changed.description(),
        changed.businessName(),
        changed.redirectUrl());
  }

  /**
   * The link whose hosted page this is, in whichever company made it: a page's visitor has no key,
   * only the token of the URL, and the link tells the company and mode.
   */
  public Uni<PaymentLink> byToken(SqlClient db, String token) {
    return TenantSql.crossTenant(
            db,
            "a hosted checkout page names its link by token, not by company: the link tells it",
            "SELECT " + COLUMNS + " FROM payments.payment_links WHERE token = $1",
            token)
        .map(rows -> TenantSql.firstOf(rows, PaymentLinkRepository::map));
  }

  private static PaymentLink map(Row row) {
    return new PaymentLink(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getBoolean("livemode"),
        row.getString("token"),
        row.getBoolean("active"),
        row.getLong("amount"),
        row.getString("currency"),
        row.getString("description"),
        row.getString("business_name"),
        row.getLong("contact_id"),
        row.getString("redirect_url"),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")));
  }
}
