package dev.solid.payments.invoice;

import static dev.solid.payments.db.Times.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantSql;
import dev.solid.payments.order.LineItem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Invoices, tenant-scoped through {@link TenantSql}. Every status change names the status it leaves
 * in its WHERE clause as well, so a caller that forgot to lock the row first changes nothing rather
 * than the wrong thing.
 */
@ApplicationScoped
public class InvoiceRepository {
  private static final String COLUMNS =
      "id, company_id, livemode, contact_id, subscription_id, number, status, currency,"
          + " description, line_items::text AS line_items, subtotal, total, amount_paid,"
          + " sales_rep, metadata::text AS metadata, due_date, hosted_token,"
          + " last_payment_error::text AS last_payment_error, created_at, updated_at,"
          + " finalized_at, paid_at, voided_at, marked_uncollectible_at";
  private static final String FILTERS =
      " AND ($3::text IS NULL OR status = $3) AND ($4::bigint IS NULL OR contact_id = $4)"
          + " AND ($5::bigint IS NULL OR subscription_id = $5)";
  private static final TypeReference<List<LineItem>> LINES = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {};
  private static final TypeReference<Invoice.PaymentError> ERROR = new TypeReference<>() {};

  private final ObjectMapper json;

  public InvoiceRepository(ObjectMapper json) {
    this.json = json;
  }

