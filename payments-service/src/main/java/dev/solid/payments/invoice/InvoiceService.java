package dev.solid.payments.invoice;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.event.EventTypes;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.payments.charge.PaymentRepository;
import dev.solid.payments.config.PaymentsConfig;
import dev.solid.payments.contact.Contacts;
import dev.solid.payments.event.PaymentEvents;
import dev.solid.payments.money.Amounts;
import dev.solid.payments.money.Currencies;
import dev.solid.payments.order.LineItem;
import dev.solid.payments.order.LineItemRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Draft invoices and reading invoices: a draft is created, edited and deleted here; its life after
 * finalize is {@link InvoiceLifecycle}'s. Every change locks the invoice row first and checks its
 * status under the lock.
 */
@ApplicationScoped
public class InvoiceService {
  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final Pool pool;
  private final InvoiceRepository invoices;
  private final PaymentRepository payments;
  private final InvoiceLinks links;
  private final PaymentEvents events;
  private final Contacts contacts;
  private final PaymentsConfig config;

  public InvoiceService(
      Pool pool,
      InvoiceRepository invoices,
      PaymentRepository payments,
      InvoiceLinks links,
      PaymentEvents events,
      Contacts contacts,
      PaymentsConfig config) {
    this.pool = pool;
    this.invoices = invoices;
    this.payments = payments;
    this.links = links;
    this.events = events;
    this.contacts = contacts;
    this.config = config;
  }

  public Uni<InvoiceResponse> create(Tenant tenant, InvoiceRequest body, String bearer) {
    NewInvoice draft =
        new NewInvoice(
            body.contactId(),
            null,
            Currencies.resolve("currency", body.currency(), config.defaultCurrency()),
            blankToNull(body.description()),
            lines(body.lineItems()),
            dueDate(body.dueDate()),
            blankToNull(body.salesRep()),
            body.metadata());
    return contacts
        .requireExisting(body.contactId(), bearer)
        .chain(() -> pool.withTransaction(tx -> insertDraft(tx, tenant, draft)))
        .map(invoice -> InvoiceResponse.of(invoice, null, List.of()));
  }

  /**
   * A draft invoice of a subscription, in the subscription's own transaction ({@code tx}), with its
   * {@code invoice.created} event. The caller has checked the contact. Finalize it with {@link
   * InvoiceLifecycle#finalizeIn} in the same transaction, and after commit pay it with {@link
   * InvoiceLifecycle#pay}.
   */
  public Uni<Invoice> createForSubscription(SqlClient tx, Tenant tenant, NewInvoice draft) {
    Objects.requireNonNull(draft.subscriptionId(), "a subscription's invoice names it");
    Amounts.withinMax("line_items", LineItem.total(draft.lineItems()));
    return insertDraft(tx, tenant, draft);
  }

  private Uni<Invoice> insertDraft(SqlClient tx, Tenant tenant, NewInvoice draft) {
    return invoices
        .insert(tx, tenant, draft)
        .call(
            invoice ->
                events.emit(
                    tx,
                    tenant,
                    EventTypes.INVOICE_CREATED,
                    InvoiceResponse.summary(invoice, links)));
  }

  /**
   * Applies a PATCH to a draft. Of the fields sent ({@code sent}, as the JSON names them): {@code
   * contact_id} and {@code currency} cannot be null; {@code line_items} and {@code metadata}
   * replace the draft's (null: none); null clears {@code description}, {@code due_date} and {@code
   * sales_rep}. A new contact is checked with crm first.
   */
  public Uni<InvoiceResponse> update(
      Tenant tenant, long id, InvoicePatch patch, Set<String> sent, String bearer) {
    requireNotNull(sent, "contact_id", patch.contactId());
    requireNotNull(sent, "currency", patch.currency());
    List<LineItem> lines = sent.contains("line_items") ? lines(patch.lineItems()) : null;
    String currency =
        sent.contains("currency")
            ? Currencies.resolve("currency", patch.currency(), config.defaultCurrency())
            : null;
    LocalDate due = sent.contains("due_date") ? dueDate(patch.dueDate()) : null;
    Uni<Void> contactChecked =
        sent.contains("contact_id")
            ? contacts.requireExisting(patch.contactId(), bearer)
            : Uni.createFrom().voidItem();
    return contactChecked
        .chain(
            () ->
                pool.withTransaction(
                    tx ->
                        locked(tx, tenant, id)
                            .chain(
                                invoice -> {
                                  if (invoice.status() != InvoiceStatus.DRAFT) {
                                    throw invalidState(invoice, "edited", "a draft");
                                  }
                                  NewInvoice fields =
                                      new NewInvoice(
                                          sent.contains("contact_id")
                                              ? patch.contactId()
                                              : invoice.contactId(),
                                          invoice.subscriptionId(),
                                          currency != null ? currency : invoice.currency(),
                                          sent.contains("description")
                                              ? blankToNull(patch.description())
                                              : invoice.description(),
                                          lines != null ? lines : invoice.lineItems(),
                                          sent.contains("due_date") ? due : invoice.dueDate(),
                                          sent.contains("sales_rep")
                                              ? blankToNull(patch.salesRep())
                                              : invoice.salesRep(),
                                          sent.contains("metadata")
                                              ? patch.metadata()
                                              : invoice.metadata());
                                  return invoices.updateDraft(tx, tenant, id, fields);
                                })))
        .chain(() -> get(tenant, id));
  }

