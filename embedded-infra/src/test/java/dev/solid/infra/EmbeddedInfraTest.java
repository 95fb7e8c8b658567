package dev.solid.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedInfraTest {

  @Test
  void shouldKeepPostgresDataAcrossRestart() throws Exception {
    Path dir = Files.createTempDirectory("pg-restart");
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0)) {
      pg.ensureDatabase("solid");
      try (var c = DriverManager.getConnection(pg.jdbcUrl("solid"), "postgres", "");
          var s = c.createStatement()) {
        s.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
      }
    }
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0);
        var c = DriverManager.getConnection(pg.jdbcUrl("solid"), "postgres", "");
        var s = c.createStatement();
        var rs = s.executeQuery("SELECT v FROM kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("still here");
    }
  }

  @Test
  void shouldServeRedisOnItsPort() {
    try (EmbeddedRedisServer redis = EmbeddedRedisServer.start(null, 0)) {
      assertThat(Ports.isListening("127.0.0.1", redis.port())).isTrue();
    }
  }

  @Test
  void shouldReportTheProcessIdOfRedis() {
    try (EmbeddedRedisServer redis = EmbeddedRedisServer.start(null, 0)) {
      assertThat(ProcessHandle.of(redis.pid()))
          .hasValueSatisfying(
              process -> assertThat(process.info().command().orElse("")).contains("redis-server"));
    }
  }

  @Test
  void shouldReportTheProcessIdOfThePostmaster() {
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(null, 0)) {
      assertThat(ProcessHandle.of(pg.postmasterPid()))
          .hasValueSatisfying(
              process -> {
                assertThat(process.info().command().orElse("")).endsWith("postgres");
                // The background workers (and one backend per connection) are its children.
                assertThat(process.children()).isNotEmpty();
              });
    }
  }

  @Test
  void shouldRoundTripARecordThroughKafka() throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(null, 0)) {
      Properties common = new Properties();
      common.put("bootstrap.servers", kafka.bootstrapServers());
      try (Admin admin = Admin.create(common)) {
        admin.createTopics(List.of(new NewTopic("probe", 1, (short) 1))).all().get();
      }
      try (var producer =
          new KafkaProducer<>(
              Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>("probe", "k", "hello")).get();
      }
      try (var consumer =
          new KafkaConsumer<>(
              Map.<String, Object>of(
                  "bootstrap.servers", kafka.bootstrapServers(),
                  "group.id", "probe",
                  "auto.offset.reset", "earliest"),
              new StringDeserializer(),
              new StringDeserializer())) {
        consumer.subscribe(List.of("probe"));
        ConsumerRecords<String, String> records = ConsumerRecords.empty();
        long deadline = System.currentTimeMillis() + 30_000;
        while (records.isEmpty() && System.currentTimeMillis() < deadline) {
          records = consumer.poll(Duration.ofMillis(500));
        }
        assertThat(records.iterator().next().value()).isEqualTo("hello");
      }
    }
  }
}
