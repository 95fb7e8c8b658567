package dev.solid.payments.checkout;

import static dev.solid.payments.checkout.Html.escape;

import dev.solid.payments.processor.TestCards;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the hosted checkout pages: the card form (live mode: a pay button leading to Stripe's
 * Checkout page), the receipt, and the notices (a closed page, an unknown link, a refused form).
 * Server-side HTML with inline CSS and no script, so it works in any browser without JavaScript and
 * loads nothing from another host (see {@link HostedPage} for the CSP). Every value is escaped.
 * Nothing here knows payment links: a hosted invoice page renders the same form from its own {@link
 * Checkout}.
 *
 * <p>Hand-written rather than Qute: the Qute extension is not among the build's dependencies, and
 * five small pages did not seem worth a new one; the escaping is in one place ({@link Html}).
 */
public final class CheckoutPage {
  private static final String STYLE =
      """
      *{box-sizing:border-box}
      body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
      color:#1a1f36;background:#f6f8fa}
      .test{background:#ffde92;color:#5c3b00;padding:10px 16px;font-size:14px}
      .test strong{text-transform:uppercase;letter-spacing:.04em}
      .test table{border-collapse:collapse;margin-top:6px}
      .test td{padding:1px 12px 1px 0;font-variant-numeric:tabular-nums}
      main{max-width:440px;margin:32px auto;background:#fff;border-radius:12px;\
      box-shadow:0 2px 12px rgba(26,31,54,.12);padding:28px}
      .company{margin:0;color:#697386;font-weight:600}
      .amount{margin:4px 0 0;font-size:34px}
      .description{margin:4px 0 20px;color:#3c4257}
      .lines{width:100%;border-collapse:collapse;margin:0 0 20px;font-size:14px}
      .lines td{padding:6px 0;border-bottom:1px solid #e3e8ee}.lines .num{text-align:right}
      label{display:block;font-size:14px;font-weight:600;margin:14px 0 4px}
      input{width:100%;padding:10px 12px;font:inherit;border:1px solid #c1c9d2;border-radius:6px}
      input[aria-invalid=true]{border-color:#df1b41}
      .row{display:flex;gap:12px}.row>div{flex:1}
      .field-error{color:#df1b41;font-size:14px;margin:4px 0 0}
      .alert{background:#fde8ec;color:#a41c3a;border-radius:6px;padding:10px 12px;margin:0 0 8px}
      .notice{background:#eef2f7;border-radius:6px;padding:12px}
      button{margin-top:22px;width:100%;padding:12px;font:inherit;font-weight:600;color:#fff;\
      background:#635bff;border:0;border-radius:6px;cursor:pointer}
      dl{display:grid;grid-template-columns:auto 1fr;gap:6px 16px}dt{color:#697386}dd{margin:0}
      a.continue{display:inline-block;margin-top:18px;font-weight:600;color:#635bff}
      """;

  private CheckoutPage() {}

  /**
   * The card form. {@code entered} is what the last submission entered (errors shown per field,
   * expiry and name kept; never the card number or the CVC); {@code alert} is a message above the
   * form (the processor's decline), or null.
   */
  public static String form(Checkout checkout, String csrfToken, CardForm entered, String alert) {
    Map<String, String> errors = entered.errors();
    StringBuilder body = new StringBuilder();
    header(body, checkout);
    if (alert != null) {
      body.append("<p class=\"alert\" role=\"alert\" id=\"payment-error\">")
          .append(escape(alert))
          .append("</p>\n");
    }
    body.append("<form method=\"post\" action=\"")
        .append(escape(checkout.formAction()))
        .append("\" autocomplete=\"on\">\n")
        .append("<input type=\"hidden\" name=\"csrf_token\" value=\"")
        .append(escape(csrfToken))
        .append("\">\n");
    field(
        body,
        CardForm.NUMBER,
        "Card number",
        "text",
        "cc-number",
        "1234 1234 1234 1234",
        "numeric",
        null,
        errors);
    body.append("<div class=\"row\"><div>\n");
    field(
        body,
        CardForm.EXPIRY,
        "Expiry (MM/YY)",
        "text",
        "cc-exp",
        "MM/YY",
        "numeric",
        entered.expiry(),
        errors);
    body.append("</div><div>\n");
    field(body, CardForm.CVC, "CVC", "text", "cc-csc", "CVC", "numeric", null, errors);
    body.append("</div></div>\n");
    field(body, CardForm.NAME, "Name on card", "text", "cc-name", "", null, entered.name(), errors);
    body.append("<button type=\"submit\" id=\"pay\">Pay ")
        .append(escape(checkout.amountText()))
        .append("</button>\n</form>\n");
    return document("Pay " + checkout.companyName(), checkout.livemode(), true, body);
  }