  /** Deletes a draft; any other invoice is 409 (void it instead). */
  public Uni<Void> delete(Tenant tenant, long id) {
    return pool.withTransaction(
        tx ->
            locked(tx, tenant, id)
                .chain(
                    invoice -> {
                      if (invoice.status() != InvoiceStatus.DRAFT) {
                        throw invalidState(invoice, "deleted", "a draft");
                      }
                      return invoices.deleteDraft(tx, tenant, id).replaceWithVoid();
                    }));
  }

  public Uni<InvoiceResponse> get(Tenant tenant, long id) {
    return pool.withConnection(db -> detailed(db, tenant, id));
  }

  /** The invoice as stored, with its payments (for the PDF and the API). */
  public Uni<InvoiceResponse> detailed(SqlClient db, Tenant tenant, long id) {
    return invoices
        .find(db, tenant, id)
        .chain(
            invoice -> {
              if (invoice == null) {
                throw ApiException.notFound("invoice");
              }
              return payments
                  .ofInvoice(db, tenant, id)
                  .map(list -> InvoiceResponse.of(invoice, links.hostedUrl(invoice), list));
            });
  }

  public Uni<Page<InvoiceResponse>> list(
      Tenant tenant, String status, Long contactId, Long subscriptionId, PageRequest page) {
    String wanted = status == null ? null : statusFilter(status);
    return pool.withConnection(
        db ->
            invoices
                .list(db, tenant, wanted, contactId, subscriptionId, page)
                .chain(
                    items ->
                        invoices
                            .count(db, tenant, wanted, contactId, subscriptionId)
                            .map(
                                total ->
                                    Page.of(
                                        items.stream()
                                            .map(i -> InvoiceResponse.summary(i, links))
                                            .toList(),
                                        total,
                                        page))));
  }

  /** The invoice, locked until {@code tx} ends; 404 when the tenant has no such invoice. */
  Uni<Invoice> locked(SqlClient tx, Tenant tenant, long id) {
    return invoices
        .lock(tx, tenant, id)
        .map(
            invoice -> {
              if (invoice == null) {
                throw ApiException.notFound("invoice");
              }
              return invoice;
            });
  }

  /** 409 {@code invalid_state} naming the invoice's status, also as member {@code status}. */
  static ApiException invalidState(Invoice invoice, String action, String needed) {
    return new ApiException(
            ErrorCode.INVALID_STATE,
            "Invoice "
                + invoice.id()
                + " is "
                + invoice.status().wire()
                + "; only "
                + needed
                + " invoice can be "
                + action)
        .member("status", invoice.status().wire());
  }

  /** An ISO date ({@code 2026-12-31}) or null; anything else is 422 naming {@code due_date}. */
  static LocalDate dueDate(String text) {
    if (text == null) {
      return null;
    }
    try {
      if (ISO_DATE.matcher(text).matches()) {
        return LocalDate.parse(text);
      }
    } catch (DateTimeParseException e) {
      // falls through to the 422
    }
    throw ApiException.validation(
        new ProblemDetail("due_date", "invalid_date", text),
        "Field 'due_date' must be an ISO date such as \"2026-12-31\"");
  }

  private static List<LineItem> lines(List<LineItemRequest> requests) {
    return requests == null ? List.of() : LineItem.of(requests, "line_items");
  }

  private static String statusFilter(String status) {
    return InvoiceStatus.fromWire(status)
        .map(InvoiceStatus::wire)
        .orElseThrow(
            () ->
                ApiException.validation(
                    new ProblemDetail("status", "invalid_value", status),
                    "Query parameter 'status' must be one of draft, open, paid, void,"
                        + " uncollectible"));
  }

  private static void requireNotNull(Set<String> sent, String field, Object value) {
    if (sent.contains(field) && value == null) {
      throw ApiException.validation(
          ProblemDetail.of(field, "required"), "Field '" + field + "' cannot be null");
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
