package dev.solid.crm.contact;

import static dev.solid.crm.contact.ContactApi.create;
import static dev.solid.crm.contact.ContactApi.newCompany;
import static dev.solid.crm.contact.ContactApi.patch;
import static dev.solid.crm.contact.ContactApi.post;
import static dev.solid.crm.contact.ContactApi.readWrite;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class ContactEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldPublishCreatedAndTaggedWithTheEnvelopeKeyedByCompany() throws Exception {
    long company = newCompany();
    String token = readWrite(company);
    long id =
        create(
            token,
            "{\"username\":\"@sarah_miller\",\"name\":\"Sarah Miller\","
                + "\"email\":\"sarah@example.com\",\"tags\":[\"trial\",\"webinar-2026-06\"]}");

    List<ConsumerRecord<String, String>> records = CrmTopic.contactRecords(company, 2);

    assertThat(records).extracting(ConsumerRecord::key).containsOnly(Long.toString(company));
    JsonNode created = JSON.readTree(records.get(0).value());
    assertThat(created.get("event").asText()).isEqualTo("contact.created");
    assertThat(created.get("id").asText()).startsWith("evt_");
    assertThat(created.get("company_id").asLong()).isEqualTo(company);
    assertThat(created.get("livemode").asBoolean()).isFalse();
    assertThat(created.get("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
    assertThat(created.get("data").get("id").asLong()).isEqualTo(id);
    assertThat(created.get("data").get("email").asText()).isEqualTo("sarah@example.com");
    JsonNode tagged = JSON.readTree(records.get(1).value());
    assertThat(tagged.get("event").asText()).isEqualTo("contact.tagged");
    assertThat(tagged.get("data").get("tags_added").toString())
        .isEqualTo("[\"trial\",\"webinar-2026-06\"]");
  }

  @Test
  void shouldPublishUpdatedAndDeletedInOrder() throws Exception {
    long company = newCompany();
    String token = readWrite(company);
    long id = create(token, "{\"name\":\"Ann\"}");
    patch(token, id, "{\"name\":\"Ann Lee\"}").statusCode(200);
    ContactApi.delete(token, id).statusCode(204);

    List<String> types = new ArrayList<>();
    for (ConsumerRecord<String, String> record : CrmTopic.contactRecords(company, 3)) {
      types.add(JSON.readTree(record.value()).get("event").asText());
    }
    assertThat(types).containsExactly("contact.created", "contact.updated", "contact.deleted");
  }

  @Test
  void shouldPublishNothingForAPatchThatFailsInsideItsTransaction() throws Exception {
    long company = newCompany();
    String token = readWrite(company);
    create(token, "{\"email\":\"taken@example.com\"}");
    long id = create(token, "{\"email\":\"free@example.com\"}");
    // Both fail after the contact row was locked and read in the write transaction: a 409 on
    // another contact's email and a 422 for removing the last identifier. Neither may publish.
    patch(token, id, "{\"email\":\"taken@example.com\",\"name\":\"Rolled Back\"}").statusCode(409);
    patch(token, id, "{\"email\":null}").statusCode(422);
    // A marker write after them: anything the failed writes published would come before it.
    patch(token, id, "{\"name\":\"Marker\"}").statusCode(200);

    List<ConsumerRecord<String, String>> records = CrmTopic.contactRecords(company, 3);
    List<String> types = new ArrayList<>();
    for (ConsumerRecord<String, String> record : records) {
      types.add(JSON.readTree(record.value()).get("event").asText());
    }
    assertThat(types).containsExactly("contact.created", "contact.created", "contact.updated");
    JsonNode updated = JSON.readTree(records.get(2).value()).get("data");
    assertThat(updated.get("name").asText()).isEqualTo("Marker");
    assertThat(updated.get("email").asText()).isEqualTo("free@example.com");
    assertThat(records.toString()).doesNotContain("Rolled Back");
  }

  @Test
  void shouldPublishOneCreatedEventForConcurrentUpsertsOfOneNewContact() throws Exception {
    long company = newCompany();
    String token = readWrite(company);
    String body = "{\"email\":\"race-" + UUID.randomUUID() + "@example.com\"}";
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(pool.submit(() -> post(token, body).extract().statusCode()));
      }
      for (Future<Integer> call : calls) {
        assertThat(call.get()).isIn(200, 201);
      }
    } finally {
      pool.shutdownNow();
    }

    List<String> types = new ArrayList<>();
    for (ConsumerRecord<String, String> record : CrmTopic.contactRecords(company, 10)) {
      types.add(JSON.readTree(record.value()).get("event").asText());
    }
    assertThat(types).filteredOn("contact.created"::equals).hasSize(1);
    assertThat(types).filteredOn("contact.updated"::equals).hasSize(9);
  }
}
