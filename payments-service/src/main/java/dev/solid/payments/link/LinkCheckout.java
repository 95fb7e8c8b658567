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
import dev.solid.payments.checkout.HostedCheckout;
import dev.solid.payments.checkout.HostedPage;
import dev.solid.payments.checkout.HostedPageResource;
import dev.solid.payments.checkout.Receipt;
import dev.solid.payments.checkout.StripeCheckout;
import dev.solid.payments.config.PaymentsConfig;
import dev.solid.payments.event.PaymentEvents;
import dev.solid.payments.order.Order;
import dev.solid.payments.order.OrderRepository;
import dev.solid.payments.order.OrderResponse;
import dev.solid.payments.order.OrderService;
import dev.solid.payments.order.OrderStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
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
 * <p>Live mode takes no card here: the page shows a pay button (the same token, no card field), and
 * its POST makes the form's order as above and sends the customer to a Stripe Checkout Session for
 * it ({@link StripeCheckout}): 303 See Other to Stripe's page, which the page's CSP allows as the
 * one other {@code form-action} origin ({@code solid.payments.stripe.checkout-origin}). Stripe
 * sends the customer back to this page with {@code ?session_id=…}: a session of one of this link's
 * orders completes its payment and shows the receipt, any other is ignored (the page as usual).
 */
@ApplicationScoped
public class LinkCheckout implements HostedCheckout {
  /** Where its pages are served ({@link HostedPageResource}). */
  public static final String PATH = "/pay/links";

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{32}");

  private final Pool pool;
  private final PaymentLinkRepository links;
  private final OrderRepository orderRows;
  private final OrderService orders;
  private final PaymentEvents events;
  private final CheckoutTokens tokens;
  private final StripeCheckout stripe;
  private final PaymentsConfig config;
  private final Clock clock;

  public LinkCheckout(
      Pool pool,
      PaymentLinkRepository links,
      OrderRepository orderRows,
      OrderService orders,
      PaymentEvents events,
      CheckoutTokens tokens,
      StripeCheckout stripe,
      PaymentsConfig config) {
    this.pool = pool;
    this.links = links;
    this.orderRows = orderRows;
    this.orders = orders;
    this.events = events;
    this.tokens = tokens;
    this.stripe = stripe;
    this.config = config;
    this.clock = Clock.systemUTC();
  }

  /**
   * The page of the link with this token; {@code sessionId} is the Checkout Session Stripe sent the
   * customer back with (live mode), or null.
   */
  @Override
  public String kind() {
    return "links";
  }

  @Override
  public Uni<HostedPage> page(String token, String sessionId) {
    return link(token)
        .chain(
            link -> {
              if (link == null) {
                return done(unknownLink());
              }
              Checkout checkout = checkoutOf(link);
              if (link.livemode() && sessionId != null) {
                // Before the active check: a customer who paid sees the receipt even if the
                // link was closed meanwhile.
                return stripe
                    .returned(tenantOf(link), sessionId, payment -> ofThisLink(link, payment))
                    .chain(outcome -> live(link, checkout, outcome, null));
              }
              if (!link.active()) {
                return done(inactive(checkout));
              }
              if (link.livemode()) {
                return done(liveForm(200, link, checkout, tokens.issue(subject(link)), null));
              }
              return done(
                  new HostedPage(
                      200,
                      CheckoutPage.form(
                          checkout, tokens.issue(subject(link)), CardForm.empty(), null)));
            });
  }

