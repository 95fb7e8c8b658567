package dev.solid.crm.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.event.EventTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * crm's event topic as a downstream consumer sees it: waits (Awaitility) until a company's expected
 * events have arrived, then keeps reading a little longer so that one too many (a duplicate, an
 * event of a rolled-back change) fails the wait instead of passing unseen.
 */
public final class CrmTopic {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ARRIVAL = Duration.ofSeconds(30);
  private static final Duration QUIET = Duration.ofMillis(1500);

  private CrmTopic() {}

  /** Exactly {@code expected} records of the company, in topic order. */
  public static List<ConsumerRecord<String, String>> records(long company, int expected) {
    return read(company, event -> true, expected);
  }

  /**
   * Exactly {@code expected} contact.* records of the company, in topic order (lead scoring adds
   * its lead.scored events to the same topic).
   */
  static List<ConsumerRecord<String, String>> contactRecords(long company, int expected) {
    return read(company, event -> event.get("event").asText().startsWith("contact."), expected);
  }

  /** Exactly {@code expected} events of this type of the company, in topic order. */
  public static List<JsonNode> events(long company, String type, int expected) {
    return read(company, event -> type.equals(event.get("event").asText()), expected).stream()
        .map(record -> parse(record.value()))
        .toList();
  }

  private static List<ConsumerRecord<String, String>> read(
      long company, Predicate<JsonNode> wanted, int expected) {
    List<ConsumerRecord<String, String>> mine = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                "group.id",
                "crm-test-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(EventTopics.CRM));
      Runnable poll =
          () -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
              JsonNode event = parse(record.value());
              if (event.get("company_id").asLong() == company && wanted.test(event)) {
                mine.add(record);
              }
            }
          };
      // A KafkaConsumer is single-threaded: every poll runs on this thread.
      await("events of company " + company + " on " + EventTopics.CRM)
          .pollInSameThread()
          .atMost(ARRIVAL)
          .untilAsserted(
              () -> {
                poll.run();
                assertThat(mine).hasSizeGreaterThanOrEqualTo(expected);
              });
      await("no more events of company " + company)
          .pollInSameThread()
          .during(QUIET)
          .atMost(QUIET.multipliedBy(3))
          .untilAsserted(
              () -> {
                poll.run();
                assertThat(mine).hasSize(expected);
              });
    }
    return mine;
  }

  private static JsonNode parse(String value) {
    try {
      return JSON.readTree(value);
    } catch (Exception e) {
      throw new IllegalStateException("Not JSON on " + EventTopics.CRM + ": " + value, e);
    }
  }
}
