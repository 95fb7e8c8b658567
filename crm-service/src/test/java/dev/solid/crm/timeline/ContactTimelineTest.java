package dev.solid.crm.timeline;

import static dev.solid.crm.activity.CrmApi.ACTIVITIES;
import static dev.solid.crm.activity.CrmApi.CONTACTS;
import static dev.solid.crm.activity.CrmApi.all;
import static dev.solid.crm.activity.CrmApi.contact;
import static dev.solid.crm.activity.CrmApi.create;
import static dev.solid.crm.activity.CrmApi.get;
import static dev.solid.crm.activity.CrmApi.newCompany;
import static dev.solid.crm.activity.CrmApi.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The contact timeline across its sources: activities logged through the API, and messages, orders
 * and payments that crm learns from real envelopes on messaging's and payments' topics.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class ContactTimelineTest {
  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  private static final String PHONE = "+18015550100";

  @Test
  void shouldMergeActivitiesMessagesOrdersAndPaymentsNewestFirstAndPageThroughThem()
      throws Exception {
    long company = newCompany();
    String token = all(company);
    long ann = contact(token, "Ann Lee");
    long bob = contact(token, "Bob Stone");
    long otherCompany = newCompany();

    activity(token, ann, "note", null, "First contact at the fair", null, at(1));
    activity(token, ann, "note", null, "Sent the price list", null, at(6));
    activity(token, ann, "call", "Follow-up", "Agreed on the annual plan", 900, at(7));

    // Every record is keyed by the company under test, so all land on one partition and are
    // applied in publishing order: once the last one shows, every earlier one was handled.
    String received =
        message(
            company, false, "message.received", ann, "Hi, can I get a quote?", at(2), null, null);
    publishMessaging(company, received);
    publishMessaging(company, received); // redelivered: appears once
    publishMessaging(
        company,
        message(company, false, "message.received", null, "Who is this?", at(2), null, null));
    publishMessaging(
        company,
        message(company, false, "message.sent", ann, "Here is the quote", at(4), at(4), null));
    publishMessaging(
        company, message(company, false, "message.sent", bob, "Hello Bob", at(4), at(4), null));
    publishMessaging(
        company, message(company, true, "message.sent", ann, "live mode", at(4), at(4), null));
    publishMessaging(
        company,
        message(otherCompany, false, "message.sent", ann, "other company", at(4), at(4), null));
    // A failed message was never sent: it happened when messaging gave up (the event's time).
    publishMessaging(
        company,
        message(
            company, false, "message.failed", ann, "Reminder", at(0), null, "carrier rejected"));

    publishPayments(company, order(company, "order.created", 1001, ann, 120_000, 0, at(3), null));
    publishPayments(company, order(company, "order.created", 2002, bob, 5_000, 0, at(3), null));
    publishPayments(company, order(company, "order.created", 3003, null, 700, 0, at(3), null));
    publishPayments(company, paymentFailed(company, 501, 1001L, 120_000, at(5)));
    publishPayments(company, paymentFailed(company, 502, 2002L, 5_000, at(5)));
    publishPayments(company, paymentFailed(company, 503, 9999L, 100, at(5))); // an unknown order
    publishPayments(company, paymentFailed(company, 504, null, 100, at(5))); // an invoice's
    String paid = order(company, "order.paid", 1001, ann, 120_000, 0, at(6), at(6));
    publishPayments(company, paid);
    publishPayments(company, paid); // redelivered: appears once
    publishPayments(
        company, order(company, "order.refunded", 1001, ann, 120_000, 20_000, at(9), at(6)));

    String path = CONTACTS + "/" + ann + "/timeline";
    await("Ann's timeline with every source")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> get(token, path).statusCode(200).extract().jsonPath().getInt("total"),
            n -> n >= 10);

    JsonPath page = get(token, path).statusCode(200).extract().jsonPath();
    assertThat(page.getInt("total")).isEqualTo(10);
    assertThat(page.getList("items.type", String.class))
        .containsExactly(
            "order.refunded",
            "message.failed",
            "activity.call",
            // Equal times: activities come before projected items.
            "activity.note",
            "order.paid",
            "payment.failed",
            "message.sent",
            "order.created",
            "message.received",
            "activity.note");
    assertThat(page.getList("items.summary", String.class))
        .containsExactly(
            "Order 1001 refunded: $200.00",
            "SMS to " + PHONE + " failed: carrier rejected",
            "Outbound call: Follow-up (15 min)",
            "Note: Sent the price list",
            "Order 1001 paid: $1,200.00",
            "Payment of $1,200.00 for order 1001 failed: Your card was declined.",
            "SMS sent to " + PHONE + ": “Here is the quote”",
            "Order 1001 created: $1,200.00",
            "SMS received from " + PHONE + ": “Hi, can I get a quote?”",
            "Note: First contact at the fair");
    assertThat(page.getList("items.occurred_at", String.class))
        .containsExactly(at(9), at(8), at(7), at(6), at(6), at(5), at(4), at(3), at(2), at(1));
    assertThat(page.getString("items[0].ref.object")).isEqualTo("order");
    assertThat(page.getString("items[0].ref.id")).isEqualTo("1001");
    assertThat(page.getString("items[5].ref.object")).isEqualTo("payment");
    assertThat(page.getString("items[5].ref.id")).isEqualTo("501");
    assertThat(page.getString("items[6].ref.object")).isEqualTo("message");
    assertThat(page.getString("items[2].ref.object")).isEqualTo("activity");

    // Pages of 3 walk the same stream without overlap or gap.
    List<String> walked = new ArrayList<>();
    for (int offset = 0; offset < 10; offset += 3) {
      JsonPath slice =
          get(token, path + "?limit=3&offset=" + offset).statusCode(200).extract().jsonPath();
      assertThat(slice.getInt("total")).isEqualTo(10);
      assertThat(slice.getBoolean("has_more")).isEqualTo(offset + 3 < 10);
      walked.addAll(slice.getList("items.summary", String.class));
    }
    assertThat(walked).isEqualTo(page.getList("items.summary", String.class));
    get(token, path + "?offset=10").statusCode(200).body("items.size()", equalTo(0));

    // Bob sees his own message, order and failed payment only.
    assertThat(
            get(token, CONTACTS + "/" + bob + "/timeline")
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.summary", String.class))
        .containsExactly(
            "Payment of $50.00 for order 2002 failed: Your card was declined.",
            "SMS sent to " + PHONE + ": “Hello Bob”",
            "Order 2002 created: $50.00");
  }

  @Test
  void shouldAnswerTheTimelineOnlyToTheContactsOwnCompanyAndModeWithReadContacts() {
    long company = newCompany();
    String token = all(company);
    long ann = contact(token, "Ann");
    activity(token, ann, "note", null, "Private", null, at(1));
    String path = CONTACTS + "/" + ann + "/timeline";

    get(token, path).statusCode(200).body("total", equalTo(1));
    get(all(newCompany()), path).statusCode(404).body("code", equalTo("not_found"));
    get(all(company, true), path).statusCode(404);
    get(token, CONTACTS + "/999999999/timeline").statusCode(404);
    get(token, CONTACTS + "/abc/timeline").statusCode(404);
    get(token(company, "read:activities"), path).statusCode(403);
    get(token(company, "read:contacts"), path).statusCode(200).body("total", equalTo(1));
    get(token, path + "?limit=0").statusCode(422).body("details[0].field", equalTo("limit"));
  }

  private static String at(int hours) {
    return T0.plus(Duration.ofHours(hours)).toString();
  }

  private static void activity(
      String token,
      long contact,
      String type,
      String subject,
      String body,
      Integer duration,
      String occurredAt) {
    create(
        token,
        ACTIVITIES,
        "{\"type\":\""
            + type
            + "\",\"contact_id\":"
            + contact
            + ",\"subject\":"
            + (subject == null ? "null" : "\"" + subject + "\"")
            + ",\"body\":\""
            + body
            + "\",\"duration_seconds\":"
            + duration
            + ",\"direction\":\"outbound\",\"occurred_at\":\""
            + occurredAt
            + "\"}");
  }

  /** A message event as messaging publishes it: data is the message as its API shows it. */
  private static String message(
      long company,
      boolean livemode,
      String type,
      Long contact,
      String text,
      String createdAt,
      String sentAt,
      String failureReason) {
    boolean outbound = !"message.received".equals(type);
    String eventAt = failureReason != null ? at(8) : sentAt != null ? sentAt : createdAt;
    return envelope(
        company,
        livemode,
        type,
        eventAt,
        "{\"id\":\"msg_"
            + UUID.randomUUID()
            + "\",\"account_id\":1,\"channel\":\"sms\",\"direction\":\""
            + (outbound ? "outbound" : "inbound")
            + "\",\"to\":"
            + (outbound ? "\"" + PHONE + "\"" : "null")
            + ",\"from\":"
            + (outbound ? "null" : "\"" + PHONE + "\"")
            + ",\"contact_id\":"
            + contact
            + ",\"text\":\""
            + text
            + "\",\"status\":\""
            + (failureReason != null ? "failed" : outbound ? "sent" : "received")
            + "\",\"failure_reason\":"
            + (failureReason == null ? "null" : "\"" + failureReason + "\"")
            + ",\"job_id\":null,\"enrollment_id\":null,\"livemode\":"
            + livemode
            + ",\"created_at\":\""
            + createdAt
            + "\",\"sent_at\":"
            + (sentAt == null ? "null" : "\"" + sentAt + "\"")
            + "}");
  }

  /** An order event as payments publishes it: data is the order as its API answers it. */
  private static String order(
      long company,
      String type,
      long id,
      Long contact,
      long amount,
      long refunded,
      String updatedAt,
      String paidAt) {
    boolean livemode = false;
    String createdAt = at(3);
    return envelope(
        company,
        livemode,
        type,
        updatedAt,
        "{\"id\":"
            + id
            + ",\"object\":\"order\",\"livemode\":"
            + livemode
            + ",\"contact_id\":"
            + contact
            + ",\"amount\":"
            + amount
            + ",\"currency\":\"usd\",\"description\":\"Annual plan\",\"line_items\":[],"
            + "\"sales_rep\":null,\"metadata\":{},\"status\":\"paid\",\"amount_paid\":"
            + amount
            + ",\"amount_refunded\":"
            + refunded
            + ",\"last_payment_error\":null,\"payment_link_id\":null,\"created_at\":\""
            + createdAt
            + "\",\"updated_at\":\""
            + updatedAt
            + "\",\"paid_at\":"
            + (paidAt == null ? "null" : "\"" + paidAt + "\"")
            + ",\"canceled_at\":null}");
  }

  /** A payment.failed as payments publishes it: data is the payment as its API answers it. */
  private static String paymentFailed(
      long company, long id, Long orderId, long amount, String updatedAt) {
    return envelope(
        company,
        false,
        "payment.failed",
        updatedAt,
        "{\"id\":"
            + id
            + ",\"object\":\"payment\",\"livemode\":false,\"order_id\":"
            + orderId
            + ",\"invoice_id\":"
            + (orderId == null ? "77" : "null")
            + ",\"amount\":"
            + amount
            + ",\"currency\":\"usd\",\"status\":\"failed\",\"processor\":\"simulated\","
            + "\"failure_code\":\"card_declined\",\"decline_code\":\"generic_decline\","
            + "\"failure_message\":\"Your card was declined.\",\"amount_refunded\":0,"
            + "\"created_at\":\""
            + updatedAt
            + "\",\"updated_at\":\""
            + updatedAt
            + "\"}");
  }

  private static String envelope(
      long company, boolean livemode, String type, String eventAt, String data) {
    return "{\"id\":\"evt_test_"
        + UUID.randomUUID()
        + "\",\"event\":\""
        + type
        + "\",\"created_at\":\""
        + eventAt
        + "\",\"company_id\":"
        + company
        + ",\"livemode\":"
        + livemode
        + ",\"data\":"
        + data
        + "}";
  }

  private static void publishMessaging(long key, String value) throws Exception {
    publish(EventTopics.MESSAGING, key, value);
  }

  private static void publishPayments(long key, String value) throws Exception {
    publish(EventTopics.PAYMENTS, key, value);
  }

  private static void publish(String topic, long key, String value) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, Long.toString(key), value)).get();
    }
  }
}