  /**
   * Live mode's form: no card field, only the pay button and the anti-forgery token. Posting it
   * sends the customer to Stripe's Checkout page, where the card is entered; {@code alert} is a
   * message above it (a session that could not be started), or null.
   */
  public static String liveForm(Checkout checkout, String csrfToken, String alert) {
    StringBuilder body = new StringBuilder();
    header(body, checkout);
    if (alert != null) {
      body.append("<p class=\"alert\" role=\"alert\" id=\"payment-error\">")
          .append(escape(alert))
          .append("</p>\n");
    }
    body.append("<p class=\"notice\" id=\"stripe-notice\">You pay on Stripe's secure page: your")
        .append(" card is entered there, never on this site.</p>\n")
        .append("<form method=\"post\" action=\"")
        .append(escape(checkout.formAction()))
        .append("\">\n<input type=\"hidden\" name=\"csrf_token\" value=\"")
        .append(escape(csrfToken))
        .append("\">\n<button type=\"submit\" id=\"pay\">Pay ")
        .append(escape(checkout.amountText()))
        .append("</button>\n</form>\n");
    return document("Pay " + checkout.companyName(), true, false, body);
  }

  /**
   * The way on to Stripe's page: the body of the 303 that leads there, a plain link for a client
   * that does not follow it.
   */
  public static String continueTo(Checkout checkout, String url) {
    StringBuilder body = new StringBuilder();
    header(body, checkout);
    body.append("<p class=\"notice\" role=\"status\">Your payment is ready on Stripe's secure")
        .append(" page.</p>\n<a class=\"continue\" id=\"to-stripe\" rel=\"noreferrer\" href=\"")
        .append(escape(url))
        .append("\">Continue to secure payment →</a>\n");
    return document("Continue to payment", true, false, body);
  }

  /** The receipt of a successful payment. */
  public static String receipt(Checkout checkout, Receipt receipt) {
    StringBuilder body = new StringBuilder();
    body.append("<p class=\"company\">")
        .append(escape(checkout.companyName()))
        .append("</p>\n<h1 class=\"amount\" id=\"receipt\">Payment received</h1>\n")
        .append("<p class=\"description\">Thank you. Your payment of ")
        .append(escape(checkout.amountText()))
        .append(" succeeded.</p>\n<dl>\n<dt>Amount</dt><dd>")
        .append(escape(checkout.amountText()))
        .append("</dd>\n<dt>For</dt><dd>")
        .append(escape(checkout.description()))
        .append("</dd>\n");
    if (receipt.cardLast4() != null) {
      // Unknown after Stripe's Checkout page: the card stayed there.
      body.append("<dt>Card</dt><dd>")
          .append(escape(brand(receipt.cardBrand())))
          .append(" •••• ")
          .append(escape(receipt.cardLast4()))
          .append("</dd>\n");
    }
    body.append("<dt>Reference</dt><dd id=\"reference\">")
        .append(escape(receipt.reference()))
        .append("</dd>\n</dl>\n");
    if (receipt.continueUrl() != null) {
      body.append("<a class=\"continue\" id=\"continue\" rel=\"noreferrer\" href=\"")
          .append(escape(receipt.continueUrl()))
          .append("\">Continue to ")
          .append(escape(checkout.companyName()))
          .append(" →</a>\n");
    }
    return document("Paid: " + checkout.companyName(), checkout.livemode(), false, body);
  }

  /** The page of something that takes no payment now (closed, already paid elsewhere…). */
  public static String closed(Checkout checkout, String title, String message) {
    StringBuilder body = new StringBuilder();
    header(body, checkout);
    body.append("<div class=\"notice\" role=\"status\"><strong>")
        .append(escape(title))
        .append("</strong><br>")
        .append(escape(message))
        .append("</div>\n");
    return document(title, checkout.livemode(), false, body);
  }

