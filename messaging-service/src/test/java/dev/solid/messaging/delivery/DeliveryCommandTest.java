package dev.solid.messaging.delivery;

import static dev.solid.messaging.support.MessagingApi.awaitConsumed;
import static dev.solid.messaging.support.MessagingApi.awaitFinal;
import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.partitions;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.publish;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.messaging.message.MessageEvents;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** Delivery commands that are not commands: skipped, and the worker goes on. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class DeliveryCommandTest {

  @Test
  void shouldSkipARecordThatIsNotAnEnvelopeWithoutStallingDelivery() throws Exception {
    String topic = MessageEvents.OUTBOUND_TOPIC;
    List<RecordMetadata> junk = new ArrayList<>();
    // On every partition, so whichever one the next command lands on starts with junk.
    for (int p = 0; p < partitions(topic); p++) {
      junk.add(publish(new ProducerRecord<>(topic, p, "junk", "{not json")));
      junk.add(publish(new ProducerRecord<>(topic, p, "junk", "{\"event\":\"message.deliver\"}")));
    }
    for (RecordMetadata record : junk) {
      awaitConsumed("messaging-delivery", record);
    }

    long company = newCompany();
    String token = key(company, false);
    long account = telegramAccount(token, null);
    String id =
        post(
                token,
                "/api/v1/messages/send",
                "{\"account_id\":" + account + ",\"to\":\"@after_junk\",\"text\":\"still on\"}")
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("id");
    assertThat(awaitFinal(token, id).get("status").asText()).isEqualTo("sent");
  }
}
