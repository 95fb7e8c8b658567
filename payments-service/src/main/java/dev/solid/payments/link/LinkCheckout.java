package dev.solid.payments.link;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.event.EventTypes;
import dev.solid.payments.charge.Payment;
import dev.solid.payments.checkout.CardForm;
import dev.solid.payments.checkout.CardSubmission;
import dev.solid.payments.checkout.Checkout;
import dev.solid.payments.checkout.CheckoutPage;
import dev.solid.payments.checkout.CheckoutTokens;
import dev.solid.payments.checkout.HostedPage;
import dev.solid.payments.checkout.Receipt;
import dev.solid.payments.event.PaymentEvents;
import dev.solid.payments.order.Order;
import dev.solid.payments.order.OrderRepository;
import dev.solid.payments.order.OrderResponse;
import dev.solid.payments.order.OrderService;
import dev.solid.payments.order.OrderStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A payment link's hosted checkout: the page of a token, and its form's payment.
 *
 * <p>A payment: the link must exist and be active; the form's anti-forgery token must be one this
 * server signed for this link and not expired ({@link CheckoutTokens}), else 403 and nothing is
 * read; the card fields must be valid (422, the form again with a message per field). Then the
 * form's order is made, or found when the form was submitted before (its nonce is unique on the
 * order), and paid through the normal path ({@link OrderService#pay}, which locks the order, so two
 * submissions of one form charge once). A decline shows the form again with the processor's message
 * (402) and the same token, so the next try pays the same order. A paid order's form answers its
 * receipt again, without charging.
 *
 * <p>Live mode takes no card here: collecting a real card needs Stripe's own page or Elements
 * (scripts from Stripe's host), which this page does not load; the page says so and nothing is
 * charged. Left for the Stripe integration.
 */
@ApplicationScoped
public class LinkCheckout {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{32}");

  private final Pool pool;
  private final PaymentLinkRepository links;
  private final OrderRepository orderRows;
  private final OrderService orders;
  private final PaymentEvents events;
  private final CheckoutTokens tokens;
  private final Clock clock;

  public LinkCheckout(
      Pool pool,
      PaymentLinkRepository links,
      OrderRepository orderRows,
      OrderService orders,
      PaymentEvents events,
      CheckoutTokens tokens) {
    this.pool = pool;
    this.links = links;
    this.orderRows = orderRows;
    this.orders = orders;
    this.events = events;
    this.tokens = tokens;
    this.clock = Clock.systemUTC();
  }

  /** The page of the link with this token. */
  public Uni<HostedPage> page(String token) {
    return link(token)
        .map(
            link -> {
              if (link == null) {
                return unknownLink();
              }
              Checkout checkout = checkoutOf(link);
              if (!link.active()) {
                return inactive(checkout);
              }
              if (link.livemode()) {
                return new HostedPage(200, liveModePage(checkout));
              }
              return new HostedPage(
                  200,
                  CheckoutPage.form(checkout, tokens.issue(subject(link)), CardForm.empty(), null));
            });
  }

  /** The payment of the form posted to the page of this token. */
  public Uni<HostedPage> pay(String token, CardSubmission submission) {
    return link(token)
        .chain(
            link -> {
              if (link == null) {
                return done(unknownLink());
              }
              Checkout checkout = checkoutOf(link);
              if (!link.active()) {
                return done(inactive(checkout));
              }
              if (link.livemode()) {
                return done(new HostedPage(501, liveModePage(checkout)));
              }
              CheckoutTokens.Verdict verdict = tokens.verify(subject(link), submission.csrfToken());
              if (!verdict.valid()) {
                return done(refusedForm(verdict.status()));
              }
              CardForm card = CardForm.read(submission, false, YearMonth.now(clock));
              if (!card.valid()) {
                return done(
                    new HostedPage(
                        422, CheckoutPage.form(checkout, submission.csrfToken(), card, null)));
              }
              return orderOf(link, verdict.nonce())
                  .chain(
                      order ->
                          order.status() == OrderStatus.PENDING
                              ? charge(link, checkout, order.id(), submission.csrfToken(), card)
                              : orders
                                  .get(tenantOf(link), order.id())
                                  .map(paid -> afterward(link, checkout, paid)));
            });
  }

  private Uni<Order> orderOf(PaymentLink link, String nonce) {
    Tenant tenant = tenantOf(link);
    return pool.withTransaction(
        tx ->
            orderRows
                .forCheckout(
                    tx,
                    tenant,
                    nonce,
                    link.id(),
                    link.contactId(),
                    link.amount(),
                    link.currency(),
                    link.description())
                .call(
                    made ->
                        made.created()
                            ? events.emit(
                                tx,
                                tenant,
                                EventTypes.ORDER_CREATED,
                                OrderResponse.summary(made.order()))
                            : Uni.createFrom().voidItem())
                .map(OrderRepository.CheckoutOrder::order));
  }

  private Uni<HostedPage> charge(
      PaymentLink link, Checkout checkout, long orderId, String csrfToken, CardForm card) {
    Tenant tenant = tenantOf(link);
    return orders
        .pay(tenant, orderId, card.cardNumber())
        .map(paid -> afterward(link, checkout, paid))
        .onFailure(ApiException.class)
        .recoverWithUni(
            failure -> {
              ApiException problem = (ApiException) failure;
              ErrorCode code = problem.errorCode();
              if (code == ErrorCode.PAYMENT_FAILED) {
                return done(
                    new HostedPage(
                        402, CheckoutPage.form(checkout, csrfToken, card, problem.getMessage())));
              }
              if (code == ErrorCode.INVALID_STATE) {
                // Another submission of this form paid the order first.
                return orders.get(tenant, orderId).map(paid -> afterward(link, checkout, paid));
              }
              if (code == ErrorCode.CONFLICT) {
                return done(
                    new HostedPage(
                        409,
                        CheckoutPage.closed(
                            checkout,
                            "Your payment is being processed",
                            "This form was submitted twice; the first payment is still running."
                                + " Reload the page in a moment to see its receipt.")));
              }
              if (code == ErrorCode.SERVICE_UNAVAILABLE) {
                return done(
                    new HostedPage(
                        503,
                        CheckoutPage.closed(
                            checkout,
                            "Your payment could not be confirmed yet",
                            "The payment processor did not answer. Your card is charged at most"
                                + " once: reload the page in a moment to see the outcome.")));
              }
              return done(
                  new HostedPage(
                      422, CheckoutPage.form(checkout, csrfToken, card, problem.getMessage())));
            });
  }

  /** The page after the form's order stopped being pending: its receipt when paid. */
  private static HostedPage afterward(PaymentLink link, Checkout checkout, OrderResponse order) {
    List<Payment> payments = order.payments() == null ? List.of() : order.payments();
    Payment paid =
        payments.stream()
            .filter(p -> Payment.SUCCEEDED.equals(p.status()))
            .reduce((first, second) -> second)
            .orElse(null);
    if (paid == null) {
      return new HostedPage(
          409,
          CheckoutPage.closed(
              checkout,
              "This form can no longer be used",
              "Its order is " + order.status() + ". Reload the page to start again."));
    }
    String next =
        link.redirectUrl() == null ? null : RedirectUrls.withOrder(link.redirectUrl(), order.id());
    return new HostedPage(
        200,
        CheckoutPage.receipt(
            checkout,
            new Receipt("Order " + order.id(), paid.cardBrand(), paid.cardLast4(), next)));
  }

  private Uni<PaymentLink> link(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return Uni.createFrom().nullItem();
    }
    return pool.withConnection(db -> links.byToken(db, token));
  }

  private static Checkout checkoutOf(PaymentLink link) {
    return new Checkout(
        link.displayName(),
        link.amount(),
        link.currency(),
        link.description(),
        link.livemode(),
        LinkCheckoutResource.PATH + "/" + link.token());
  }

  /** What a link's form tokens are bound to: this link's page only. */
  private static String subject(PaymentLink link) {
    return "link:" + link.token();
  }

  private static Tenant tenantOf(PaymentLink link) {
    return new Tenant(link.companyId(), link.livemode());
  }

  static HostedPage unknownLink() {
    return new HostedPage(
        404,
        CheckoutPage.message(
            "Payment link not found",
            "This payment link does not exist. Check the address, or ask the seller for a new"
                + " link."));
  }

  private static HostedPage inactive(Checkout checkout) {
    return new HostedPage(
        410,
        CheckoutPage.closed(
            checkout,
            "This payment link is no longer active",
            "It takes no payments. Ask " + checkout.companyName() + " for a new link."));
  }

  private static String liveModePage(Checkout checkout) {
    return CheckoutPage.closed(
        checkout,
        "Card payments are not available on this page yet",
        "Live card payments need the Stripe integration of the hosted checkout, which is not"
            + " built yet. No card is collected here and nothing is charged.");
  }

  private static HostedPage refusedForm(CheckoutTokens.Status status) {
    return new HostedPage(
        403,
        status == CheckoutTokens.Status.EXPIRED
            ? CheckoutPage.message(
                "This form has expired",
                "Nothing was charged. Reload the payment page and enter your card again.")
            : CheckoutPage.message(
                "This form could not be verified",
                "Nothing was charged. Open the payment page again and pay from there."));
  }

  private static Uni<HostedPage> done(HostedPage page) {
    return Uni.createFrom().item(page);
  }
}
