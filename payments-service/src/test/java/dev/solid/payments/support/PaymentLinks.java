package dev.solid.payments.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Payment links and their checkout page, as a merchant (API) and as a customer (HTML form). */
public final class PaymentLinks {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");
  private static final Pattern ORDER = Pattern.compile("id=\"reference\">Order (\\d+)<");

  private PaymentLinks() {}

  /** Creates a link with this JSON body; the answer's body. */
  public static JsonNode create(String token, String json) {
    String body =
        PaymentsApi.post(token, "/api/v1/payment-links", json)
            .statusCode(201)
            .extract()
            .body()
            .asString();
    try {
      return PaymentsApi.JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The path of the link's page on payments-service itself ({@code /pay/links/{token}}). */
  public static String pagePath(JsonNode link) {
    return URI.create(link.path("url").asText()).getPath();
  }

  public static ExtractableResponse<Response> page(String path) {
    return given().accept("text/html").get(path).then().extract();
  }

  /** The anti-forgery token of a rendered form. */
  public static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("the page has a form token:\n" + html).isTrue();
    return m.group(1);
  }

  /** A future expiry, MM/YY. */
  public static String futureExpiry() {
    return YearMonth.now().plusYears(3).format(DateTimeFormatter.ofPattern("MM/yy"));
  }

  /** Posts the card form as a browser would (urlencoded). */
  public static ExtractableResponse<Response> submit(
      String path, String csrf, String number, String expiry, String cvc, String name) {
    var request = given().accept("text/html").contentType(ContentType.URLENC);
    if (csrf != null) {
      request = request.formParam("csrf_token", csrf);
    }
    return request
        .formParam("card_number", number)
        .formParam("expiry", expiry)
        .formParam("cvc", cvc)
        .formParam("name", name)
        .post(path)
        .then()
        .extract();
  }

  /** The order id a receipt names. */
  public static long orderIdOf(String receipt) {
    Matcher m = ORDER.matcher(receipt);
    assertThat(m.find()).as("the receipt names its order:\n" + receipt).isTrue();
    return Long.parseLong(m.group(1));
  }
}
