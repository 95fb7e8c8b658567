package dev.solid.payments.invoice;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
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
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The hosted invoice page ({@code hosted_invoice_url}): the invoice with its lines and what is due,
 * and the same card form as a payment link's checkout. Paying goes through {@link
 * InvoiceLifecycle#pay}, which locks the invoice and allows one charge in flight, so a form
 * submitted twice charges once; a paid invoice's page is its receipt. The form's anti-forgery token
 * is bound to this invoice's page ({@link CheckoutTokens}).
 *
 * <p>Live mode takes no card here, as for payment links: the pay button sends the customer to a
 * Stripe Checkout Session for what remains ({@link StripeCheckout}), and the return with {@code
 * ?session_id=…} (a session of this invoice only) or Stripe's webhook records the payment. A form
 * posted while another form's session holds the invoice expires that session first, so an abandoned
 * Stripe page never blocks the invoice.
 */
@ApplicationScoped
public class InvoiceCheckout implements HostedCheckout {
  /** Where its pages are served ({@link HostedPageResource}). */
  public static final String PATH = "/pay/invoices";

  /** 256 bits in base64url without padding (see {@link InvoiceLinks}). */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final Pool pool;
  private final InvoiceRepository invoices;
  private final InvoiceService service;
  private final InvoiceLifecycle lifecycle;
  private final CheckoutTokens tokens;
  private final StripeCheckout stripe;
  private final PaymentsConfig config;
  private final Clock clock = Clock.systemUTC();

  public InvoiceCheckout(
      Pool pool,
      InvoiceRepository invoices,
      InvoiceService service,
      InvoiceLifecycle lifecycle,
      CheckoutTokens tokens,
      StripeCheckout stripe,
      PaymentsConfig config) {
    this.pool = pool;
    this.invoices = invoices;
    this.service = service;
    this.lifecycle = lifecycle;
    this.tokens = tokens;
    this.stripe = stripe;
    this.config = config;
  }

  /**
   * The invoice's page; {@code sessionId}: the Checkout Session Stripe sent the customer back with.
   */
  @Override
  public String kind() {
    return "invoices";
  }

  @Override
  public Uni<HostedPage> page(String token, String sessionId) {
    return invoice(token)
        .chain(
            invoice -> {
              if (invoice == null) {
                return done(unknown());
              }
              Checkout checkout = checkoutOf(invoice);
              if (invoice.livemode()
                  && sessionId != null
                  && invoice.status() != InvoiceStatus.PAID) {
                return stripe
                    .returned(
                        tenantOf(invoice),
                        sessionId,
                        payment ->
                            Uni.createFrom()
                                .item(Long.valueOf(invoice.id()).equals(payment.invoiceId())))
                    .chain(
                        outcome ->
                            outcome.kind() == StripeCheckout.Kind.IGNORED
                                    || outcome.kind() == StripeCheckout.Kind.FORM_USED
                                ? page(token, null)
                                : live(token, checkout, outcome, null));
              }
              return switch (invoice.status()) {
                case PAID -> receipt(invoice, checkout);
                case VOID ->
                    done(
                        new HostedPage(
                            410,
                            CheckoutPage.closed(
                                checkout,
                                "This invoice was voided",
                                "Nothing is due. Ask "
                                    + checkout.companyName()
                                    + " if in doubt.")));
                default ->
                    done(
                        invoice.livemode()
                            ? liveForm(200, checkout, tokens.issue(subject(token)), null)
                            : new HostedPage(
                                200,
                                CheckoutPage.form(
                                    checkout,
                                    tokens.issue(subject(token)),
                                    CardForm.empty(),
                                    null)));
              };
            });
  }

