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
import dev.solid.payments.checkout.HostedPage;
import dev.solid.payments.checkout.Receipt;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The hosted invoice page ({@code hosted_invoice_url}): the invoice with its lines and what is due,
 * and the same card form as a payment link's checkout. Paying goes through {@link
 * InvoiceLifecycle#pay}, which locks the invoice and allows one charge in flight, so a form
 * submitted twice charges once; a paid invoice's page is its receipt. The form's anti-forgery token
 * is bound to this invoice's page ({@link CheckoutTokens}). Live mode takes no card here, as for
 * payment links.
 */
@ApplicationScoped
public class InvoiceCheckout {
  /** 256 bits in base64url without padding (see {@link InvoiceLinks}). */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final Pool pool;
  private final InvoiceRepository invoices;
  private final InvoiceService service;
  private final InvoiceLifecycle lifecycle;
  private final CheckoutTokens tokens;
  private final Clock clock = Clock.systemUTC();

  public InvoiceCheckout(
      Pool pool,
      InvoiceRepository invoices,
      InvoiceService service,
      InvoiceLifecycle lifecycle,
      CheckoutTokens tokens) {
    this.pool = pool;
    this.invoices = invoices;
    this.service = service;
    this.lifecycle = lifecycle;
    this.tokens = tokens;
  }

  public Uni<HostedPage> page(String token) {
    return invoice(token)
        .chain(
            invoice -> {
              if (invoice == null) {
                return done(unknown());
              }
              Checkout checkout = checkoutOf(invoice);
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
                            ? new HostedPage(200, liveModePage(checkout))
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
                return page(token);
              }
              if (invoice.livemode()) {
                return done(new HostedPage(501, liveModePage(checkout)));
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
        InvoiceCheckoutResource.PATH + "/" + invoice.hostedToken(),
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

  private static String liveModePage(Checkout checkout) {
    return CheckoutPage.closed(
        checkout,
        "Card payments are not available on this page yet",
        "Live card payments need the Stripe integration of the hosted page, which is not built"
            + " yet. No card is collected here and nothing is charged.");
  }

  private static Uni<HostedPage> done(HostedPage page) {
    return Uni.createFrom().item(page);
  }
}