  /** The payment of the form posted to the page of this token. */
  @Override
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
              CheckoutTokens.Verdict verdict = tokens.verify(subject(link), submission.csrfToken());
              if (!verdict.valid()) {
                return done(refusedForm(verdict.status()));
              }
              if (link.livemode()) {
                return payOnStripe(link, checkout, verdict.nonce(), submission.csrfToken());
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

  /** Live mode: the form's order, paid on Stripe's Checkout page. */
  private Uni<HostedPage> payOnStripe(
      PaymentLink link, Checkout checkout, String nonce, String csrfToken) {
    Tenant tenant = tenantOf(link);
    return orderOf(link, nonce)
        .chain(
            order -> {
              if (order.status() != OrderStatus.PENDING) {
                return orders.get(tenant, order.id()).map(paid -> afterward(link, checkout, paid));
              }
              StripeCheckout.Purchase purchase =
                  new StripeCheckout.Purchase(
                      tenant,
                      order.id(),
                      null,
                      order.currency(),
                      nonce,
                      link.description(),
                      checkout.formAction());
              return stripe
                  .pay(
                      purchase,
                      tx ->
                          orderRows
                              .lock(tx, tenant, order.id())
                              .map(
                                  locked ->
                                      locked != null && locked.status() == OrderStatus.PENDING
                                          ? locked.amount() - locked.amountPaid()
                                          : null))
                  .chain(outcome -> live(link, checkout, outcome, order.id(), csrfToken));
            });
  }

  private Uni<HostedPage> live(
      PaymentLink link, Checkout checkout, StripeCheckout.Outcome outcome, Long orderId) {
    return live(link, checkout, outcome, orderId, null);
  }

  /**
   * The page after a live form or a return from Stripe. {@code csrfToken} is the posted form's
   * (shown again when Stripe did not answer, so the retry finds the same session), or null on a
   * return (a fresh form then).
   */
  private Uni<HostedPage> live(
      PaymentLink link,
      Checkout checkout,
      StripeCheckout.Outcome outcome,
      Long orderId,
      String csrfToken) {
    Tenant tenant = tenantOf(link);
    String token = csrfToken == null ? tokens.issue(subject(link)) : csrfToken;
    return switch (outcome.kind()) {
      case REDIRECT ->
          done(
              HostedPage.seeOther(
                  URI.create(outcome.url()),
                  CheckoutPage.continueTo(checkout, outcome.url()),
                  config.stripe().checkoutOrigin()));
      case PAID, NOT_PAYABLE ->
          orders
              .get(tenant, outcome.payment() != null ? outcome.payment().orderId() : orderId)
              .map(order -> afterward(link, checkout, order));
      case IN_PROGRESS ->
          done(
              new HostedPage(
                  409,
                  CheckoutPage.closed(
                      checkout,
                      "Your payment is being processed",
                      "Another payment of this order is still running. Reload the page in a"
                          + " moment to see its outcome.")));
      case CONFIRMING ->
          done(
              new HostedPage(
                  200,
                  CheckoutPage.closed(
                      checkout,
                      "Your payment is being confirmed",
                      "Stripe has your payment and has not confirmed it yet. Reload the page in a"
                          + " moment to see the receipt; you are charged at most once.")));
      case FORM_USED ->
          done(
              csrfToken == null
                  ? liveForm(200, link, checkout, token, null)
                  : liveForm(
                      409,
                      link,
                      checkout,
                      tokens.issue(subject(link)),
                      "That payment page expired without a payment; nothing was charged. Pay"
                          + " again below."));
      case UNAVAILABLE ->
          done(
              liveForm(
                  503,
                  link,
                  checkout,
                  token,
                  "Stripe did not answer; nothing was charged. Try again in a moment."));
      case REFUSED ->
          done(
              new HostedPage(
                  502,
                  CheckoutPage.closed(
                      checkout,
                      "Card payments could not be started",
                      "The payment processor refused to open its payment page; nothing was"
                          + " charged. Ask "
                          + checkout.companyName()
                          + " for another way to pay.")));
      case IGNORED ->
          done(link.active() ? liveForm(200, link, checkout, token, null) : inactive(checkout));
    };
  }

  private HostedPage liveForm(
      int status, PaymentLink link, Checkout checkout, String csrfToken, String alert) {
    return new HostedPage(status, CheckoutPage.liveForm(checkout, csrfToken, alert))
        .formPostingTo(config.stripe().checkoutOrigin());
  }

  /** Whether a payment is of one of this link's orders (a return names its session). */
  private Uni<Boolean> ofThisLink(PaymentLink link, Payment payment) {
    if (payment.orderId() == null) {
      return Uni.createFrom().item(false);
    }
    return pool.withConnection(db -> orderRows.find(db, tenantOf(link), payment.orderId()))
        .map(order -> order != null && Long.valueOf(link.id()).equals(order.paymentLinkId()));
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
        PATH + "/" + link.token());
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