  @Override
  public Uni<HostedPage> pay(String token, CardSubmission submission) {
    return invoice(token)
        .chain(
            invoice -> {
              if (invoice == null) {
                return done(unknown());
              }
              Checkout checkout = checkoutOf(invoice);
              if (invoice.status() == InvoiceStatus.PAID) {
                return receipt(invoice, checkout);
              }
              if (invoice.status() != InvoiceStatus.OPEN
                  && invoice.status() != InvoiceStatus.UNCOLLECTIBLE) {
                return page(token, null);
              }
              CheckoutTokens.Verdict verdict =
                  tokens.verify(subject(token), submission.csrfToken());
              if (!verdict.valid()) {
                return done(
                    new HostedPage(
                        403,
                        CheckoutPage.message(
                            verdict.status() == CheckoutTokens.Status.EXPIRED
                                ? "This form has expired"
                                : "This form could not be verified",
                            "Nothing was charged. Open the invoice again and pay from there.")));
              }
              if (invoice.livemode()) {
                return payOnStripe(
                    token, invoice, checkout, verdict.nonce(), submission.csrfToken());
              }
              CardForm card = CardForm.read(submission, false, YearMonth.now(clock));
              if (!card.valid()) {
                return done(
                    new HostedPage(
                        422, CheckoutPage.form(checkout, submission.csrfToken(), card, null)));
              }
              Tenant tenant = new Tenant(invoice.companyId(), invoice.livemode());
              return lifecycle
                  .pay(tenant, invoice.id(), card.cardNumber())
                  .chain(paid -> invoice(token))
                  .chain(paid -> receipt(paid, checkoutOf(paid)))
                  .onFailure(ApiException.class)
                  .recoverWithUni(
                      failure -> {
                        ApiException problem = (ApiException) failure;
                        if (problem.errorCode() == ErrorCode.PAYMENT_FAILED) {
                          return done(
                              new HostedPage(
                                  402,
                                  CheckoutPage.form(
                                      checkout,
                                      submission.csrfToken(),
                                      card,
                                      problem.getMessage())));
                        }
                        if (problem.errorCode() == ErrorCode.INVALID_STATE
                            || problem.errorCode() == ErrorCode.CONFLICT
                            || problem.errorCode() == ErrorCode.SERVICE_UNAVAILABLE) {
                          return done(
                              new HostedPage(
                                  problem.status(),
                                  CheckoutPage.closed(
                                      checkout,
                                      "Your payment is being processed",
                                      "Your card is charged at most once: reload the page in a"
                                          + " moment to see the receipt.")));
                        }
                        return done(
                            new HostedPage(
                                422,
                                CheckoutPage.form(
                                    checkout, submission.csrfToken(), card, problem.getMessage())));
                      });
            });
  }

  /** Live mode: what remains, paid on Stripe's Checkout page. */
  private Uni<HostedPage> payOnStripe(
      String token, Invoice invoice, Checkout checkout, String nonce, String csrfToken) {
    Tenant tenant = tenantOf(invoice);
    StripeCheckout.Purchase purchase =
        new StripeCheckout.Purchase(
            tenant,
            null,
            invoice.id(),
            invoice.currency(),
            nonce,
            "Invoice " + invoice.number(),
            checkout.formAction());
    return stripe
        .pay(
            purchase,
            tx ->
                invoices
                    .lock(tx, tenant, invoice.id())
                    .map(
                        locked ->
                            locked != null
                                    && (locked.status() == InvoiceStatus.OPEN
                                        || locked.status() == InvoiceStatus.UNCOLLECTIBLE)
                                ? locked.amountRemaining()
                                : null))
        .chain(outcome -> live(token, checkout, outcome, csrfToken));
  }

