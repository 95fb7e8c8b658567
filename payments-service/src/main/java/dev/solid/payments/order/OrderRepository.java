package dev.solid.payments.order;

import static dev.solid.payments.db.Times.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Orders, tenant-scoped through {@link TenantSql}. */
@ApplicationScoped
public class OrderRepository {
  private static final String COLUMNS =
      "id, company_id, livemode, contact_id, amount, currency, description, line_items::text AS"
          + " line_items, sales_rep, metadata::text AS metadata, status, amount_paid,"
          + " amount_refunded, last_payment_error::text AS last_payment_error, payment_link_id,"
          + " created_at, updated_at, paid_at, canceled_at";
  private static final TypeReference<List<LineItem>> LINES = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {};

  private final ObjectMapper json;

  public OrderRepository(ObjectMapper json) {
    this.json = json;
  }

  public Uni<Order> insert(
      SqlClient db,
      Tenant tenant,
      Long contactId,
      long amount,
      String currency,
      String description,
      List<LineItem> lineItems,
      String salesRep,
      Map<String, String> metadata,
      Long paymentLinkId) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "INSERT INTO payments.orders (company_id, livemode, contact_id, amount, currency,"
            + " description, line_items, sales_rep, metadata, status, payment_link_id)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9::text::jsonb, 'pending',"
            + " $10)"
            + " RETURNING "
            + COLUMNS,
        contactId,
        amount,
        currency,
        description,
        write(lineItems),
        salesRep,
        write(metadata),
        paymentLinkId);
  }

  /**
   * The order of one checkout form ({@code nonce}, see checkout.CheckoutTokens) of a payment link:
   * made by the form's first submission, found by every later one (the nonce is unique), so a form
   * submitted twice, even at once, makes one order.
   */
  public Uni<CheckoutOrder> forCheckout(
      SqlClient db,
      Tenant tenant,
      String nonce,
      long paymentLinkId,
      Long contactId,
      long amount,
      String currency,
      String description) {
    return TenantSql.first(
            db,
            tenant,
            this::map,
            "INSERT INTO payments.orders (company_id, livemode, contact_id, amount, currency,"
                + " description, status, payment_link_id, checkout_nonce)"
                + " VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8)"
                + " ON CONFLICT (checkout_nonce) WHERE checkout_nonce IS NOT NULL DO NOTHING"
                + " RETURNING "
                + COLUMNS,
            contactId,
            amount,
            currency,
            description,
            paymentLinkId,
            nonce)
        .chain(
            created ->
                created != null
                    ? Uni.createFrom().item(new CheckoutOrder(created, true))
                    : TenantSql.first(
                            db,
                            tenant,
                            this::map,
                            "SELECT "
                                + COLUMNS
                                + " FROM payments.orders WHERE company_id = $1 AND livemode = $2"
                                + " AND checkout_nonce = $3 AND payment_link_id = $4",
                            nonce,
                            paymentLinkId)
                        .map(found -> new CheckoutOrder(found, false)));
  }

  /** A checkout form's order, and whether this submission made it. */
  public record CheckoutOrder(Order order, boolean created) {}

  public Uni<Order> find(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.orders WHERE company_id = $1 AND livemode = $2"
            + " AND id = $3",
        id);
  }

  /** The order, locked until the transaction ends: every change of an order starts here. */
  public Uni<Order> lock(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.orders WHERE company_id = $1 AND livemode = $2"
            + " AND id = $3 FOR UPDATE",
        id);
  }

  public Uni<List<Order>> list(
      SqlClient db, Tenant tenant, String status, Long contactId, PageRequest page) {
    return TenantSql.list(
        db,
        tenant,
        this::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.orders WHERE company_id = $1 AND livemode = $2"
            + " AND ($3::text IS NULL OR status = $3) AND ($4::bigint IS NULL OR contact_id = $4)"
            + " ORDER BY id DESC LIMIT $5 OFFSET $6",
        status,
        contactId,
        page.limit(),
        page.offset());
  }

  public Uni<Long> count(SqlClient db, Tenant tenant, String status, Long contactId) {
    return TenantSql.first(
        db,
        tenant,
        row -> row.getLong(0),
        "SELECT count(*) FROM payments.orders WHERE company_id = $1 AND livemode = $2"
            + " AND ($3::text IS NULL OR status = $3) AND ($4::bigint IS NULL OR contact_id = $4)",
        status,
        contactId);
  }

  /** A succeeded charge of {@code amount}: the order is paid. */
  public Uni<Order> markPaid(SqlClient db, Tenant tenant, long id, long amount) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "UPDATE payments.orders SET status = 'paid', amount_paid = amount_paid + $4,"
            + " last_payment_error = NULL, paid_at = now(), updated_at = now()"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 RETURNING "
            + COLUMNS,
        id,
        amount);
  }

  public Uni<Order> recordPaymentError(
      SqlClient db, Tenant tenant, long id, Order.PaymentError error) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "UPDATE payments.orders SET last_payment_error = $4::text::jsonb, updated_at = now()"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 RETURNING "
            + COLUMNS,
        id,
        write(error));
  }

  public Uni<Order> cancel(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "UPDATE payments.orders SET status = 'canceled', canceled_at = now(), updated_at = now()"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 RETURNING "
            + COLUMNS,
        id);
  }

  /** A succeeded refund of {@code amount}: refunded when nothing paid is left, else partially. */
  public Uni<Order> addRefunded(SqlClient db, Tenant tenant, long id, long amount) {
    return TenantSql.first(
        db,
        tenant,
        this::map,
        "UPDATE payments.orders SET amount_refunded = amount_refunded + $4,"
            + " status = CASE WHEN amount_refunded + $4 >= amount_paid THEN 'refunded'"
            + " ELSE 'partially_refunded' END, updated_at = now()"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 RETURNING "
            + COLUMNS,
        id,
        amount);
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
      throw new IllegalStateException("Cannot write an order's JSON column", e);
    }
  }

  private <T> T read(String text, TypeReference<T> type) {
    try {
      return text == null ? null : json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("An order's JSON column cannot be read", e);
    }
  }

  private Order map(Row row) {
    String error = row.getString("last_payment_error");
    return new Order(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getBoolean("livemode"),
        row.getLong("contact_id"),
        row.getLong("amount"),
        row.getString("currency"),
        row.getString("description"),
        read(row.getString("line_items"), LINES),
        row.getString("sales_rep"),
        read(row.getString("metadata"), METADATA),
        OrderStatus.fromWire(row.getString("status")).orElseThrow(),
        row.getLong("amount_paid"),
        row.getLong("amount_refunded"),
        error == null ? null : read(error, new TypeReference<Order.PaymentError>() {}),
        row.getLong("payment_link_id"),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")),
        instant(row.getOffsetDateTime("paid_at")),
        instant(row.getOffsetDateTime("canceled_at")));
  }
}
