package dev.solid.payments.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A live hosted page's customer: the pay button, Stripe's page (the stand-in), the way back. */
public final class LiveCheckout {
  public static final String WEBHOOK_SECRET = "whsec_test_secret";
  private static final StripeStandIn STRIPE = StandIns.instance().stripe();

  private LiveCheckout() {}

  /** Posts the live form (its token only) and does not follow the answer's redirect. */
  public static ExtractableResponse<Response> pay(String path, String csrf) {
    return given()
        .accept("text/html")
        .contentType(ContentType.URLENC)
        .formParam("csrf_token", csrf)
        .redirects()
        .follow(false)
        .post(path)
        .then()
        .extract();
  }

  /** The Checkout Session a 303 leads to (asserting it is on Stripe's Checkout host). */
  public static String sessionOf(ExtractableResponse<Response> redirect) {
    assertThat(redirect.statusCode()).as(redirect.body().asString()).isEqualTo(303);
    String location = redirect.header("Location");
    assertThat(location).startsWith(STRIPE.checkoutOrigin() + "/c/pay/cs_");
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** The customer back from Stripe's page on the session's success_url. */
  public static ExtractableResponse<Response> comeBack(String sessionId) {
    URI success = URI.create(STRIPE.successUrl(sessionId));
    return PaymentLinks.page(success.getPath() + "?" + success.getQuery());
  }

  /** Stripe delivers {@code checkout.session.<what>} about the session as it is now. */
  public static ExtractableResponse<Response> deliver(String type, String sessionId) {
    return deliver(STRIPE.sessionEvent(type, sessionId));
  }

  public static ExtractableResponse<Response> deliver(String body) {
    return given()
        .contentType("application/json; charset=utf-8")
        .header("Stripe-Signature", StripeStandIn.signature(body, WEBHOOK_SECRET))
        .body(body.getBytes(StandardCharsets.UTF_8))
        .post("/api/v1/gateway/stripe/webhook")
        .then()
        .extract();
  }
}
