package dev.solid.payments.order;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.event.EventTypes;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.error.DatabaseErrors;
import dev.solid.payments.charge.Charges;
import dev.solid.payments.charge.Payment;
import dev.solid.payments.charge.PaymentRepository;
import dev.solid.payments.config.PaymentsConfig;
import dev.solid.payments.contact.Contacts;
import dev.solid.payments.event.PaymentEvents;
import dev.solid.payments.money.Currencies;
import dev.solid.payments.processor.PaymentMethods;
import dev.solid.payments.processor.PaymentProcessor;
import dev.solid.payments.processor.Processors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Orders: created {@code pending}, paid once through the mode's processor, refunded in part or in
 * full, canceled while nothing is paid. Every change locks the order row first, so concurrent pays
 * of one order charge once and concurrent refunds never add up to more than was paid.
 */
@ApplicationScoped
public class OrderService {
  private final Pool pool;
  private final OrderRepository orders;
  private final PaymentRepository payments;
  private final Charges charges;
  private final Processors processors;
  private final PaymentEvents events;
  private final Contacts contacts;
  private final PaymentsConfig config;

  public OrderService(
      Pool pool,
      OrderRepository orders,
      PaymentRepository payments,
      Charges charges,
      Processors processors,
      PaymentEvents events,
      Contacts contacts,
      PaymentsConfig config) {
    this.pool = pool;
    this.orders = orders;
    this.payments = payments;
    this.charges = charges;
    this.processors = processors;
    this.events = events;
    this.contacts = contacts;
    this.config = config;
  }

  public Uni<OrderResponse> create(Tenant tenant, OrderRequest body, String bearer) {
    List<LineItem> lines =
        body.lineItems() == null ? List.of() : LineItem.of(body.lineItems(), "line_items");
    long amount = amountOf(body.amount(), lines);
    String currency = Currencies.resolve("currency", body.currency(), config.defaultCurrency());
    Map<String, String> metadata = body.metadata() == null ? Map.of() : body.metadata();
    return contacts
        .requireExisting(body.contactId(), bearer)
        .chain(
            () ->
                pool.withTransaction(
                    tx ->
                        orders
                            .insert(
                                tx,
                                tenant,
                                body.contactId(),
                                amount,
                                currency,
                                body.description(),
                                lines,
                                blankToNull(body.salesRep()),
                                metadata,
                                null)
                            .call(
                                order ->
                                    events.emit(
                                        tx,
                                        tenant,
                                        EventTypes.ORDER_CREATED,
                                        OrderResponse.summary(order)))))
        .map(order -> OrderResponse.of(order, List.of(), List.of()));
  }

  /**
   * The amount of an order: the line items' sum when there are lines (a given amount must agree),
   * else the given amount.
   */
  static long amountOf(Long given, List<LineItem> lines) {
    if (lines.isEmpty()) {
      if (given == null) {
        throw ApiException.validation(
            ProblemDetail.of("amount", "required"),
            "Field 'amount' is required (or give line_items, whose sum is the amount)");
      }
      return given;
    }
    long sum = LineItem.total(lines);
    if (given != null && given != sum) {
      throw ApiException.validation(
          new ProblemDetail("amount", "amount_mismatch", given),
          "Field 'amount' ("
              + given
              + ") disagrees with the sum of line_items ("
              + sum
              + "); leave it out or send the sum");
    }
    return sum;
  }

  public Uni<OrderResponse> get(Tenant tenant, long id) {
    return pool.withConnection(db -> detailed(db, tenant, id));
  }

  public Uni<Page<OrderResponse>> list(
      Tenant tenant, String status, Long contactId, PageRequest page) {
    String wanted = status == null ? null : statusFilter(status);
    return pool.withConnection(
        db ->
            orders
                .list(db, tenant, wanted, contactId, page)
                .chain(
                    items ->
                        orders
                            .count(db, tenant, wanted, contactId)
                            .map(
                                total ->
                                    Page.of(
                                        items.stream().map(OrderResponse::summary).toList(),
                                        total,
                                        page))));
  }