  /** A page with a message only: an unknown link, a refused form. */
  public static String message(String title, String message) {
    StringBuilder body = new StringBuilder();
    body.append("<h1 class=\"amount\">")
        .append(escape(title))
        .append("</h1>\n<p class=\"description\">")
        .append(escape(message))
        .append("</p>\n");
    return document(title, true, false, body);
  }

  private static void header(StringBuilder body, Checkout checkout) {
    body.append("<p class=\"company\" id=\"company\">")
        .append(escape(checkout.companyName()))
        .append("</p>\n<h1 class=\"amount\" id=\"amount\">")
        .append(escape(checkout.amountText()))
        .append("</h1>\n<p class=\"description\" id=\"description\">")
        .append(escape(checkout.description()))
        .append("</p>\n");
    if (!checkout.lines().isEmpty()) {
      body.append("<table class=\"lines\" id=\"lines\">\n");
      for (Checkout.Line line : checkout.lines()) {
        body.append("<tr><td>")
            .append(line.quantity())
            .append(" × ")
            .append(escape(line.description()))
            .append("</td><td class=\"num\">")
            .append(escape(MoneyText.format(line.amount(), checkout.currency())))
            .append("</td></tr>\n");
      }
      body.append("</table>\n");
    }
  }

  private static void field(
      StringBuilder body,
      String name,
      String label,
      String type,
      String autocomplete,
      String placeholder,
      String inputMode,
      String value,
      Map<String, String> errors) {
    String error = errors.get(name);
    body.append("<label for=\"")
        .append(name)
        .append("\">")
        .append(escape(label))
        .append("</label>\n<input id=\"")
        .append(name)
        .append("\" name=\"")
        .append(name)
        .append("\" type=\"")
        .append(type)
        .append("\" autocomplete=\"")
        .append(autocomplete)
        .append("\" placeholder=\"")
        .append(escape(placeholder))
        .append('"');
    if (inputMode != null) {
      body.append(" inputmode=\"").append(inputMode).append('"');
    }
    if (value != null && !value.isEmpty()) {
      body.append(" value=\"").append(escape(value)).append('"');
    }
    if (error != null) {
      body.append(" aria-invalid=\"true\" aria-describedby=\"").append(name).append("-error\"");
    }
    body.append(" required>\n");
    if (error != null) {
      body.append("<p class=\"field-error\" id=\"")
          .append(name)
          .append("-error\">")
          .append(escape(error))
          .append("</p>\n");
    }
  }

  /** The page around {@code main}; in test mode the banner, with the test cards over a form. */
  private static String document(
      String title, boolean livemode, boolean listCards, StringBuilder main) {
    StringBuilder html = new StringBuilder(4096);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"referrer\" content=\"no-referrer\">\n<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n");
    if (!livemode) {
      testBanner(html, listCards);
    }
    html.append("<main>\n").append(main).append("</main>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void testBanner(StringBuilder html, boolean listCards) {
    html.append("<div class=\"test\" id=\"test-mode\" role=\"note\"><strong>Test mode</strong>")
        .append(" — no real card is charged and no money moves.");
    if (!listCards) {
      html.append("</div>\n");
      return;
    }
    html.append(" Use one of these test cards with any future expiry date and any CVC:\n<table>\n");
    for (TestCards.TestCard card : TestCards.ALL) {
      html.append("<tr><td>")
          .append(grouped(card.number()))
          .append("</td><td>")
          .append(escape(brand(card.brand())))
          .append("</td><td>")
          .append(
              escape(
                  switch (card.behaviour()) {
                    case SUCCEEDS -> "Succeeds";
                    case DECLINES, ATTACHES_THEN_FAILS -> "Declined: " + card.message();
                  }))
          .append("</td></tr>\n");
    }
    html.append("</table></div>\n");
  }

  private static String grouped(String number) {
    return number.replaceAll("(\\d{4})(?=\\d)", "$1 ");
  }

  private static String brand(String brand) {
    if (brand == null || brand.isEmpty()) {
      return "Card";
    }
    return switch (brand) {
      case "visa" -> "Visa";
      case "mastercard" -> "Mastercard";
      case "amex" -> "American Express";
      default -> brand.substring(0, 1).toUpperCase(Locale.ROOT) + brand.substring(1);
    };
  }
}