  /** The page after a live form, or a return from Stripe ({@code csrfToken} null). */
  private Uni<HostedPage> live(
      String token, Checkout checkout, StripeCheckout.Outcome outcome, String csrfToken) {
    return switch (outcome.kind()) {
      case REDIRECT ->
          done(
              HostedPage.seeOther(
                  URI.create(outcome.url()),
                  CheckoutPage.continueTo(checkout, outcome.url()),
                  config.stripe().checkoutOrigin()));
      case PAID, NOT_PAYABLE, IGNORED -> page(token, null);
      case IN_PROGRESS, CONFIRMING ->
          done(
              new HostedPage(
                  outcome.kind() == StripeCheckout.Kind.IN_PROGRESS ? 409 : 200,
                  CheckoutPage.closed(
                      checkout,
                      "Your payment is being processed",
                      "Your card is charged at most once: reload the page in a moment to see the"
                          + " receipt.")));
      case FORM_USED ->
          done(
              liveForm(
                  409,
                  checkout,
                  tokens.issue(subject(token)),
                  "That payment page expired without a payment; nothing was charged. Pay again"
                      + " below."));
      case UNAVAILABLE ->
          done(
              liveForm(
                  503,
                  checkout,
                  csrfToken == null ? tokens.issue(subject(token)) : csrfToken,
                  "Stripe did not answer; nothing was charged. Try again in a moment."));
      case REFUSED ->
          done(
              new HostedPage(
                  502,
                  CheckoutPage.closed(
                      checkout,
                      "Card payments could not be started",
                      "The payment processor refused to open its payment page; nothing was"
                          + " charged.")));
    };
  }

  private HostedPage liveForm(int status, Checkout checkout, String csrfToken, String alert) {
    return new HostedPage(status, CheckoutPage.liveForm(checkout, csrfToken, alert))
        .formPostingTo(config.stripe().checkoutOrigin());
  }

  private static Tenant tenantOf(Invoice invoice) {
    return new Tenant(invoice.companyId(), invoice.livemode());
  }

  private Uni<HostedPage> receipt(Invoice invoice, Checkout checkout) {
    Tenant tenant = new Tenant(invoice.companyId(), invoice.livemode());
    return service
        .get(tenant, invoice.id())
        .map(
            detailed -> {
              List<Payment> payments =
                  detailed.payments() == null ? List.of() : detailed.payments();
              Payment paid =
                  payments.stream()
                      .filter(p -> Payment.SUCCEEDED.equals(p.status()))
                      .reduce((first, second) -> second)
                      .orElse(null);
              Checkout total =
                  new Checkout(
                      checkout.companyName(),
                      invoice.total(),
                      invoice.currency(),
                      checkout.description(),
                      invoice.livemode(),
                      checkout.formAction(),
                      checkout.lines());
              return new HostedPage(
                  200,
                  CheckoutPage.receipt(
                      total,
                      new Receipt(
                          "Invoice " + invoice.number(),
                          paid == null ? null : paid.cardBrand(),
                          paid == null ? null : paid.cardLast4(),
                          null)));
            });
  }

  private Uni<Invoice> invoice(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return Uni.createFrom().nullItem();
    }
    return pool.withConnection(db -> invoices.byHostedToken(db, token));
  }

  private static Checkout checkoutOf(Invoice invoice) {
    String description =
        "Invoice "
            + invoice.number()
            + (invoice.dueDate() == null ? "" : ", due " + invoice.dueDate())
            + (invoice.description() == null ? "" : " — " + invoice.description());
    return new Checkout(
        "Company " + invoice.companyId(),
        invoice.amountRemaining(),
        invoice.currency(),
        description,
        invoice.livemode(),
        PATH + "/" + invoice.hostedToken(),
        invoice.lineItems().stream()
            .map(line -> new Checkout.Line(line.description(), line.quantity(), line.amount()))
            .toList());
  }

  private static String subject(String token) {
    return "invoice:" + token;
  }

  private static HostedPage unknown() {
    return new HostedPage(
        404,
        CheckoutPage.message(
            "Invoice not found",
            "This invoice does not exist. Check the address, or ask the seller to send it again."));
  }

  private static Uni<HostedPage> done(HostedPage page) {
    return Uni.createFrom().item(page);
  }
}