  /** Inserts a draft; its totals are the sum of its lines. */
  public Uni<Invoice> insert(SqlClient db, Tenant tenant, NewInvoice invoice) {
    long total = LineItem.total(invoice.lineItems());
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "INSERT INTO payments.invoices (company_id, livemode, contact_id, subscription_id,"
            + " status, currency, description, line_items, subtotal, total, sales_rep, metadata,"
            + " due_date) VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7::text::jsonb, $8, $8, $9,"
            + " $10::text::jsonb, $11) RETURNING "
            + COLUMNS,
        invoice.contactId(),
        invoice.subscriptionId(),
        invoice.currency(),
        invoice.description(),
        write(invoice.lineItems()),
        total,
        invoice.salesRep(),
        write(invoice.metadata()),
        invoice.dueDate());
  }

  public Uni<Invoice> find(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "SELECT " + COLUMNS + " FROM payments.invoices" + TenantSql.WHERE + " AND id = $3",
        id);
  }

  /** The invoice, locked until the transaction ends: every change of an invoice starts here. */
  public Uni<Invoice> lock(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.invoices"
            + TenantSql.WHERE
            + " AND id = $3 FOR UPDATE",
        id);
  }

  public Uni<List<Invoice>> list(
      SqlClient db,
      Tenant tenant,
      String status,
      Long contactId,
      Long subscriptionId,
      PageRequest page) {
    return TenantSql.list(
        db,
        tenant,
        this::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.invoices"
            + TenantSql.WHERE
            + FILTERS
            + " ORDER BY id DESC LIMIT $6 OFFSET $7",
        status,
        contactId,
        subscriptionId,
        page.limit(),
        page.offset());
  }

  public Uni<Long> count(
      SqlClient db, Tenant tenant, String status, Long contactId, Long subscriptionId) {
    return TenantSql.first(
        db,
        tenant,
        row -> row.getLong(0),
        "SELECT count(*) FROM payments.invoices" + TenantSql.WHERE + FILTERS,
        status,
        contactId,
        subscriptionId);
  }

  /** Replaces a draft's editable fields (its subscription stays as it is). */
  public Uni<Invoice> updateDraft(SqlClient db, Tenant tenant, long id, NewInvoice fields) {
    long total = LineItem.total(fields.lineItems());
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "UPDATE payments.invoices SET contact_id = $4, currency = $5, description = $6,"
            + " line_items = $7::text::jsonb, subtotal = $8, total = $8, sales_rep = $9,"
            + " metadata = $10::text::jsonb, due_date = $11, updated_at = now()"
            + TenantSql.WHERE
            + " AND id = $3 AND status = 'draft' RETURNING "
            + COLUMNS,
        id,
        fields.contactId(),
        fields.currency(),
        fields.description(),
        write(fields.lineItems()),
        total,
        fields.salesRep(),
        write(fields.metadata()),
        fields.dueDate());
  }

  /** Deletes a draft; false when there was no such draft. */
  public Uni<Boolean> deleteDraft(SqlClient db, Tenant tenant, long id) {
    return TenantSql.run(
            db,
            tenant,
            "DELETE FROM payments.invoices" + TenantSql.WHERE + " AND id = $3 AND status = 'draft'",
            id)
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * The invoice of a hosted page, in whichever company issued it: the page has no API key, its
   * unguessable token is what names the invoice.
   */
  public Uni<Invoice> byHostedToken(SqlClient db, String token) {
    return TenantSql.crossTenant(
            db,
            "the hosted invoice page carries no key: its token names the invoice and its company",
            "SELECT " + COLUMNS + " FROM payments.invoices WHERE hosted_token = $1",
            token)
        .map(rows -> TenantSql.firstOf(rows, this::map));
  }

  /** A draft becomes open with its number and hosted page token. */
  public Uni<Invoice> finalizeDraft(
      SqlClient db, Tenant tenant, long id, String number, String hostedToken) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "UPDATE payments.invoices SET status = 'open', number = $4, hosted_token = $5,"
            + " finalized_at = now(), updated_at = now()"
            + TenantSql.WHERE
            + " AND id = $3 AND status = 'draft' RETURNING "
            + COLUMNS,
        id,
        number,
        hostedToken);
  }

  /**
   * A succeeded charge of {@code amount}: paid once nothing remains. A payable invoice is open or
   * uncollectible; a void one refuses a new charge and waits for any in flight, so it is never paid
   * here.
   */
  public Uni<Invoice> addPaid(SqlClient db, Tenant tenant, long id, long amount) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "UPDATE payments.invoices SET amount_paid = amount_paid + $4,"
            + " status = CASE WHEN amount_paid + $4 >= total THEN 'paid' ELSE status END,"
            + " paid_at = CASE WHEN amount_paid + $4 >= total THEN now() END,"
            + " last_payment_error = NULL, updated_at = now()"
            + TenantSql.WHERE
            + " AND id = $3 AND status IN ('open', 'uncollectible') RETURNING "
            + COLUMNS,
        id,
        amount);
  }

  public Uni<Invoice> recordPaymentError(
      SqlClient db, Tenant tenant, long id, Invoice.PaymentError error) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "UPDATE payments.invoices SET last_payment_error = $4::text::jsonb, updated_at = now()"
            + TenantSql.WHERE
            + " AND id = $3 RETURNING "
            + COLUMNS,
        id,
        write(error));
  }

  public Uni<Invoice> markVoid(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "UPDATE payments.invoices SET status = 'void', voided_at = now(), updated_at = now()"
            + TenantSql.WHERE
            + " AND id = $3 AND status IN ('open', 'uncollectible') RETURNING "
            + COLUMNS,
        id);
  }

  public Uni<Invoice> markUncollectible(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "UPDATE payments.invoices SET status = 'uncollectible', marked_uncollectible_at = now(),"
            + " updated_at = now()"
            + TenantSql.WHERE
            + " AND id = $3 AND status = 'open' RETURNING "
            + COLUMNS,
        id);
  }

  /**
   * A JSON column's value as JSON text. Statements bind it as {@code $n::text::jsonb}: the reactive
   * client encodes a String bound straight to a jsonb parameter as a JSON string scalar, which
   * would store {@code "[…]"} instead of the array.
   */
  private String write(Object value) {
    try {
      return value == null ? null : json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write an invoice's JSON column", e);
    }
  }

  private <T> T read(String text, TypeReference<T> type) {
    try {
      return text == null ? null : json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("An invoice's JSON column cannot be read", e);
    }
  }

  private Invoice map(Row row) {
    return new Invoice(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getBoolean("livemode"),
        row.getLong("contact_id"),
        row.getLong("subscription_id"),
        row.getString("number"),
        InvoiceStatus.fromWire(row.getString("status")).orElseThrow(),
        row.getString("currency"),
        row.getString("description"),
        read(row.getString("line_items"), LINES),
        row.getLong("subtotal"),
        row.getLong("total"),
        row.getLong("amount_paid"),
        row.getString("sales_rep"),
        read(row.getString("metadata"), METADATA),
        row.getLocalDate("due_date"),
        row.getString("hosted_token"),
        read(row.getString("last_payment_error"), ERROR),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")),
        instant(row.getOffsetDateTime("finalized_at")),
        instant(row.getOffsetDateTime("paid_at")),
        instant(row.getOffsetDateTime("voided_at")),
        instant(row.getOffsetDateTime("marked_uncollectible_at")));
  }
}