  /**
   * Charges the order's amount. Succeeded: the order is paid. Declined: the order stays pending
   * with {@code last_payment_error}, and the answer is 402 {@code payment_failed}.
   */
  public Uni<OrderResponse> pay(Tenant tenant, long id, String paymentMethodGiven) {
    String paymentMethod =
        PaymentMethods.resolve("payment_method", paymentMethodGiven, tenant.livemode());
    PaymentProcessor processorOfMode = processors.forMode(tenant.livemode());
    processorOfMode.requireConfigured();
    String processor = processorOfMode.name();
    return pool.withTransaction(
            tx ->
                lockedOrder(tx, tenant, id)
                    .chain(
                        order -> {
                          if (order.status() != OrderStatus.PENDING) {
                            throw invalidState(order, "paid", "pending");
                          }
                          // Look for a charge in flight before inserting: the insert alone
                          // would wait on the one-in-flight index for the transaction recording
                          // that charge, which waits for this one's order lock (a deadlock).
                          return payments
                              .ofOrder(tx, tenant, id)
                              .chain(
                                  list -> {
                                    if (list.stream()
                                        .anyMatch(p -> Payment.PROCESSING.equals(p.status()))) {
                                      throw new ApiException(
                                          ErrorCode.CONFLICT,
                                          "A payment of order "
                                              + id
                                              + " is in progress; read the order for its outcome");
                                    }
                                    return payments.insertProcessing(
                                        tx,
                                        tenant,
                                        order.id(),
                                        null,
                                        order.amount() - order.amountPaid(),
                                        order.currency(),
                                        processor,
                                        paymentMethod);
                                  })
                              .onFailure(DatabaseErrors::isUniqueViolation)
                              .transform(
                                  e ->
                                      new ApiException(
                                          ErrorCode.CONFLICT,
                                          "A payment of order "
                                              + id
                                              + " is in progress; read the order for its"
                                              + " outcome"))
                              .map(payment -> new Charging(order, payment));
                        }))
        .chain(
            charging ->
                charges
                    .run(charging.payment())
                    .chain(
                        done -> {
                          if (!Payment.SUCCEEDED.equals(done.status())) {
                            return Uni.createFrom()
                                .failure(
                                    Charges.declined(done)
                                        .member("order_id", charging.order().id()));
                          }
                          return get(tenant, id);
                        }));
  }

  public Uni<OrderResponse> cancel(Tenant tenant, long id) {
    return pool.withTransaction(
            tx ->
                lockedOrder(tx, tenant, id)
                    .chain(
                        order -> {
                          if (order.status() != OrderStatus.PENDING || order.amountPaid() > 0) {
                            throw invalidState(order, "canceled", "pending");
                          }
                          return payments
                              .ofOrder(tx, tenant, id)
                              .chain(
                                  list -> {
                                    if (list.stream()
                                        .anyMatch(p -> Payment.PROCESSING.equals(p.status()))) {
                                      throw new ApiException(
                                          ErrorCode.CONFLICT,
                                          "A payment of order "
                                              + id
                                              + " is in progress; it cannot be canceled now");
                                    }
                                    return orders.cancel(tx, tenant, id);
                                  })
                              .call(
                                  canceled ->
                                      events.emit(
                                          tx,
                                          tenant,
                                          EventTypes.ORDER_CANCELED,
                                          OrderResponse.summary(canceled)));
                        }))
        .chain(() -> get(tenant, id));
  }

  Uni<OrderResponse> detailed(SqlClient db, Tenant tenant, long id) {
    return orders
        .find(db, tenant, id)
        .chain(
            order -> {
              if (order == null) {
                throw ApiException.notFound("order");
              }
              return payments
                  .ofOrder(db, tenant, id)
                  .chain(
                      list ->
                          payments
                              .refundsOfOrder(db, tenant, id)
                              .map(refunds -> OrderResponse.of(order, list, refunds)));
            });
  }

  Uni<Order> lockedOrder(SqlClient tx, Tenant tenant, long id) {
    return orders
        .lock(tx, tenant, id)
        .map(
            order -> {
              if (order == null) {
                throw ApiException.notFound("order");
              }
              return order;
            });
  }

  static ApiException invalidState(Order order, String action, String needed) {
    return new ApiException(
            ErrorCode.INVALID_STATE,
            "Order "
                + order.id()
                + " is "
                + order.status().wire()
                + "; only a "
                + needed
                + " order can be "
                + action)
        .member("status", order.status().wire());
  }

  private static String statusFilter(String status) {
    return OrderStatus.fromWire(status)
        .map(OrderStatus::wire)
        .orElseThrow(
            () ->
                ApiException.validation(
                    new ProblemDetail("status", "invalid_value", status),
                    "Query parameter 'status' must be one of pending, paid, partially_refunded,"
                        + " refunded, canceled"));
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  private record Charging(Order order, Payment payment) {}
}
