package dev.solid.payments.link;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.event.EventTypes;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.payments.config.PaymentsConfig;
import dev.solid.payments.contact.Contacts;
import dev.solid.payments.event.PaymentEvents;
import dev.solid.payments.money.Currencies;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Payment links: created active with a random token (the hosted page's URL), read, listed, and
 * changed by PATCH (description, display name, redirect; deactivated and reactivated). A link's
 * payments are made on its page ({@link LinkCheckout}).
 */
@ApplicationScoped
public class PaymentLinkService {
  /** 24 random bytes: 192 bits, 32 URL-safe characters. */
  private static final int TOKEN_BYTES = 24;

  /** What a customer may have seen on the page already: changing it would be another link. */
  private static final List<String> FIXED = List.of("amount", "currency", "contact_id");

  private final Pool pool;
  private final PaymentLinkRepository links;
  private final PaymentEvents events;
  private final Contacts contacts;
  private final PaymentsConfig config;
  private final SecureRandom random = new SecureRandom();

  public PaymentLinkService(
      Pool pool,
      PaymentLinkRepository links,
      PaymentEvents events,
      Contacts contacts,
      PaymentsConfig config) {
    this.pool = pool;
    this.links = links;
    this.events = events;
    this.contacts = contacts;
    this.config = config;
  }

  public Uni<PaymentLinkResponse> create(Tenant tenant, PaymentLinkRequest body, String bearer) {
    String currency = Currencies.resolve("currency", body.currency(), config.defaultCurrency());
    String redirect =
        body.afterCompletion() == null
            ? null
            : RedirectUrls.check(body.afterCompletion().redirectUrl());
    Uni<Void> contactChecked =
        body.contactId() == null
            ? Uni.createFrom().voidItem()
            : contacts.requireExisting(body.contactId(), bearer);
    return contactChecked
        .chain(
            () ->
                pool.withTransaction(
                    tx ->
                        links
                            .insert(
                                tx,
                                tenant,
                                newToken(),
                                body.amount(),
                                currency,
                                body.description().strip(),
                                blankToNull(body.businessName()),
                                body.contactId(),
                                redirect)
                            .call(
                                link ->
                                    events.emit(
                                        tx,
                                        tenant,
                                        EventTypes.PAYMENT_LINK_CREATED,
                                        answer(link)))))
        .map(this::answer);
  }

  public Uni<PaymentLinkResponse> get(Tenant tenant, long id) {
    return pool.withConnection(db -> links.find(db, tenant, id)).map(link -> answer(found(link)));
  }

  public Uni<Page<PaymentLinkResponse>> list(Tenant tenant, Boolean active, PageRequest page) {
    return pool.withConnection(
        db ->
            links
                .list(db, tenant, active, page)
                .chain(
                    items ->
                        links
                            .count(db, tenant, active)
                            .map(
                                total ->
                                    Page.of(
                                        items.stream().map(this::answer).toList(), total, page))));
  }

  /**
   * Applies the fields {@code sent} of {@code patch}; the others stay. No event: the published
   * event types of links are created and completed.
   */
  public Uni<PaymentLinkResponse> update(
      Tenant tenant, long id, PaymentLinkPatch patch, Set<String> sent) {
    for (String fixed : FIXED) {
      if (sent.contains(fixed)) {
        throw ApiException.validation(
            ProblemDetail.of(fixed, "immutable"),
            "Field '"
                + fixed
                + "' of a payment link cannot change: create a new link (and deactivate this one)");
      }
    }
    if (sent.contains("description")
        && (patch.description() == null || patch.description().isBlank())) {
      throw ApiException.validation(
          ProblemDetail.of("description", "required"),
          "Field 'description' is required and cannot be cleared");
    }
    if (sent.contains("active") && patch.active() == null) {
      throw ApiException.validation(
          ProblemDetail.of("active", "required"), "Field 'active' must be true or false");
    }
    String redirect =
        patch.afterCompletion() == null
            ? null
            : RedirectUrls.check(patch.afterCompletion().redirectUrl());
    return pool.withTransaction(
            tx ->
                links
                    .find(tx, tenant, id)
                    .map(PaymentLinkService::found)
                    .chain(
                        link ->
                            links.update(
                                tx,
                                tenant,
                                new PaymentLink(
                                    link.id(),
                                    link.companyId(),
                                    link.livemode(),
                                    link.token(),
                                    sent.contains("active") ? patch.active() : link.active(),
                                    link.amount(),
                                    link.currency(),
                                    sent.contains("description")
                                        ? patch.description().strip()
                                        : link.description(),
                                    sent.contains("business_name")
                                        ? blankToNull(patch.businessName())
                                        : link.businessName(),
                                    link.contactId(),
                                    sent.contains("after_completion")
                                        ? redirect
                                        : link.redirectUrl(),
                                    link.createdAt(),
                                    link.updatedAt()))))
        .map(this::answer);
  }

  PaymentLinkResponse answer(PaymentLink link) {
    return PaymentLinkResponse.of(link, config.publicBaseUrl());
  }

  private String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static PaymentLink found(PaymentLink link) {
    if (link == null) {
      throw ApiException.notFound("payment link");
    }
    return link;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
