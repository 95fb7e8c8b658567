package dev.solid.kit.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxProducerSettingsTest {

  @Test
  void shouldPassEveryKafkaClientSettingToTheRelayProducer() {
    var props =
        OutboxRelay.producerProperties(
            Map.of(
                "bootstrap.servers", "127.0.0.1:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/kafka/truststore.p12",
                "acks", "1"));
    assertThat(props)
        .containsEntry("bootstrap.servers", "127.0.0.1:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12");
  }

  @Test
  void shouldKeepTheSettingsOrderingAndDurabilityDependOn() {
    var props = OutboxRelay.producerProperties(Map.of("acks", "1", "enable.idempotence", "false"));
    assertThat(props).containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
  }
}
