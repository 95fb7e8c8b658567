package dev.solid.payments.invoice;

import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.assertProblem;
import static dev.solid.payments.support.PaymentsApi.contact;
import static dev.solid.payments.support.PaymentsApi.events;
import static dev.solid.payments.support.PaymentsApi.key;
import static dev.solid.payments.support.PaymentsApi.newCompany;
import static dev.solid.payments.support.PaymentsApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.common.caller.Tenant;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import dev.solid.payments.order.LineItem;
import dev.solid.payments.support.StandInsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(StandInsResource.class)
class InvoiceTest {
  private static final String LINES =
      "\"line_items\": [{\"description\": \"Onboarding\", \"quantity\": 1, \"unit_amount\": 50000},"
          + " {\"description\": \"Seats\", \"quantity\": 10, \"unit_amount\": 7000}]";
  private static final String VISA = "{\"payment_method\": \"pm_card_visa\"}";

  @Inject Pool pool;
  @Inject InvoiceService invoices;
  @Inject InvoiceLifecycle lifecycle;

  // Fixtures

  /** A draft of 1200.00 (two lines) for a new contact; its id. */
  static long draft(String token, long company, boolean livemode) {
    return post(
            token,
            "/api/v1/invoices",
            "{\"contact_id\": " + contact(company, livemode) + ", " + LINES + "}")
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  static long open(String token, long company) {
    long id = draft(token, company, false);
    post(token, "/api/v1/invoices/" + id + "/finalize", "{}").statusCode(200);
    return id;
  }

  /** An invoice of a new company brought to {@code status}; its id. */
  static long inStatus(String token, long company, String status) {
    if (status.equals("draft")) {
      return draft(token, company, false);
    }
    long id = open(token, company);
    switch (status) {
      case "open" -> {}
      case "paid" -> post(token, "/api/v1/invoices/" + id + "/pay", VISA).statusCode(200);
      case "void" -> post(token, "/api/v1/invoices/" + id + "/void", "{}").statusCode(200);
      case "uncollectible" ->
          post(token, "/api/v1/invoices/" + id + "/mark_uncollectible", "{}").statusCode(200);
      default -> throw new IllegalArgumentException(status);
    }
    return id;
  }

  static ExtractableResponse<Response> act(String token, long id, String action) {
    String path = "/api/v1/invoices/" + id;
    return switch (action) {
      case "patch" ->
          as(token)
              .contentType(ContentType.JSON)
              .body("{\"description\": \"Edited\"}")
              .patch(path)
              .then()
              .extract();
      case "delete" -> as(token).delete(path).then().extract();
      case "pay" -> post(token, path + "/pay", VISA).extract();
      default -> post(token, path + "/" + action, "{}").extract();
    };
  }

  static String pdfText(byte[] pdf) throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(document);
    }
  }

  // Drafts

  @Test
  void createsADraftThatCanBeEditedAndDeleted() {
    long company = newCompany();
    String token = key(company, false);
    long contact = contact(company, false);
    long id =
        post(
                token,
                "/api/v1/invoices",
                "{\"contact_id\": "
                    + contact
                    + ", \"due_date\": \"2026-12-31\", "
                    + "\"description\": \"Q4\", \"sales_rep\": \"dana@acme.test\","
                    + " \"metadata\": {\"po\": \"77\"}, "
                    + LINES
                    + "}")
            .statusCode(201)
            .body("object", equalTo("invoice"))
            .body("status", equalTo("draft"))
            .body("livemode", equalTo(false))
            .body("number", nullValue())
            .body("hosted_invoice_url", nullValue())
            .body("contact_id", equalTo((int) contact))
            .body("currency", equalTo("usd"))
            .body("due_date", equalTo("2026-12-31"))
            .body("created_at", notNullValue())
            .body("status_transitions.finalized_at", nullValue())
            .body("payments.size()", equalTo(0))
            .extract()
            .jsonPath()
            .getLong("id");

    // Only the fields sent change; line_items are replaced.
    as(token)
        .contentType(ContentType.JSON)
        .body(
            "{\"description\": \"Q4 consulting\", \"line_items\": [{\"description\":"
                + " \"Consulting\", \"quantity\": 3, \"unit_amount\": 15000}]}")
        .patch("/api/v1/invoices/" + id)
        .then()
        .statusCode(200)
        .body("description", equalTo("Q4 consulting"))
        .body("line_items.size()", equalTo(1))
        .body("total", equalTo(45000))
        .body("due_date", equalTo("2026-12-31"))
        .body("sales_rep", equalTo("dana@acme.test"))
        .body("metadata.po", equalTo("77"));
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"due_date\": null, \"sales_rep\": null}")
        .patch("/api/v1/invoices/" + id)
        .then()
        .statusCode(200)
        .body("due_date", nullValue())
        .body("sales_rep", nullValue())
        .body("description", equalTo("Q4 consulting"));
    assertProblem(
        as(token)
            .contentType(ContentType.JSON)
            .body("{\"due_date\": \"31/12/2026\"}")
            .patch("/api/v1/invoices/" + id)
            .then()
            .extract(),
        422,
        "validation_error");
    assertProblem(
        as(token)
            .contentType(ContentType.JSON)
            .body("{\"contact_id\": 987654321}")
            .patch("/api/v1/invoices/" + id)
            .then()
            .extract(),
        422,
        "validation_error");

    as(token).delete("/api/v1/invoices/" + id).then().statusCode(204);
    assertProblem(as(token).get("/api/v1/invoices/" + id).then().extract(), 404, "not_found");
    assertThat(events(company)).containsExactly("invoice.created");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-13-01", "2026-02-30", "31/12/2026", "2026-1-5", "+12026-12-31", ""})
  void dueDatesOtherThanIsoDatesAre422(String due) {
    long company = newCompany();
    JsonNode problem =
        assertProblem(
            post(
                    key(company, false),
                    "/api/v1/invoices",
                    "{\"contact_id\": "
                        + contact(company, false)
                        + ", \"due_date\": \""
                        + due
                        + "\"}")
                .extract(),
            422,
            "validation_error");
    assertThat(problem.path("details").get(0).path("field").asText()).isEqualTo("due_date");
  }

  @Test
  void totalsAreTheSumOfTheLinesWithinTheBoundsOfOrders() {
    long company = newCompany();
    String token = key(company, false);
    long contact = contact(company, false);
    post(token, "/api/v1/invoices", "{\"contact_id\": " + contact + ", " + LINES + "}")
        .statusCode(201)
        .body("line_items[0].amount", equalTo(50000))
        .body("line_items[1].amount", equalTo(70000))
        .body("subtotal", equalTo(120000))
        .body("total", equalTo(120000))
        .body("amount_due", equalTo(120000))
        .body("amount_paid", equalTo(0))
        .body("amount_remaining", equalTo(120000));
    for (String bad :
        List.of(
            "[{\"description\": \"x\", \"quantity\": 0, \"unit_amount\": 100}]",
            "[{\"description\": \"x\", \"quantity\": 1, \"unit_amount\": -1}]",
            "[{\"description\": \"\", \"quantity\": 1, \"unit_amount\": 100}]",
            "[{\"description\": \"x\", \"quantity\": 2, \"unit_amount\": 99999999}]")) {
      JsonNode problem =
          assertProblem(
              post(
                      token,
                      "/api/v1/invoices",
                      "{\"contact_id\": " + contact + ", \"line_items\": " + bad + "}")
                  .extract(),
              422,
              "validation_error");
      assertThat(problem.path("details").get(0).path("field").asText()).startsWith("line_items");
    }
    assertProblem(
        post(token, "/api/v1/invoices", "{\"contact_id\": " + contact + ", \"currency\": \"zzz\"}")
            .extract(),
        422,
        "validation_error");
  }

  // Transitions

  @Test
  void finalizeGivesTheNumberAndAnUnguessableHostedUrl() {
    long company = newCompany();
    String token = key(company, false);
    long id = draft(token, company, false);
    String url =
        post(token, "/api/v1/invoices/" + id + "/finalize", "{}")
            .statusCode(200)
            .body("status", equalTo("open"))
            .body("number", equalTo("INV-0001"))
            .body("status_transitions.finalized_at", notNullValue())
            .body(
                "hosted_invoice_url",
                matchesPattern("http://localhost:8080/pay/invoices/[A-Za-z0-9_-]{43}"))
            .extract()
            .jsonPath()
            .getString("hosted_invoice_url");
    long other = draft(token, company, false);
    String otherUrl =
        post(token, "/api/v1/invoices/" + other + "/finalize", "{}")
            .statusCode(200)
            .body("number", equalTo("INV-0002"))
            .extract()
            .jsonPath()
            .getString("hosted_invoice_url");
    assertThat(otherUrl).isNotEqualTo(url);
    as(token).get("/api/v1/invoices/" + id).then().body("hosted_invoice_url", equalTo(url));
  }

  @Test
  void anEmptyInvoiceCannotBeFinalizedAndTakesNoNumber() {
    long company = newCompany();
    String token = key(company, false);
    long empty =
        post(token, "/api/v1/invoices", "{\"contact_id\": " + contact(company, false) + "}")
            .statusCode(201)
            .body("total", equalTo(0))
            .extract()
            .jsonPath()
            .getLong("id");
    JsonNode problem =
        assertProblem(
            post(token, "/api/v1/invoices/" + empty + "/finalize", "{}").extract(),
            422,
            "validation_error");
    assertThat(problem.path("details").get(0).path("field").asText()).isEqualTo("line_items");
    long full = draft(token, company, false);
    post(token, "/api/v1/invoices/" + full + "/finalize", "{}")
        .statusCode(200)
        .body("number", equalTo("INV-0001"));
  }

  @ParameterizedTest(name = "{1} of a {0} invoice: {2}")
  @CsvSource({
    "draft,patch,draft",
    "draft,delete,deleted",
    "draft,finalize,open",
    "draft,pay,409",
    "draft,void,409",
    "draft,mark_uncollectible,409",
    "open,patch,409",
    "open,delete,409",
    "open,finalize,409",
    "open,pay,paid",
    "open,void,void",
    "open,mark_uncollectible,uncollectible",
    "paid,patch,409",
    "paid,delete,409",
    "paid,finalize,409",
    "paid,pay,409",
    "paid,void,409",
    "paid,mark_uncollectible,409",
    "void,patch,409",
    "void,delete,409",
    "void,finalize,409",
    "void,pay,409",
    "void,void,409",
    "void,mark_uncollectible,409",
    "uncollectible,patch,409",
    "uncollectible,delete,409",
    "uncollectible,finalize,409",
    "uncollectible,pay,paid",
    "uncollectible,void,void",
    "uncollectible,mark_uncollectible,409",
  })
  void everyTransitionIsAllowedOrRefusedNamingTheStatus(
      String status, String action, String expected) {
    long company = newCompany();
    String token = key(company, false);
    long id = inStatus(token, company, status);
    ExtractableResponse<Response> answer = act(token, id, action);
    if (expected.equals("409")) {
      JsonNode problem = assertProblem(answer, 409, "invalid_state");
      assertThat(problem.path("status").asText()).isEqualTo(status);
      assertThat(problem.path("message").asText()).contains("is " + status);
      as(token).get("/api/v1/invoices/" + id).then().body("status", equalTo(status));
    } else if (expected.equals("deleted")) {
      assertThat(answer.statusCode()).isEqualTo(204);
      as(token).get("/api/v1/invoices/" + id).then().statusCode(404);
    } else {
      assertThat(answer.statusCode()).as(answer.body().asString()).isEqualTo(200);
      assertThat(answer.jsonPath().getString("status")).isEqualTo(expected);
      String transition =
          switch (expected) {
            case "open" -> "finalized_at";
            case "paid" -> "paid_at";
            case "void" -> "voided_at";
            case "uncollectible" -> "marked_uncollectible_at";
            default -> null;
          };
      if (transition != null) {
        assertThat(answer.jsonPath().getString("status_transitions." + transition)).isNotNull();
      }
    }
  }

  @Test
  void voidAndUncollectibleEmitTheirEvents() {
    long company = newCompany();
    String token = key(company, false);
    long id = open(token, company);
    post(token, "/api/v1/invoices/" + id + "/mark_uncollectible", "{}").statusCode(200);
    post(token, "/api/v1/invoices/" + id + "/void", "{}")
        .statusCode(200)
        .body("status", equalTo("void"))
        .body("status_transitions.marked_uncollectible_at", notNullValue())
        .body("status_transitions.voided_at", notNullValue());
    assertThat(events(company))
        .containsExactly(
            "invoice.created",
            "invoice.finalized",
            "invoice.marked_uncollectible",
            "invoice.voided");
    try (var db = dev.solid.payments.support.PaymentsApi.database();
        var query =
            db.prepareStatement(
                "SELECT payload::json->'data'->>'status', payload::json->'data'->>'number'"
                    + " FROM payments.outbox WHERE payload::json->>'company_id' = ?"
                    + " ORDER BY id DESC LIMIT 1")) {
      query.setString(1, Long.toString(company));
      try (var rows = query.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("void");
        assertThat(rows.getString(2)).isEqualTo("INV-0001");
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  // Numbering

  @Test
  void concurrentFinalizesNumberWithoutGapsOrDuplicatesPerCompanyAndMode() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    List<Long> drafts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      drafts.add(draft(token, company, false));
    }
    ExecutorService threads = Executors.newFixedThreadPool(10);
    List<String> numbers = new ArrayList<>();
    try {
      List<Callable<ExtractableResponse<Response>>> calls = new ArrayList<>();
      for (long id : drafts) {
        calls.add(() -> post(token, "/api/v1/invoices/" + id + "/finalize", "{}").extract());
      }
      for (Future<ExtractableResponse<Response>> answer : threads.invokeAll(calls)) {
        assertThat(answer.get().statusCode()).as(answer.get().body().asString()).isEqualTo(200);
        numbers.add(answer.get().jsonPath().getString("number"));
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(numbers)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(1, 10).mapToObj(n -> String.format("INV-%04d", n)).toList());

    // Another company, and live mode of this one, count on their own.
    String stranger = key(newCompany(), false);
    long theirs = draft(stranger, newCompanyOf(stranger), false);
    post(stranger, "/api/v1/invoices/" + theirs + "/finalize", "{}")
        .statusCode(200)
        .body("number", equalTo("INV-0001"));
    String live = key(company, true);
    long liveDraft = draft(live, company, true);
    post(live, "/api/v1/invoices/" + liveDraft + "/finalize", "{}")
        .statusCode(200)
        .body("livemode", equalTo(true))
        .body("number", equalTo("INV-0001"));
    long eleventh = draft(token, company, false);
    post(token, "/api/v1/invoices/" + eleventh + "/finalize", "{}")
        .statusCode(200)
        .body("number", equalTo("INV-0011"));
  }

  /** The company a test key was made for (its {@code cid} claim). */
  private static long newCompanyOf(String token) throws IOException {
    String payload = token.split("\\.")[1];
    return dev.solid.payments.support.PaymentsApi.JSON
        .readTree(java.util.Base64.getUrlDecoder().decode(payload))
        .path("cid")
        .asLong();
  }

  // Paying

  @Test
  void payingWithVisaPaysTheInvoice() {
    long company = newCompany();
    String token = key(company, false);
    long id = open(token, company);
    post(token, "/api/v1/invoices/" + id + "/pay", "{\"payment_method\": \"4242424242424242\"}")
        .statusCode(200)
        .body("status", equalTo("paid"))
        .body("amount_paid", equalTo(120000))
        .body("amount_due", equalTo(120000))
        .body("amount_remaining", equalTo(0))
        .body("status_transitions.paid_at", notNullValue())
        .body("payments.size()", equalTo(1))
        .body("payments[0].object", equalTo("payment"))
        .body("payments[0].status", equalTo("succeeded"))
        .body("payments[0].invoice_id", equalTo((int) id))
        .body("payments[0].amount", equalTo(120000))
        .body("payments[0].card_brand", equalTo("visa"));
    assertThat(events(company))
        .containsExactly(
            "invoice.created", "invoice.finalized", "payment.succeeded", "invoice.paid");
  }

  @Test
  void aDeclineIs402AndTheInvoiceStaysOpenWithTheError() {
    long company = newCompany();
    String token = key(company, false);
    long id = open(token, company);
    JsonNode problem =
        assertProblem(
            post(
                    token,
                    "/api/v1/invoices/" + id + "/pay",
                    "{\"payment_method\": \"4000000000009995\"}")
                .extract(),
            402,
            "payment_failed");
    assertThat(problem.path("decline_code").asText()).isEqualTo("insufficient_funds");
    assertThat(problem.path("invoice_id").asLong()).isEqualTo(id);
    as(token)
        .get("/api/v1/invoices/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("open"))
        .body("amount_paid", equalTo(0))
        .body("last_payment_error.code", equalTo("card_declined"))
        .body("last_payment_error.decline_code", equalTo("insufficient_funds"))
        .body("payments[0].status", equalTo("failed"));
    assertThat(events(company))
        .containsExactly(
            "invoice.created", "invoice.finalized", "payment.failed", "invoice.payment_failed");
    post(token, "/api/v1/invoices/" + id + "/pay", VISA)
        .statusCode(200)
        .body("status", equalTo("paid"))
        .body("last_payment_error", nullValue())
        .body("payments.size()", equalTo(2));
  }

  @Test
  void concurrentPaysOfOneInvoiceChargeOnce() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long id = open(token, company);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(
            () -> post(token, "/api/v1/invoices/" + id + "/pay", VISA).extract().statusCode());
      }
      int ok = 0;
      for (Future<Integer> answer : threads.invokeAll(calls)) {
        assertThat(answer.get()).isIn(200, 409);
        ok += answer.get() == 200 ? 1 : 0;
      }
      assertThat(ok).isEqualTo(1);
    } finally {
      threads.shutdownNow();
    }
    as(token)
        .get("/api/v1/invoices/" + id)
        .then()
        .body("payments.size()", equalTo(1))
        .body("amount_paid", equalTo(120000));
    assertThat(events(company).stream().filter("invoice.paid"::equals)).hasSize(1);
  }

  @Test
  void aPaidInvoiceWithASalesRepEarnsTheCommission() {
    long company = newCompany();
    String token = key(company, false);
    post(
            token,
            "/api/v1/commission-plans",
            "{\"sales_rep\": \"dana@acme.test\", \"rate_bps\": 1000}")
        .statusCode(201);
    long id =
        post(
                token,
                "/api/v1/invoices",
                "{\"contact_id\": "
                    + contact(company, false)
                    + ", \"sales_rep\": \"dana@acme.test\", "
                    + LINES
                    + "}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    post(token, "/api/v1/invoices/" + id + "/finalize", "{}").statusCode(200);
    post(token, "/api/v1/invoices/" + id + "/pay", VISA).statusCode(200);
    as(token)
        .get("/api/v1/commissions?sales_rep=dana@acme.test")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].source_type", equalTo("invoice"))
        .body("items[0].source_id", equalTo((int) id))
        .body("items[0].basis_amount", equalTo(120000))
        .body("items[0].amount", equalTo(12000));
    assertThat(events(company)).contains("invoice.paid", "commission.created");
  }

  // PDF

  @Test
  void thePdfShowsTheNumberLinesAndFormattedTotals() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long contact = contact(company, false);
    long id =
        post(
                token,
                "/api/v1/invoices",
                "{\"contact_id\": "
                    + contact
                    + ", \"due_date\": \"2026-12-31\", \"description\":"
                    + " \"Caf\\u00e9 \\ud83d\\ude80 \\u65e5\\u672c line\\nbreak\", "
                    + LINES
                    + "}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    ExtractableResponse<Response> draft =
        as(token).get("/api/v1/invoices/" + id + "/pdf").then().extract();
    assertThat(draft.statusCode()).isEqualTo(200);
    assertThat(pdfText(draft.asByteArray())).contains("Draft");

    post(token, "/api/v1/invoices/" + id + "/finalize", "{}").statusCode(200);
    ExtractableResponse<Response> open =
        as(token).get("/api/v1/invoices/" + id + "/pdf").then().extract();
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.contentType()).isEqualTo("application/pdf");
    assertThat(open.header("Content-Disposition")).isEqualTo("inline; filename=\"INV-0001.pdf\"");
    String text = pdfText(open.asByteArray());
    assertThat(text)
        .contains("INV-0001")
        .contains("$1,200.00")
        .contains("$500.00")
        .contains("$70.00")
        .contains("Contact " + contact)
        .contains("Onboarding")
        .contains("Seats")
        .contains("December 31, 2026")
        .contains("Amount due")
        // What Helvetica can encode stays, the rest is left out.
        .contains("Café")
        .contains("line break")
        .doesNotContain("PAID");

    post(token, "/api/v1/invoices/" + id + "/pay", VISA).statusCode(200);
    assertThat(
            pdfText(
                as(token).get("/api/v1/invoices/" + id + "/pdf").then().extract().asByteArray()))
        .contains("PAID")
        .contains("$0.00");

    long voided = open(token, company);
    post(token, "/api/v1/invoices/" + voided + "/void", "{}").statusCode(200);
    assertThat(
            pdfText(
                as(token)
                    .get("/api/v1/invoices/" + voided + "/pdf")
                    .then()
                    .extract()
                    .asByteArray()))
        .contains("VOID")
        .contains("INV-0002");
  }

  @Test
  void thePdfUsesTheCurrencysFractionDigits() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long id =
        post(
                token,
                "/api/v1/invoices",
                "{\"contact_id\": "
                    + contact(company, false)
                    + ", \"currency\": \"JPY\","
                    + " \"line_items\": [{\"description\": \"Ramen\", \"quantity\": 3,"
                    + " \"unit_amount\": 1200}]}")
            .statusCode(201)
            .body("currency", equalTo("jpy"))
            .extract()
            .jsonPath()
            .getLong("id");
    String text =
        pdfText(as(token).get("/api/v1/invoices/" + id + "/pdf").then().extract().asByteArray());
    assertThat(text).contains("¥3,600").contains("¥1,200").doesNotContain("3,600.00");
  }

  // Tenancy, listing, scopes

  @Test
  void anotherCompanyOrModeFindsNoInvoiceOnAnyEndpoint() {
    long company = newCompany();
    String token = key(company, false);
    long draft = draft(token, company, false);
    long open = open(token, company);
    for (String other : List.of(key(company, true), key(newCompany(), false))) {
      List<ExtractableResponse<Response>> answers =
          List.of(
              as(other).get("/api/v1/invoices/" + open).then().extract(),
              as(other).get("/api/v1/invoices/" + open + "/pdf").then().extract(),
              act(other, draft, "patch"),
              act(other, draft, "delete"),
              act(other, draft, "finalize"),
              act(other, open, "pay"),
              act(other, open, "void"),
              act(other, open, "mark_uncollectible"));
      for (ExtractableResponse<Response> answer : answers) {
        assertProblem(answer, 404, "not_found");
      }
      as(other).get("/api/v1/invoices").then().statusCode(200).body("total", equalTo(0));
    }
    // Nothing changed for the owner.
    as(token).get("/api/v1/invoices/" + draft).then().body("status", equalTo("draft"));
    as(token).get("/api/v1/invoices/" + open).then().body("status", equalTo("open"));
  }

  @Test
  void listsAreNewestFirstAndFilter() {
    long company = newCompany();
    String token = key(company, false);
    long contact = contact(company, false);
    long first =
        post(token, "/api/v1/invoices", "{\"contact_id\": " + contact + ", " + LINES + "}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    long second = open(token, company);
    as(token)
        .get("/api/v1/invoices")
        .then()
        .statusCode(200)
        .body("total", equalTo(2))
        .body("items[0].id", equalTo((int) second))
        .body("items[0].object", equalTo("invoice"))
        .body("items[0].payments", nullValue())
        .body("items[1].id", equalTo((int) first));
    as(token)
        .get("/api/v1/invoices?status=open")
        .then()
        .body("total", equalTo(1))
        .body("items[0].id", equalTo((int) second));
    as(token)
        .get("/api/v1/invoices?contact_id=" + contact)
        .then()
        .body("total", equalTo(1))
        .body("items[0].id", equalTo((int) first));
    as(token)
        .get("/api/v1/invoices?limit=1")
        .then()
        .body("items.size()", equalTo(1))
        .body("has_more", equalTo(true));
    as(token).get("/api/v1/invoices?subscription_id=1").then().body("total", equalTo(0));
    assertProblem(
        as(token).get("/api/v1/invoices?status=unpaid").then().extract(), 422, "validation_error");
  }

  @Test
  void subscriptionsCreateFinalizeAndPayThroughTheJavaApi() {
    long company = newCompany();
    Tenant tenant = new Tenant(company, false);
    long contact = contact(company, false);
    NewInvoice draft =
        new NewInvoice(
            contact,
            4242L,
            "usd",
            "Pro plan, December",
            List.of(new LineItem("Pro plan", 1, 4900, 4900)),
            LocalDate.of(2026, 12, 31),
            null,
            Map.of("period", "2026-12"));
    Invoice finalized =
        pool.withTransaction(
                tx ->
                    invoices
                        .createForSubscription(tx, tenant, draft)
                        .chain(created -> lifecycle.finalizeIn(tx, tenant, created.id())))
            .await()
            .atMost(Duration.ofSeconds(30));
    assertThat(finalized.status()).isEqualTo(InvoiceStatus.OPEN);
    assertThat(finalized.number()).isEqualTo("INV-0001");
    InvoiceResponse paid =
        lifecycle
            .pay(tenant, finalized.id(), "pm_card_visa")
            .await()
            .atMost(Duration.ofSeconds(30));
    assertThat(paid.status()).isEqualTo("paid");
    assertThat(paid.amountPaid()).isEqualTo(4900);

    String token = key(company, false);
    as(token)
        .get("/api/v1/invoices?subscription_id=4242")
        .then()
        .body("total", equalTo(1))
        .body("items[0].id", equalTo((int) finalized.id()))
        .body("items[0].subscription_id", equalTo(4242))
        .body("items[0].status", equalTo("paid"));
    assertThat(events(company))
        .containsExactly(
            "invoice.created", "invoice.finalized", "payment.succeeded", "invoice.paid");
  }

  @Test
  void scopesAreChecked() {
    long company = newCompany();
    String token = key(company, false);
    long id = draft(token, company, false);
    String reader = TestTokens.apiKey(company, false, "read:payments");
    String writer = TestTokens.apiKey(company, false, "write:payments");
    assertProblem(
        post(reader, "/api/v1/invoices", "{\"contact_id\": 1}").extract(), 403, "forbidden");
    assertProblem(act(reader, id, "finalize"), 403, "forbidden");
    assertProblem(act(reader, id, "delete"), 403, "forbidden");
    assertProblem(act(reader, id, "patch"), 403, "forbidden");
    assertProblem(as(writer).get("/api/v1/invoices").then().extract(), 403, "forbidden");
    assertProblem(
        as(writer).get("/api/v1/invoices/" + id + "/pdf").then().extract(), 403, "forbidden");
    as(reader).get("/api/v1/invoices/" + id).then().statusCode(200);
  }
}
